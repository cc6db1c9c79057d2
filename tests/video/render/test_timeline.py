"""Scenes placed on a whole-frame clock; chapters from runs of sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import SectionId
from generator.video.render.scenes import Card, Chapter, Scene
from generator.video.render.timeline import chapter_spans, place, total_frames


def _scene(section: SectionId, seconds: float) -> Scene:
    return Scene(str(section), section, "", Card(Path("c.png")), seconds)


def test_scenes_last_whole_frames_and_follow_each_other() -> None:
    placed = place([_scene(SectionId.OPENING, 1.02), _scene(SectionId.UNITS, 0.01)], 30)
    assert [(p.first_frame, p.frames) for p in placed] == [(0, 31), (31, 1)]
    assert total_frames(placed) == 32
    assert placed[1].start == 31 / 30


def test_one_chapter_per_run_of_a_section_titled_by_the_caller() -> None:
    scenes = [
        _scene(SectionId.OPENING, 2),
        _scene(SectionId.UNITS, 3),
        _scene(SectionId.UNITS, 3),
        _scene(SectionId.CLOSING, 1),
    ]
    chapters = [
        Chapter(SectionId.OPENING, "Mở đầu"),
        Chapter(SectionId.UNITS, "Các đơn vị"),
        Chapter(SectionId.CLOSING, "Kết thúc"),
    ]
    spans = chapter_spans(place(scenes, 25), chapters)
    assert [(s.title, s.start, s.end) for s in spans] == [
        ("Mở đầu", 0.0, 2.0),
        ("Các đơn vị", 2.0, 8.0),
        ("Kết thúc", 8.0, 9.0),
    ]


def test_a_section_without_a_chapter_title_is_an_error() -> None:
    scenes = [_scene(SectionId.OPENING, 1), _scene(SectionId.UNITS, 1)]
    with pytest.raises(ValueError, match="don-vi"):
        chapter_spans(place(scenes, 25), [Chapter(SectionId.OPENING, "Mở đầu")])
