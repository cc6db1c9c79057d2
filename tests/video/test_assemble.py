"""Storyboard + narration → the engine's scenes: cards drawn, scenes timed, chapters titled
once, and the render settings video.yml decides."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.evaluation import Status
from generator.load.loader import load_project
from generator.model import SECTION_TITLES, SectionId, Visibility
from generator.video.assemble import BREATH, LEAD_IN, build_scenes, render_settings
from generator.video.narration.narrate import SILENT, Narration
from generator.video.render.scenes import Card, RenderSettings, Still
from generator.video.storyboard.plan import Storyboard, plan_storyboard


def _board(root: Path) -> Storyboard:
    project = filter_for_audience(load_project(root).project, Visibility.INTERNAL)
    return plan_storyboard(project, "2021-h1")


def test_scenes_are_timed_to_their_narration_and_chapters_titled_once(
    tiny_project: Path, tmp_path: Path
) -> None:
    board = _board(tiny_project)
    narrations = [Narration(None, 10.0, ()) if i == 0 else SILENT for i in range(len(board.shots))]
    scenes, chapters = build_scenes(board, narrations, (320, 180), tmp_path)
    assert scenes[0].duration == LEAD_IN + 10.0 + BREATH
    assert scenes[1].duration == board.shots[1].min_seconds
    assert isinstance(scenes[0].visual, Card) and scenes[0].visual.path.is_file()
    assert any(isinstance(s.visual, Still) for s in scenes)
    assert [(c.section, c.title) for c in chapters] == [(s, SECTION_TITLES[s]) for s in SectionId]
    assert all(s.section is shot.section for s, shot in zip(scenes, board.shots, strict=True))


def test_indicator_rows_carry_the_evaluations_status(tiny_project: Path) -> None:
    board = _board(tiny_project)
    rows = [row for shot in board.shots if shot.slide for row in shot.slide.rows]
    assert rows and all(isinstance(row.status, Status) for row in rows)
    assert {Status.MET, Status.NOT_MET} <= {row.status for row in rows}


def test_video_yml_burn_subtitles_reaches_the_render(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p",
        {"content/periods/2021-h1/video.yml": "title: Báo cáo sơ kết\nburn_subtitles: true\n"},
    )
    settings = render_settings(_board(root), RenderSettings(size=(320, 180)))
    assert settings.burn_subtitles and settings.title == "Báo cáo sơ kết"
    assert settings.size == (320, 180)


def test_the_command_line_can_burn_subtitles_when_video_yml_does_not(tiny_project: Path) -> None:
    board = _board(tiny_project)
    assert not render_settings(board, RenderSettings()).burn_subtitles
    assert render_settings(board, RenderSettings(burn_subtitles=True)).burn_subtitles
