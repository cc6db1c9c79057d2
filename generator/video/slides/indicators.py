"""Indicator slides: a table of results (label, value over a bar, target, status), paged.

Be Vietnam Pro has no ✓/✗ glyphs (checked: they render as .notdef), so status marks are
drawn as shapes beside the words "Đạt" / "Không đạt" / "Chưa có số liệu".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from generator.evaluation import STATUS_LABELS, Status
from generator.video.slides.paint import CREAM, GOLD, NAVY, antialiased, canvas
from generator.video.slides.slide import IndicatorRow
from generator.video.slides.text import (
    WHITE,
    Block,
    Color,
    Size,
    draw_block,
    fit,
    reference_size,
    safe_box,
)

MAX_ROWS = 6
TABLE_HEADERS = ("Nội dung", "Kết quả", "Chỉ tiêu", "Đánh giá")
STATUS_COLORS: dict[Status, Color] = {
    Status.MET: (52, 168, 100),
    Status.NOT_MET: (226, 84, 70),
    Status.NO_DATA: (146, 156, 174),
    Status.WITHHELD: (146, 156, 174),
}
ROW_PADDING = 10  # px at 1080 p, above and below the tallest cell of a table row


@dataclass(frozen=True)
class _Table:
    """Where everything on an indicator slide goes, for one frame size, title and footer."""

    size: Size
    title: Block
    footer: Block
    headers: tuple[Block, ...]
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
        title_block = fit(title, "Bold", 56 * u, 44 * u, width, 0.2 * size[1], 2)
        footer_block = fit(footer, "Regular", 40 * u, 40 * u, width, 0.12 * size[1], 2)
        gutter = 28 * u
        usable = width - 3 * gutter
        x, columns = float(left), []
        for share in (0.40, 0.24, 0.13, 0.23):
            columns.append((x, usable * share))
            x += usable * share + gutter
        header_blocks = tuple(
            fit(h, "SemiBold", 40 * u, 40 * u, w, 80 * u, 1)
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

    def cells(self, row: IndicatorRow) -> tuple[Block, Block, Block, Block]:
        u = self.u
        (_, label_w), (_, value_w), (_, target_w), (_, status_w) = self.columns
        status_text = STATUS_LABELS[row.status]
        return (
            fit(row.label, "Regular", 40 * u, 40 * u, label_w, 200 * u, 3),
            fit(row.value, "Bold", 46 * u, 40 * u, value_w, 140 * u, 2),
            fit(_glue_comparator(row.target), "Regular", 40 * u, 40 * u, target_w, 140 * u, 2),
            fit(status_text, "SemiBold", 40 * u, 40 * u, status_w - 56 * u, 140 * u, 2),
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


def _badge(image: Image.Image, x: float, cy: float, diameter: float, status: Status) -> None:
    color = STATUS_COLORS[status]

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        d = diameter * scale
        draw.ellipse((ox, oy, ox + d, oy + d), fill=color)
        line = max(1, round(d * 0.11))

        def at(px: float, py: float) -> tuple[float, float]:
            return ox + px * d, oy + py * d

        if status is Status.MET:
            draw.line([at(0.27, 0.52), at(0.44, 0.68), at(0.74, 0.34)], fill=WHITE, width=line)
        elif status is Status.NOT_MET:
            draw.line([at(0.32, 0.32), at(0.68, 0.68)], fill=WHITE, width=line)
            draw.line([at(0.68, 0.32), at(0.32, 0.68)], fill=WHITE, width=line)
        elif status is Status.WITHHELD:  # a slash: a figure that exists, not in this version
            draw.line([at(0.34, 0.7), at(0.66, 0.3)], fill=WHITE, width=line)
        else:
            draw.line([at(0.28, 0.5), at(0.72, 0.5)], fill=WHITE, width=line)

    antialiased(image, (x, cy - diameter / 2, x + diameter, cy + diameter / 2), paint)


def _bar(image: Image.Image, x: float, y: float, width: float, row: IndicatorRow) -> None:
    height = 14 * image.height / 1080
    fraction = min(1.0, max(0.0, row.fraction or 0.0))
    color = STATUS_COLORS[row.status]

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        w, h = width * scale, height * scale
        draw.rounded_rectangle((ox, oy, ox + w, oy + h), radius=h / 2, fill=(255, 255, 255, 46))
        if fraction > 0:
            fill_w = max(h, w * fraction)
            draw.rounded_rectangle((ox, oy, ox + fill_w, oy + h), radius=h / 2, fill=color)

    antialiased(image, (x, y, x + width, y + height), paint)


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
    draw_block(draw, label, label_x, middle - label.height / 2)
    bar = 26 * u if row.fraction is not None else 0
    value_top = middle - (value.height + bar) / 2
    draw_block(draw, value, value_x, value_top)
    if row.fraction is not None:
        _bar(image, value_x, value_top + value.height + 12 * u, value_w, row)
    draw_block(draw, target, target_x, middle - target.height / 2, fill=CREAM)
    _badge(image, status_x, middle, 40 * u, row.status)
    color = STATUS_COLORS[row.status]
    draw_block(draw, status, status_x + 56 * u, middle - status.height / 2, fill=color)
    return top + height


def indicator_slide(
    size: Size,
    title: str,
    rows: Sequence[IndicatorRow],
    footer: str = "",
    headers: Sequence[str] = TABLE_HEADERS,
) -> Image.Image:
    """A table of results: label, value over a bar, target, status mark and word.

    Rows must fit one slide at 1080 p (``indicator_pages`` splits them so); more raise
    ValueError.
    """
    table = _Table.of(size, title, footer, headers)
    if not table.holds(rows):
        reference = reference_size(size)
        if size != reference and _Table.of(reference, title, footer, headers).holds(rows):
            # Tiny previews round font sizes up and can overflow where 1080 p fits: draw the
            # 1080 p slide and scale it, so a preview shows the same table as the final video.
            slide = indicator_slide(reference, title, rows, footer, headers)
            return slide.resize(size, Image.Resampling.LANCZOS)
        raise ValueError(f"{len(rows)} rows do not fit one slide; page them first")
    image, draw = canvas(size, NAVY)
    u = table.u
    left, top, right, _ = safe_box(size)
    draw_block(draw, table.title, left, top)
    draw.rectangle((left, table.rule_y, right - 1, table.rule_y + 2 * u), fill=(*GOLD, 90))
    draw.rectangle((left, table.rule_y - u, left + 220 * u, table.rule_y + 3 * u), fill=GOLD)
    for block, (x, _) in zip(table.headers, table.columns, strict=True):
        draw_block(draw, block, x, table.header_y, fill=GOLD)
    y = table.rows_top
    for index, row in enumerate(rows):
        y = _draw_row(image, table, row, y, index)
    if not rows:
        note = fit(
            STATUS_LABELS[Status.NO_DATA], "SemiBold", 48 * u, 40 * u, right - left, 200 * u, 1
        )
        middle = (table.rows_top + table.rows_bottom) / 2
        draw_block(draw, note, left, middle - note.height / 2, right - left, "center", CREAM)
    footer_top = safe_box(size)[3] - table.footer.height
    draw_block(draw, table.footer, left, footer_top, fill=CREAM)
    return image


def indicator_pages(
    size: Size,
    title: str,
    table_rows: Sequence[IndicatorRow],
    footer: str = "",
    max_rows: int = MAX_ROWS,
) -> list[list[IndicatorRow]]:
    """Split rows over as few slides as fit, as evenly as possible (7 rows → 4 + 3).

    Decided at 1080 p whatever ``size`` is (only its aspect counts), so a preview has the
    same slides, and the same video length, as the final render.
    """
    rows = list(table_rows)
    table = _Table.of(reference_size(size), f"{title} (9/9)", footer, TABLE_HEADERS)
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
    size: Size, title: str, rows: Sequence[IndicatorRow], footer: str = ""
) -> list[Image.Image]:
    """All the slides for ``rows``, titled "… (1/2)", "… (2/2)" when there are several."""
    pages = indicator_pages(size, title, rows, footer)
    if len(pages) == 1:
        return [indicator_slide(size, title, pages[0], footer)]
    return [
        indicator_slide(size, f"{title} ({n}/{len(pages)})", page, footer)
        for n, page in enumerate(pages, start=1)
    ]
