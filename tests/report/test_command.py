"""``baocao report``: DOCX and PDF end to end, through the command staff run."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from generator.cli import main

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs Debian's libreoffice-writer-nogui and poppler-utils (make test installs them)",
)

MARKER = "MẬT-MARKER-7731"
RESTRICTED_REPORT = f"""---\r
visibility: restricted\r
---\r
## Tình hình chung\r
\r
Nội dung chỉ lãnh đạo được đọc: {MARKER}.\r
"""


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_report_writes_docx_and_pdf_in_the_decree_layout(report_project: Path, capsys) -> None:
    before = _tree_digest(report_project / "content") + _tree_digest(report_project / "media")
    out = report_project.parent / "out"
    assert main(["--project", str(report_project), "report", "2021-h1", "--out", str(out)]) == 0
    assert "Đã in báo cáo (internal)" in capsys.readouterr().out
    text = _docx_text(out / "2021-h1.docx")
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Yên, ngày 15 tháng 7 năm 2021",
        "BÁO CÁO",
        "Sơ kết công tác 6 tháng đầu năm 2021",
        "Nơi nhận:",
        "KT. VIỆN TRƯỞNG",
        "Phụ lục",  # Nghị định 30 writes it in lower case, 14 pt bold (was «PHỤ LỤC»)
        "Toàn tỉnh",
    ):
        assert expected in text
    document = docx.Document(str(out / "2021-h1.docx"))
    first, annex = document.sections[0], document.sections[-1]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)
    assert (round(first.left_margin.mm), round(first.right_margin.mm)) == (30, 15)
    pdf = _pdf_text(out / "2021-h1.pdf")
    assert "Độc lập - Tự do - Hạnh phúc" in pdf
    assert "92,5%" in pdf  # province-wide: (152 + 144) / (160 + 160), not a mean
    assert before == _tree_digest(report_project / "content") + _tree_digest(
        report_project / "media"
    )


def test_the_same_content_gives_the_same_docx(report_project: Path) -> None:
    first, second = report_project.parent / "a", report_project.parent / "b"
    for out in (first, second):
        assert main(["--project", str(report_project), "report", "2021-h1", "--out", str(out)]) == 0
    assert (first / "2021-h1.docx").read_bytes() == (second / "2021-h1.docx").read_bytes()


def test_nothing_above_the_audience_reaches_the_report(report_project: Path) -> None:
    period = report_project / "content/periods/2021-h1"
    (period / "report.md").write_bytes(RESTRICTED_REPORT.encode("utf-8"))
    results = period / "results/song-cau.yml"
    results.write_text("visibility: restricted\n" + results.read_text(encoding="utf-8"))
    internal, restricted = report_project.parent / "internal", report_project.parent / "lanh-dao"
    assert (
        main(["--project", str(report_project), "report", "2021-h1", "--out", str(internal)]) == 0
    )
    command = ["--project", str(report_project), "report", "2021-h1", "--out", str(restricted)]
    assert main([*command, "--audience", "restricted"]) == 0
    for kind in ("docx", "pdf"):
        shown = (
            _docx_text(internal / f"2021-h1.{kind}")
            if kind == "docx"
            else _pdf_text(internal / "2021-h1.pdf")
        )
        assert MARKER not in shown
        assert "95%" in shown and "92,5%" not in shown  # Sông Cầu's restricted figures left out
    assert MARKER in _pdf_text(restricted / "2021-h1.pdf")
    assert "92,5%" in _docx_text(restricted / "2021-h1.docx")


def test_without_libreoffice_the_report_stops_with_one_sentence(
    report_project: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PATH", str(report_project / "no-such-bin"))
    out = report_project.parent / "out"
    assert main(["--project", str(report_project), "report", "2021-h1", "--out", str(out)]) == 2
    assert "Không tìm thấy LibreOffice" in capsys.readouterr().err
    assert not out.exists()


def test_a_second_run_replaces_its_own_files_but_never_an_edited_or_foreign_one(
    report_project: Path, capsys
) -> None:
    out = report_project.parent / "out"
    command = ["--project", str(report_project), "report", "2021-h1", "--out", str(out)]
    assert main(command) == 0
    assert main(command) == 0  # its own, unchanged files: replaced
    docx = out / "2021-h1.docx"
    edited = docx.read_bytes() + b"edited in Word"
    docx.write_bytes(edited)
    capsys.readouterr()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert f"{docx}: --out: tệp này đã được sửa sau khi baocao in ra" in err
    assert docx.read_bytes() == edited
    foreign = report_project.parent / "khac"
    foreign.mkdir()
    (foreign / "2021-h1.pdf").write_bytes(b"%PDF staff's own")
    assert main([*command[:-1], str(foreign)]) == 1
    assert "không do baocao tạo ra" in capsys.readouterr().err
    assert (foreign / "2021-h1.pdf").read_bytes() == b"%PDF staff's own"


def test_the_report_is_never_written_into_content_or_media(report_project: Path, capsys) -> None:
    before = _tree_digest(report_project)
    for inside in ("content/periods/2021-h1", "media", "."):
        out = report_project / inside
        assert main(["--project", str(report_project), "report", "2021-h1", "--out", str(out)]) == 1
        assert "baocao không ghi vào đó" in capsys.readouterr().err
    assert _tree_digest(report_project) == before


def test_without_report_settings_check_warns_and_the_report_is_a_marked_draft(
    tiny_project: Path, capsys
) -> None:
    """`check` passing means `report` works: no «report:» in site.yml gives a draft whose
    blanks say «CẦN BỔ SUNG», and `check` names what to fill in and where."""
    assert main(["--project", str(tiny_project), "check"]) == 0
    err = capsys.readouterr().err
    assert (
        "content/site.yml:1:1: cảnh báo: chưa có phần «report:»: báo cáo viết (baocao report) "
        "sẽ in «CẦN BỔ SUNG» ở địa danh, người ký và nơi nhận; hãy điền trong trang «Cài đặt "
        "báo cáo» của studio, hoặc thêm phần «report:» vào tệp này" in err
    )
    out = tiny_project.parent / "out"
    assert main(["--project", str(tiny_project), "report", "2021-h1", "--out", str(out)]) == 0
    text = _docx_text(out / "2021-h1.docx")
    for blank in (
        "[CẦN BỔ SUNG], ngày 15 tháng 7 năm 2021",
        "[CẦN BỔ SUNG: CHỨC VỤ]",
        "[CẦN BỔ SUNG: họ tên người ký]",
        "- [CẦN BỔ SUNG: nơi nhận];",
        "Số:       /BC-VKS",
    ):
        assert blank in text
    document = docx.Document(str(out / "2021-h1.docx"))
    marked = [
        run
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if "CẦN BỔ SUNG" in run.text
    ]
    assert len(marked) == 4 and all(r.font.highlight_color is not None for r in marked)
    pdf = " ".join(_pdf_text(out / "2021-h1.pdf").split())
    for blank in ("[CẦN BỔ SUNG], ngày 15 tháng 7", "[CẦN BỔ SUNG: họ tên người ký]"):
        assert blank in pdf
    assert "Chưa có số liệu cùng kỳ năm trước để so sánh." in pdf


def test_a_numbered_list_is_printed_numbered_in_the_pdf(report_project: Path) -> None:
    (report_project / "content/periods/2021-h1/report.md").write_text(
        "## Nhiệm vụ\n\n1. Một việc.\n2. Hai việc:\n   - nhỏ.\n3. Ba việc.\n", "utf-8"
    )
    out = report_project.parent / "out"
    assert main(["--project", str(report_project), "report", "2021-h1", "--out", str(out)]) == 0
    lines = [line.strip() for line in _pdf_text(out / "2021-h1.pdf").splitlines()]
    assert {"1. Một việc.", "2. Hai việc:", "+ nhỏ.", "3. Ba việc."} <= set(lines)
    assert "- Một việc." not in lines
