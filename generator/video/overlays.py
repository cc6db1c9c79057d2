"""Text drawn over the picture with Pillow and Be Vietnam Pro: caption bands and burned subtitles.

Captions come from ``slides.caption_overlay`` when that module provides it (one look for all
cards and bands); until then a simple band drawn here stands in. Every drawing is a full-frame
RGBA image; ``crop_overlay`` trims it to what is visible so compositing stays cheap.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from generator.tools import font_path

Size = tuple[int, int]

TITLE_SAFE = 0.05
"""Margin on each side, as a fraction of the frame (EBU R 95 title-safe area)."""


@dataclass(frozen=True)
class Overlay:
    """A trimmed RGBA drawing and where its top-left corner goes (even coordinates)."""

    image: Image.Image
    x: int
    y: int

    @property
    def top(self) -> int:
        return self.y


def caption_renderer() -> tuple[Callable[[Size, str], Image.Image], str]:
    """The caption drawing function and an identity string for cache keys."""
    try:
        from generator.video import slide_text, slides

        draw = slides.caption_overlay
    except (ImportError, AttributeError):
        return _fallback_caption, "overlays.fallback-caption/1"
    # The drawing's look lives in slides.py and its text layout in slide_text.py: their source
    # is part of every caption's cache key.
    sources = "".join(_source_digest(module.__file__) for module in (slides, slide_text))
    return draw, f"slides.caption_overlay/{sources}"


@functools.cache
def _source_digest(path: str | None) -> str:
    if path is None:
        return "unknown"
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def caption(size: Size, text: str) -> Overlay | None:
    """The lower-third caption band for ``text``, or None when there is nothing to show."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return None
    draw_caption, _ = caption_renderer()
    return crop_overlay(draw_caption(size, text))


def subtitle(size: Size, text: str, bottom: int | None = None) -> Overlay | None:
    """One burned-in subtitle, centred, its lowest pixel above ``bottom`` (default: title-safe)."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return None
    width, height = size
    margin_x, margin_y = round(width * TITLE_SAFE), round(height * TITLE_SAFE)
    font = _font("SemiBold", max(12, round(height / 24)))
    lines = wrap(text, font, width - 2 * margin_x - height // 20)[:3]
    pad = max(2, height // 90)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    line_h, room = _line_height(font), _mark_room(font)
    y = (bottom if bottom is not None else height - margin_y) - len(lines) * (line_h + 2 * pad)
    for line in lines:
        length = round(font.getlength(line))
        x = (width - length) // 2
        draw.rectangle((x - 2 * pad, y, x + length + 2 * pad, y + line_h + 2 * pad), (0, 0, 0, 170))
        draw.text((x, y + pad + room), line, font=font, fill=(255, 255, 255, 255), anchor="la")
        y += line_h + 2 * pad
    return crop_overlay(layer)


def crop_overlay(layer: Image.Image) -> Overlay | None:
    """Trim a full-frame RGBA drawing to its visible box, widened to even coordinates so the
    half-resolution chroma planes line up."""
    layer = layer.convert("RGBA")
    box = layer.getchannel("A").getbbox()
    if box is None:
        return None
    left, top, right, bottom = box
    left, top = left - left % 2, top - top % 2
    right = min(layer.width, right + right % 2)
    bottom = min(layer.height, bottom + bottom % 2)
    return Overlay(layer.crop((left, top, right, bottom)), left, top)


def wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap by measured width (Vietnamese words are short; no hyphenation)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if current and font.getlength(candidate) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
    return lines


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), size)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent + _mark_room(font)


def _mark_room(font: ImageFont.FreeTypeFont) -> int:
    """Pixels that stacked Vietnamese marks (Ấ, Ỗ, Ữ) rise above the face's ascent."""
    ascent, _ = font.getmetrics()
    return max(0, -(font.getbbox("ẤỖỮ", anchor="ls")[1] + ascent))


def _fallback_caption(size: Size, text: str) -> Image.Image:
    """A dark translucent lower-third band with up to two lines of white text."""
    width, height = size
    margin_x, margin_y = round(width * TITLE_SAFE), round(height * TITLE_SAFE)
    max_text = width - 2 * margin_x - 2 * (height // 36)
    font_size = max(10, round(height / 22))
    font = _font("Medium", font_size)
    lines = wrap(text, font, max_text)
    while len(lines) > 2 and font_size > height / 34:
        font_size -= max(1, font_size // 12)
        font = _font("Medium", font_size)
        lines = wrap(text, font, max_text)
    if len(lines) > 2:
        lines = [lines[0], _ellipsize(" ".join(lines[1:]), font, max_text)]
    pad = height // 36
    line_h = _line_height(font)
    band_h = len(lines) * line_h + 2 * pad
    band_top = height - margin_y - band_h
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle((margin_x, band_top, width - margin_x, height - margin_y), (10, 25, 60, 190))
    accent = max(2, height // 180)
    draw.rectangle((margin_x, band_top, margin_x + accent, height - margin_y), (200, 30, 40, 255))
    y = band_top + pad + _mark_room(font)
    for line in lines:
        draw.text((margin_x + pad, y), line, font=font, fill=(255, 255, 255, 255), anchor="la")
        y += line_h
    return layer


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> str:
    words = text.split()
    while words and font.getlength(" ".join(words) + " …") > max_width:
        words.pop()
    return " ".join(words) + " …"
