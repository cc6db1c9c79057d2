"""Every slide kind, and the caption band, drawn pixel for pixel as before: SHA-256 of the raw
pixels at the final and the preview size. A change here means the video's look changed."""

from __future__ import annotations

import hashlib

import pytest

from generator.evaluation import Status
from generator.video.slides.cards import caption_overlay
from generator.video.slides.registry import draw
from generator.video.slides.slide import IndicatorRow, Slide
from generator.video.storyboard.plan import OVERVIEW_HEADERS

ROWS = (
    IndicatorRow(
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm", "95,62%", "> 90%", Status.MET, 0.9562
    ),
    IndicatorRow("Tỷ lệ kiến nghị được chấp nhận", "78,00%", "≥ 80%", Status.NOT_MET, 0.78),
    IndicatorRow("Tỷ lệ kháng nghị phúc thẩm được chấp nhận", "—", "> 70%", Status.NO_DATA, None),
    IndicatorRow("Số người bị tạm giữ, tạm giam quá hạn", "0 người", "= 0", Status.MET, None),
)
SLIDES = {
    "title": Slide(
        "title",
        "Báo cáo sơ kết công tác 6 tháng đầu năm 2021",
        ("Viện kiểm sát nhân dân tỉnh Phú Yên", "Từ 01/12/2020 đến 31/05/2021"),
    ),
    "section": Slide("section", "Kết quả thực hiện chỉ tiêu", number=2),
    "indicators": Slide(
        "indicators",
        "Kết quả toàn tỉnh",
        rows=ROWS,
        footer="Toàn tỉnh: 95,62%",
        headers=OVERVIEW_HEADERS,
    ),
    "closing": Slide("closing", "Trân trọng cảm ơn!", ("Trân trọng cảm ơn!", "VKSND tỉnh Phú Yên")),
}
EXPECTED: dict[tuple[str, tuple[int, int]], str] = {
    ("title", (1920, 1080)): "178995749396c368",
    ("section", (1920, 1080)): "8159f9fd42f90147",
    ("indicators", (1920, 1080)): "dec91491ff2c0ef6",
    ("closing", (1920, 1080)): "64a3a242ed4ae741",
    ("caption", (1920, 1080)): "4ac87a7c2f0ddc51",
    ("title", (320, 180)): "75faff67a0a5e211",
    ("section", (320, 180)): "9858e3f07b2468f4",
    ("indicators", (320, 180)): "c38967731f0d0401",
    ("closing", (320, 180)): "702b404abfbfd973",
    ("caption", (320, 180)): "6f20881141e7a670",
}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@pytest.mark.parametrize("size", [(1920, 1080), (320, 180)])
@pytest.mark.parametrize("kind", list(SLIDES))
def test_slide_pixels_are_unchanged(kind: str, size: tuple[int, int]) -> None:
    image = draw(SLIDES[kind], size)
    assert image.size == size
    assert _digest(image.tobytes()) == EXPECTED[(kind, size)]


@pytest.mark.parametrize("size", [(1920, 1080), (320, 180)])
def test_caption_band_pixels_are_unchanged(size: tuple[int, int]) -> None:
    image = caption_overlay(size, "Tuy Hòa: Kiểm sát việc tạm giữ, tạm giam — ỆỞẰ ỵ")
    assert _digest(image.tobytes()) == EXPECTED[("caption", size)]
