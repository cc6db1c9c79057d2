"""Saves checked by the loader on a temporary copy: messages placed at the field, nothing written."""

from __future__ import annotations

from pathlib import Path

from studio.client import HIGHLIGHTS, make_project, tree_digest

from generator.errors import Problem, Severity
from generator.studio.validate import check_change, place_problems

REL = "content/periods/2021-h1/highlights/tuy-hoa.yml"


def test_a_valid_change_passes_with_its_warnings_placed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    verdict = check_change(root, REL, HIGHLIGHTS.replace("    category: nghiep-vu\n", ""))
    assert verdict.ok
    assert verdict.fields[("media", 0)] == [
        "cảnh báo: chưa chọn nhóm («category») cho ảnh/video (" + REL + ":5:5)"
    ]


def test_errors_are_placed_at_their_field_and_nothing_is_written(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    before = tree_digest(root)
    text = HIGHLIGHTS.replace("date: 2021-03-12", "date: 2021-02-30").replace(
        "visibility: public", "visibility: secret"
    )
    verdict = check_change(root, REL, text)
    assert not verdict.ok
    assert "không phải ngày hợp lệ" in verdict.fields[("media", 0, "date")][0]
    assert verdict.fields[("media", 0, "visibility")][0].startswith(
        "trường «visibility»: «secret» không hợp lệ; chọn một trong: public, internal, restricted"
    )
    assert tree_digest(root) == before


def test_a_missing_file_and_a_cross_file_check_are_errors_of_the_edited_file(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p")
    text = HIGHLIGHTS.replace("kiem-sat-giam-giu.jpg", "khong-co.jpg")
    verdict = check_change(root, REL, text)
    assert [p.message for p in verdict.errors] == [
        "không tìm thấy tệp media/2021-h1/tuy-hoa/khong-co.jpg"
    ]
    assert ("media", 0, "file") in verdict.fields


def test_a_problem_of_the_whole_file_stands_at_no_field() -> None:
    """The file's mapping starts where its first key does: its problems are not that key's."""
    text = "organisation: Viện kiểm sát\nshort_name: VKS\n"
    root = Problem("content/site.yml", 1, 1, "chưa có phần «report:»", Severity.WARNING)
    missing = Problem("content/site.yml", 1, 1, "thiếu trường bắt buộc «locale»")
    verdict = place_problems("content/site.yml", text, [root, missing])
    assert verdict.fields == {}
    assert verdict.notes == ("content/site.yml:1:1: cảnh báo: chưa có phần «report:»",)
    assert verdict.general == ("content/site.yml:1:1: thiếu trường bắt buộc «locale»",)


def test_a_change_that_breaks_another_file_is_refused(tmp_path: Path) -> None:
    """F1: a change is refused for any error it adds anywhere in the project, not only in its
    own file (a video.yml for a period that is not there breaks its missing period.yml)."""
    root = make_project(tmp_path / "p")
    for rel in ("content/periods/2099-h9/video.yml", "content/video.yml"):
        stray = check_change(root, rel, "title: Video\n")
        assert not stray.ok
        assert stray.general == (
            f"{rel}: tệp này nằm ngoài nội dung mà «baocao check» đọc (không có kỳ báo cáo "
            "hoặc thư mục này); Studio không ghi nó",
        )
    indicators = (root / "content/indicators.yml").read_text("utf-8")
    without = indicators[: indicators.index("- id: tam-giam-qua-han")]
    verdict = check_change(root, "content/indicators.yml", without)
    assert not verdict.ok
    assert {p.path for p in verdict.errors} >= {"content/periods/2021-h1/results/tuy-hoa.yml"}


def test_an_error_already_elsewhere_does_not_stop_an_unrelated_change(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    other = root / "content/periods/2021-h1/results/song-cau.yml"
    other.write_text(other.read_text("utf-8").replace("144", "1440"), "utf-8")
    verdict = check_change(root, REL, HIGHLIGHTS.replace("chú thích ngắn", "chú thích"))
    assert verdict.ok and verdict.general == ()
