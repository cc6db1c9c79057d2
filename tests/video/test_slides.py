"""Slides: exact sizes, text inside the title-safe area, Vietnamese marks never clipped."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from PIL import Image

from generator.video import slides
from generator.video.slides import (
    MAX_ROWS,
    STATUS_COLORS,
    IndicatorRow,
    caption_overlay,
    closing_card,
    indicator_pages,
    indicator_slide,
    indicator_slides,
    safe_box,
    section_card,
    title_card,
)

FULL_HD = (1920, 1080)
PREVIEW = (320, 180)
STACKED = "ỆỞẰ ỵ"
LONG_TITLE = (
    "Báo cáo tổng kết công tác kiểm sát năm 2021 và phương hướng nhiệm vụ trọng tâm năm "
    "2022 của toàn ngành Kiểm sát nhân dân tỉnh Phú Yên, " + STACKED
)
ROWS = [
    IndicatorRow("Tỷ lệ giải quyết tố giác, tin báo về tội phạm", "95,62%", "> 90%", "met", 0.96),
    IndicatorRow("Tỷ lệ kiến nghị được chấp nhận", "78,00%", "≥ 80%", "not_met", 0.78),
    IndicatorRow("Tỷ lệ kháng nghị phúc thẩm được chấp nhận", "—", "> 70%", "no_data", None),
    IndicatorRow("Số người bị tạm giữ, tạm giam quá hạn", "0 người", "= 0", "met", None),
]


def ink_box(image: Image.Image, blank: Image.Image) -> tuple[int, int, int, int]:
    """Bounding box of what ``image`` draws over ``blank`` (same slide without the text)."""
    difference = np.abs(np.asarray(image, dtype=np.int16) - np.asarray(blank, dtype=np.int16))
    ys, xs = np.nonzero(difference.max(axis=2) > 24)
    assert len(xs), "nothing was drawn"
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def assert_inside_safe_area(box: tuple[int, int, int, int], size: tuple[int, int]) -> None:
    left, top, right, bottom = safe_box(size)
    assert box[0] >= left and box[1] >= top, (box, safe_box(size))
    assert box[2] <= right and box[3] <= bottom, (box, safe_box(size))


SLIDES = {
    "title": lambda size: title_card(
        size, "Viện kiểm sát nhân dân tỉnh Phú Yên", "Sơ kết 6 tháng đầu năm 2021", ["15/7/2021"]
    ),
    "section": lambda size: section_card(size, 2, "Kết quả thực hiện chỉ tiêu"),
    "closing": lambda size: closing_card(size, ["Đoàn kết, đổi mới", "Trân trọng cảm ơn!"]),
    "indicators": lambda size: indicator_slide(size, "Kết quả toàn tỉnh", ROWS, "Nguồn"),
}


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW, (1280, 720), (1080, 1080)])
@pytest.mark.parametrize("name", list(SLIDES))
def test_slides_have_exactly_the_requested_size(name: str, size: tuple[int, int]) -> None:
    image = SLIDES[name](size)
    assert image.size == size
    assert image.mode == "RGB"


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW])
def test_caption_overlay_is_transparent_above_the_lower_third(size: tuple[int, int]) -> None:
    overlay = caption_overlay(size, "Kiểm sát việc tạm giữ, tạm giam tại Nhà tạm giữ")
    assert (overlay.size, overlay.mode) == (size, "RGBA")
    alpha = np.asarray(overlay)[..., 3]
    assert alpha[: size[1] * 2 // 3].max() == 0
    assert alpha[-size[1] // 10 :].min() > 100


def test_empty_caption_draws_nothing() -> None:
    assert np.asarray(caption_overlay(FULL_HD, "  "))[..., 3].max() == 0


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW])
def test_title_card_text_stays_in_the_safe_area(size: tuple[int, int]) -> None:
    blank = title_card(size, "", "", [])
    image = title_card(size, "Viện kiểm sát nhân dân tỉnh Phú Yên", LONG_TITLE, [LONG_TITLE])
    assert_inside_safe_area(ink_box(image, blank), size)


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW])
def test_section_and_closing_text_stays_in_the_safe_area(size: tuple[int, int]) -> None:
    section = ink_box(section_card(size, 12, LONG_TITLE), section_card(size, 12, ""))
    assert_inside_safe_area(section, size)
    closing = ink_box(closing_card(size, [LONG_TITLE, LONG_TITLE]), closing_card(size, []))
    assert_inside_safe_area(closing, size)


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW])
def test_indicator_table_stays_in_the_safe_area(size: tuple[int, int]) -> None:
    long_rows = [row._replace(label=LONG_TITLE) for row in ROWS]
    first_page = indicator_pages(size, LONG_TITLE, long_rows, LONG_TITLE)[0]
    image = indicator_slide(size, LONG_TITLE, first_page, LONG_TITLE)
    assert_inside_safe_area(ink_box(image, slides._gradient(size, slides.NAVY)), size)


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW])
def test_caption_text_stays_in_the_safe_area(size: tuple[int, int]) -> None:
    rgba = np.asarray(caption_overlay(size, LONG_TITLE + " " + LONG_TITLE))
    bright = (rgba[..., :3].max(axis=2) > 150) & (rgba[..., 3] > 150)
    ys, xs = np.nonzero(bright)
    assert_inside_safe_area((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1), size)


def test_stacked_marks_are_not_clipped_at_the_top_of_the_safe_area() -> None:
    # An indicator slide's title starts on the safe area's top edge; the breve and grave of
    # "Ằ" reach above the font's ascent and must be drawn in full, below that edge.
    blank = slides._gradient(FULL_HD, slides.NAVY)
    stacked = ink_box(indicator_slide(FULL_HD, STACKED, [], ""), blank)
    plain = ink_box(indicator_slide(FULL_HD, "A", [], ""), blank)
    assert stacked[1] >= safe_box(FULL_HD)[1]
    assert stacked[1] < plain[1] - 5  # the marks are there, above the capitals


def test_descenders_are_not_clipped_at_the_bottom_of_the_safe_area() -> None:
    # A caption ends on the safe area's bottom edge, the worst place for the dot under "ỵ".
    rgba = np.asarray(caption_overlay(FULL_HD, STACKED))
    text = (rgba[..., :3].min(axis=2) > 150) & (rgba[..., 3] > 150)
    ys, xs = np.nonzero(text)
    assert_inside_safe_area((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1), FULL_HD)
    plain = np.asarray(caption_overlay(FULL_HD, "OA"))
    plain_ys, _ = np.nonzero((plain[..., :3].min(axis=2) > 150) & (plain[..., 3] > 150))
    assert ys.max() > plain_ys.max() + 5  # "ỵ" reaches below the baseline, and is drawn


def test_stacked_marks_fit_above_a_heading_line() -> None:
    size = FULL_HD
    blank = section_card(size, 1, "")
    box = ink_box(section_card(size, 1, STACKED), blank)
    assert_inside_safe_area(box, size)


def test_long_title_shrinks_and_wraps() -> None:
    heading = slides._fit(LONG_TITLE, "Bold", 92, 48, 1728, 600, 3)
    assert heading.px < 92 and len(heading.lines) <= 3
    assert " ".join(heading.lines) == " ".join(LONG_TITLE.split())


def test_text_is_normalised_to_nfc() -> None:
    nfc = title_card(PREVIEW, "Viện kiểm sát", "Hòa", ["Ngày"])
    nfd = title_card(
        PREVIEW,
        *(unicodedata.normalize("NFD", t) for t in ("Viện kiểm sát", "Hòa")),
        [unicodedata.normalize("NFD", "Ngày")],
    )
    assert nfc.tobytes() == nfd.tobytes()


def test_slides_are_deterministic() -> None:
    assert SLIDES["indicators"](PREVIEW).tobytes() == SLIDES["indicators"](PREVIEW).tobytes()


def test_each_status_is_shown_in_its_colour() -> None:
    image = np.asarray(indicator_slide(FULL_HD, "Kết quả", ROWS[:3], ""), dtype=np.int16)
    for status, color in STATUS_COLORS.items():
        close = np.abs(image - np.array(color)).max(axis=2) < 12
        assert np.count_nonzero(close) > 500, status


def test_too_many_rows_for_one_slide_is_an_error() -> None:
    with pytest.raises(ValueError):
        indicator_slide(FULL_HD, "Kết quả", ROWS * 2, "")


def test_rows_are_paged_evenly_and_the_same_at_every_size() -> None:
    rows = [row._replace(label=f"{row.label} {n}") for n, row in enumerate(ROWS * 4)][:13]
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
