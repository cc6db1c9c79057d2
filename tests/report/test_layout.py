"""The DOCX measured against Nghị định 30/2020/NĐ-CP, Phụ lục I: positions, sizes, widths,
numbering — read back from the file's XML in twips, as a reviewer with a ruler would."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml.etree import _Element
from PIL import ImageFont

from generator.audience import filter_for_audience
from generator.load.loader import load_project
from generator.model import Visibility
from generator.report.document import written_report
from generator.report.docx import write_docx

FONTS = Path("/usr/share/fonts/truetype/liberation2")
MM = 1440 / 25.4  # twips per millimetre
LIST_REPORT = """# Báo cáo

## Kết quả

Đoạn có **chữ đậm** và *chữ nghiêng*.

| Đơn vị | Số vụ | Ghi chú |
| --- | --- | --- |
| Tuy Hòa | 3 | **đã xong** |

## Nhiệm vụ kỳ tới

1. Tập trung giải quyết tin báo;
2. Tăng cường kiểm sát:
   - tạm giữ;
   - tạm giam.
3. Ứng dụng công nghệ thông tin.

Đoạn kết.

1. Một danh sách khác.
"""


def _document(root: Path, audience: Visibility = Visibility.INTERNAL) -> DocxDocument:
    project = filter_for_audience(load_project(root).project, audience)
    return docx.Document(io.BytesIO(write_docx(written_report(project, "2021-h1"))))


@pytest.fixture
def report_docx(report_project: Path) -> DocxDocument:
    (report_project / "content/periods/2021-h1/report.md").write_text(LIST_REPORT, "utf-8")
    return _document(report_project)


def _width_pt(text: str, size: float, style: str) -> float:
    """The text's width as LibreOffice sets it (Liberation Serif: Times New Roman's metrics)."""
    path = FONTS / f"LiberationSerif-{style}.ttf"
    if not path.is_file():
        pytest.skip("needs Debian's fonts-liberation2 (installed with LibreOffice)")
    return ImageFont.truetype(str(path), 1000).getlength(text) / 1000 * size


def _wrapped_longest_pt(text: str, size: float, style: str, column_pt: float) -> float:
    lines: list[str] = []
    for word in text.split():
        if lines and _width_pt(f"{lines[-1]} {word}", size, style) <= column_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return max(_width_pt(line, size, style) for line in lines)


def _twips(element: _Element | None, attribute: str) -> int:
    assert element is not None
    return int(element.get(qn(f"w:{attribute}")) or 0)


def _column_widths(table: DocxTable) -> list[int]:
    return [_twips(col, "w") for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def _text_width(document: DocxDocument, index: int) -> int:
    section = document.sections[index]
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def _sizes(paragraph: DocxParagraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs if run.text.strip() and run.font.size}


def _find(paragraphs: list[DocxParagraph], text: str) -> DocxParagraph:
    return next(p for p in paragraphs if p.text == text)


def _rule_length(paragraph: DocxParagraph, column: int) -> int:
    """A rule is a paragraph's bottom border: it spans the column between the indents."""
    borders = paragraph._p.pPr.find(qn("w:pBdr"))
    assert borders is not None and borders.find(qn("w:bottom")) is not None
    indent = paragraph._p.pPr.find(qn("w:ind"))
    return column - _twips(indent, "left") - _twips(indent, "right")


def _after(paragraphs: list[DocxParagraph], text: str) -> DocxParagraph:
    index = next(i for i, p in enumerate(paragraphs) if p.text == text)
    return paragraphs[index + 1]


def _annex_tables(document: DocxDocument) -> tuple[list[DocxTable], list[DocxTable]]:
    """The tables before and after the section break that starts the annex."""
    before: list[DocxTable] = []
    after: list[DocxTable] = []
    in_annex = False
    tables = iter(document.tables)
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            (after if in_annex else before).append(next(tables))
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            in_annex = True
    return before, after


# -- letterhead ------------------------------------------------------------------------------


