"""The title, section and closing cards, and the caption band laid over photos and clips.

Pure drawing, plain data in, a PIL image out. Every length scales with the frame height
(1080 p is the reference), so a 320×180 preview uses the same layout as the final render.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

from generator.video.slides.paint import CREAM, GOLD, RED, canvas, draw_rule, draw_star
from generator.video.slides.text import (
    WHITE,
    Block,
    Color,
    Size,
    balanced,
    draw_block,
    fit,
    safe_box,
)


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
    draw_star(image, size[0] / 2, tops[0] + star, star)
    draw_rule(image, size[0] / 2, tops[rule_index] + gap - 1.5 * u, 240 * u)
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
