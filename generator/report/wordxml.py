"""The few WordprocessingML pieces python-docx has no call for: paragraph borders, a table's
indent and cell margins, list numbering, the page-number field.

Each element goes where the schema puts it among its siblings (Word refuses a file whose
properties are out of order, where LibreOffice would shrug).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

# What follows <w:pBdr> in <w:pPr>, and <w:tblInd> / <w:tblCellMar> in <w:tblPr> (ECMA-376).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_TBLIND = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_TBLW = ("w:jc", "w:tblCellSpacing", *_AFTER_TBLIND)
LEVELS = range(9)  # the list levels Word knows
LIST_INDENT_TWIPS = 720  # 1,27 cm: a list item's marker sits where a paragraph's first line does
LIST_STEP_TWIPS = 425  # 0,75 cm further in for each list inside a list
_DASHES = ("-", "+")
FONT = "Times New Roman"  # the dash, then «+» for a list inside it, as Vietnamese reports write


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def paragraph_border(paragraph: DocxParagraph, sides: tuple[str, ...], space_pt: int = 1) -> None:
    """A single solid line on ``sides`` of the paragraph (``bottom`` for a rule, all four for
    a box); it spans the paragraph between its indents."""
    borders = _element("w:pBdr")
    for side in sides:
        borders.append(
            _element(f"w:{side}", val="single", sz="6", space=str(space_pt), color="000000")
        )
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(borders, *_AFTER_PBDR)


def table_layout(table: DocxTable, widths_twips: tuple[int, ...], *, cell_margins: bool) -> None:
    """Fixed columns of exactly ``widths_twips``, from the margin (no indent); without cell
    margins, the text of the first column starts at the margin itself."""
    table.autofit = False
    properties = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblInd", "w:tblCellMar"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    properties.insert_element_before(
        _element("w:tblW", w=str(sum(widths_twips)), type="dxa"), *_AFTER_TBLW
    )
    properties.insert_element_before(_element("w:tblInd", w="0", type="dxa"), *_AFTER_TBLIND)
    if not cell_margins:
        margins = _element("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            margins.append(_element(f"w:{side}", w="0", type="dxa"))
        properties.insert_element_before(margins, *_AFTER_TBLCELLMAR)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_twips, strict=True):
        column.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_twips, strict=True):
            properties = cell._tc.get_or_add_tcPr()
            for old in properties.findall(qn("w:tcW")):
                properties.remove(old)
            properties.insert(0, _element("w:tcW", w=str(width), type="dxa"))


def page_number(run: DocxRun) -> None:
    """The PAGE field: the number of the page the run is printed on."""
    run._r.append(_element("w:fldChar", fldCharType="begin"))
    instruction = _element("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run._r.append(instruction)
    run._r.append(_element("w:fldChar", fldCharType="separate"))
    text = _element("w:t")
    text.text = "1"
    run._r.append(text)
    run._r.append(_element("w:fldChar", fldCharType="end"))


def restart_page_numbers(section_properties: BaseOxmlElement) -> None:
    """This section's pages are numbered from 1 (an annex counts its own pages)."""
    for old in section_properties.findall(qn("w:pgNumType")):
        section_properties.remove(old)
    section_properties.insert_element_before(
        _element("w:pgNumType", start="1"),
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
        "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    )  # fmt: skip


class Lists:
    """Word list numbering for the report's lists: one definition for numbered lists (each
    list its own instance, restarting at its first number), one for dashed lists."""

    def __init__(self, document: DocxDocument) -> None:
        self.numbering = document.part.numbering_part.element
        taken = [
            int(n.get(qn("w:abstractNumId"))) for n in self.numbering.findall(qn("w:abstractNum"))
        ]
        first = max(taken, default=-1) + 1
        self.ordered_abstract, self.dashed_abstract = first, first + 1
        self._define(self.ordered_abstract, ordered=True)
        self._define(self.dashed_abstract, ordered=False)
        self.dashed = self._instance(self.dashed_abstract, None)
        self.ordered: dict[tuple[int, int], int] = {}

    def _define(self, abstract_id: int, *, ordered: bool) -> None:
        abstract = _element("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(_element("w:multiLevelType", val="multilevel"))
        for level in LEVELS:
            lvl = _element("w:lvl", ilvl=str(level))
            lvl.append(_element("w:start", val="1"))
            lvl.append(_element("w:numFmt", val="decimal" if ordered else "bullet"))
            lvl.append(_element("w:suff", val="space"))
            lvl.append(
                _element("w:lvlText", val=f"%{level + 1}." if ordered else _DASHES[level % 2])
            )
            lvl.append(_element("w:lvlJc", val="left"))
            paragraph = _element("w:pPr")
            paragraph.append(_element("w:ind", left="0", firstLine=str(first_line_twips(level))))
            lvl.append(paragraph)
            run = _element("w:rPr")
            run.append(_element("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT))
            lvl.append(run)
            abstract.append(lvl)
        existing_nums = self.numbering.findall(qn("w:num"))
        if existing_nums:
            existing_nums[0].addprevious(abstract)
        else:
            self.numbering.append(abstract)

    def _instance(self, abstract_id: int, start: int | None, level: int = 0) -> int:
        taken = [int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))]
        num_id = max(taken, default=0) + 1
        num = _element("w:num", numId=str(num_id))
        num.append(_element("w:abstractNumId", val=str(abstract_id)))
        if start is not None:
            for each in LEVELS:
                override = _element("w:lvlOverride", ilvl=str(each))
                override.append(_element("w:startOverride", val=str(start if each == level else 1)))
                num.append(override)
        self.numbering.append(num)
        return num_id

    def apply(
        self, paragraph: DocxParagraph, *, ordered: bool, depth: int, list_id: int, start: int
    ) -> None:
        """Make ``paragraph`` an item of its list, at its depth."""
        if ordered:
            key = (list_id, depth)
            if key not in self.ordered:
                self.ordered[key] = self._instance(self.ordered_abstract, start, depth)
            num_id = self.ordered[key]
        else:
            num_id = self.dashed
        properties = paragraph._p.get_or_add_pPr()
        numbering = properties.get_or_add_numPr()
        numbering.get_or_add_ilvl().val = min(depth, LEVELS[-1])
        numbering.get_or_add_numId().val = num_id


def first_line_twips(depth: int) -> int:
    """Where a list item's marker sits: the body's first-line indent, further in when nested."""
    return LIST_INDENT_TWIPS + LIST_STEP_TWIPS * depth
