"""The sector's reporting calendar: the days a month, quarter, half-year or year covers, with
the id and title a new period of it usually gets.

The procuracy's statistical year runs from 1 December of the year before to 30 November
(DOMAIN.md); its halves and quarters follow it, each named by the year it ends in:

- year ``2022``: 1/12/2021 – 30/11/2022, «Tổng kết công tác năm 2022»;
- half-years ``2022-h1``: 1/12/2021 – 31/5/2022 and ``2022-h2``: 1/6 – 30/11/2022,
  «Sơ kết công tác 6 tháng đầu (cuối) năm 2022»;
- quarters ``2022-q1``: 1/12/2021 – 28/2/2022 (29/2 in a leap year), ``q2`` 1/3 – 31/5,
  ``q3`` 1/6 – 31/8, ``q4`` 1/9 – 30/11, «Báo cáo công tác quý 1 năm 2022»;
- months ``2022-03``: the calendar month, 1/3 – 31/3/2022, «Báo cáo công tác tháng 3/2022».

DOMAIN.md states the year and the half-year; the quarters are the sector's statistical quarters
(three of its months each, counted from 1 December), and a month is the calendar month.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from generator.errors import InputError
from generator.model import PeriodKind

MIN_YEAR, MAX_YEAR = 1900, 2999

_COUNTS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2}
_NUMBER_NAMES = {
    PeriodKind.MONTH: "tháng",
    PeriodKind.QUARTER: "quý",
    PeriodKind.HALF_YEAR: "nửa năm",
}
_ID = re.compile(r"^(?P<year>\d{4})(?:-(?:h(?P<half>[12])|q(?P<quarter>[1-4])|(?P<month>\d\d)))?$")


class ProposedPeriod(NamedTuple):
    """A period as the calendar proposes it: unpacks as ``(id, title, start, end)``."""

    id: str
    title: str
    start: dt.date
    end: dt.date


def proposed_period(kind: PeriodKind | str, year: int, number: int | None = None) -> ProposedPeriod:
    """The id, title and days of month, quarter or half ``number`` of ``year`` (None for a
    year), e.g. ``proposed_period("half-year", 2021, 2)`` →
    ``("2021-h2", "Sơ kết công tác 6 tháng cuối năm 2021", 2021-06-01, 2021-11-30)``.

    ``year`` is the year the period ends in (the one its title names). Raises InputError with
    a Vietnamese message for an unknown kind, a year outside 1900–2999 or a number out of range.
    """
    kind = _kind(kind)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(f"năm {year} không hợp lệ: ghi năm từ {MIN_YEAR} đến {MAX_YEAR}")
    if kind is PeriodKind.YEAR:
        if number not in (None, 1):
            raise InputError(f"kỳ báo cáo năm không chia nhỏ: bỏ số {number}")
        start, end = dt.date(year - 1, 12, 1), dt.date(year, 11, 30)
        return ProposedPeriod(str(year), period_title(kind, start, end), start, end)
    count = _COUNTS[kind]
    if number is None or not 1 <= number <= count:
        raise InputError(f"{_NUMBER_NAMES[kind]} phải là một số từ 1 đến {count}")
    if kind is PeriodKind.MONTH:
        start = dt.date(year, number, 1)
        end = _months_after(start, 1) - dt.timedelta(days=1)
        period_id = f"{year}-{number:02d}"
    else:
        months = 12 // count  # 3 for a quarter, 6 for a half
        start = _months_after(dt.date(year - 1, 12, 1), months * (number - 1))
        end = _months_after(start, months) - dt.timedelta(days=1)
        period_id = f"{year}-{'q' if kind is PeriodKind.QUARTER else 'h'}{number}"
    return ProposedPeriod(period_id, period_title(kind, start, end), start, end)


def parse_period_id(period_id: str) -> tuple[PeriodKind, int, int | None] | None:
    """``(kind, year, number)`` of an id the calendar proposes (``2022-h1`` → half-year 2022,
    1); None for any other id (``so-ket-2022`` is a valid id the calendar does not name)."""
    found = _ID.match(period_id)
    if found is None:
        return None
    year = int(found["year"])
    if found["half"]:
        return PeriodKind.HALF_YEAR, year, int(found["half"])
    if found["quarter"]:
        return PeriodKind.QUARTER, year, int(found["quarter"])
    if found["month"]:
        month = int(found["month"])
        return (PeriodKind.MONTH, year, month) if 1 <= month <= 12 else None
    return PeriodKind.YEAR, year, None


def period_title(kind: PeriodKind | str, start: dt.date, end: dt.date) -> str:
    """The usual Vietnamese title of a period, e.g. "Sơ kết công tác 6 tháng đầu năm 2022";
    a quarter on neither the sector's nor the calendar's quarters is titled by its days."""
    kind = _kind(kind)
    year = end.year
    if kind is PeriodKind.HALF_YEAR:
        half = "đầu" if end.month <= 6 else "cuối"
        return f"Sơ kết công tác 6 tháng {half} năm {year}"
    if kind is PeriodKind.YEAR:
        return f"Tổng kết công tác năm {year}"
    if kind is PeriodKind.QUARTER:
        if start.month in (12, 3, 6, 9):  # the sector's statistical year starts 1 December
            quarter = (start.month % 12) // 3 + 1
        elif start.month in (1, 4, 7, 10):
            quarter = (start.month - 1) // 3 + 1
        else:
            return f"Báo cáo công tác từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
        return f"Báo cáo công tác quý {quarter} năm {year}"
    return f"Báo cáo công tác tháng {end.month}/{year}"


def _kind(kind: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in PeriodKind)
        raise InputError(f"loại kỳ «{kind}» không hợp lệ; chọn một trong: {choices}") from None


def _months_after(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s (``day`` is a first of a month)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
