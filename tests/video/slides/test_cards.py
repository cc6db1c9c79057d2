"""Cards and captions: exact sizes, text inside the title-safe area."""

from __future__ import annotations

import numpy as np
import pytest
from video.slides.samples import FULL_HD, LONG_TITLE, PREVIEW, assert_inside_safe_area, ink_box

from generator.video.slides.cards import caption_overlay, closing_card, section_card, title_card

CARDS = {
    "title": lambda size: title_card(
        size, "Viện kiểm sát nhân dân tỉnh Phú Yên", "Sơ kết 6 tháng đầu năm 2021", ["15/7/2021"]
    ),
    "section": lambda size: section_card(size, 2, "Kết quả thực hiện chỉ tiêu"),
    "closing": lambda size: closing_card(size, ["Đoàn kết, đổi mới", "Trân trọng cảm ơn!"]),
}


@pytest.mark.parametrize("size", [FULL_HD, PREVIEW, (1280, 720), (1080, 1080)])
@pytest.mark.parametrize("name", list(CARDS))
def test_cards_have_exactly_the_requested_size(name: str, size: tuple[int, int]) -> None:
    image = CARDS[name](size)
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
def test_caption_text_stays_in_the_safe_area(size: tuple[int, int]) -> None:
    rgba = np.asarray(caption_overlay(size, LONG_TITLE + " " + LONG_TITLE))
    bright = (rgba[..., :3].max(axis=2) > 150) & (rgba[..., 3] > 150)
    ys, xs = np.nonzero(bright)
    assert_inside_safe_area((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1), size)


def test_cards_are_deterministic() -> None:
    assert all(draw(PREVIEW).tobytes() == draw(PREVIEW).tobytes() for draw in CARDS.values())
