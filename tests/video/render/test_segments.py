"""Segment cache keys: everything the pixels depend on, and nothing else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from video.render import media

from generator.model import SectionId
from generator.video.render.scenes import ClipShot, Cue, RenderSettings, Scene, Still
from generator.video.render.segments import segment_key


def _key(scene: Scene, settings: RenderSettings | None = None) -> str:
    return segment_key(scene, 36, settings or RenderSettings(size=(320, 180), fps=12))


def test_key_follows_what_is_seen(tmp_path: Path) -> None:
    photo = media.plain_photo(tmp_path / "a.png", (40, 30), (1, 2, 3))
    scene = Scene("a", SectionId.UNITS, "Ảnh", Still(photo, "Chú thích"), 3.0)
    key = _key(scene)
    assert _key(scene) == key
    assert _key(replace(scene, visual=replace(scene.visual, caption="Khác"))) != key
    assert _key(scene, RenderSettings(size=(320, 180), fps=12, crf=23)) != key
    media.plain_photo(photo, (40, 30), (9, 9, 9))  # same name, new content
    assert _key(scene) != key


def test_key_ignores_what_is_only_heard_or_not_burned(tmp_path: Path) -> None:
    clip = media.clip(tmp_path / "c.mp4", (32, 18), 1.0)
    scene = Scene("c", SectionId.UNITS, "", ClipShot(clip, 0, 1, "keep"), 1.0)
    key = _key(scene)
    assert _key(replace(scene, visual=replace(scene.visual, audio="mute"))) == key
    assert _key(replace(scene, narration=tmp_path / "v.wav", title="Khác")) == key
    with_cue = replace(scene, cues=(Cue(0, 1, "Lời"),))
    assert _key(with_cue) == key
    burned = RenderSettings(size=(320, 180), fps=12, burn_subtitles=True)
    assert _key(with_cue, burned) != _key(scene, burned)
