"""Warnings when an audience loses a whole part of a period, or most of it."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.audience import filter_for_audience
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
