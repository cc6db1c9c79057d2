"""Slides for the conference video: pure drawing, plain data in, a PIL image out.

Every length scales with the frame height (1080 p is the reference), so a 320×180 preview
uses the same layout as the final render. Text is NFC, Be Vietnam Pro, and stays inside the
title-safe area (5 % on each side). Vietnamese stacks marks above capitals ("Ằ", "Ệ") higher
than the font's ascent, so line boxes are measured on those glyphs and on the actual string,
never on ascent alone. Text too long for its box first shrinks, then wraps, and only at the
smallest allowed size is cut with "…".

Be Vietnam Pro has no ✓/✗ glyphs (checked: they render as .notdef), so status marks are
drawn as shapes beside the words "Đạt" / "Không đạt" / "Chưa có số liệu".
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from generator.tools import font_path

Size = tuple[int, int]
Color = tuple[int, int, int]
Status = Literal["met", "not_met", "no_data"]
# Draws into a 4× tile: (draw, scale, x offset, y offset) of the box inside the tile.
Painter = Callable[[ImageDraw.ImageDraw, int, float, float], None]

SAFE_MARGIN = 0.05
MAX_ROWS = 6
STATUS_LABELS: dict[str, str] = {"met": "Đạt", "not_met": "Không đạt", "no_data": "Chưa có số liệu"}
TABLE_HEADERS = ("Nội dung", "Kết quả", "Chỉ tiêu", "Đánh giá")

RED = ((124, 20, 24), (52, 6, 10))
NAVY = ((22, 40, 74), (7, 14, 32))
GOLD: Color = (222, 178, 82)
CREAM: Color = (246, 236, 214)
WHITE: Color = (255, 255, 255)
STATUS_COLORS: dict[str, Color] = {
    "met": (52, 168, 100),
    "not_met": (226, 84, 70),
    "no_data": (146, 156, 174),
}

LINE_SPACING = 1.25  # em, between baselines of wrapped lines
ROW_PADDING = 10  # px at 1080 p, above and below the tallest cell of a table row


class IndicatorRow(NamedTuple):
    """One line of an indicator slide; plain tuples of the same shape work too."""

    label: str
    value: str
    target: str
    status: Status
    fraction: float | None = None


def _reference_size(size: Size) -> Size:
    """``size`` scaled to 1080 lines, the height all lengths here are designed for."""
    return round(1080 * size[0] / size[1]), 1080


def safe_box(size: Size) -> tuple[int, int, int, int]:
    """The title-safe area (left, top, right, bottom): 5 % in from each side."""
    width, height = size
    dx, dy = round(width * SAFE_MARGIN), round(height * SAFE_MARGIN)
    return dx, dy, width - dx, height - dy


# ---------------------------------------------------------------------------- text layout


@functools.lru_cache(maxsize=128)
def _font(weight: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), max(1, px))


@functools.lru_cache(maxsize=4096)
def _bbox(weight: str, px: int, line: str) -> tuple[int, int, int, int]:
    """Ink box of ``line`` around its baseline origin (slow: a few ms, hence cached)."""
    return _font(weight, px).getbbox(line, anchor="ls")


def _ink(weight: str, px: int, line: str) -> tuple[int, int]:
    """Horizontal ink extent of ``line`` drawn at x = 0, side bearings included."""
    left, _, right, _ = _bbox(weight, px, line)
    return min(left, 0), max(right, 0)


def _advance(font: ImageFont.FreeTypeFont, line: str) -> float:
    # Advance width: fifty times faster than the ink box, and within a pixel or two of it for
    # this upright font; blocks are checked on their ink box afterwards.
    return font.getlength(line)


@dataclass(frozen=True)
class _Block:
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
def _fit(
    text: str,
    weight: str,
    px: float,
    min_px: float,
    max_width: float,
    max_height: float,
    max_lines: int,
) -> _Block:
    """Wrap ``text`` at the largest size from ``px`` down to ``min_px`` that fits the box."""
    # Collapse whitespace but keep no-break spaces: they glue "> 90%" into one word.
    text = re.sub(r"[^\S\u00a0]+", " ", unicodedata.normalize("NFC", text)).strip()
    size, smallest = max(1, round(px)), max(1, round(min_px))
    while True:
        block = _Block(tuple(_wrap(text, _font(weight, size), max_width)), weight, size)
        fits = len(block.lines) <= max_lines and block.height <= max_height
        if fits and block.width <= max_width:
            return block
        if size <= smallest:
            break
        size = max(smallest, math.floor(size * 0.93))
    lines = _hard_wrap(list(block.lines), block.font, max_width)
    keep = max(1, max_lines)
    while keep > 1 and _Block(tuple(lines[:keep]), weight, size).height > max_height:
        keep -= 1
    if keep < len(lines):
        lines = [*lines[: keep - 1], _ellipsize(lines[keep - 1], block.font, max_width)]
    return _Block(tuple(lines), weight, size)


def _balanced(block: _Block) -> _Block:
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
    balanced = _Block(tuple(_wrap(text, font, high)), block.weight, block.px)
    return balanced if balanced.height <= block.height else block


def _draw_block(
    draw: ImageDraw.ImageDraw,
    block: _Block,
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


# --------------------------------------------------------------------------- backgrounds


@functools.lru_cache(maxsize=8)
def _gradient(size: Size, colors: tuple[Color, Color]) -> Image.Image:
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


def _canvas(size: Size, colors: tuple[Color, Color]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = _gradient(size, colors).copy()
    # An RGB image drawn through an "RGBA" Draw blends translucent fills instead of replacing.
    return image, ImageDraw.Draw(image, "RGBA")


def _antialiased(
    image: Image.Image, box: tuple[float, float, float, float], paint: Painter
) -> None:
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

    _antialiased(image, (cx - radius, cy - radius, cx + radius, cy + radius), paint)


def _rule(image: Image.Image, cx: float, y: float, width: float) -> None:
    thickness = max(1.0, 3 * image.height / 1080)

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        draw.rectangle((ox, oy, ox + width * scale, oy + thickness * scale), fill=GOLD)

    _antialiased(image, (cx - width / 2, y, cx + width / 2, y + thickness), paint)


# --------------------------------------------------------------------------------- cards


def _stack(image: Image.Image, items: list[_Block | float], colors: list[Color]) -> list[float]:
    """Centre a vertical stack of text blocks and gaps (floats) in the safe area.

    Returns the top of every item, so decorations can sit in the gaps.
    """
    left, top, right, bottom = safe_box(image.size)
    heights = [item.height if isinstance(item, _Block) else item for item in items]
    y = top + max(0.0, (bottom - top - sum(heights)) / 2)
    draw = ImageDraw.Draw(image, "RGBA")
    palette = iter(colors)
    tops: list[float] = []
    for item, height in zip(items, heights, strict=True):
        tops.append(y)
        if isinstance(item, _Block):
            _draw_block(draw, item, left, y, right - left, "center", next(palette))
        y += height
    return tops


def _emblem_card(
    size: Size, head: tuple[str, str, float, float, int], before: str, after: Sequence[str]
) -> Image.Image:
    """Star, an optional gold line, a large heading, a gold rule, then smaller lines."""
    image, _ = _canvas(size, RED)
    u = size[1] / 1080
    left, top, right, bottom = safe_box(size)
    width, height = right - left, bottom - top
    star, gap, small_gap = 36 * u, 40 * u, 14 * u
    over = _fit(before.upper(), "SemiBold", 46 * u, 32 * u, width, 0.2 * height, 2)
    under = [_fit(s, "Regular", 46 * u, 32 * u, width, 0.12 * height, 2) for s in after]
    used = 2 * star + 4 * gap + over.height + sum(b.height + small_gap for b in under)
    text, weight, px, min_px, max_lines = head
    heading = _balanced(_fit(text, weight, px * u, min_px * u, width, height - used, max_lines))
    items: list[_Block | float] = [2 * star + gap]
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
    image, draw = _canvas(size, RED)
    u = size[1] / 1080
    left, top, right, bottom = safe_box(size)
    numeral = _fit(f"{number:02d}", "Bold", 220 * u, 120 * u, 0.3 * (right - left), bottom - top, 1)
    bar_x = left + numeral.width + 48 * u
    text_x = bar_x + 48 * u
    head = _balanced(_fit(title, "Bold", 84 * u, 48 * u, right - text_x, bottom - top, 3))
    middle = (top + bottom) / 2
    _draw_block(draw, numeral, left, middle - numeral.height / 2, fill=GOLD)
    _draw_block(draw, head, text_x, middle - head.height / 2)
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
    block = _fit(text, "SemiBold", 46 * u, 34 * u, right - text_x, 0.22 * height, 2)
    text_top = bottom - block.height
    band_top = max(0, round(text_top - 90 * u))
    ramp = np.clip(np.linspace(-0.3, 1.6, height - band_top), 0.0, 1.0) * 200
    alpha = np.zeros((height, width), dtype=np.uint8)
    alpha[band_top:] = ramp.astype(np.uint8)[:, None]
    overlay.putalpha(Image.fromarray(alpha))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((left, text_top, left + accent - 1, bottom - 1), fill=(*GOLD, 255))
    _draw_block(draw, block, text_x, text_top, fill=(*WHITE, 255))
    return overlay


# ------------------------------------------------------------------------ indicator table


@dataclass(frozen=True)
class _Table:
    """Where everything on an indicator slide goes, for one frame size, title and footer."""

    size: Size
    title: _Block
    footer: _Block
    headers: tuple[_Block, ...]
    columns: tuple[tuple[float, float], ...]  # (x, width) of label, result, target, status
    rule_y: float
    header_y: float
    rows_top: float
    rows_bottom: float

    @property
    def u(self) -> float:
        return self.size[1] / 1080

    @classmethod
    def of(cls, size: Size, title: str, footer: str, headers: Sequence[str]) -> _Table:
        u = size[1] / 1080
        left, top, right, bottom = safe_box(size)
        width = right - left
        title_block = _fit(title, "Bold", 56 * u, 44 * u, width, 0.2 * size[1], 2)
        footer_block = _fit(footer, "Regular", 40 * u, 40 * u, width, 0.12 * size[1], 2)
        gutter = 28 * u
        usable = width - 3 * gutter
        x, columns = float(left), []
        for share in (0.40, 0.24, 0.13, 0.23):
            columns.append((x, usable * share))
            x += usable * share + gutter
        header_blocks = tuple(
            _fit(h, "SemiBold", 40 * u, 40 * u, w, 80 * u, 1)
            for h, (_, w) in zip(headers, columns, strict=True)
        )
        rule_y = top + title_block.height + 16 * u
        header_y = rule_y + 24 * u
        header_height = max(b.height for b in header_blocks)
        return cls(
            size=size,
            title=title_block,
            footer=footer_block,
            headers=header_blocks,
            columns=tuple(columns),
            rule_y=rule_y,
            header_y=header_y,
            rows_top=header_y + header_height + 10 * u,
            rows_bottom=bottom - footer_block.height - (20 * u if footer_block.lines else 0),
        )

    def cells(self, row: IndicatorRow) -> tuple[_Block, _Block, _Block, _Block]:
        u = self.u
        (_, label_w), (_, value_w), (_, target_w), (_, status_w) = self.columns
        status_text = STATUS_LABELS.get(row.status, STATUS_LABELS["no_data"])
        return (
            _fit(row.label, "Regular", 40 * u, 40 * u, label_w, 200 * u, 3),
            _fit(row.value, "Bold", 46 * u, 40 * u, value_w, 140 * u, 2),
            _fit(_glue_comparator(row.target), "Regular", 40 * u, 40 * u, target_w, 140 * u, 2),
            _fit(status_text, "SemiBold", 40 * u, 40 * u, status_w - 56 * u, 140 * u, 2),
        )

    def holds(self, rows: Sequence[IndicatorRow]) -> bool:
        space = self.rows_bottom - self.rows_top
        return len(rows) <= MAX_ROWS and sum(map(self.row_height, rows)) <= space

    def row_height(self, row: IndicatorRow) -> float:
        label, value, target, status = self.cells(row)
        bar = 26 * self.u if row.fraction is not None else 0
        content = max(label.height, value.height + bar, target.height, status.height)
        return content + ROW_PADDING * 2 * self.u


def _glue_comparator(target: str) -> str:
    """Glue a leading comparator to its number, so that "> 90%" never breaks."""
    return re.sub(r"^([<>≤≥=]+) ", "\\1\u00a0", target.strip())


def _badge(image: Image.Image, x: float, cy: float, diameter: float, status: str) -> None:
    color = STATUS_COLORS.get(status, STATUS_COLORS["no_data"])

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        d = diameter * scale
        draw.ellipse((ox, oy, ox + d, oy + d), fill=color)
        line = max(1, round(d * 0.11))

        def at(px: float, py: float) -> tuple[float, float]:
            return ox + px * d, oy + py * d

        if status == "met":
            draw.line([at(0.27, 0.52), at(0.44, 0.68), at(0.74, 0.34)], fill=WHITE, width=line)
        elif status == "not_met":
            draw.line([at(0.32, 0.32), at(0.68, 0.68)], fill=WHITE, width=line)
            draw.line([at(0.68, 0.32), at(0.32, 0.68)], fill=WHITE, width=line)
        else:
            draw.line([at(0.28, 0.5), at(0.72, 0.5)], fill=WHITE, width=line)

    _antialiased(image, (x, cy - diameter / 2, x + diameter, cy + diameter / 2), paint)


def _bar(image: Image.Image, x: float, y: float, width: float, row: IndicatorRow) -> None:
    height = 14 * image.height / 1080
    fraction = min(1.0, max(0.0, row.fraction or 0.0))
    color = STATUS_COLORS.get(row.status, STATUS_COLORS["no_data"])

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        w, h = width * scale, height * scale
        draw.rounded_rectangle((ox, oy, ox + w, oy + h), radius=h / 2, fill=(255, 255, 255, 46))
        if fraction > 0:
            fill_w = max(h, w * fraction)
            draw.rounded_rectangle((ox, oy, ox + fill_w, oy + h), radius=h / 2, fill=color)

    _antialiased(image, (x, y, x + width, y + height), paint)


def _draw_row(
    image: Image.Image, table: _Table, row: IndicatorRow, top: float, index: int
) -> float:
    u = table.u
    height = table.row_height(row)
    left, _, right, _ = safe_box(image.size)
    draw = ImageDraw.Draw(image, "RGBA")
    if index % 2 == 0:
        draw.rectangle((left, top, right - 1, top + height), fill=(255, 255, 255, 14))
    draw.line(
        (left, top + height, right - 1, top + height), fill=(*GOLD, 70), width=max(1, round(u))
    )
    label, value, target, status = table.cells(row)
    middle = top + height / 2
    (label_x, _), (value_x, value_w), (target_x, _), (status_x, _) = table.columns
    _draw_block(draw, label, label_x, middle - label.height / 2)
    bar = 26 * u if row.fraction is not None else 0
    value_top = middle - (value.height + bar) / 2
    _draw_block(draw, value, value_x, value_top)
    if row.fraction is not None:
        _bar(image, value_x, value_top + value.height + 12 * u, value_w, row)
    _draw_block(draw, target, target_x, middle - target.height / 2, fill=CREAM)
    _badge(image, status_x, middle, 40 * u, row.status)
    color = STATUS_COLORS.get(row.status, STATUS_COLORS["no_data"])
    _draw_block(draw, status, status_x + 56 * u, middle - status.height / 2, fill=color)
    return top + height


def indicator_slide(
    size: Size,
    title: str,
    rows: Sequence[IndicatorRow | tuple],
    footer: str = "",
    headers: Sequence[str] = TABLE_HEADERS,
) -> Image.Image:
    """A table of results: label, value over a bar, target, status mark and word.

    Rows must fit one slide at 1080 p (``indicator_pages`` splits them so); more raise
    ValueError.
    """
    table = _Table.of(size, title, footer, headers)
    rows = [IndicatorRow(*row) for row in rows]
    if not table.holds(rows):
        reference = _reference_size(size)
        if size != reference and _Table.of(reference, title, footer, headers).holds(rows):
            # Tiny previews round font sizes up and can overflow where 1080 p fits: draw the
            # 1080 p slide and scale it, so a preview shows the same table as the final video.
            slide = indicator_slide(reference, title, rows, footer, headers)
            return slide.resize(size, Image.Resampling.LANCZOS)
        raise ValueError(f"{len(rows)} rows do not fit one slide; page them first")
    image, draw = _canvas(size, NAVY)
    u = table.u
    left, top, right, _ = safe_box(size)
    _draw_block(draw, table.title, left, top)
    draw.rectangle((left, table.rule_y, right - 1, table.rule_y + 2 * u), fill=(*GOLD, 90))
    draw.rectangle((left, table.rule_y - u, left + 220 * u, table.rule_y + 3 * u), fill=GOLD)
    for block, (x, _) in zip(table.headers, table.columns, strict=True):
        _draw_block(draw, block, x, table.header_y, fill=GOLD)
    y = table.rows_top
    for index, row in enumerate(rows):
        y = _draw_row(image, table, row, y, index)
    if not rows:
        note = _fit(STATUS_LABELS["no_data"], "SemiBold", 48 * u, 40 * u, right - left, 200 * u, 1)
        middle = (table.rows_top + table.rows_bottom) / 2
        _draw_block(draw, note, left, middle - note.height / 2, right - left, "center", CREAM)
    footer_top = safe_box(size)[3] - table.footer.height
    _draw_block(draw, table.footer, left, footer_top, fill=CREAM)
    return image


def indicator_pages(
    size: Size,
    title: str,
    rows: Sequence[IndicatorRow | tuple],
    footer: str = "",
    max_rows: int = MAX_ROWS,
) -> list[list[IndicatorRow]]:
    """Split rows over as few slides as fit, as evenly as possible (7 rows → 4 + 3).

    Decided at 1080 p whatever ``size`` is (only its aspect counts), so a preview has the
    same slides, and the same video length, as the final render.
    """
    rows = [IndicatorRow(*row) for row in rows]
    table = _Table.of(_reference_size(size), f"{title} (9/9)", footer, TABLE_HEADERS)
    space = table.rows_bottom - table.rows_top
    heights = [table.row_height(row) for row in rows]

    def fits(start: int, stop: int) -> bool:
        return stop - start <= max_rows and sum(heights[start:stop]) <= space

    greedy: list[list[IndicatorRow]] = []
    start = 0
    for stop in range(1, len(rows) + 1):
        if stop - 1 > start and not fits(start, stop):
            greedy.append(rows[start : stop - 1])
            start = stop - 1
    greedy.append(rows[start:])
    count = len(greedy)
    bounds = [round(i * len(rows) / count) for i in range(count + 1)]
    if all(fits(a, b) for a, b in itertools.pairwise(bounds)):
        return [rows[a:b] for a, b in itertools.pairwise(bounds)]
    return greedy


def indicator_slides(
    size: Size, title: str, rows: Sequence[IndicatorRow | tuple], footer: str = ""
) -> list[Image.Image]:
    """All the slides for ``rows``, titled "… (1/2)", "… (2/2)" when there are several."""
    pages = indicator_pages(size, title, rows, footer)
    if len(pages) == 1:
        return [indicator_slide(size, title, pages[0], footer)]
    return [
        indicator_slide(size, f"{title} ({n}/{len(pages)})", page, footer)
        for n, page in enumerate(pages, start=1)
    ]
