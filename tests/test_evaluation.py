"""Indicator evaluation against a hand-computed table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.evaluation import Status, evaluate, province_wide, scoreboard
from generator.load.loader import load_project
from generator.model import Indicator, Result, Unit

RATE_GT_90 = Indicator(id="tin-bao", name="Tin báo", measure="rate", comparator=">", target=90)
RATE_GE_80 = Indicator(id="kien-nghi", name="Kiến nghị", measure="rate", comparator=">=", target=80)
RATE_LT_3 = Indicator(id="tra-ho-so", name="Trả hồ sơ", measure="rate", comparator="<", target=3)
COUNT_EQ_0 = Indicator(
    id="qua-han", name="Quá hạn", measure="count", comparator="=", target=0, unit_label="người"
)

# indicator, numerator, denominator | value, status, shown value, margin text (hand-computed)
TABLE = [
    (RATE_GT_90, 152, 160, Status.MET, "95%", "vượt 5% so với chỉ tiêu"),
    (RATE_GT_90, 144, 160, Status.NOT_MET, "90%", "bằng mức chỉ tiêu, chưa đạt"),  # boundary
    (RATE_GT_90, 153, 160, Status.MET, "95,63%", "vượt 5,63% so với chỉ tiêu"),  # 95.625 half up
    (RATE_GT_90, 130, 160, Status.NOT_MET, "81,25%", "còn thiếu 8,75% so với chỉ tiêu"),
    (RATE_GE_80, 80, 100, Status.MET, "80%", "đạt đúng chỉ tiêu"),  # >= boundary is met
    (RATE_GE_80, 2, 3, Status.NOT_MET, "66,67%", "còn thiếu 13,33% so với chỉ tiêu"),
    (RATE_LT_3, 1, 63, Status.MET, "1,59%", "thấp hơn chỉ tiêu 1,41%"),
    (RATE_LT_3, 3, 100, Status.NOT_MET, "3%", "bằng mức chỉ tiêu, chưa đạt"),
    (RATE_LT_3, 5, 100, Status.NOT_MET, "5%", "cao hơn chỉ tiêu 2%"),
    (RATE_GT_90, 0, 0, Status.NO_DATA, "—", ""),
]


@pytest.mark.parametrize(("indicator", "num", "den", "status", "shown", "margin"), TABLE)
def test_rate_table(indicator, num, den, status, shown, margin) -> None:
    evaluation = evaluate(indicator, Result(indicator=indicator.id, numerator=num, denominator=den))
    assert evaluation.status is status
    assert evaluation.value_text == shown
    assert evaluation.margin_text == margin


def test_counts_against_exact_target() -> None:
    zero = evaluate(COUNT_EQ_0, Result(indicator="qua-han", value=Decimal(0)))
    one = evaluate(COUNT_EQ_0, Result(indicator="qua-han", value=Decimal(1)))
    assert (zero.status, zero.value_text, zero.margin_text) == (
        Status.MET,
        "0 người",
        "đạt chỉ tiêu",
    )
    assert (one.status, one.value_text) == (Status.NOT_MET, "1 người")
    assert one.margin_text == "chênh 1 người so với chỉ tiêu"
    assert evaluate(COUNT_EQ_0, None).status is Status.NO_DATA


def test_province_wide_rate_is_sum_over_sum_not_mean_of_rates() -> None:
    a = Unit(id="a", name="A", kind="district")
    b = Unit(id="b", name="B", kind="district")
    results = [
        (a, Result(indicator="tin-bao", numerator=10, denominator=10)),  # 100%
        (b, Result(indicator="tin-bao", numerator=80, denominator=100)),  # 80%
    ]
    province = province_wide(RATE_GT_90, results)
    # sum/sum = 90/110 = 81,82% (a mean of rates would say 90%)
    assert province.value_text == "81,82%"
    assert province.status is Status.NOT_MET
    assert (province.numerator, province.denominator) == (90, 110)


def test_province_wide_count_is_sum() -> None:
    units = [Unit(id=x, name=x, kind="district") for x in "ab"]
    results = [
        (u, Result(indicator="qua-han", value=Decimal(v)))
        for u, v in zip(units, (0, 2), strict=True)
    ]
    assert province_wide(COUNT_EQ_0, results).value_text == "2 người"


def test_scoreboard_of_a_period(tiny_project: Path) -> None:
    project = load_project(tiny_project).project
    board = scoreboard(project, project.period("2021-h1"))
    assert [u.id for u in board.units] == ["tuy-hoa", "song-cau"]
    assert board.cell("tuy-hoa", "giai-quyet-tin-bao").status is Status.MET
    assert board.cell("song-cau", "giai-quyet-tin-bao").status is Status.NOT_MET  # 144/160
    assert board.cell("tuy-hoa", "tra-ho-so").status is Status.NO_DATA
    assert board.province["giai-quyet-tin-bao"].value_text == "92,5%"  # 296/320
    assert board.province["tam-giam-qua-han"].value_text == "1 người"
    assert board.counts("song-cau") == {
        Status.MET: 0,
        Status.NOT_MET: 2,
        Status.NO_DATA: 1,
        Status.WITHHELD: 0,
    }


def test_percent_label_is_joined() -> None:
    quality = Indicator(
        id="chat-luong",
        name="Chất lượng",
        measure="value",
        comparator=">=",
        target=90,
        unit_label="%",
    )
    assert (
        evaluate(quality, Result(indicator="chat-luong", value=Decimal(100))).value_text == "100%"
    )
