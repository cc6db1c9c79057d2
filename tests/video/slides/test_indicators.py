"""Indicator slides: exact sizes, the table inside the safe area, statuses, paging."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from video.slides.samples import (
    FULL_HD,
    LONG_TITLE,
    PREVIEW,
    ROWS,
    assert_inside_safe_area,
    ink_box,
)

from generator.video.slides.indicators import (
    MAX_ROWS,
    STATUS_COLORS,
    indicator_pages,
    indicator_slide,
    indicator_slides,
)
from generator.video.slides.paint import NAVY, gradient


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW, (1280, 720), (1080, 1080)])
def test_indicator_slides_have_exactly_the_requested_size(size: tuple[int, int]) -> None:
    image = indicator_slide(size, "Kết quả toàn tỉnh", ROWS, "Nguồn")
    assert image.size == size
    assert image.mode == "RGB"


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW])
def test_indicator_table_stays_in_the_safe_area(size: tuple[int, int]) -> None:
    long_rows = [replace(row, label=LONG_TITLE) for row in ROWS]
    first_page = indicator_pages(size, LONG_TITLE, long_rows, LONG_TITLE)[0]
    image = indicator_slide(size, LONG_TITLE, first_page, LONG_TITLE)
    assert_inside_safe_area(ink_box(image, gradient(size, NAVY)), size)


def test_indicator_slides_are_deterministic() -> None:
    first = indicator_slide(PREVIEW, "Kết quả toàn tỉnh", ROWS, "Nguồn")
    assert first.tobytes() == indicator_slide(PREVIEW, "Kết quả toàn tỉnh", ROWS, "Nguồn").tobytes()


def test_each_status_is_shown_in_its_colour() -> None:
    image = np.asarray(indicator_slide(FULL_HD, "Kết quả", ROWS[:3], ""), dtype=np.int16)
    for status, color in STATUS_COLORS.items():
        close = np.abs(image - np.array(color)).max(axis=2) < 12
        assert np.count_nonzero(close) > 500, status


def test_too_many_rows_for_one_slide_is_an_error() -> None:
    with pytest.raises(ValueError):
        indicator_slide(FULL_HD, "Kết quả", ROWS * 2, "")


def test_rows_are_paged_evenly_and_the_same_at_every_size() -> None:
    rows = [replace(row, label=f"{row.label} {n}") for n, row in enumerate(ROWS * 4)][:13]
    pages = indicator_pages(FULL_HD, "Kết quả", rows, "Nguồn")
    assert [r for page in pages for r in page] == rows
    assert all(len(page) <= MAX_ROWS for page in pages)
    assert max(map(len, pages)) - min(map(len, pages)) <= 1
    assert indicator_pages(PREVIEW, "Kết quả", rows, "Nguồn") == pages
    images = indicator_slides(PREVIEW, "Kết quả", rows, "Nguồn")
    assert len(images) == len(pages)
    assert all(image.size == PREVIEW for image in images)


def test_no_rows_gives_one_slide() -> None:
    assert indicator_pages(FULL_HD, "Kết quả", [], "") == [[]]
    assert indicator_slides(PREVIEW, "Kết quả", [], "")[0].size == PREVIEW
