"""Lay a WrittenReport out as a DOCX, by the rules of Nghị định 30/2020/NĐ-CP (Phụ lục I).

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (Liberation
Serif, its metric twin, renders it where Times is absent); body 14 pt, justified, first line
indented 1,27 cm, 6 pt between paragraphs; page numbers 13 pt centred in the top margin from
page 2. The letterhead is a two-column table from the left margin: issuing body, then «Số:» on
the left; national name and motto, then place and date on the right, in the row of «Số:». The
annex is a landscape A4 section of its own whose pages are numbered on their own.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from generator.model.records import PLACEHOLDER_MARK
from generator.report.blocks import Block, Heading, Paragraph, Run, Table
from generator.report.document import MOTTO, NATION, WrittenReport
from generator.report.metrics import longest_line_pt, text_width_pt
from generator.report.wordxml import (
    Lists,
    first_line_twips,
    page_number,
    paragraph_border,
    restart_page_numbers,
    table_layout,
)

FONT = "Times New Roman"
BODY_PT = 14
PAGE_NUMBER_PT = 13
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_A4 = (Mm(210), Mm(297))
_LEFT, _RIGHT = Mm(30), Mm(15)
TEXT_TWIPS = _A4[0].twips - _LEFT.twips - _RIGHT.twips  # 9.355: the portrait text width
ANNEX_TWIPS = _A4[1].twips - _LEFT.twips - _RIGHT.twips  # 14.287: the landscape annex's
HEAD_LEFT_TWIPS = Cm(6.0).twips  # issuing body and «Số:»; the rest holds the national name
RECIPIENTS_TWIPS = Cm(7.5).twips  # «Nơi nhận»; the rest holds the signature
RULE_SHARE = 0.4  # a rule under a name or a summary: 1/3 to 1/2 of its line (Nghị định 30)
BOX_SLACK_TWIPS = 240  # room around «LƯU HÀNH NỘI BỘ» inside its box


def write_docx(report: WrittenReport) -> bytes:
    """The report as DOCX bytes; the same report gives the same bytes."""
    document = Document()
    base_styles(document)
    section = document.sections[0]
    a4_page(section, landscape=False)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    _letterhead(document, report)
    lists = Lists(document)
    for block in report.body:
        _block(document, block, lists)
    _closing(document, report)
    _annex(document, report)
    _properties(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_timestamps(buffer.getvalue())


def base_styles(document: DocxDocument) -> None:
    """The report's type: Times New Roman 14 pt, Vietnamese, 6 pt after each paragraph."""
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


