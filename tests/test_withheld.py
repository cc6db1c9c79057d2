"""Warnings when an audience loses a whole part of a period, or most of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.cli import main
from generator.load.loader import load_project
from generator.model import Visibility
from generator.withheld import withheld


def test_a_public_video_whose_results_are_internal_is_warned_about(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path / "p")).project
    public = filter_for_audience(project, Visibility.PUBLIC)
    problems = withheld(project, public, "2021-h1")
    assert [str(p) for p in problems] == [
        "content/periods/2021-h1/results/tuy-hoa.yml: cảnh báo: bản công khai (public) của kỳ "
        "2021-h1 không có phần «Kết quả thực hiện chỉ tiêu» (4 mục đều ở mức cao hơn); nếu các "
        "mục này được phép xem, đặt «visibility: public» (cho cả tệp hoặc từng mục) trong: "
        "content/periods/2021-h1/results/tuy-hoa.yml, content/periods/2021-h1/results/song-cau.yml"
    ]
    # the internal audience sees everything it is meant to: nothing to say
    internal = filter_for_audience(project, Visibility.INTERNAL)
    assert withheld(project, internal, "2021-h1") == []


def test_most_of_a_part_withheld_is_warned_about_with_what_is_left(tmp_path: Path) -> None:
    project = load_project(
        write_project(
            tmp_path / "p",
            {
                "content/periods/2021-h1/results/song-cau.yml": """
                    unit: song-cau
                    visibility: public
                    results:
                      - indicator: giai-quyet-tin-bao
                        numerator: 144
                        denominator: 160
                """
            },
        )
    ).project
    problems = withheld(project, filter_for_audience(project, Visibility.PUBLIC), "2021-h1")
    assert len(problems) == 1
    assert "chỉ còn 1/3 mục của phần «Kết quả thực hiện chỉ tiêu»" in problems[0].message
    assert problems[0].message.endswith("trong: content/periods/2021-h1/results/tuy-hoa.yml")


def test_check_plan_and_render_say_what_the_public_audience_will_not_get(
    tmp_path: Path, capsys
) -> None:
    from generator.cli import main

    root = write_project(tmp_path / "p")
    assert main(["--project", str(root), "check"]) == 0
    check_err = capsys.readouterr().err
    assert "cảnh báo: bản công khai (public) của kỳ 2021-h1 không có phần «Kết quả" in check_err
    command = ["--project", str(root), "video", "2021-h1", "--plan"]
    assert main([*command, "--audience", "public"]) == 0
    assert "bản công khai (public) của kỳ 2021-h1 không có phần «Kết quả" in capsys.readouterr().err
    # the conference video (internal by default) carries the results: nothing to warn about
    assert main(command) == 0
    captured = capsys.readouterr()
    assert "không có phần" not in captured.err
    assert "Về tỷ lệ giải quyết tố giác, tin báo về tội phạm, toàn tỉnh đạt 92,5%" in captured.out


def test_a_video_with_no_scene_for_its_audience_stops_at_video_yml(tmp_path: Path, capsys) -> None:
    from generator.cli import main

    root = write_project(
        tmp_path / "p", {"content/periods/2021-h1/video.yml": "sections: [chi-tieu]\n"}
    )
    out = tmp_path / "out.mp4"
    command = ["--project", str(root), "video", "2021-h1", "--audience", "public"]
    assert main([*command, "--out", str(out), "--size", "320x180"]) == 1
    err = capsys.readouterr().err
    assert (
        "content/periods/2021-h1/video.yml: video kỳ 2021-h1 cho đối tượng public không có" in err
    )
    assert "Traceback" not in err and not out.exists()


PERIOD_YML = """
    title: Sơ kết công tác 6 tháng đầu năm 2021
    kind: half-year
    start: 2020-12-01
    end: 2021-05-31
    province_visibility: {level}
"""


def _check_lines(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--project", str(root), "check"]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if "period.yml" in line]


def test_a_published_province_figure_that_reveals_one_unit_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tuy Hòa public, Sông Cầu internal, province figures published: the public version's
    province figure minus Tuy Hòa's is Sông Cầu's. ``check`` says so at the period file."""
    root = write_project(
        tmp_path / "p",
        {
            "content/periods/2021-h1/period.yml": PERIOD_YML.format(level="public"),
            "content/periods/2021-h1/results/tuy-hoa.yml": """
                unit: tuy-hoa
                visibility: public
                results:
                  - indicator: giai-quyet-tin-bao
                    numerator: 152
                    denominator: 160
                  - indicator: tam-giam-qua-han
                    value: 0
            """,
        },
    )
    assert _check_lines(root, capsys) == [
        "content/periods/2021-h1/period.yml:5:22: cảnh báo: bản công khai (public) có số liệu "
        "toàn tỉnh mà không có kết quả của VKSND thị xã Sông Cầu: lấy số liệu toàn tỉnh trừ đi "
        "các đơn vị có trong bản là suy ra được số liệu của đơn vị này (Tỷ lệ giải quyết tố "
        "giác, tin báo về tội phạm; Số người bị tạm giữ, tạm giam quá hạn); nếu không được công "
        "bố, đặt «province_visibility» ở mức cao hơn hoặc bỏ dòng này"
    ]


def test_two_hidden_units_reveal_their_sum_and_an_unpublished_figure_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(
        tmp_path / "p",
        {"content/periods/2021-h1/period.yml": PERIOD_YML.format(level="public")},
    )
    (line,) = _check_lines(root, capsys)
    assert "kết quả của VKSND thành phố Tuy Hòa và VKSND thị xã Sông Cầu" in line
    assert "suy ra được tổng số liệu của hai đơn vị này" in line
    # without province_visibility the public version has no province figure to subtract from
    period = root / "content/periods/2021-h1/period.yml"
    period.write_text(
        period.read_text(encoding="utf-8").replace("province_visibility: public\n", ""),
        encoding="utf-8",
    )
    assert _check_lines(root, capsys) == []
    # published only internally: the internal version sees every unit, nothing derivable
    period.write_text(
        period.read_text(encoding="utf-8") + "province_visibility: internal\n", encoding="utf-8"
    )
    assert _check_lines(root, capsys) == []
