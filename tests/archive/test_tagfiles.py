"""The tag-file readers: line endings, percent-decoding, path safety, bag-info folding."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.archive.tagfiles import (
    Declaration,
    Findings,
    check_path,
    decode_path,
    read_bag_info,
    read_declaration,
    split_lines,
)
from generator.errors import Severity


def test_lines_end_with_lf_cr_or_crlf_and_nothing_else() -> None:
    assert split_lines("a\nb\r\nc\rd\n") == ["a", "b", "c", "d"]
    assert split_lines("a\u2028b\x85c\x0cd") == ["a\u2028b\x85c\x0cd"]  # not line breaks here
    assert split_lines("last line unterminated") == ["last line unterminated"]


def test_only_cr_lf_and_percent_are_decoded() -> None:
    assert decode_path("data/a%0Ab%0dc%25d%41") == "data/a\nb\rc%d%41"


@pytest.mark.parametrize(
    ("path", "clean", "severity"),
    [
        ("data/a.txt", "data/a.txt", None),
        ("./data/a.txt", "data/a.txt", Severity.WARNING),
        ("data//a.txt", "data/a.txt", Severity.WARNING),
        ("data/../../etc/passwd", None, Severity.ERROR),
        ("data\\..\\x", None, Severity.ERROR),
        ("/etc/passwd", None, Severity.ERROR),
        ("~/x", None, Severity.ERROR),
        ("D:data/x", None, Severity.ERROR),
        ("bag-info.txt", None, Severity.ERROR),
    ],
)
def test_payload_paths_stay_inside_data(
    tmp_path: Path, path: str, clean: str | None, severity: Severity | None
) -> None:
    found = Findings(tmp_path)
    assert check_path(path, path, "manifest-sha512.txt", 3, found, payload=True) == clean
    assert [p.severity for p in found.problems] == ([severity] if severity else [])
    assert all(p.line == 3 and p.path.endswith("manifest-sha512.txt") for p in found.problems)


def test_declaration_is_read_exactly(tmp_path: Path) -> None:
    (tmp_path / "bagit.txt").write_bytes(
        b"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8"
    )
    found = Findings(tmp_path)
    assert read_declaration(tmp_path, found) == Declaration((1, 0), "UTF-8")
    assert found.problems == []


def test_bag_info_folds_continuation_lines(tmp_path: Path) -> None:
    (tmp_path / "bag-info.txt").write_text(
        "External-Description: Tư liệu sơ kết\n  6 tháng đầu năm\n\tcho phòng truyền thống\n"
        "Contact-Name: Phòng Tổng hợp\n",
        encoding="utf-8",
    )
    found = Findings(tmp_path)
    elements = read_bag_info(tmp_path, "bag-info.txt", Declaration((1, 0), "UTF-8"), found)
    assert elements == [
        (1, "External-Description", "Tư liệu sơ kết 6 tháng đầu năm cho phòng truyền thống"),
        (4, "Contact-Name", "Phòng Tổng hợp"),
    ]
    assert found.problems == []