def test_number_and_place_date_stand_in_one_row_under_their_columns(report_docx) -> None:
    head = report_docx.tables[0]
    (issuer, nation), (number, place) = ([c for c in row.cells] for row in head.rows)
    assert [p.text for p in issuer.paragraphs][:2] == [
        "VKSND TỐI CAO",
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH PHÚ YÊN",
    ]
    assert [p.text for p in nation.paragraphs][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert number.paragraphs[0].text == "Số:       /BC-VKS"
    assert place.paragraphs[0].text == "Phú Yên, ngày 15 tháng 7 năm 2021"
    assert _sizes(number.paragraphs[0]) == {13}
    assert _sizes(place.paragraphs[0]) == {14}
    assert all(run.italic for run in place.paragraphs[0].runs)
    parent, body = issuer.paragraphs[:2]
    assert _sizes(parent) == {12} and not any(r.bold for r in parent.runs)
    assert _sizes(body) == {12} and all(r.bold for r in body.runs)
    national, motto = nation.paragraphs[:2]
    assert _sizes(national) == {13} and all(r.bold for r in national.runs)
    assert _sizes(motto) == {14} and all(r.bold for r in motto.runs)


def test_the_letterhead_starts_at_the_30_mm_margin_and_fits_the_text_width(report_docx) -> None:
    head = report_docx.tables[0]
    properties = head._tbl.tblPr
    assert _twips(properties.find(qn("w:tblInd")), "w") == 0
    margins = properties.find(qn("w:tblCellMar"))
    assert margins is not None and _twips(margins.find(qn("w:left")), "w") == 0
    assert properties.find(qn("w:jc")) is None  # not centred: from the margin
    for section in report_docx.sections:  # A4, margins 20 mm top and bottom, 30 left, 15 right
        margins = (section.top_margin, section.bottom_margin, section.left_margin)
        assert [round(m.mm) for m in (*margins, section.right_margin)] == [20, 20, 30, 15]
    assert sum(_column_widths(head)) == _text_width(report_docx, 0)


def test_the_rule_under_the_motto_is_as_long_as_the_motto(report_docx) -> None:
    head = report_docx.tables[0]
    column = _column_widths(head)[1]
    rule = _after(head.rows[0].cells[1].paragraphs, "Độc lập - Tự do - Hạnh phúc")
    motto = _width_pt("Độc lập - Tự do - Hạnh phúc", 14, "Bold") * 20
    assert abs(_rule_length(rule, column) - motto) <= 0.5 * MM


def test_the_rules_under_the_issuing_body_and_the_summary_are_a_third_to_a_half(
    report_docx,
) -> None:
    head = report_docx.tables[0]
    column = _column_widths(head)[0]
    issuing = "VIỆN KIỂM SÁT NHÂN DÂN TỈNH PHÚ YÊN"
    rule = _after(head.rows[0].cells[0].paragraphs, issuing)
    line = _wrapped_longest_pt(issuing, 12, "Bold", column / 20) * 20
    assert line / 3 <= _rule_length(rule, column) <= line / 2
    summary = "Sơ kết công tác 6 tháng đầu năm 2021"
    rule = _after(report_docx.paragraphs, summary)
    line = _width_pt(summary, 14, "Bold") * 20
    assert line / 3 <= _rule_length(rule, _text_width(report_docx, 0)) <= line / 2


def test_the_internal_version_carries_the_boxed_circulation_notice_under_the_number(
    report_docx,
) -> None:
    cell = report_docx.tables[0].rows[1].cells[0]
    notice = _find(cell.paragraphs, "LƯU HÀNH NỘI BỘ")
    borders = notice._p.pPr.find(qn("w:pBdr"))
    assert borders is not None
    assert {side.tag for side in borders} == {
        qn(f"w:{s}") for s in ("top", "left", "bottom", "right")
    }
    assert all(run.bold for run in notice.runs) and 13 <= min(_sizes(notice)) <= 14
    assert "(Bản nội bộ)" not in "\n".join(p.text for p in report_docx.paragraphs)


def test_the_public_version_has_no_circulation_notice(report_project: Path) -> None:
    results = report_project / "content/periods/2021-h1/results"
    for path in results.iterdir():
        path.write_text("visibility: public\n" + path.read_text("utf-8"), "utf-8")
    document = _document(report_project, Visibility.PUBLIC)
    cells = [c for t in document.tables for row in t.rows for c in row.cells]
    shown = [p.text for p in document.paragraphs] + [p.text for c in cells for p in c.paragraphs]
    assert not any("LƯU HÀNH" in text or "nội bộ" in text.lower() for text in shown)


def test_title_and_summary_are_bold_centred_13_to_14_pt(report_docx) -> None:
    for text in ("BÁO CÁO", "Sơ kết công tác 6 tháng đầu năm 2021"):
        paragraph = _find(report_docx.paragraphs, text)
        assert paragraph.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.bold for r in paragraph.runs) and _sizes(paragraph) <= {13, 14}


