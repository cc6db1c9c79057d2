"""Indicator evaluation, in one place: rate, status against the target, margin, province-wide.

Exact arithmetic (fractions) decides met / not met, so 144/160 = 90% against "> 90" is not met
even where floating point would say 89.99999 or 90.00001.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from generator.formatting import format_number, format_percent
from generator.model import (
    Comparator,
    Indicator,
    Measure,
    PeriodContent,
    Project,
    Result,
    Unit,
    UnitKind,
)


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


STATUS_LABELS = {Status.MET: "Đạt", Status.NOT_MET: "Không đạt", Status.NO_DATA: "Chưa có số liệu"}
STATUS_MARKS = {Status.MET: "✓", Status.NOT_MET: "✗", Status.NO_DATA: "—"}

_COMPARE = {
    Comparator.GT: lambda a, b: a > b,
    Comparator.GE: lambda a, b: a >= b,
    Comparator.LT: lambda a, b: a < b,
    Comparator.LE: lambda a, b: a <= b,
    Comparator.EQ: lambda a, b: a == b,
}


@dataclass(frozen=True)
class Evaluation:
    """One figure judged against its indicator's target."""

    indicator: Indicator
    value: Fraction | None  # a percentage (0–100) for rates; the number itself otherwise
    numerator: int | None = None
    denominator: int | None = None

    @property
    def target(self) -> Fraction:
        return Fraction(self.indicator.target)

    @property
    def status(self) -> Status:
        if self.value is None:
            return Status.NO_DATA
        met = _COMPARE[self.indicator.comparator](self.value, self.target)
        return Status.MET if met else Status.NOT_MET

    @property
    def margin(self) -> Fraction | None:
        """How far the result lies beyond the target in the good direction (negative: short)."""
        if self.value is None:
            return None
        higher = self.indicator.comparator.higher_is_better
        if higher is None:
            return -abs(self.value - self.target)
        return self.value - self.target if higher else self.target - self.value

    @property
    def value_text(self) -> str:
        """``95,62%``, ``3 vụ``, or ``—`` without data."""
        if self.value is None:
            return STATUS_MARKS[Status.NO_DATA]
        return self._amount(self.value)

    @property
    def target_text(self) -> str:
        return f"{self.indicator.comparator.value} {self._amount(self.target)}".replace(
            ">=", "≥"
        ).replace("<=", "≤")

    @property
    def margin_text(self) -> str:
        """``vượt 5,62%``, ``thấp hơn chỉ tiêu 1,41%``, ``còn thiếu 2,1%``… (empty without data)."""
        margin = self.margin
        if margin is None:
            return ""
        higher = self.indicator.comparator.higher_is_better
        amount = self._amount(abs(margin))
        if higher is None:
            return "đạt chỉ tiêu" if margin == 0 else f"chênh {amount} so với chỉ tiêu"
        if margin == 0:
            return (
                "bằng mức chỉ tiêu, chưa đạt"
                if self.status is Status.NOT_MET
                else "đạt đúng chỉ tiêu"
            )
        if higher:
            return (
                f"vượt {amount} so với chỉ tiêu"
                if margin > 0
                else f"còn thiếu {amount} so với chỉ tiêu"
            )
        return f"thấp hơn chỉ tiêu {amount}" if margin > 0 else f"cao hơn chỉ tiêu {amount}"

    def _amount(self, number: Fraction) -> str:
        if self.indicator.measure is Measure.RATE:
            return format_percent(number)
        text = format_number(number)
        label = self.indicator.unit_label
        if not label:
            return text
        return f"{text}{label}" if label == "%" else f"{text} {label}"  # "100%", "3 vụ"


def evaluate(indicator: Indicator, result: Result | None) -> Evaluation:
    """Judge one unit's result (None: the unit reported nothing for this indicator)."""
    if result is None:
        return Evaluation(indicator, None)
    if indicator.measure is Measure.RATE:
        return _rate(indicator, result.numerator, result.denominator)
    value = None if result.value is None else Fraction(result.value)
    return Evaluation(indicator, value)


def province_wide(indicator: Indicator, results: Iterable[tuple[Unit, Result]]) -> Evaluation:
    """The province-wide figure: sum of numerators over sum of denominators for rates (never a
    mean of unit rates), the sum for counts, and the province unit's own figure for values."""
    pairs = [(unit, r) for unit, r in results if r.indicator == indicator.id]
    if indicator.measure is Measure.RATE:
        rated = [r for _u, r in pairs if r.numerator is not None and r.denominator is not None]
        if not rated:
            return Evaluation(indicator, None)
        return _rate(
            indicator, sum(r.numerator or 0 for r in rated), sum(r.denominator or 0 for r in rated)
        )
    if indicator.measure is Measure.COUNT:
        values = [Fraction(r.value) for _u, r in pairs if r.value is not None]
        return Evaluation(indicator, sum(values, Fraction(0)) if values else None)
    own = [r for u, r in pairs if u.kind is UnitKind.PROVINCE and r.value is not None]
    return Evaluation(indicator, Fraction(own[0].value) if own else None)


def _rate(indicator: Indicator, numerator: int | None, denominator: int | None) -> Evaluation:
    if numerator is None or denominator is None or denominator == 0:
        return Evaluation(indicator, None, numerator, denominator)
    return Evaluation(indicator, Fraction(100 * numerator, denominator), numerator, denominator)


@dataclass(frozen=True)
class Scoreboard:
    """Units × indicators for one period, with the province-wide figure of each indicator."""

    period: PeriodContent
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    cells: Mapping[tuple[str, str], Evaluation]
    province: Mapping[str, Evaluation]

    def cell(self, unit_id: str, indicator_id: str) -> Evaluation:
        return self.cells[(unit_id, indicator_id)]

    def counts(self, unit_id: str) -> dict[Status, int]:
        """How many indicators the unit met, missed, and has no data for."""
        tally = dict.fromkeys(Status, 0)
        for indicator in self.indicators:
            tally[self.cell(unit_id, indicator.id).status] += 1
        return tally

    def province_counts(self) -> dict[Status, int]:
        tally = dict.fromkeys(Status, 0)
        for evaluation in self.province.values():
            tally[evaluation.status] += 1
        return tally


def scoreboard(project: Project, content: PeriodContent) -> Scoreboard:
    """Evaluate every reporting unit on every indicator that applies during the period."""
    period = content.period
    indicators = tuple(i for i in project.indicators if i.applies_during(period.start, period.end))
    reporting = {r.unit for r in content.results}
    units = tuple(
        u
        for u in project.units
        if u.id in reporting
        or (
            u.kind in (UnitKind.DISTRICT, UnitKind.REGIONAL)
            and u.active_during(period.start, period.end)
        )
    )
    by_unit = {r.unit: {res.indicator: res for res in r.results} for r in content.results}
    cells = {
        (unit.id, ind.id): evaluate(ind, by_unit.get(unit.id, {}).get(ind.id))
        for unit in units
        for ind in indicators
    }
    pairs = [(project.unit(f.unit), res) for f in content.results for res in f.results]
    province = {ind.id: province_wide(ind, pairs) for ind in indicators}
    return Scoreboard(content, units, indicators, cells, province)
