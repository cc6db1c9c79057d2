"""From the storyboard and its narration to the render engine's scenes: draw the cards,
time each scene to its narration (plus breathing room), and place the subtitle cues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator.model import SECTION_TITLES
from generator.video.narration.narrate import Narration
from generator.video.render.scenes import (
    Card,
    Chapter,
    ClipShot,
    Cue,
    KenBurns,
    RenderSettings,
    Scene,
    Still,
    Visual,
)
from generator.video.slides.registry import drawn_slide
from generator.video.storyboard.plan import Shot, Storyboard

LEAD_IN = 0.5  # seconds of picture before the voice starts
BREATH = 1.0  # seconds of picture after the voice ends

# Alternate the direction of the gentle pan/zoom so consecutive photos do not all drift alike.
_KEN_BURNS = (
    KenBurns(1.0, 1.08, (0.45, 0.5), (0.55, 0.45)),
    KenBurns(1.08, 1.0, (0.55, 0.55), (0.45, 0.5)),
    KenBurns(1.02, 1.1, (0.5, 0.6), (0.5, 0.4)),
)


def scene_seconds(shot: Shot, narration: Narration) -> float:
    """A scene lasts as long as its narration needs, and at least its planned minimum."""
    spoken = LEAD_IN + narration.seconds + BREATH if narration.seconds else 0.0
    return round(max(shot.min_seconds, spoken), 3)


def build_scenes(
    board: Storyboard,
    narrations: Sequence[Narration],
    size: tuple[int, int],
    cache_dir: Path,
) -> tuple[list[Scene], list[Chapter]]:
    scenes = []
    photos = 0
    visual: Visual
    for shot, narration in zip(board.shots, narrations, strict=True):
        if shot.slide is not None:
            visual = Card(drawn_slide(shot.slide, size, cache_dir), zoom_end=1.0)
        elif shot.media_kind == "clip":
            assert shot.media is not None
            visual = ClipShot(shot.media, shot.clip_start, shot.clip_end, shot.audio, shot.caption)
        else:
            assert shot.media is not None
            visual = Still(shot.media, shot.caption, _KEN_BURNS[photos % len(_KEN_BURNS)])
            photos += 1
        lead = LEAD_IN if narration.seconds else 0.0
        cues = tuple(Cue(c.start + lead, c.end + lead, c.text) for c in narration.cues)
        scenes.append(
            Scene(
                id=shot.id,
                section=shot.section,
                title=shot.title,
                visual=visual,
                duration=scene_seconds(shot, narration),
                narration=narration.audio,
                narration_at=lead,
                cues=cues,
            )
        )
    chapters = [Chapter(section, SECTION_TITLES[section]) for section in board.chapters]
    return scenes, chapters


def render_settings(board: Storyboard, settings: RenderSettings) -> RenderSettings:
    """``settings`` (the command line's) with what video.yml decides: the music, the MP4's
    title, and subtitles drawn into the picture when either asks for them."""
    return replace(
        settings,
        music=board.music,
        title=board.title,
        burn_subtitles=settings.burn_subtitles or board.burn_subtitles,
    )
