"""Slides for the conference video: pure drawing, plain data in, a PIL image out.

The backgrounds and antialiased shapes every slide is painted with, and the cards: title,
section, closing, and the caption band laid over photos and clips. Text layout lives in
``slide_text``, the indicator table in ``indicator_slides``. Every length scales with the frame
height (1080 p is the reference), so a 320×180 preview uses the same layout as the final render.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw

from generator.video.slide_text import (
    WHITE,
    Block,
    Color,
    Size,
    balanced,
    draw_block,
    fit,
    safe_box,
)

# Draws into a 4× tile: (draw, scale, x offset, y offset) of the box inside the tile.
Painter = Callable[[ImageDraw.ImageDraw, int, float, float], None]

RED = ((124, 20, 24), (52, 6, 10))
NAVY = ((22, 40, 74), (7, 14, 32))
GOLD: Color = (222, 178, 82)
CREAM: Color = (246, 236, 214)


# --------------------------------------------------------------------------- backgrounds


@functools.lru_cache(maxsize=8)
def gradient(size: Size, colors: tuple[Color, Color]) -> Image.Image:
    """A diagonal two-colour gradient with a soft light near the top centre."""
    width, height = size
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    t = np.clip(0.8 * y + 0.2 * x, 0.0, 1.0)[..., None]
    top, bottom = (np.array(c, dtype=np.float32) for c in colors)
    rgb = top * (1 - t) + bottom * t
    glow = np.exp(-(((x - 0.5) / 0.45) ** 2 + ((y - 0.15) / 0.5) ** 2))[..., None]
    rgb = rgb + glow * 18.0
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    _frame(image)
    return image


def _frame(image: Image.Image) -> None:
    """A thin gold frame outside the safe area: decoration, never behind text."""
    width, height = image.size
    unit = height / 1080
    inset = round(height * 0.022)
    ImageDraw.Draw(image, "RGBA").rectangle(
        (inset, inset, width - 1 - inset, height - 1 - inset),
        outline=(*GOLD, 110),
        width=max(1, round(2 * unit)),
    )


def canvas(size: Size, colors: tuple[Color, Color]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = gradient(size, colors).copy()
    # An RGB image drawn through an "RGBA" Draw blends translucent fills instead of replacing.
    return image, ImageDraw.Draw(image, "RGBA")


def antialiased(image: Image.Image, box: tuple[float, float, float, float], paint: Painter) -> None:
    """Draw shapes at 4× into ``box`` and scale down, since PIL shapes have no antialiasing."""
    scale = 4
    left, top = math.floor(box[0]), math.floor(box[1])
    width, height = math.ceil(box[2]) - left, math.ceil(box[3]) - top
    if width <= 0 or height <= 0:
        return
    tile = Image.new("RGBA", (width * scale, height * scale), (0, 0, 0, 0))
    paint(ImageDraw.Draw(tile), scale, (box[0] - left) * scale, (box[1] - top) * scale)
    small = tile.resize((width, height), Image.Resampling.LANCZOS)
    image.paste(small, (left, top), small)


def _star(image: Image.Image, cx: float, cy: float, radius: float) -> None:
    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        r = radius * scale
        points = [
            (
                ox + r + (r if i % 2 == 0 else r * 0.38) * math.sin(i * math.pi / 5),
                oy + r - (r if i % 2 == 0 else r * 0.38) * math.cos(i * math.pi / 5),
            )
            for i in range(10)
        ]
        draw.polygon(points, fill=GOLD)

    antialiased(image, (cx - radius, cy - radius, cx + radius, cy + radius), paint)


def _rule(image: Image.Image, cx: float, y: float, width: float) -> None:
    thickness = max(1.0, 3 * image.height / 1080)

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        draw.rectangle((ox, oy, ox + width * scale, oy + thickness * scale), fill=GOLD)

    antialiased(image, (cx - width / 2, y, cx + width / 2, y + thickness), paint)


# --------------------------------------------------------------------------------- cards


def _stack(image: Image.Image, items: list[Block | float], colors: list[Color]) -> list[float]:
    """Centre a vertical stack of text blocks and gaps (floats) in the safe area.

    Returns the top of every item, so decorations can sit in the gaps.
    """
    left, top, right, bottom = safe_box(image.size)
    heights = [item.height if isinstance(item, Block) else item for item in items]
    y = top + max(0.0, (bottom - top - sum(heights)) / 2)
    draw = ImageDraw.Draw(image, "RGBA")
    palette = iter(colors)
    tops: list[float] = []
    for item, height in zip(items, heights, strict=True):
        tops.append(y)
        if isinstance(item, Block):
            draw_block(draw, item, left, y, right - left, "center", next(palette))
        y += height
    return tops


def _emblem_card(
    size: Size, head: tuple[str, str, float, float, int], before: str, after: Sequence[str]
) -> Image.Image:
    """Star, an optional gold line, a large heading, a gold rule, then smaller lines."""
    image, _ = canvas(size, RED)
    u = size[1] / 1080
    left, top, right, bottom = safe_box(size)
    width, height = right - left, bottom - top
    star, gap, small_gap = 36 * u, 40 * u, 14 * u
    over = fit(before.upper(), "SemiBold", 46 * u, 32 * u, width, 0.2 * height, 2)
    under = [fit(s, "Regular", 46 * u, 32 * u, width, 0.12 * height, 2) for s in after]
    used = 2 * star + 4 * gap + over.height + sum(b.height + small_gap for b in under)
    text, weight, px, min_px, max_lines = head
    heading = balanced(fit(text, weight, px * u, min_px * u, width, height - used, max_lines))
    items: list[Block | float] = [2 * star + gap]
    colors = [WHITE, *[CREAM] * len(under)]
    if over.lines:
        items += [over, gap]
        colors.insert(0, GOLD)
    items += [heading, 2 * gap]
    rule_index = len(items) - 1
    for block in under:
        items += [block, small_gap]
    tops = _stack(image, items, colors)
    _star(image, size[0] / 2, tops[0] + star, star)
    _rule(image, size[0] / 2, tops[rule_index] + gap - 1.5 * u, 240 * u)
    return image


def title_card(
    size: Size, organisation: str, title: str, subtitle_lines: Sequence[str]
) -> Image.Image:
    """Opening card: star, organisation, the period's title, conference date and place."""
    return _emblem_card(size, (title, "Bold", 92, 48, 3), organisation, subtitle_lines)


