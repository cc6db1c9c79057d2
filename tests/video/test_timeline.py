"""Scenes placed on a whole-frame clock; chapters from runs of sections."""

from __future__ import annotations

from pathlib import Path

from generator.video.scenes import Card, Chapter, Scene, Section
from generator.video.timeline import chapter_spans, place, total_frames


def _scene(section: Section, seconds: float) -> Scene:
    return Scene(str(section), section, "", Card(Path("c.png")), seconds)


def test_scenes_last_whole_frames_and_follow_each_other() -> None:
    placed = place([_scene(Section.MO_DAU, 1.02), _scene(Section.DON_VI, 0.01)], 30)
    assert [(p.first_frame, p.frames) for p in placed] == [(0, 31), (31, 1)]
    assert total_frames(placed) == 32
    assert placed[1].start == 31 / 30


def test_one_chapter_per_run_of_a_section_titled_by_the_caller() -> None:
    scenes = [
        _scene(Section.MO_DAU, 2),
        _scene(Section.DON_VI, 3),
        _scene(Section.DON_VI, 3),
        _scene(Section.KET_THUC, 1),
    ]
    spans = chapter_spans(place(scenes, 25), [Chapter(Section.DON_VI, "Các đơn vị")])
    assert [(s.title, s.start, s.end) for s in spans] == [
        ("Mở đầu", 0.0, 2.0),
        ("Các đơn vị", 2.0, 8.0),
        ("Kết thúc", 8.0, 9.0),
    ]
