"""From the storyboard and its narration to the render engine's scenes: draw the cards,
time each scene to its narration (plus breathing room), and place the subtitle cues."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from PIL import Image

from generator.fsutil import atomic_path
from generator.video import indicator_slides, slides
from generator.video.narration import Narration
from generator.video.scenes import Card, Chapter, ClipShot, Cue, KenBurns, Scene, Section, Still
from generator.video.storyboard import Shot, Slide, Storyboard

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
    for shot, narration in zip(board.shots, narrations, strict=True):
        if shot.slide is not None:
            visual = Card(draw_slide(shot.slide, size, cache_dir), zoom_end=1.0)
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
                section=Section(str(shot.section)),
                title=shot.title,
                visual=visual,
                duration=scene_seconds(shot, narration),
                narration=narration.audio,
                narration_at=lead,
                cues=cues,
            )
        )
    chapters = [Chapter(Section(str(s)), title) for s, title in board.chapters]
    return scenes, chapters


def draw_slide(slide: Slide, size: tuple[int, int], cache_dir: Path) -> Path:
    """The card as a PNG at the render size, cached by what it shows."""
    key = hashlib.sha256(
        json.dumps([asdict(slide), size, slides.__name__], sort_keys=True, default=str).encode()
    ).hexdigest()[:24]
    path = cache_dir / "slides" / f"{key}.png"
    if not path.is_file():
        image = _draw(slide, size)
        with atomic_path(path) as tmp:
            image.save(tmp, format="PNG")
    return path


def _draw(slide: Slide, size: tuple[int, int]) -> Image.Image:
    if slide.kind == "title":
        organisation, *lines = slide.lines or ("",)
        return slides.title_card(size, organisation, slide.title, lines)
    if slide.kind == "section":
        return slides.section_card(size, slide.number, slide.title)
    if slide.kind == "closing":
        return slides.closing_card(size, list(slide.lines))
    rows = [
        indicator_slides.IndicatorRow(r.label, r.value, r.target, r.status, r.fraction)
        for r in slide.rows
    ]
    return indicator_slides.indicator_slide(size, slide.title, rows, slide.footer, slide.headers)
