"""The storyboard of a period's video as the site receives it: plain data for a contact sheet.

The pipeline computes it from the video stage's plan (so the lengths are the real narration
lengths); the site only shows it, letting staff review the video before the long render.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class ContactShot:
    section: str  # the chapter title, in Vietnamese
    title: str
    seconds: float
    narration: str
    kind: Literal["slide", "photo", "clip"]
    picture: Path  # a drawn slide (PNG), a photo, or a clip (show a frame of it)
    clip_start: float = 0.0  # for clips: where the cut begins in the source
