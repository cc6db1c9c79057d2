"""The printed narration script: what a narrator holds at the microphone, read back from the
PDF (``pdftotext``, page by page) and from the DOCX (python-docx)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.shared import Pt

from generator.report.script import (
    RECORDED,
    RERECORD,
    TITLE,
    ScriptDocument,
    ScriptEntry,
    instruction,
    script_docx,
    write_script_docx,
    write_script_pdf,
)
from generator.text import slug

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs Debian's libreoffice-writer-nogui and poppler-utils (make test installs them)",
)

LONG = (
    "Sáu tháng đầu năm, Viện kiểm sát hai cấp tỉnh Phú Yên đã thụ lý kiểm sát một nghìn một "
    "trăm mười lăm tố giác, tin báo về tội phạm và kiến nghị khởi tố, giải quyết một nghìn "
    "không trăm ba mươi tám tin, đạt chín mươi hai phẩy ba tám phần trăm, vượt chỉ tiêu Quốc "
    "hội giao; kiểm sát chặt chẽ việc bắt, tạm giữ, tạm giam, không để xảy ra trường hợp nào "
    "quá hạn; phối hợp tổ chức hai mươi sáu phiên tòa rút kinh nghiệm, trong đó có tám phiên "
    "tòa trực tuyến, góp phần nâng cao chất lượng tranh tụng của Kiểm sát viên tại phiên tòa "
    "theo tinh thần cải cách tư pháp, bảo đảm mọi hành vi phạm tội đều được phát hiện "
    "và xử lý đúng pháp luật."
)
UNITS = (
    "Tuy Hòa",
    "Sông Cầu",
    "Đông Hòa",
    "Tây Hòa",
    "Phú Hòa",
    "Sơn Hòa",
    "Sông Hinh",
    "Đồng Xuân",
)
SPECIAL = 'Dòng có <thẻ> & «ngoặc» "kép" {{ jinja }} *sao* — và một\x0b ký tự lạ.'


def _entries() -> tuple[ScriptEntry, ...]:
    rows: list[tuple[str, str, str, str, str]] = [
        ("mo-dau", "Mở đầu", "Lời mở đầu", "Kính thưa các đồng chí lãnh đạo, thưa toàn thể "
         "các đồng chí. Viện kiểm sát nhân dân tỉnh Phú Yên trân trọng báo cáo.", ""),
        ("tong-hop", "Kết quả thực hiện chỉ tiêu", "Kết quả toàn tỉnh", LONG, RECORDED),
    ]  # fmt: skip
    indicators = (
        ("ty-le-giai-quyet-an", "Tỷ lệ giải quyết án", "Tỷ lệ giải quyết án đạt chín mươi "
         "tám phần trăm, vượt chỉ tiêu."),
        ("giai-quyet-tin-bao", "Giải quyết tin báo", "Tỷ lệ giải quyết tố giác, tin báo về "
         "tội phạm đạt chín mươi hai phẩy ba tám phần trăm."),
        ("tam-giam-qua-han", "Tạm giam quá hạn", "Không có trường hợp tạm giữ, tạm giam quá "
         "hạn trong toàn tỉnh."),
        ("kien-nghi", "Kiến nghị", "Ban hành mười hai kiến nghị phòng ngừa vi phạm, tội phạm."),
    )  # fmt: skip
    for code, scene, words in indicators:
        status = RERECORD if code == "tam-giam-qua-han" else ""
        rows.append((code, "Kết quả thực hiện chỉ tiêu", scene, words, status))
    for index, unit in enumerate(UNITS):
        for take in (1, 2):
            code = f"{slug(unit)}-{take}"
            words = (
                f"Viện kiểm sát nhân dân {unit} tổ chức phiên tòa rút kinh nghiệm thứ {take}, "
                f"được đánh giá cao về chất lượng tranh tụng ({index * 2 + take})."
            )
            rows.append((code, "Hoạt động của các đơn vị", f"{unit}, ảnh {take}", words, ""))
    rows.append(("dac-biet", "Hoạt động của các đơn vị", "Ký tự đặc biệt", SPECIAL, ""))
    rows.append(("ket-thuc", "Kết thúc", "Lời kết", "Đoàn kết, đổi mới, trách nhiệm, kỷ "
                 "cương, thẳng thắn, thực chất. Xin trân trọng cảm ơn.", ""))  # fmt: skip
    return tuple(
        ScriptEntry(number, code, section, scene, words, status)
        for number, (code, section, scene, words, status) in enumerate(rows, start=1)
    )


DOCUMENT = ScriptDocument(
    organisation="Viện kiểm sát nhân dân tỉnh Phú Yên",
    title="Báo cáo sơ kết 6 tháng đầu năm 2021",
    audience="Nội bộ",
    made_on=dt.date(2021, 7, 10),
    entries=_entries(),
)


def _printed(words: str) -> str:
    """The words as the page shows them: the stray control character dropped."""
    return words.replace("\x0b", "")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The script printed once for the module, as one text per page."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs Debian's libreoffice-writer-nogui and poppler-utils")
    target = tmp_path_factory.mktemp("script") / "kich-ban.pdf"
    write_script_pdf(DOCUMENT, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert not [p for p in target.parent.iterdir() if p.name != target.name]  # no temp left
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.rstrip("\f").split("\f")


def test_the_entries_have_the_expected_shape() -> None:
    assert len(DOCUMENT.entries) == 24
    assert max(len(entry.words) for entry in DOCUMENT.entries) == len(LONG) >= 600
    assert DOCUMENT.stem(DOCUMENT.entries[1]) == "02-tong-hop"


@needs_office
def test_the_heading_tells_what_and_for_whom(pdf_pages: list[str]) -> None:
    first = _squash(pdf_pages[0])
    assert "VIỆN KIỂM SÁT NHÂN DÂN TỈNH PHÚ YÊN" in first
    assert TITLE in first
    assert "Báo cáo sơ kết 6 tháng đầu năm 2021" in first
    assert "Phạm vi sử dụng: Nội bộ · Ngày in: 10/07/2021 · 24 dòng lời dẫn" in first
    assert f"(1 dòng {RERECORD})" in first
    assert "Đọc mỗi dòng thành một tệp âm thanh riêng" in first
    assert "ví dụ 01-mo-dau.wav (hoặc chỉ theo mã: mo-dau.wav)" in first


@needs_office
def test_every_line_is_printed_in_order_with_its_number_and_code(pdf_pages: list[str]) -> None:
    whole = _squash(" ".join(pdf_pages))
    position = whole.index("Hướng dẫn:")
    for entry in DOCUMENT.entries:
        for text in (DOCUMENT.stem(entry), entry.scene, _squash(_printed(entry.words))):
            found = whole.find(text, position)
            assert found >= 0, f"line {entry.number}: «{text[:60]}» missing or out of order"
            position = found + len(text)


@needs_office
def test_no_line_is_split_across_two_pages(pdf_pages: list[str]) -> None:
    assert len(pdf_pages) >= 3  # the sample is long enough to need page breaks
    pages = [_squash(page) for page in pdf_pages]
    for entry in DOCUMENT.entries:
        words = _squash(_printed(entry.words))
        holding = [number for number, page in enumerate(pages, start=1) if words in page]
        assert len(holding) == 1, f"line {entry.number} is not whole on one page"
        label_page = next(n for n, page in enumerate(pages, 1) if DOCUMENT.stem(entry) in page)
        assert label_page == holding[0], f"line {entry.number}'s code parted from its words"


@needs_office
def test_pages_are_numbered_and_carry_the_audience(pdf_pages: list[str]) -> None:
    for number, page in enumerate(pdf_pages, start=1):
        assert f"Nội bộ · Trang {number}" in _squash(page)


@needs_office
def test_section_titles_separate_the_lines(pdf_pages: list[str]) -> None:
    whole = _squash(" ".join(pdf_pages))
    titles = ["MỞ ĐẦU", "KẾT QUẢ THỰC HIỆN CHỈ TIÊU", "HOẠT ĐỘNG CỦA CÁC ĐƠN VỊ", "KẾT THÚC"]
    found = [whole.find(title) for title in titles]
    assert -1 not in found and found == sorted(found)
    assert whole.find("KẾT QUẢ THỰC HIỆN CHỈ TIÊU") < whole.find("02-tong-hop")


def _opened(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def test_the_docx_holds_each_line_as_its_own_paragraphs(tmp_path: Path) -> None:
    target = tmp_path / "kich-ban.docx"
    write_script_docx(DOCUMENT, target)
    paragraphs = _opened(target.read_bytes()).paragraphs
    texts = [paragraph.text for paragraph in paragraphs]
    for entry in DOCUMENT.entries:
        label = next(i for i, text in enumerate(texts) if text.startswith(DOCUMENT.stem(entry)))
        assert f"{entry.section} — {entry.scene}" in texts[label]
        words = paragraphs[label + 1]
        assert words.text == _printed(entry.words)
        assert paragraphs[label].paragraph_format.keep_with_next is True
        assert words.paragraph_format.keep_together is True
        assert words.paragraph_format.line_spacing == 1.5
        assert {run.font.size for run in words.runs} == {Pt(15)}
        assert not any(run.bold for run in words.runs)
        assert paragraphs[label].runs[0].bold is True
    assert f"    {RERECORD.upper()}" in next(t for t in texts if t.startswith("05-"))
    assert f"({RECORDED})" in next(t for t in texts if t.startswith("02-"))


def test_staff_text_stays_plain_text() -> None:
    opened = _opened(script_docx(DOCUMENT))
    special = next(p for p in opened.paragraphs if p.text.startswith("Dòng có <thẻ>"))
    assert special.text == _printed(SPECIAL)
    assert opened.core_properties.title == "Kịch bản lời dẫn — Báo cáo sơ kết 6 tháng đầu năm 2021"


def test_line_breaks_in_the_words_are_kept() -> None:
    entry = ScriptEntry(1, "mo-dau", "Mở đầu", "Lời mở đầu", "Dòng một.\r\nDòng hai.")
    document = ScriptDocument("VKSND tỉnh Phú Yên", "Thử", "Công khai", dt.date(2021, 7, 1),
                              (entry,))  # fmt: skip
    words = _opened(script_docx(document)).paragraphs[-1]
    assert words.text == "Dòng một.\nDòng hai."


def test_the_same_script_gives_the_same_bytes() -> None:
    assert script_docx(DOCUMENT) == script_docx(DOCUMENT)


def test_codes_are_padded_to_the_widest_number() -> None:
    entries = tuple(
        ScriptEntry(n, f"canh-{n}", "Đơn vị", f"Cảnh {n}", "Lời.") for n in range(1, 101)
    )
    document = ScriptDocument("VKSND", "Thử", "Nội bộ", dt.date(2021, 7, 1), entries)
    assert document.stem(entries[2]) == "003-canh-3"
    assert "ví dụ 001-canh-1.wav (hoặc chỉ theo mã: canh-1.wav)" in instruction(document)


def test_a_status_is_printed_whatever_its_case() -> None:
    entries = (
        ScriptEntry(1, "mo-dau", "Mở đầu", "Lời mở đầu", "Lời một.", "Cần thu lại"),
        ScriptEntry(2, "ket-thuc", "Kết thúc", "Lời kết", "Lời hai.", "Chưa thu"),
    )
    document = ScriptDocument("VKSND", "Thử", "Nội bộ", dt.date(2021, 7, 1), entries)
    texts = [paragraph.text for paragraph in _opened(script_docx(document)).paragraphs]
    assert any(text.endswith("2 dòng lời dẫn (1 dòng cần thu lại)") for text in texts)
    assert "01-mo-dau    Mở đầu — Lời mở đầu    CẦN THU LẠI" in texts
    assert "02-ket-thuc    Kết thúc — Lời kết    (chưa thu)" in texts


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.errors import EnvironmentProblem
    from generator.report import script

    def broken(data: bytes, *, subject: str) -> bytes:
        raise EnvironmentProblem(f"LibreOffice không chuyển được {subject} sang PDF (hỏng).")

    monkeypatch.setattr(script, "docx_to_pdf", broken)
    with pytest.raises(EnvironmentProblem, match="kịch bản lời dẫn"):
        write_script_pdf(DOCUMENT, tmp_path / "kich-ban.pdf")
    assert list(tmp_path.iterdir()) == []
