"""Text layout: long text shrinks and wraps, NFC throughout, Vietnamese marks never clipped."""

from __future__ import annotations

import unicodedata

import numpy as np
from video.slides.samples import (
    FULL_HD,
    LONG_TITLE,
    PREVIEW,
    STACKED,
    assert_inside_safe_area,
    ink_box,
)

from generator.video.slides.cards import caption_overlay, section_card, title_card
from generator.video.slides.indicators import indicator_slide
from generator.video.slides.paint import NAVY, gradient
from generator.video.slides.text import fit, safe_box


def test_stacked_marks_are_not_clipped_at_the_top_of_the_safe_area() -> None:
    # An indicator slide's title starts on the safe area's top edge; the breve and grave of
    # "Ằ" reach above the font's ascent and must be drawn in full, below that edge.
    blank = gradient(FULL_HD, NAVY)
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
    heading = fit(LONG_TITLE, "Bold", 92, 48, 1728, 600, 3)
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