def closing_card(size: Size, lines: Sequence[str]) -> Image.Image:
    """Closing card: the first line large (a motto or thanks), the others smaller."""
    first = lines[0] if lines else ""
    return _emblem_card(size, (first, "Bold", 80, 44, 3), "", lines[1:])


def section_card(size: Size, number: int, title: str) -> Image.Image:
    """Chapter card: a large gold number, a gold bar, the section title."""
    image, draw = canvas(size, RED)
    u = size[1] / 1080
    left, top, right, bottom = safe_box(size)
    numeral = fit(f"{number:02d}", "Bold", 220 * u, 120 * u, 0.3 * (right - left), bottom - top, 1)
    bar_x = left + numeral.width + 48 * u
    text_x = bar_x + 48 * u
    head = balanced(fit(title, "Bold", 84 * u, 48 * u, right - text_x, bottom - top, 3))
    middle = (top + bottom) / 2
    draw_block(draw, numeral, left, middle - numeral.height / 2, fill=GOLD)
    draw_block(draw, head, text_x, middle - head.height / 2)
    half = max(numeral.height, head.height) / 2
    draw.rectangle(
        (bar_x, middle - half, bar_x + max(1, round(4 * u)) - 1, middle + half), fill=GOLD
    )
    return image


def caption_overlay(size: Size, text: str) -> Image.Image:
    """RGBA overlay for photos and clips: the caption in a darkened lower-third band."""
    width, height = size
    u = height / 1080
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    if not text.strip():
        return overlay
    left, _, right, bottom = safe_box(size)
    accent = max(2, round(8 * u))
    text_x = left + accent + 24 * u
    block = fit(text, "SemiBold", 46 * u, 34 * u, right - text_x, 0.22 * height, 2)
    text_top = bottom - block.height
    band_top = max(0, round(text_top - 90 * u))
    ramp = np.clip(np.linspace(-0.3, 1.6, height - band_top), 0.0, 1.0) * 200
    alpha = np.zeros((height, width), dtype=np.uint8)
    alpha[band_top:] = ramp.astype(np.uint8)[:, None]
    overlay.putalpha(Image.fromarray(alpha))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((left, text_top, left + accent - 1, bottom - 1), fill=(*GOLD, 255))
    draw_block(draw, block, text_x, text_top, fill=(*WHITE, 255))
    return overlay
