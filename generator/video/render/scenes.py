"""The render engine's input: scenes, chapters and settings, as plain frozen dataclasses.

The storyboard (a pure function of the model) produces these; the engine in ``engine.py`` turns
them into an MP4. The engine does not import the content model when it runs (only the
``SectionId`` type, for the type checker), so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.model import SectionId

Fill = Literal["auto", "cover", "contain"]
"""How a picture meets the 16:9 frame: ``cover`` crops, ``contain`` shows all of it over a
blurred, darkened fill of itself; ``auto`` covers when the aspect is close to the frame's."""


@dataclass(frozen=True)
class KenBurns:
    """A gentle pan/zoom over a picture, from start to end of the scene.

    Zoom 1.0 shows the whole (filled) frame; 1.1 shows the middle 1/1.1 of it. A focus point is
    relative (0..1, 0..1) within the area the viewport can travel, so it never leaves the picture.
    """

    zoom_start: float = 1.0
    zoom_end: float = 1.08
    focus_start: tuple[float, float] = (0.5, 0.5)
    focus_end: tuple[float, float] = (0.5, 0.5)

    def __post_init__(self) -> None:
        if min(self.zoom_start, self.zoom_end) < 1.0:
            raise ValueError("Ken Burns zoom must be >= 1.0 (1.0 shows the whole frame)")

    @property
    def max_zoom(self) -> float:
        return max(self.zoom_start, self.zoom_end)


STATIC = KenBurns(zoom_start=1.0, zoom_end=1.0)


@dataclass(frozen=True)
class Still:
    """A photo (any orientation, EXIF-rotated, CMYK or transparent) with a caption band."""

    path: Path
    caption: str = ""
    ken_burns: KenBurns = KenBurns()
    fill: Fill = "auto"


@dataclass(frozen=True)
class Card:
    """A pre-drawn slide (PNG, ideally at the render size); ``zoom_end`` > 1 for a slow push-in."""

    path: Path
    zoom_end: float = 1.0


@dataclass(frozen=True)
class ClipShot:
    """A cut of a video clip between its in and out points (seconds in the source)."""

    path: Path
    start: float = 0.0
    end: float | None = None
    audio: Literal["keep", "mute"] = "keep"
    caption: str = ""


Visual = Still | Card | ClipShot


@dataclass(frozen=True)
class Cue:
    """One subtitle line, in seconds relative to the start of its scene."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Scene:
    """One shot of the video: what is seen, for how long, and what is said over it.

    ``narration`` is any audio file ffmpeg reads (a TTS wav or a recorded voice-over); it starts
    ``narration_at`` seconds into the scene and is cut at the scene's end.
    """

    id: str
    section: SectionId
    title: str
    visual: Visual
    duration: float
    narration: Path | None = None
    narration_at: float = 0.0
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True)
class Chapter:
    """The Vietnamese title of a section, as the caller wants it in the player's chapter list."""

    section: SectionId
    title: str


@dataclass(frozen=True)
class RenderSettings:
    """Everything about the output that is not content. Codec defaults follow DESIGN.md."""

    size: tuple[int, int] = (1920, 1080)
    fps: int = 30
    crf: int = 20
    preset: str = "veryfast"
    burn_subtitles: bool = False
    music: Path | None = None
    music_gain_db: float = -18.0
    """Level of the background music before ducking under speech."""
    dip: float = 0.25
    """Seconds of fade from and to black at each scene's edges (see engine.py for why dips)."""
    loudness: float = -16.0
    """Integrated loudness target, LUFS."""
    true_peak: float = -1.5
    """True-peak ceiling, dBTP."""
    audio_bitrate: str = "192k"
    title: str = ""
    """MP4 title metadata."""
    cache_dir: Path = field(default_factory=lambda: Path(".cache") / "video")

    @classmethod
    def preview(cls, **overrides: object) -> RenderSettings:
        """A fast low-resolution draft (``baocao video --preview``)."""
        base = cls(size=(640, 360), fps=25, crf=26, preset="veryfast", audio_bitrate="96k")
        return replace(base, **overrides)  # type: ignore[arg-type]

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]


def scene_frames(scene: Scene, fps: int) -> int:
    """A scene lasts a whole number of frames, so segment joins keep audio and video in sync."""
    return max(1, round(scene.duration * fps))
