"""Scene data: whole frames, sane Ken Burns, preview settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import SectionId
from generator.video.render.scenes import Card, KenBurns, RenderSettings, Scene, scene_frames


def test_a_scene_lasts_a_whole_number_of_frames_at_least_one() -> None:
    scene = Scene("a", SectionId.OPENING, "", Card(Path("c.png")), 2.51)
    assert scene_frames(scene, 30) == 75
    assert scene_frames(Scene("b", SectionId.OPENING, "", Card(Path("c.png")), 0.0), 30) == 1


def test_ken_burns_cannot_zoom_out_of_the_picture() -> None:
    with pytest.raises(ValueError):
        KenBurns(0.9, 1.0)


def test_preview_is_small_and_keeps_overrides() -> None:
    preview = RenderSettings.preview(cache_dir=Path("x"))
    assert preview.size == (640, 360) and preview.cache_dir == Path("x")
    assert RenderSettings().preset == "veryfast" and RenderSettings().crf == 20
