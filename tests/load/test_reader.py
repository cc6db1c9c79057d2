"""report.md as read by the loader: its level, title and body, or every problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectfactory import write_project

from generator.errors import InputError, Severity
from generator.load.loader import load_project
from generator.load.reader import read_content
from generator.model import Visibility
from generator.model.limits import MAX_REPORT_BYTES

REPORT = "content/periods/2021-h1/report.md"
TEXT = "---\nvisibility: restricted\ntitle: Báo cáo mật\n---\n# Báo cáo\n\nNội dung.\n"


def _report(tmp_path: Path, data: bytes):
    root = write_project(tmp_path / "p")
    (root / REPORT).write_bytes(data)
    return load_project(root).project.period("2021-h1").report


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode(),
        TEXT.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode(),
        TEXT.replace("\n", "\r").encode(),
        ("\r\n\r\n" + TEXT).encode(),
    ],
    ids=["lf", "crlf", "bom-crlf", "cr", "blank-lines"],
)
def test_front_matter_read_in_every_encoding(tmp_path: Path, data: bytes) -> None:
    report = _report(tmp_path, data)
    assert report is not None
    assert (report.visibility, report.title) == (Visibility.RESTRICTED, "Báo cáo mật")
    assert report.markdown == "# Báo cáo\n\nNội dung.\n"


def test_empty_front_matter_is_the_default_level(tmp_path: Path) -> None:
    report = _report(tmp_path, b"---\n---\n# B\n")
    assert report is not None and report.visibility is Visibility.INTERNAL


@pytest.mark.parametrize(
    ("data", "where", "says"),
    [
        (b"---\nrestricted\n---\n# B\n", ":2:1:", "cần một nhóm trường"),
        (b"---\nvisibilty: restricted\n---\n# B\n", ":2:1:", "có phải «visibility»?"),
        (b"---\nvisibility: [restricted\n---\n# B\n", ":3:", "lỗi cú pháp YAML"),
        (TEXT.encode("utf-16"), ":1:1:", "«Unicode» (UTF-16)"),
    ],
)
def test_front_matter_that_cannot_be_read_is_an_error(
    tmp_path: Path, data: bytes, where: str, says: str
) -> None:
    with pytest.raises(InputError) as caught:
        _report(tmp_path, data)
    # the one error; the tiny project's site.yml also draws a warning (no «report:» settings)
    [problem] = [p for p in caught.value.problems if p.severity is Severity.ERROR]
    assert str(problem).startswith(REPORT + where), problem
    assert says in problem.message


def test_a_report_over_its_size_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _report(tmp_path, b"x" * (MAX_REPORT_BYTES + 1))
    assert "tệp quá lớn (8,1 MiB; tối đa 8 MiB)" in str(caught.value)


def test_an_overlay_is_read_in_place_of_the_disk_and_beside_it(tmp_path: Path) -> None:
    """The content as it would be once some files are written (the studio's check of a save):
    the disk is not touched, and the overlay's bytes meet the same rules as a file's."""
    root = write_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    new = "content/periods/2021-h1/highlights/song-cau.yml"
    overlay = {
        REPORT: "\ufeff---\r\nvisibility: public\r\n---\r\n# Mới\r\n".encode(),
        new: b"unit: song-cau\nmedia: []\n",
    }
    raw, problems = read_content(root, overlay)
    period = next(p for p in raw.periods if p.id == "2021-h1")
    assert period.report is not None and period.report.visibility is Visibility.PUBLIC
    assert period.report.markdown == "# Mới\n"
    assert "song-cau" in [h.model.unit for h in period.highlights]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    wide = {REPORT: "# Báo cáo".encode("utf-16")}
    _, problems = read_content(root, wide)
    assert [p.path for p in problems] == [REPORT] and "UTF-16" in problems[0].message


def test_a_hidden_temporary_file_beside_the_content_is_not_content(tmp_path: Path) -> None:
    """An atomic write's temporary file (renamed a moment later, or left by a killed process)
    is neither read as a unit's file nor reported by ``check``."""
    root = write_project(tmp_path / "project")
    folder = root / "content/periods/2021-h1/highlights"
    real = folder / "tuy-hoa.yml"
    (folder / ".tuy-hoa.k3j2abcd.tmp.yml").write_bytes(real.read_bytes())
    (folder / ".song-cau.abcd1234.tmp.yml").write_bytes(b"")
    raw, problems = read_content(root)
    assert problems == []
    (period,) = raw.periods
    assert sorted(r.source.path for r in period.highlights) == [
        "content/periods/2021-h1/highlights/tuy-hoa.yml"
    ]
