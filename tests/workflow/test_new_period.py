"""``baocao new-period``: the scaffold validates, says what to fill in, and never overwrites."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.load.loader import load_project
from generator.workflow.new_period import default_title, new_period, new_period_lines

D = dt.date
PERIOD = "content/periods/2022-h1"


def _scaffold(root: Path) -> list[Path]:
    return new_period(root, "2022-h1", D(2021, 12, 1), D(2022, 5, 31))


def test_scaffold_passes_the_loader_warning_only_of_the_report_to_write(tiny_project: Path) -> None:
    files = _scaffold(tiny_project)

    rel = sorted(f.relative_to(tiny_project).as_posix() for f in files)
    # vks-tinh, tuy-hoa and song-cau are active; khu-vuc-1 only exists from 1 July 2025.
    assert rel == [
        f"{PERIOD}/highlights/song-cau.yml",
        f"{PERIOD}/highlights/tuy-hoa.yml",
        f"{PERIOD}/highlights/vks-tinh.yml",
        f"{PERIOD}/period.yml",
        f"{PERIOD}/report.md",
        f"{PERIOD}/results/song-cau.yml",
        f"{PERIOD}/results/tuy-hoa.yml",
        f"{PERIOD}/results/vks-tinh.yml",
        f"{PERIOD}/video.yml",
    ]
    loaded = load_project(tiny_project)
    # the one thing the scaffold leaves to say: the report's lines staff still have to write
    # (the tiny project's site.yml has its own warning: no «report:» settings yet)
    assert [str(w) for w in loaded.warnings if w.path.startswith(PERIOD)] == [
        f"{PERIOD}/report.md:10:1: cảnh báo: "
        "báo cáo còn 4 chỗ «CẦN BỔ SUNG» (dòng 10, 14, 18, 22); hãy viết nội dung thật thay "
        "cho các dòng đó"
    ]
    period = loaded.project.period("2022-h1")
    assert period.period.title == "Sơ kết công tác 6 tháng đầu năm 2022"
    assert period.period.start == D(2021, 12, 1)
    assert [r.unit for r in period.results] == ["vks-tinh", "tuy-hoa", "song-cau"]
    assert all(r.results == () for r in period.results)
    assert period.report is not None and "CẦN BỔ SUNG" in period.report.markdown
    assert not list(tiny_project.glob("content/.new-period-*"))  # no temporary folder left


def test_results_template_lists_every_indicator_and_uncomments_cleanly(tiny_project: Path) -> None:
    _scaffold(tiny_project)
    path = tiny_project / PERIOD / "results/tuy-hoa.yml"
    text = path.read_text(encoding="utf-8")
    for indicator in ("giai-quyet-tin-bao", "tam-giam-qua-han", "tra-ho-so"):
        assert f"#   - indicator: {indicator}   # " in text
    assert "(tỷ lệ, chỉ tiêu > 90%)" in text

    # What the comments tell staff: remove "# " from «results:» and an indicator's lines.
    lines = text.splitlines()
    start = lines.index("# results:")
    filled = []
    for number, line in enumerate(lines):
        if start <= number <= start + 7:  # «results:» and two indicators
            line = line.replace("# ", "", 1)
            line = re.sub(r"(numerator|denominator):\s+#.*", r"\1: 10", line)
            line = line.replace("value:", "value: 0")
        filled.append(line)
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")

    results = load_project(tiny_project).project.period("2022-h1").results_of("tuy-hoa")
    assert results is not None
    assert [(r.indicator, r.numerator, r.value) for r in results.results] == [
        ("giai-quyet-tin-bao", 10, None),
        ("tam-giam-qua-han", None, 0),
    ]


def test_refuses_an_existing_period_and_leaves_it_untouched(
    tiny_project: Path, digest: Callable[[Path], dict[str, str]]
) -> None:
    before = digest(tiny_project)

    with pytest.raises(InputError) as error:
        new_period(tiny_project, "2021-h1", D(2020, 12, 1), D(2021, 5, 31))

    assert str(error.value).startswith(
        "content/periods/2021-h1: kỳ báo cáo «2021-h1» đã có; lệnh này không ghi đè."
    )
    assert digest(tiny_project) == before


@pytest.mark.parametrize(
    ("period_id", "start", "end", "kind", "message"),
    [
        ("2022 H1", D(2021, 12, 1), D(2022, 5, 31), "half-year", "mã kỳ báo cáo «2022 H1»"),
        ("2022-h1", D(2022, 5, 31), D(2021, 12, 1), "half-year", "đứng trước ngày bắt đầu"),
        ("2022-h1", D(2021, 12, 1), D(2022, 5, 31), "semester", "loại kỳ «semester»"),
    ],
)
def test_wrong_arguments_are_input_errors(
    tiny_project: Path, period_id: str, start: dt.date, end: dt.date, kind: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        new_period(tiny_project, period_id, start, end, kind=kind)
    assert not (tiny_project / PERIOD).exists()


def test_an_id_of_the_sectors_calendar_must_agree_with_the_kind(tiny_project: Path) -> None:
    """``2022-q1`` made with the default ``--kind half-year`` would be titled «6 tháng đầu»."""
    with pytest.raises(InputError) as caught:
        new_period(tiny_project, "2022-q1", D(2021, 12, 1), D(2022, 2, 28))
    assert str(caught.value) == (
        "content/periods/2022-q1: mã kỳ «2022-q1» là mã của một quý nhưng loại kỳ (--kind) đang là half-year (6 tháng); "
        "hãy ghi thêm --kind quarter hoặc chọn mã khác"
    )
    assert not (tiny_project / "content/periods/2022-q1").exists()
    new_period(tiny_project, "2022-q1", D(2021, 12, 1), D(2022, 2, 28), kind="quarter")
    new_period(tiny_project, "so-ket-quy-1", D(2021, 12, 1), D(2022, 2, 28), kind="quarter")
    periods = load_project(tiny_project).project
    assert periods.period("2022-q1").period.title == "Báo cáo công tác quý 1 năm 2022"
    assert periods.period("so-ket-quy-1").period.title == "Báo cáo công tác quý 1 năm 2022"


def test_title_option_and_other_kinds(tiny_project: Path) -> None:
    new_period(tiny_project, "2022", D(2021, 12, 1), D(2022, 11, 30), kind="year", title="Năm 2022")
    assert load_project(tiny_project).project.period("2022").period.title == "Năm 2022"


@pytest.mark.parametrize(
    ("kind", "start", "end", "title"),
    [
        ("half-year", D(2021, 12, 1), D(2022, 5, 31), "Sơ kết công tác 6 tháng đầu năm 2022"),
        ("half-year", D(2022, 6, 1), D(2022, 11, 30), "Sơ kết công tác 6 tháng cuối năm 2022"),
        ("year", D(2021, 12, 1), D(2022, 11, 30), "Tổng kết công tác năm 2022"),
        ("quarter", D(2021, 12, 1), D(2022, 2, 28), "Báo cáo công tác quý 1 năm 2022"),
        ("quarter", D(2022, 4, 1), D(2022, 6, 30), "Báo cáo công tác quý 2 năm 2022"),
        ("month", D(2022, 3, 1), D(2022, 3, 31), "Báo cáo công tác tháng 3/2022"),
    ],
)
def test_default_titles(kind: str, start: dt.date, end: dt.date, title: str) -> None:
    assert default_title(kind, start, end) == title


def test_lines_for_the_cli(tiny_project: Path) -> None:
    lines = new_period_lines(tiny_project, _scaffold(tiny_project))
    assert lines[0] == "Đã tạo kỳ báo cáo 2022-h1 trong content/periods/2022-h1/ (9 tệp):"
    assert "  period.yml" in lines