# -- body ------------------------------------------------------------------------------------


def test_the_body_is_14_pt_justified_indented_1_27_cm_with_6_pt_between_paragraphs(
    report_docx,
) -> None:
    normal = report_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.paragraph_format.space_after.pt >= 6
    assert 1 <= normal.paragraph_format.line_spacing <= 1.5
    paragraph = _find(report_docx.paragraphs, "Đoạn có chữ đậm và chữ nghiêng.")
    assert paragraph.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(paragraph.paragraph_format.first_line_indent.cm, 2) == 1.27
    assert [(r.text, r.bold, r.italic) for r in paragraph.runs] == [
        ("Đoạn có ", None, None),
        ("chữ đậm", True, None),
        (" và ", None, None),
        ("chữ nghiêng", None, True),
        (".", None, None),
    ]


def _numbering(document: DocxDocument, paragraph: DocxParagraph) -> tuple[str, str, int, int]:
    """(format, text, level, start) of a list paragraph, from numbering.xml."""
    numbering_properties = paragraph._p.pPr.numPr
    assert numbering_properties is not None, paragraph.text
    level = numbering_properties.ilvl.val
    num_id = numbering_properties.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    lvl = next(x for x in abstract.findall(qn("w:lvl")) if x.get(qn("w:ilvl")) == str(level))
    start = lvl.find(qn("w:start")).get(qn("w:val"))
    for override in num.findall(qn("w:lvlOverride")):
        if override.get(qn("w:ilvl")) == str(level):
            start = override.find(qn("w:startOverride")).get(qn("w:val"))
    return (
        lvl.find(qn("w:numFmt")).get(qn("w:val")),
        lvl.find(qn("w:lvlText")).get(qn("w:val")),
        level,
        int(start),
    )


def test_a_numbered_list_stays_numbered_with_word_numbering(report_docx) -> None:
    paragraphs = report_docx.paragraphs
    first, second, third = (
        _find(paragraphs, text)
        for text in (
            "Tập trung giải quyết tin báo;",
            "Tăng cường kiểm sát:",
            "Ứng dụng công nghệ thông tin.",
        )
    )
    assert {_numbering(report_docx, p) for p in (first, second, third)} == {
        ("decimal", "%1.", 0, 1)
    }
    assert first._p.pPr.numPr.numId.val == third._p.pPr.numPr.numId.val  # one list: 1. 2. 3.
    assert not first.text.startswith(("1", "-"))  # the number is Word's, not typed text
    nested = _find(paragraphs, "tạm giữ;")
    assert _numbering(report_docx, nested) == ("bullet", "+", 1, 1)
    other = _find(paragraphs, "Một danh sách khác.")
    assert _numbering(report_docx, other) == ("decimal", "%1.", 0, 1)
    assert other._p.pPr.numPr.numId.val != first._p.pPr.numPr.numId.val  # numbered anew
    assert _find(paragraphs, "Đoạn kết.")._p.pPr.numPr is None


