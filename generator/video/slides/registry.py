"""Slide kinds and their drawers, and the cache of drawn slides.

To add a kind of slide: write its module in this package (a function ``(slide, size) ->
image``) and add one line to ``DRAWERS``. A slide of a kind not listed here is an error, never
a default drawing.

A drawn slide is cached as a PNG under a hash of what it shows, the frame size, the fonts and
the source of every module of this package and everything of ``generator`` it imports
(``codehash``): editing a colour or a layout rule re-draws the slides on the next render.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from PIL import Image

from generator.codehash import code_digest, file_digest
from generator.fsutil import atomic_path
from generator.tools import font_path
from generator.video.slides import cards, indicators
from generator.video.slides.slide import Slide
from generator.video.slides.text import WEIGHTS, Size

Drawer = Callable[[Slide, Size], Image.Image]


def _title(slide: Slide, size: Size) -> Image.Image:
    organisation, *lines = slide.lines or ("",)
    return cards.title_card(size, organisation, slide.title, lines)


def _section(slide: Slide, size: Size) -> Image.Image:
    return cards.section_card(size, slide.number, slide.title)


def _closing(slide: Slide, size: Size) -> Image.Image:
    return cards.closing_card(size, list(slide.lines))


def _indicators(slide: Slide, size: Size) -> Image.Image:
    headers = slide.headers or indicators.TABLE_HEADERS
    return indicators.indicator_slide(size, slide.title, slide.rows, slide.footer, headers)


DRAWERS: dict[str, Drawer] = {
    "title": _title,
    "section": _section,
    "closing": _closing,
    "indicators": _indicators,
}


class UnknownSlideKind(ValueError):
    """A slide whose kind has no drawer in ``DRAWERS``."""


def drawer_for(kind: str) -> Drawer:
    drawer = DRAWERS.get(kind)
    if drawer is None:
        known = ", ".join(sorted(DRAWERS))
        raise UnknownSlideKind(f"slide kind {kind!r} has no drawer (known: {known})")
    return drawer


def draw(slide: Slide, size: Size) -> Image.Image:
    """The slide drawn at ``size``."""
    return drawer_for(slide.kind)(slide, size)


def slide_key(slide: Slide, size: Size) -> str:
    """The cache key of ``slide`` drawn at ``size``: its content, the fonts and the code."""
    described = {
        "slide": asdict(slide),
        "size": list(size),
        "code": code_digest(__package__ or "generator.video.slides"),
        "fonts": file_digest(font_path(weight) for weight in WEIGHTS),
    }
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def drawn_slide(slide: Slide, size: Size, cache_dir: Path) -> Path:
    """The slide as a PNG at ``size`` in the cache, drawn when it is not there yet."""
    drawer = drawer_for(slide.kind)
    path = cache_dir / "slides" / f"{slide_key(slide, size)}.png"
    if not path.is_file():
        image = drawer(slide, size)
        with atomic_path(path) as tmp:
            image.save(tmp, format="PNG")
    return path
