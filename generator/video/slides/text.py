"""Fonts and text layout for the slides: Be Vietnam Pro, wrapped and fitted into boxes.

Every length scales with the frame height (1080 p is the reference), so a 320×180 preview
uses the same layout as the final render. Text is NFC, Be Vietnam Pro, and stays inside the
title-safe area (5 % on each side). Vietnamese stacks marks above capitals ("Ằ", "Ệ") higher
than the font's ascent, so line boxes are measured on those glyphs and on the actual string,
never on ascent alone. Text too long for its box first shrinks, then wraps, and only at the
smallest allowed size is cut with "…".
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from PIL import ImageDraw, ImageFont

from generator.tools import font_path

Size = tuple[int, int]
Color = tuple[int, int, int]

SAFE_MARGIN = 0.05
WHITE: Color = (255, 255, 255)
LINE_SPACING = 1.25  # em, between baselines of wrapped lines
WEIGHTS = ("Regular", "SemiBold", "Bold")
"""The Be Vietnam Pro weights the slides are drawn with (their files are part of the cache key)."""


def reference_size(size: Size) -> Size:
    """``size`` scaled to 1080 lines, the height all lengths here are designed for."""
    return round(1080 * size[0] / size[1]), 1080


def safe_box(size: Size) -> tuple[int, int, int, int]:
    """The title-safe area (left, top, right, bottom): 5 % in from each side."""
    width, height = size
    dx, dy = round(width * SAFE_MARGIN), round(height * SAFE_MARGIN)
    return dx, dy, width - dx, height - dy


@functools.lru_cache(maxsize=128)
def _font(weight: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), max(1, px))


@functools.lru_cache(maxsize=4096)
def _bbox(weight: str, px: int, line: str) -> tuple[int, int, int, int]:
    """Ink box of ``line`` around its baseline origin (slow: a few ms, hence cached)."""
    left, top, right, bottom = _font(weight, px).getbbox(line, anchor="ls")
    return int(left), int(top), int(right), int(bottom)


def _ink(weight: str, px: int, line: str) -> tuple[int, int]:
    """Horizontal ink extent of ``line`` drawn at x = 0, side bearings included."""
    left, _, right, _ = _bbox(weight, px, line)
    return min(left, 0), max(right, 0)


def _advance(font: ImageFont.FreeTypeFont, line: str) -> float:
    # Advance width: fifty times faster than the ink box, and within a pixel or two of it for
    # this upright font; blocks are checked on their ink box afterwards.
    return font.getlength(line)


@dataclass(frozen=True)
class Block:
    """Wrapped lines at one font and size, with baselines measured on the actual strings."""

    lines: tuple[str, ...]
    weight: str
    px: int

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return _font(self.weight, self.px)

    @functools.cached_property
    def _layout(self) -> tuple[tuple[int, ...], int]:
        """Baselines from the block's top, and its height.

        A line needs at least the font's ascent and descent, more where its own ink (a stacked
        "Ệ", a "ỵ") reaches further; lines are 1.25 em apart unless marks would then touch the
        descenders of the line above.
        """
        ascent, descent = self.font.getmetrics()
        baselines: list[int] = []
        y = previous_bottom = 0
        for line in self.lines:
            _, top, _, bottom = _bbox(self.weight, self.px, line)
            if baselines:
                clear = previous_bottom - top + math.ceil(0.06 * self.px)
                y += max(math.ceil(LINE_SPACING * self.px), clear)
            else:
                y = max(ascent, -top)
            baselines.append(y)
            previous_bottom = bottom
        return tuple(baselines), (y + max(descent, previous_bottom) if baselines else 0)

    @property
    def baselines(self) -> tuple[int, ...]:
        return self._layout[0]

    @property
    def height(self) -> int:
        return self._layout[1]

    @property
    def width(self) -> int:
        extents = (_ink(self.weight, self.px, line) for line in self.lines)
        return max((right - left for left, right in extents), default=0)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _advance(font, candidate) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _hard_wrap(lines: list[str], font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Break lines still too wide (one very long word) between characters."""
    result: list[str] = []
    for line in lines:
        while _advance(font, line) > max_width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and _advance(font, line[:cut]) > max_width:
                cut -= 1
            result.append(line[:cut])
            line = line[cut:].lstrip()
        result.append(line)
    return result


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, max_width: float) -> str:
    while line and _advance(font, line + "…") > max_width:
        line = line[:-1].rstrip()
    return line + "…"


@functools.lru_cache(maxsize=2048)
def fit(
    text: str,
    weight: str,
    px: float,
    min_px: float,
    max_width: float,
    max_height: float,
    max_lines: int,
) -> Block:
    """Wrap ``text`` at the largest size from ``px`` down to ``min_px`` that fits the box."""
    # Collapse whitespace but keep no-break spaces: they glue "> 90%" into one word.
    text = re.sub(r"[^\S\u00a0]+", " ", unicodedata.normalize("NFC", text)).strip()
    size, smallest = max(1, round(px)), max(1, round(min_px))
    while True:
        block = Block(tuple(_wrap(text, _font(weight, size), max_width)), weight, size)
        fits = len(block.lines) <= max_lines and block.height <= max_height
        if fits and block.width <= max_width:
            return block
        if size <= smallest:
            break
        size = max(smallest, math.floor(size * 0.93))
    lines = _hard_wrap(list(block.lines), block.font, max_width)
    keep = max(1, max_lines)
    while keep > 1 and Block(tuple(lines[:keep]), weight, size).height > max_height:
        keep -= 1
    if keep < len(lines):
        lines = [*lines[: keep - 1], _ellipsize(lines[keep - 1], block.font, max_width)]
    return Block(tuple(lines), weight, size)


def balanced(block: Block) -> Block:
    """Same number of lines, narrowest widest line: a heading without a lonely last word."""
    if len(block.lines) < 2:
        return block
    text, font = " ".join(block.lines), block.font
    low, high = block.width / len(block.lines), float(block.width)
    for _ in range(12):
        middle = (low + high) / 2
        if len(_wrap(text, font, middle)) <= len(block.lines):
            high = middle
        else:
            low = middle
    balanced = Block(tuple(_wrap(text, font, high)), block.weight, block.px)
    return balanced if balanced.height <= block.height else block


def draw_block(
    draw: ImageDraw.ImageDraw,
    block: Block,
    x: float,
    top: float,
    width: float = 0,
    align: Literal["left", "center"] = "left",
    fill: Color | tuple[int, int, int, int] = WHITE,
) -> float:
    """Draw ``block`` with its top at ``top``; return the y just below it."""
    font = block.font
    for line, offset in zip(block.lines, block.baselines, strict=True):
        left, right = _ink(block.weight, block.px, line)
        start = x - left
        if align == "center":
            start = x + (width - (right - left)) / 2 - left
        draw.text((start, top + offset), line, font=font, fill=fill, anchor="ls")
    return top + block.height