def a4_page(section: Section, *, landscape: bool) -> None:
    """A4 with the Nghị định 30 margins: top and bottom 20 mm, left 30 mm, right 15 mm."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (_A4[1], _A4[0]) if landscape else _A4
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = _LEFT, _RIGHT
    section.header_distance = Mm(10)


def _page_number(paragraph: DocxParagraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(PAGE_NUMBER_PT)
    page_number(run)


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
    _runs(paragraph, (Run(text, bold, italic),), size=size)
    return paragraph


def _rule(container: DocxDocument | _Cell, width_twips: int, column_twips: int) -> None:
    """A solid line ``width_twips`` long, centred in its column (a bottom border spans the
    paragraph between its indents)."""
    paragraph = container.add_paragraph()
    indent = Twips(max(column_twips - width_twips, 0) // 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.first_line_indent = Twips(0)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph_border(paragraph, ("bottom",))


def _twips(points: float) -> int:
    return round(points * 20)


def _layout_table(
    document: DocxDocument, widths_twips: tuple[int, ...], rows: int = 1
) -> DocxTable:
    """A borderless layout table from the left margin, without cell margins."""
    table: DocxTable = document.add_table(rows=rows, cols=len(widths_twips))
    table_layout(table, widths_twips, cell_margins=False)
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


def _letterhead(document: DocxDocument, report: WrittenReport) -> None:
    head = report.letterhead
    left_twips = HEAD_LEFT_TWIPS
    right_twips = TEXT_TWIPS - left_twips
    table = _layout_table(document, (left_twips, right_twips), rows=2)
    (left, right), (number, place) = (row.cells for row in table.rows)
    if head.parent_body:
        _text(left, head.parent_body.upper(), size=12)
    issuing = head.issuing_body.upper()
    _text(left, issuing, size=12, bold=True)
    line = longest_line_pt(issuing, 12, left_twips / 20, bold=True)
    _rule(left, _twips(line * RULE_SHARE), left_twips)
    _text(right, NATION, size=13, bold=True)
    _text(right, MOTTO, size=14, bold=True)
    _rule(right, _twips(text_width_pt(MOTTO, 14, bold=True)), right_twips)
    _text(number, head.number, size=13)
    _text(place, head.place_date, size=14, italic=True)
    if head.circulation:
        _circulation(number, head.circulation, left_twips)
    _text(document, "", after=6)
    _text(document, head.title, size=14, bold=True)
    _text(document, head.summary, size=14, bold=True)
    summary = longest_line_pt(head.summary, 14, TEXT_TWIPS / 20, bold=True)
    _rule(document, _twips(summary * RULE_SHARE), TEXT_TWIPS)
    _text(document, "", after=6)


def _circulation(cell: _Cell, notice: str, column_twips: int) -> None:
    """«LƯU HÀNH NỘI BỘ»: capitals, bold, 13 pt, in a single-line box, under «Số:»."""
    paragraph = _text(cell, notice, size=13, bold=True)
    paragraph.paragraph_format.space_before = Pt(6)
    inner = _twips(text_width_pt(notice, 13, bold=True)) + BOX_SLACK_TWIPS
    indent = Twips(max(column_twips - inner, 0) // 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph_border(paragraph, ("top", "left", "bottom", "right"), space_pt=2)


def _block(document: DocxDocument, block: Block, lists: Lists) -> None:
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
        item = block.item
        if item is None:
            paragraph.paragraph_format.first_line_indent = Cm(1.27)
        else:
            lists.apply(
                paragraph,
                ordered=item.ordered,
                depth=item.depth,
                list_id=item.list_id,
                start=item.start,
            )
            paragraph.paragraph_format.left_indent = Twips(0)
            paragraph.paragraph_format.first_line_indent = Twips(first_line_twips(item.depth))
        _runs(paragraph, block.runs)
    else:
        columns = max(len(block.header), 1)
        _table(document, block, size=12, widths=(TEXT_TWIPS // columns,) * columns)


def _runs(
    paragraph: DocxParagraph,
    runs: tuple[Run, ...],
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
) -> None:
    """The runs, line breaks kept; a «CẦN BỔ SUNG» blank is highlighted so it is seen."""
    for piece in runs:
        marked = PLACEHOLDER_MARK in piece.text.upper()
        for index, line in enumerate(piece.text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            run = paragraph.add_run(line)
            run.bold = piece.bold or bold or None
            run.italic = piece.italic or italic or None
            if size is not None:
                run.font.size = Pt(size)
            if marked:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _closing(document: DocxDocument, report: WrittenReport) -> None:
    _text(document, "", after=0)
    left, right = (
        _layout_table(document, (RECIPIENTS_TWIPS, TEXT_TWIPS - RECIPIENTS_TWIPS)).rows[0].cells
    )
    _text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    dash = Twips(_twips(text_width_pt("- ", 11)))
    for line in report.recipients:
        paragraph = _text(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        # a line too long for the column wraps under its text, not under its dash
        paragraph.paragraph_format.left_indent = dash
        paragraph.paragraph_format.first_line_indent = Twips(-dash.twips)
    for line in report.signature.authority:
        _text(right, line, size=14, bold=True)
    _text(right, "\n\n\n", size=14)
    _text(right, report.signature.name, size=14, bold=True)


def _annex(document: DocxDocument, report: WrittenReport) -> None:
    """The annex: its own landscape section, pages numbered from 1 (none on its first page)."""
    annex = report.annex
    section = document.add_section(WD_SECTION.NEW_PAGE)
    a4_page(section, landscape=True)
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    _page_number(section.header.paragraphs[0])
    restart_page_numbers(section._sectPr)
    _text(document, annex.label, size=14, bold=True)
    for line in annex.title:
        _text(document, line, size=14, bold=True)
    _text(document, annex.reference, size=14, italic=True)
    _text(document, "", after=4)
    columns = len(annex.scoreboard.header) - 2
    number, unit = Cm(1.0).twips, Cm(3.6).twips
    each = (ANNEX_TWIPS - number - unit) // max(columns, 1)
    _table(document, annex.scoreboard, size=8, widths=(number, unit, *([each] * columns)))
    _text(document, "", after=4)
    for line in annex.legend:
        _text(document, line, size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    if annex.comparison is not None:
        _text(document, "", after=4)
        _text(document, "SO VỚI CÙNG KỲ NĂM TRƯỚC (TOÀN TỈNH)", size=12, bold=True)
        shares = (0.3, 0.14, 0.24, 0.32)
        _table(
            document,
            annex.comparison,
            size=10,
            widths=tuple(int(ANNEX_TWIPS * share) for share in shares),
        )


def _table(document: DocxDocument, table: Table, *, size: float, widths: tuple[int, ...]) -> None:
    """A ruled table, its columns ``widths`` twips wide (together within the margins)."""
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    table_layout(grid, widths, cell_margins=True)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in grid.rows:
        _unbroken(row)
    _repeat_as_header(grid.rows[0])
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
            styled = table.runs[row_index][column] if table.runs else (Run(value),)
            _runs(paragraph, styled, bold=bold, size=size)


def _repeat_as_header(row: _Row) -> None:
    """The header row repeats on every page of a long table."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _unbroken(row: _Row) -> None:
    """A row stays on one page: a unit's figure never parts from its verdict."""
    properties = row._tr.get_or_add_trPr()
    whole = OxmlElement("w:cantSplit")
    whole.set(qn("w:val"), "true")
    properties.insert(0, whole)


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


def fixed_timestamps(data: bytes) -> bytes:
    """The same DOCX bytes for the same report: zip entries carry a fixed time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()
