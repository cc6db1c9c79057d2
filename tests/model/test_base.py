"""Bounds and readable levels: what ``check`` accepts, every later command can compute with."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectfactory import FILES, write_project
from pydantic import ValidationError

from generator.cli import main
from generator.model import Case, Visibility

INDICATORS = "content/indicators.yml"
SONG_CAU = "content/periods/2021-h1/results/song-cau.yml"
PERIOD = "content/periods/2021-h1/period.yml"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
VIDEO = "content/periods/2021-h1/video.yml"
UNITS = "content/units.yml"


def _edit(rel: str, old: str, new: str) -> dict[str, str]:
    assert old in FILES[rel]
    return {rel: FILES[rel].replace(old, new, 1)}


CASES = [
    (_edit(INDICATORS, "target: 90", "target: 1e30"), f"{INDICATORS}:5:11:", "vượt quá giới hạn"),
    (_edit(INDICATORS, "target: 90", "target: 1e400"), f"{INDICATORS}:5:11:", "vượt quá giới hạn"),
    (_edit(INDICATORS, "target: 90", "target: .inf"), f"{INDICATORS}:5:11:", "hữu hạn"),
    (_edit(INDICATORS, "target: 90", "target: yes"), f"{INDICATORS}:5:11:", "đúng/sai"),
    (_edit(INDICATORS, "target: 90", "target: 150"), f"{INDICATORS}:5:11:", "lớn hơn 100"),
    (_edit(SONG_CAU, "numerator: 144", "numerator: yes"), f"{SONG_CAU}:4:16:", "không phải số"),
    (
        _edit(SONG_CAU, "denominator: 160", "denominator: 10000000000000"),
        f"{SONG_CAU}:5:18:",
        "vượt quá giới hạn 1.000.000.000.000",
    ),
    (_edit(SONG_CAU, "value: 1", "value: on"), f"{SONG_CAU}:7:12:", "đúng/sai"),
    (_edit(PERIOD, "2021-07-15", "9999-12-31"), f"{PERIOD}:5:20:", "31/12/9999 nằm ngoài"),
    (_edit(PERIOD, "start: 2020-12-01", "start: 1900-12-01"), f"{PERIOD}:3:8:", "nằm ngoài"),
    (_edit(UNITS, "from: 2025-07-01", "from: 2101-01-01"), f"{UNITS}:18:9:", "nằm ngoài"),
    (_edit(HIGHLIGHTS, "date: 2021-03-12", "date: 0001-01-01"), f"{HIGHLIGHTS}:6:11:", "nằm ngoài"),
    ({VIDEO: "durations: {don-vi: .inf}\n"}, f"{VIDEO}:1:21:", "vượt quá giới hạn 600"),
    ({VIDEO: "durations: {don-vi: true}\n"}, f"{VIDEO}:1:21:", "đúng/sai"),
    ({VIDEO: "durations: {don-vi: 0}\n"}, f"{VIDEO}:1:21:", ""),
    # video.yml is seen by every audience: it has no level to lower or raise
    ({VIDEO: "visibility: restricted\n"}, f"{VIDEO}:1:1:", "«visibility» không có trong mẫu"),
]


@pytest.mark.parametrize(("overrides", "where", "says"), CASES)
def test_out_of_bounds_is_an_error_at_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    overrides: dict[str, str],
    where: str,
    says: str,
) -> None:
    root = write_project(tmp_path / "p", overrides)
    assert main(["--project", str(root), "check"]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if line.startswith(where))
    assert says in line
    assert "Traceback" not in err


def test_build_refuses_what_check_refuses(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = write_project(tmp_path / "p", _edit(INDICATORS, "target: 90", "target: 1e30"))
    site = tmp_path / "site"
    assert main(["--project", str(root), "build", "--out", str(site)]) == 1
    assert f"{INDICATORS}:5:11:" in capsys.readouterr().err
    assert not site.exists()


def test_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    overrides = {
        **_edit(PERIOD, "2021-07-15", "2100-12-31"),
        **_edit(SONG_CAU, "denominator: 160", "denominator: 1000000000000"),
    }
    root = write_project(tmp_path / "p", overrides)
    assert main(["--project", str(root), "--quiet", "check"]) == 0


@pytest.mark.parametrize(
    ("written", "says"),
    [
        (None, "để trống"),
        ("", "để trống"),
        ("  ", "để trống"),
        ("Restricted", "viết đúng «restricted» (chữ thường)"),
        ("PUBLIC", "viết đúng «public» (chữ thường)"),
        ("hạn chế", "ghi mã «restricted» thay cho «hạn chế»"),
        ("nội bộ", "ghi mã «internal» thay cho «nội bộ»"),
        ("secret", "chọn một trong: public, internal, restricted"),
        (["restricted"], "không phải danh sách"),
        (True, "không phải danh sách hay số"),
        (2, "không phải danh sách hay số"),
    ],
)
def test_a_written_level_must_be_readable(written: object, says: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Case(title="Vụ án", visibility=written)
    assert says in str(caught.value)


def test_a_level_left_out_takes_the_default_and_written_ones_are_read() -> None:
    assert Case(title="Vụ án").visibility is None
    assert Case(title="Vụ án", visibility="restricted").visibility is Visibility.RESTRICTED
    assert Case(title="Vụ án", visibility=" public ").visibility is Visibility.PUBLIC
