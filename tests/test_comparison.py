"""«So với cùng kỳ»: the same period one year earlier, under the units' history."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.comparison import compare, same_period_last_year
from generator.evaluation import Status, scoreboard
from generator.load.loader import load_project
from generator.model import Visibility


def _period(folder: str, title: str, start: str, end: str) -> dict[str, str]:
    return {
        f"content/periods/{folder}/period.yml": f"""
            title: {title}
            kind: half-year
            start: {start}
            end: {end}
        """
    }


def _results(folder: str, unit: str, numerator: int, denominator: int, held: int) -> dict:
    return {
        f"content/periods/{folder}/results/{unit}.yml": f"""
            unit: {unit}
            results:
              - indicator: giai-quyet-tin-bao
                numerator: {numerator}
                denominator: {denominator}
              - indicator: tam-giam-qua-han
                value: {held}
        """
    }


def _project(tmp_path: Path, extra: dict[str, str | None]):
    root = write_project(tmp_path / "p", extra)
    return load_project(root).project


def test_rates_change_in_points_and_counts_in_units_and_percent(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            **_period("2020-h1", "Sơ kết 6 tháng đầu năm 2020", "2019-12-01", "2020-05-31"),
            **_results("2020-h1", "tuy-hoa", 120, 150, 0),
            **_results("2020-h1", "song-cau", 130, 150, 8),
        },
    )
    content = project.period("2021-h1")
    assert same_period_last_year(project, content).id == "2020-h1"
    comparison = compare(project, scoreboard(project, content))
    assert comparison is not None
    # 2021: (152 + 144) / 320 = 92,5%; 2020: 250 / 300 = 83,33…%: up 9,17 points (not a mean).
    assert comparison.province["giai-quyet-tin-bao"].text == (
        "tăng 9,17 điểm phần trăm so với cùng kỳ"
    )
    # 1 person held too long against 8 a year earlier.
    assert comparison.province["tam-giam-qua-han"].text == "giảm 7 người (87,5%) so với cùng kỳ"
    assert comparison.of_unit("tuy-hoa", "tam-giam-qua-han").text == "bằng cùng kỳ"


def test_a_count_up_from_zero_has_no_percentage(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            **_period("2020-h1", "Sơ kết 6 tháng đầu năm 2020", "2019-12-01", "2020-05-31"),
            **_results("2020-h1", "song-cau", 130, 150, 0),
        },
    )
    comparison = compare(project, scoreboard(project, project.period("2021-h1")))
    assert comparison.of_unit("song-cau", "tam-giam-qua-han").text == "tăng 1 người so với cùng kỳ"
    # Tuy Hòa reported nothing a year earlier: no comparison is invented for it.
    assert comparison.of_unit("tuy-hoa", "giai-quyet-tin-bao").text == ""


def test_a_merged_unit_is_compared_with_the_units_it_succeeded(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            **_period("2025-h2", "Sơ kết 6 tháng cuối năm 2025", "2025-06-01", "2025-11-30"),
            **_results("2025-h2", "tuy-hoa", 90, 100, 2),
            **_results("2025-h2", "song-cau", 80, 100, 1),
            **_period("2026-h2", "Sơ kết 6 tháng cuối năm 2026", "2026-06-01", "2026-11-30"),
            **_results("2026-h2", "khu-vuc-1", 190, 200, 1),
        },
    )
    comparison = compare(project, scoreboard(project, project.period("2026-h2")))
    assert comparison is not None and comparison.previous.id == "2025-h2"
    # 170/200 = 85% for Tuy Hòa and Sông Cầu together, 95% for their successor.
    change = comparison.of_unit("khu-vuc-1", "giai-quyet-tin-bao")
    assert change.previous.value_text == "85%"
    assert change.text == "tăng 10 điểm phần trăm so với cùng kỳ"
    assert comparison.of_unit("khu-vuc-1", "tam-giam-qua-han").text == (
        "giảm 2 người (66,67%) so với cùng kỳ"
    )


def test_no_comparison_without_the_same_kind_of_period_a_year_earlier(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            # a year earlier, but a quarter, not a half-year
            "content/periods/2020-q1/period.yml": """
                title: Quý I năm 2020
                kind: quarter
                start: 2019-12-01
                end: 2020-05-31
            """,
        },
    )
    assert compare(project, scoreboard(project, project.period("2021-h1"))) is None


def test_a_percentage_reported_as_a_value_moves_in_points() -> None:
    from fractions import Fraction

    from generator.comparison import Change
    from generator.evaluation import Evaluation
    from generator.model import Indicator

    quality = Indicator.model_validate(
        {
            "id": "chat-luong-khang-nghi",
            "name": "Chất lượng kháng nghị",
            "measure": "value",
            "comparator": ">=",
            "target": 95,
            "unit_label": "%",
        }
    )
    change = Change(Evaluation(quality, Fraction(100)), Evaluation(quality, Fraction(95)))
    assert change.text == "tăng 5 điểm phần trăm so với cùng kỳ"


def test_a_comparison_is_made_only_where_both_figures_may_be_shown(tmp_path: Path) -> None:
    """2021's results are public; 2020's are internal. The public version has this year's
    province-wide figure but not last year's, so it compares nothing — at province level, and
    for the merged unit whose predecessors' figures it cannot see either."""
    public_2021 = {
        f"content/periods/2021-h1/results/{unit}.yml": f"""
            unit: {unit}
            visibility: public
            results:
              - indicator: giai-quyet-tin-bao
                numerator: {n}
                denominator: 160
        """
        for unit, n in (("tuy-hoa", 152), ("song-cau", 144))
    }
    project = _project(
        tmp_path,
        {
            **public_2021,
            **_period("2020-h1", "Sơ kết 6 tháng đầu năm 2020", "2019-12-01", "2020-05-31"),
            **_results("2020-h1", "tuy-hoa", 120, 150, 0),
            **_results("2020-h1", "song-cau", 130, 150, 8),
        },
    )
    internal = filter_for_audience(project, Visibility.INTERNAL)
    change = compare(internal, scoreboard(internal, internal.period("2021-h1")))
    assert change is not None
    assert change.province["giai-quyet-tin-bao"].text == "tăng 9,17 điểm phần trăm so với cùng kỳ"
    public = filter_for_audience(project, Visibility.PUBLIC)
    comparison = compare(public, scoreboard(public, public.period("2021-h1")))
    assert comparison is not None
    province = comparison.province["giai-quyet-tin-bao"]
    assert province.current.value_text == "92,5%"
    assert province.previous.status is Status.WITHHELD
    assert (province.difference, province.text) == (None, "")


