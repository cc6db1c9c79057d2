"""Lay a WrittenReport out as a DOCX, by the rules of Nghị định 30/2020/NĐ-CP (Phụ lục I).

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (Liberation
Serif, its metric twin, renders it where Times is absent); body 14 pt, justified, first line
indented 1,27 cm, 6 pt between paragraphs; page numbers centred at the top from page 2. The
annex is a landscape A4 section of its own.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.model import VISIBILITY_LABELS
from generator.report.blocks import Block, Heading, Paragraph, Run, Table
from generator.report.document import MOTTO, NATION, WrittenReport

FONT = "Times New Roman"
BODY_PT = 14
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_docx(report: WrittenReport) -> bytes:
    """The report as DOCX bytes; the same report gives the same bytes."""
    document = Document()
    _styles(document)
    section = document.sections[0]
    _page(section, landscape=False)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    _letterhead(document, report)
    for block in report.body:
        _block(document, block)
    _closing(document, report)
    _annex(document, report)
    _properties(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_timestamps(buffer.getvalue())


def _styles(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(language)
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.15


def _page(section: Section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)


def _page_number(paragraph: DocxParagraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _text(
    container: DocxDocument | _Cell,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    after: float = 0,
) -> DocxParagraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.line_spacing = 1.0
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        if index < len(text.split("\n")) - 1:
            run.add_break()
    return paragraph


def _rule(container: DocxDocument | _Cell, width_cm: float, column_cm: float) -> None:
    """The short solid line under the issuing body, the motto and the summary line."""
    paragraph = container.add_paragraph()
    indent = Cm(max(column_cm - width_cm, 0) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _grid(document: DocxDocument, widths_cm: tuple[float, ...], indent_cm: float = 0) -> DocxTable:
    """A borderless one-row layout table; ``indent_cm`` < 0 lets it reach into the margin,
    as the letterhead does where the motto is wider than its share of the text column."""
    table: DocxTable = document.add_table(rows=1, cols=len(widths_cm))
    _widths(table, widths_cm)
    if indent_cm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(Cm(indent_cm).twips)))
        indent.set(qn("w:type"), "dxa")
        table._tbl.tblPr.append(indent)
    else:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell in table.rows[0].cells:
        cell._tc.remove(cell.paragraphs[0]._p)
    return table


def _widths(table: DocxTable, widths_cm: tuple[float, ...]) -> None:
    """Fixed column widths, in the grid (which LibreOffice reads) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _letterhead(document: DocxDocument, report: WrittenReport) -> None:
    head = report.letterhead
    left_cm, right_cm = 7.2, 10.6
    left, right = _grid(document, (left_cm, right_cm), indent_cm=-1.0).rows[0].cells
    if head.parent_body:
        _text(left, head.parent_body.upper(), size=12)
    _text(left, head.issuing_body.upper(), size=12, bold=True)
    _rule(left, 2.5, left_cm)
    _text(left, head.number, size=13)
    _text(right, NATION, size=13, bold=True)
    _text(right, MOTTO, size=14, bold=True)
    _rule(right, 6.0, right_cm)
    _text(right, head.place_date, size=14, italic=True)
    _text(document, "", after=6)
    _text(document, head.title, size=14, bold=True)
    _text(document, head.summary, size=14, bold=True)
    _rule(document, 4.0, 16.5)
    _text(document, "", after=6)


def _block(document: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.keep_with_next = True
        runs = block.runs
        if block.level == 1:
            runs = tuple(Run(r.text.upper(), r.bold, r.italic) for r in runs)
        _runs(paragraph, (Run(f"{block.number} "), *runs), bold=True, italic=block.level == 3)
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        runs = (Run("- "), *block.runs) if block.bullet else block.runs
        _runs(paragraph, runs)
    else:
        _table(document, block, size=12, widths_cm=None)


def _runs(
    paragraph: DocxParagraph, runs: tuple[Run, ...], *, bold: bool = False, italic: bool = False
) -> None:
    for piece in runs:
        for index, line in enumerate(piece.text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            run = paragraph.add_run(line)
            run.bold = piece.bold or bold or None
            run.italic = piece.italic or italic or None


def _closing(document: DocxDocument, report: WrittenReport) -> None:
    _text(document, "", after=0)
    left, right = _grid(document, (7.5, 9.0)).rows[0].cells
    _text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in report.recipients:
        _text(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in report.signature.authority:
        _text(right, line, size=14, bold=True)
    _text(right, "\n\n\n", size=14)
    _text(right, report.signature.name, size=14, bold=True)


def _annex(document: DocxDocument, report: WrittenReport) -> None:
    annex = report.annex
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    for index, line in enumerate(annex.title):
        _text(document, line, size=13 if index < 3 else 12, bold=index < 3, italic=index == 3)
    _text(document, "", after=4)
    columns = len(annex.scoreboard.header) - 2
    usable = 29.7 - 3.0 - 1.5
    unit_cm, number_cm = 3.6, 1.0
    widths = (number_cm, unit_cm, *([(usable - unit_cm - number_cm) / max(columns, 1)] * columns))
    _table(document, annex.scoreboard, size=8, widths_cm=widths)
    _text(document, "", after=4)
    for line in annex.legend:
        _text(document, line, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    if annex.comparison is not None:
        _text(document, "", after=4)
        _text(document, "SO VỚI CÙNG KỲ NĂM TRƯỚC (TOÀN TỈNH)", size=12, bold=True)
        _table(document, annex.comparison, size=10, widths_cm=(9.0, 3.5, 5.5, 7.7))
    if report.audience is not None:
        label = VISIBILITY_LABELS[report.audience]
        _text(document, f"(Bản {label})", size=10, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _table(
    document: DocxDocument, table: Table, *, size: float, widths_cm: tuple[float, ...] | None
) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths_cm:
        _widths(grid, widths_cm)
    header_row = grid.rows[0]
    _repeat_as_header(header_row)
    for row_index, values in enumerate((table.header, *table.rows)):
        bold = row_index == 0 or (row_index - 1) in table.bold_rows
        for column, (cell, value) in enumerate(
            zip(grid.rows[row_index].cells, values, strict=True)
        ):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT
                if column == 1 and row_index and len(table.header) > 4
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.first_line_indent = Cm(0)
            paragraph.paragraph_format.line_spacing = 1.0
            for index, line in enumerate(value.split("\n")):
                if index:
                    paragraph.add_run().add_break()
                run = paragraph.add_run(line)
                run.font.size, run.bold = Pt(size), bold or None


def _repeat_as_header(row: _Row) -> None:
    """The header row repeats on every page of a long table."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _properties(document: DocxDocument, report: WrittenReport) -> None:
    core = document.core_properties
    core.title = report.document_title
    core.author = report.author
    core.last_modified_by = report.author
    core.language = "vi-VN"
    core.keywords = f"audience={report.audience.value}"
    core.revision = 1
    moment = dt.datetime.combine(report.date or dt.date(2000, 1, 1), dt.time())
    core.created = core.modified = moment
    core.last_printed = moment


def _fixed_timestamps(data: bytes) -> bytes:
    """The same DOCX bytes for the same report: zip entries carry a fixed time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()
