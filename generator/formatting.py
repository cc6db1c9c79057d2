"""Numbers, dates and lengths the way Vietnamese readers write them: ``95,62%``, ``1.234``,
``20/07/2021``, ``14,9 giây``, ``3:07``."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel.numbers import format_decimal

Number = int | Decimal | Fraction | float


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def format_number(value: Number, decimals: int = 2) -> str:
    """``1234.5`` → ``1.234,5``; at most ``decimals`` places, rounded half up, zeros trimmed."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = Decimal(0)  # no "-0"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale="vi", decimal_quantization=False)


def format_percent(value: Number, decimals: int = 2) -> str:
    """A percentage already scaled to 0–100: ``95.625`` → ``95,63%``."""
    return f"{format_number(value, decimals)}%"


def format_length(seconds: float) -> str:
    """``14,9 giây``."""
    return f"{format_number(seconds, 1)} giây"


def format_seconds(seconds: float) -> str:
    """``3:07`` for minutes and seconds."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def format_date(day: dt.date) -> str:
    """``20/07/2021``."""
    return f"{day:%d/%m/%Y}"


def format_time(moment: dt.datetime) -> str:
    """``09:14 ngày 07/12/2026``, in this machine's time zone."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{local:%H:%M} ngày {format_date(local.date())}"


def format_date_range(start: dt.date, end: dt.date) -> str:
    return f"{format_date(start)} – {format_date(end)}"
