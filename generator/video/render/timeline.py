"""Where each scene and chapter falls in the finished video, counted in whole frames.

Counting frames (not adding float seconds) is what keeps video segments, the audio mix, the
chapters and the subtitles on the same clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.video.render.scenes import Chapter, Scene, scene_frames

if TYPE_CHECKING:
    from generator.model import SectionId


@dataclass(frozen=True)
class Placed:
    """A scene and its place on the timeline."""

    scene: Scene
    first_frame: int
    frames: int
    fps: int

    @property
    def start(self) -> float:
        return self.first_frame / self.fps

    @property
    def end(self) -> float:
        return (self.first_frame + self.frames) / self.fps

    @property
    def duration(self) -> float:
        return self.frames / self.fps


@dataclass(frozen=True)
class ChapterSpan:
    section: SectionId
    title: str
    start: float
    end: float


def place(scenes: Sequence[Scene], fps: int) -> list[Placed]:
    placed: list[Placed] = []
    cursor = 0
    for scene in scenes:
        count = scene_frames(scene, fps)
        placed.append(Placed(scene, cursor, count, fps))
        cursor += count
    return placed


def total_frames(placed: Sequence[Placed]) -> int:
    return placed[-1].first_frame + placed[-1].frames if placed else 0


def chapter_spans(placed: Sequence[Placed], chapters: Sequence[Chapter]) -> list[ChapterSpan]:
    """One chapter per run of consecutive scenes of a section, titled by the caller (every
    section shown needs its ``Chapter``)."""
    titles = {c.section: c.title for c in chapters}
    untitled = sorted({p.scene.section for p in placed} - titles.keys())
    if untitled:
        raise ValueError(f"no chapter title for section(s) {', '.join(untitled)}")
    spans: list[ChapterSpan] = []
    for item in placed:
        section = item.scene.section
        if spans and spans[-1].section == section:
            last = spans[-1]
            spans[-1] = ChapterSpan(section, last.title, last.start, item.end)
        else:
            spans.append(ChapterSpan(section, titles[section], item.start, item.end))
    return spans
