"""Text drawn over the picture with Pillow and Be Vietnam Pro: caption bands and burned subtitles.

Captions are drawn by ``slides.cards.caption_overlay`` (one look for the cards and the bands).
Every drawing is a full-frame RGBA image; ``crop_overlay`` trims it to what is visible so
compositing stays cheap.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from generator.tools import font_path
from generator.video.slides.cards import caption_overlay

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


def caption(size: Size, text: str) -> Overlay | None:
    """The lower-third caption band for ``text``, or None when there is nothing to show."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return None
    return crop_overlay(caption_overlay(size, text))


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
    return max(0, -(int(font.getbbox("ẤỖỮ", anchor="ls")[1]) + ascent))
