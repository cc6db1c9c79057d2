"""Indicator evaluation, in one place: rate, status against the target, margin, province-wide.

Exact arithmetic (fractions) decides met / not met, so 144/160 = 90% against "> 90" is not met
even where floating point would say 89.99999 or 90.00001.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from pydantic import ValidationError

from generator.errors import Problem
from generator.formatting import format_number, format_percent
from generator.load.messages import validation_problems
from generator.load.yamlsource import parse_yaml
from generator.model import (
    Comparator,
    Indicator,
    Measure,
    PeriodContent,
    Project,
    Result,
    Unit,
    UnitKind,
    Visibility,
)
from generator.model.province import ProvinceFigure


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    WITHHELD = "withheld"  # a province-wide figure this audience may not see (never judged)


WITHHELD_TEXT = "không có trong bản này"
STATUS_LABELS = {
    Status.MET: "Đạt",
    Status.NOT_MET: "Không đạt",
    Status.NO_DATA: "Chưa có số liệu",
    Status.WITHHELD: "Không có trong bản này",
}
STATUS_MARKS = {Status.MET: "✓", Status.NOT_MET: "✗", Status.NO_DATA: "—", Status.WITHHELD: "∅"}

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
    withheld: bool = False  # a province-wide figure computed upstream, not for this audience

    @property
    def target(self) -> Fraction:
        return Fraction(self.indicator.target)

    @property
    def status(self) -> Status:
        if self.withheld:
            return Status.WITHHELD
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
        """``95,62%``, ``3 vụ``, ``—`` without data, or what a withheld figure says instead."""
        if self.withheld:
            return WITHHELD_TEXT
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


def evaluate_figures(
    indicator: Indicator, figures: Mapping[str, int | float | str | None]
) -> Evaluation | list[Problem]:
    """A result as it is being typed, before it is saved (the studio's live evaluation): the
    ``figures`` (numerator, denominator, value; None: left empty) judged against ``indicator``,
    or the content model's problems with them, in the loader's words."""
    data: dict[str, object] = {"indicator": indicator.id}
    data |= {name: value for name, value in figures.items() if value is not None}
    try:
        result = Result.model_validate(data)
    except ValidationError as error:
        source, _ = parse_yaml("indicator: x\n", "")
        assert source is not None
        return validation_problems(error, source, Result)
    return evaluate(indicator, result if len(data) > 1 else None)


def province_wide(indicator: Indicator, results: Iterable[tuple[Unit, Result]]) -> Evaluation:
    """The figure of several units taken together (see ``summed``), judged."""
    return figure_evaluation(
        indicator, summed(indicator, ((u, r, Visibility.PUBLIC) for u, r in results))
    )


def summed(
    indicator: Indicator, results: Iterable[tuple[Unit, Result, Visibility]]
) -> ProvinceFigure:
    """The figure of the units whose ``(unit, result, level)`` are given: sum of numerators over
    sum of denominators for rates (never a mean of unit rates), the sum for counts, and the
    province unit's own figure for values. Its level is the strictest of the results used."""
    pairs = [(u, r, level) for u, r, level in results if r.indicator == indicator.id]
    numerator = denominator = value = None
    if indicator.measure is Measure.RATE:
        used = [
            (u, r, lv)
            for u, r, lv in pairs
            if r.numerator is not None and r.denominator is not None
        ]
        if used:
            numerator = sum(r.numerator or 0 for _u, r, _lv in used)
            denominator = sum(r.denominator or 0 for _u, r, _lv in used)
    elif indicator.measure is Measure.COUNT:
        used = [(u, r, lv) for u, r, lv in pairs if r.value is not None]
        if used:
            value = sum((r.value or Decimal(0) for _u, r, _lv in used), Decimal(0))
    else:
        used = [
            (u, r, lv) for u, r, lv in pairs if u.kind is UnitKind.PROVINCE and r.value is not None
        ][:1]
        if used:
            value = used[0][1].value
    level = max((lv for _u, _r, lv in used), key=lambda lv: lv.rank, default=Visibility.PUBLIC)
    return ProvinceFigure(
        indicator.id, numerator, denominator, value, level, tuple(u.id for u, _r, _lv in used)
    )


def province_figures(
    units: Iterable[Unit], indicators: Iterable[Indicator], content: PeriodContent
) -> dict[str, ProvinceFigure]:
    """Every indicator's province-wide figure of ``content``, from every unit's results — run
    at load, before the audience filter. A period's ``province_visibility`` lowers a figure's
    level to the one at which the office publishes its province-wide figures."""
    by_id = {unit.id: unit for unit in units}
    results = [(by_id[unit], result, level) for unit, result, level in content.leveled_results()]
    declared = content.period.province_visibility
    figures = {}
    for indicator in indicators:
        figure = summed(indicator, results)
        if declared is not None and declared.rank < figure.visibility.rank:
            figure = dataclasses.replace(figure, visibility=declared)
        figures[indicator.id] = figure
    return figures


def figure_evaluation(indicator: Indicator, figure: ProvinceFigure | None) -> Evaluation:
    """A province-wide figure judged; withheld (never judged) when the audience may not see it,
    or when nothing was computed for it (fail closed)."""
    if figure is None or figure.withheld:
        return Evaluation(indicator, None, withheld=True)
    if indicator.measure is Measure.RATE:
        return _rate(indicator, figure.numerator, figure.denominator)
    return Evaluation(indicator, None if figure.value is None else Fraction(figure.value))


def _rate(indicator: Indicator, numerator: int | None, denominator: int | None) -> Evaluation:
    if numerator is None or denominator is None or denominator == 0:
        return Evaluation(indicator, None, numerator, denominator)
    return Evaluation(indicator, Fraction(100 * numerator, denominator), numerator, denominator)


def tally(evaluations: Iterable[Evaluation]) -> dict[Status, int]:
    """How many of ``evaluations`` have each status."""
    counts = dict.fromkeys(Status, 0)
    for evaluation in evaluations:
        counts[evaluation.status] += 1
    return counts


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
        """How many indicators the unit met, missed, has no data for, and has a result for
        that this version does not hold."""
        return tally(self.cell(unit_id, indicator.id) for indicator in self.indicators)

    def complete(self, indicator_id: str) -> bool:
        """True when every unit's result for the indicator is in this version (none withheld)."""
        return all(i != indicator_id for _u, i in self.period.withheld_results)

    def province_counts(self) -> dict[Status, int]:
        return tally(self.province.values())


def unit_evaluation(
    content: PeriodContent, unit_id: str, indicator: Indicator, result: Result | None
) -> Evaluation:
    """One unit's figure as this version holds it: judged, or withheld where the audience filter
    removed the unit's result (never «no data» for a figure that exists)."""
    if (unit_id, indicator.id) in content.withheld_results:
        return Evaluation(indicator, None, withheld=True)
    return evaluate(indicator, result)


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
        (unit.id, ind.id): unit_evaluation(
            content, unit.id, ind, by_unit.get(unit.id, {}).get(ind.id)
        )
        for unit in units
        for ind in indicators
    }
    # computed at load from every unit's results, passed on by the audience filter: never
    # summed here from the rows this audience happens to see
    province = {ind.id: figure_evaluation(ind, content.province.get(ind.id)) for ind in indicators}
    return Scoreboard(content, units, indicators, cells, province)
