"""Shared inputs and checks for the slide tests.

Not a test module: imported as ``video.slides.samples`` (pyproject puts tests/ on sys.path).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from generator.evaluation import Status
from generator.video.slides.slide import IndicatorRow
from generator.video.slides.text import safe_box

FULL_HD = (1920, 1080)
PREVIEW = (320, 180)
STACKED = "ỆỞẰ ỵ"
LONG_TITLE = (
    "Báo cáo tổng kết công tác kiểm sát năm 2021 và phương hướng nhiệm vụ trọng tâm năm "
    "2022 của toàn ngành Kiểm sát nhân dân tỉnh Phú Yên, " + STACKED
)
ROWS = [
    IndicatorRow(
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm", "95,62%", "> 90%", Status.MET, 0.96
    ),
    IndicatorRow("Tỷ lệ kiến nghị được chấp nhận", "78,00%", "≥ 80%", Status.NOT_MET, 0.78),
    IndicatorRow("Tỷ lệ kháng nghị phúc thẩm được chấp nhận", "—", "> 70%", Status.NO_DATA, None),
    IndicatorRow("Số người bị tạm giữ, tạm giam quá hạn", "0 người", "= 0", Status.MET, None),
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
