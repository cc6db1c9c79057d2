from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from generator.formatting import (
    format_date,
    format_length,
    format_number,
    format_percent,
    format_seconds,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("95.625"), "95,63"),
        (Fraction(1, 3), "0,33"),
        (0, "0"),
        (Decimal("-0.001"), "0"),
    ],
)
def test_vietnamese_numbers(value, text) -> None:
    assert format_number(value) == text


def test_percent_and_date() -> None:
    assert format_percent(Fraction(15262, 160)) == "95,39%"
    assert format_percent(100) == "100%"
    assert format_date(dt.date(2021, 7, 20)) == "20/07/2021"


def test_lengths_in_seconds_and_on_a_clock() -> None:
    assert format_length(14.94) == "14,9 giây"
    assert format_length(3) == "3 giây"
    assert format_seconds(187.4) == "3:07"
    assert format_seconds(59.6) == "1:00"
    assert format_seconds(0) == "0:00"