def test_the_generated_figures_are_dashed_items_before_the_tasks_ahead(report_docx) -> None:
    headings = [p.text for p in report_docx.paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert headings == [
        "I. KẾT QUẢ",
        "II. SỐ LIỆU THỰC HIỆN CÁC CHỈ TIÊU NGHIỆP VỤ",
        "III. NHIỆM VỤ KỲ TỚI",
    ]
    sentence = next(p for p in report_docx.paragraphs if p.text.startswith("Về tỷ lệ giải quyết"))
    assert _numbering(report_docx, sentence) == ("bullet", "-", 0, 1)
    assert "Còn 1 đơn vị chưa đạt" in sentence.text  # counts written plainly, never «01»


def test_a_table_in_report_md_is_kept_and_fits_the_margins(report_docx) -> None:
    table = report_docx.tables[1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Đơn vị", "Số vụ", "Ghi chú"],
        ["Tuy Hòa", "3", "đã xong"],
    ]
    assert sum(_column_widths(table)) <= _text_width(report_docx, 0)
    note = table.rows[1].cells[2].paragraphs[0]
    assert [(r.text, r.bold) for r in note.runs] == [("đã xong", True)]  # emphasis kept


# -- closing ---------------------------------------------------------------------------------


def test_recipients_wrap_under_their_text_not_under_their_dash(report_docx) -> None:
    closing = next(t for t in report_docx.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = closing.rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:" and _sizes(label) == {12}
    assert all(r.bold and r.italic for r in label.runs)
    lines = left.paragraphs[1:]
    assert [p.text for p in lines] == [
        "- VKSND tối cao (để báo cáo);",
        "- Thường trực Tỉnh ủy (để báo cáo);",
        "- Lưu: VT, VP.",
    ]
    dash = _width_pt("- ", 11, "Regular") * 20
    for line in lines:
        assert _sizes(line) == {11}
        indent = line._p.pPr.find(qn("w:ind"))
        assert _twips(indent, "left") == _twips(indent, "hanging")
        assert abs(_twips(indent, "hanging") - dash) <= 20  # within 1 pt of the dash
    authority = right.paragraphs[0]
    assert authority.text == "KT. VIỆN TRƯỞNG" and _sizes(authority) == {14}
    assert all(r.bold for r in authority.runs)
    name = right.paragraphs[-1]
    assert name.text == "Nguyễn Văn An" and _sizes(name) == {14}
    assert all(r.bold for r in name.runs)


# -- page numbers and the annex --------------------------------------------------------------


def _has_page_field(paragraphs: list[DocxParagraph]) -> bool:
    return any(" PAGE " in (t.text or "") for p in paragraphs for t in p._p.iter(qn("w:instrText")))


def test_pages_are_numbered_from_the_second_centred_in_the_top_margin(report_docx) -> None:
    first = report_docx.sections[0]
    assert first.different_first_page_header_footer
    assert not _has_page_field(first.first_page_header.paragraphs)
    number = first.header.paragraphs[0]
    assert _has_page_field([number])
    assert number.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in number.runs if r.font.size} == {13}


def test_the_annex_is_a_section_numbering_its_own_pages(report_docx) -> None:
    assert len(report_docx.sections) == 2
    annex = report_docx.sections[1]
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)
    numbering = annex._sectPr.find(qn("w:pgNumType"))
    assert numbering is not None and numbering.get(qn("w:start")) == "1"
    assert annex.different_first_page_header_footer  # none on the annex's first page
    assert not annex.header.is_linked_to_previous
    assert _has_page_field(annex.header.paragraphs)
    assert not _has_page_field(annex.first_page_header.paragraphs)


def test_the_annex_heading_follows_decree_30(report_docx) -> None:
    paragraphs = report_docx.paragraphs
    label = _find(paragraphs, "Phụ lục")
    assert all(r.bold for r in label.runs) and _sizes(label) == {14}
    assert not any(p.text == "PHỤ LỤC" for p in paragraphs)
    title = _after(paragraphs, "Phụ lục")
    assert title.text == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHIỆP VỤ"
    assert all(r.bold for r in title.runs) and 13 <= min(_sizes(title)) <= 14
    reference = next(p for p in paragraphs if p.text.startswith("(Kèm theo Báo cáo số"))
    assert reference.text == (
        "(Kèm theo Báo cáo số       /BC-VKS ngày 15 tháng 7 năm 2021 "
        "của Viện kiểm sát nhân dân tỉnh Phú Yên)"
    )
    assert all(r.italic for r in reference.runs) and 13 <= min(_sizes(reference)) <= 14


def test_every_table_fits_within_the_margins_of_its_page(compared_project: Path) -> None:
    document = _document(compared_project)
    body, annex = _annex_tables(document)
    assert len(annex) == 2  # the units × indicators table and the comparison with last year
    for table in body:
        assert sum(_column_widths(table)) <= _text_width(document, 0)
    for table in annex:
        assert sum(_column_widths(table)) <= _text_width(document, 1) == 14287