def test_a_merged_unit_is_not_compared_with_part_of_its_predecessors(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            **_period("2025-h2", "Sơ kết 6 tháng cuối năm 2025", "2025-06-01", "2025-11-30"),
            **_results("2025-h2", "tuy-hoa", 90, 100, 2),
            "content/periods/2025-h2/results/song-cau.yml": """
                unit: song-cau
                visibility: public
                results:
                  - indicator: giai-quyet-tin-bao
                    numerator: 80
                    denominator: 100
            """,
            **_period("2026-h2", "Sơ kết 6 tháng cuối năm 2026", "2026-06-01", "2026-11-30"),
            "content/periods/2026-h2/results/khu-vuc-1.yml": """
                unit: khu-vuc-1
                visibility: public
                results:
                  - indicator: giai-quyet-tin-bao
                    numerator: 190
                    denominator: 200
            """,
        },
    )
    public = filter_for_audience(project, Visibility.PUBLIC)
    comparison = compare(public, scoreboard(public, public.period("2026-h2")))
    assert comparison is not None
    # Sông Cầu's 80% alone is not «khu vực 1 a year earlier»: Tuy Hòa's part is internal
    change = comparison.of_unit("khu-vuc-1", "giai-quyet-tin-bao")
    assert (change.previous.value, change.text) == (None, "")
    internal = filter_for_audience(project, Visibility.INTERNAL)
    comparison = compare(internal, scoreboard(internal, internal.period("2026-h2")))
    assert comparison is not None
    assert comparison.of_unit("khu-vuc-1", "giai-quyet-tin-bao").previous.value_text == "85%"
