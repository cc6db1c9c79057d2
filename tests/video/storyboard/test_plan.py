"""The storyboard is a pure function of the filtered model and video.yml."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.load.loader import load_project
from generator.model import SectionId, Visibility
from generator.video.storyboard.plan import plan_storyboard


def _board(root: Path, audience: Visibility = Visibility.INTERNAL):
    project = filter_for_audience(load_project(root).project, audience)
    return plan_storyboard(project, "2021-h1")


def test_sections_in_order_with_drafted_indicator_narration(tiny_project: Path) -> None:
    board = _board(tiny_project)
    assert list(board.chapters) == list(SectionId)
    ids = [shot.id for shot in board.shots]
    assert ids[0] == "mo-dau" and ids[-1] == "ket-thuc"
    tin_bao = next(s for s in board.shots if s.id == "giai-quyet-tin-bao-1")
    assert "toàn tỉnh đạt 92,5%, vượt 2,5% so với chỉ tiêu" in tin_bao.narration
    assert "Còn 1 đơn vị chưa đạt: VKSND thị xã Sông Cầu." in tin_bao.narration
    photo = next(s for s in board.shots if s.media_kind == "photo")
    assert photo.caption == "Tuy Hòa: Kiểm sát việc tạm giữ, tạm giam"
    assert photo.narration.startswith("Tháng Ba")


def test_video_yml_reorders_drops_retimes_and_overrides(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p",
        {
            "content/periods/2021-h1/video.yml": """
                title: Báo cáo sơ kết
                sections: [don-vi, mo-dau]
                durations: {don-vi: 9}
                intro: Kính thưa các đồng chí.
            """
        },
    )
    board = _board(root)
    assert list(board.chapters) == [SectionId.UNITS, SectionId.OPENING]
    assert board.title == "Báo cáo sơ kết"
    assert all(s.min_seconds >= 9 for s in board.shots if s.section is SectionId.UNITS)
    assert board.shots[-1].narration == "Kính thưa các đồng chí."


def test_public_video_holds_nothing_internal(tiny_project: Path) -> None:
    board = _board(tiny_project, Visibility.PUBLIC)
    # results files are internal by default: no indicator figures are shown to guests
    assert not any(s.section is SectionId.INDICATORS for s in board.shots)
    # the public photo is there
    assert any(s.media_kind == "photo" for s in board.shots)
