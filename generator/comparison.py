"""«So với cùng kỳ»: a period's figures against the same kind of period one year earlier.

Units renamed since are the same id; units merged since (``succeeded_by``) are compared as the
sum of their predecessors' figures, so a regional procuracy of 2026 is set against the district
procuracies it replaced in 2025. Rates change in percentage points, counts in units and percent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from generator.evaluation import Evaluation, Scoreboard, evaluate, province_wide, scoreboard
from generator.formatting import format_number, format_percent
from generator.model import Indicator, Measure, PeriodContent, Project, Result, Unit

NO_SAME_PERIOD = "chưa có số liệu cùng kỳ năm trước để so sánh"
"""Said once, where a comparison would stand, when the project holds no period a year earlier."""


@dataclass(frozen=True)
class Change:
    """One figure set against the same figure of the same period a year earlier."""

    current: Evaluation
    previous: Evaluation

    @property
    def difference(self) -> Fraction | None:
        """Percentage points for rates, the plain difference otherwise; None without data."""
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value

    @property
    def movement(self) -> str:
        """``tăng 5 vụ (12,5%)``, ``giảm 1,2 điểm phần trăm``, ``không đổi``; empty without data."""
        difference = self.difference
        if difference is None:
            return ""
        if difference == 0:
            return "không đổi"
        verb = "tăng" if difference > 0 else "giảm"
        indicator = self.current.indicator
        if indicator.measure is Measure.RATE or indicator.unit_label == "%":
            # a percentage moves in points: 90% → 95% is 5 points, not 5,56%
            return f"{verb} {format_number(abs(difference))} điểm phần trăm"
        label = indicator.unit_label
        amount = format_number(abs(difference))
        amount = f"{amount} {label}" if label else amount
        previous = self.previous.value
        assert previous is not None
        if previous == 0:
            return f"{verb} {amount}"
        return f"{verb} {amount} ({format_percent(abs(difference) * 100 / abs(previous))})"

    @property
    def text(self) -> str:
        """``tăng 5 vụ (12,5%) so với cùng kỳ``, ``bằng cùng kỳ``: the words a sentence uses."""
        movement = self.movement
        if movement == "không đổi":
            return "bằng cùng kỳ"
        return f"{movement} so với cùng kỳ" if movement else ""


@dataclass(frozen=True)
class Comparison:
    """A period against the same period one year earlier, per indicator and per unit."""

    previous: PeriodContent
    province: Mapping[str, Change]  # indicator id -> change
    units: Mapping[tuple[str, str], Change]  # (unit id, indicator id) -> change

    def of_unit(self, unit_id: str, indicator_id: str) -> Change | None:
        return self.units.get((unit_id, indicator_id))


def same_period_last_year(project: Project, content: PeriodContent) -> PeriodContent | None:
    """The period of the same kind whose dates lie exactly one year earlier, if recorded."""
    period = content.period
    start, end = _year_earlier(period.start), _year_earlier(period.end)
    return next(
        (
            p
            for p in project.periods
            if p.period.kind is period.kind and p.period.start == start and p.period.end == end
        ),
        None,
    )


def compare(project: Project, board: Scoreboard) -> Comparison | None:
    """Every figure of ``board`` against the same period last year; None when none is recorded."""
    previous = same_period_last_year(project, board.period)
    if previous is None:
        return None
    last = scoreboard(project, previous)
    province = {
        indicator.id: Change(board.province[indicator.id], last.province[indicator.id])
        for indicator in board.indicators
        if indicator.id in last.province
    }
    heirs = _heirs(project, board)
    # a sum over a merged unit's predecessors that lacks one of them (withheld from this
    # audience) is not their figure: no comparison rather than a partial one
    partial = {(heirs[u], i) for u, i in previous.withheld_results if u in heirs}
    by_heir: dict[str, list[tuple[Unit, Result]]] = {}
    for file in previous.results:
        heir = heirs.get(file.unit)
        if heir is not None:
            unit = project.unit(file.unit)
            by_heir.setdefault(heir, []).extend((unit, result) for result in file.results)
    units = {}
    for unit in board.units:
        results = by_heir.get(unit.id, [])
        for indicator in board.indicators:
            earlier = (
                Evaluation(indicator, None)
                if (unit.id, indicator.id) in partial
                else _combined(
                    indicator, [(u, r) for u, r in results if r.indicator == indicator.id]
                )
            )
            units[(unit.id, indicator.id)] = Change(board.cell(unit.id, indicator.id), earlier)
    return Comparison(previous, province, units)


def _heirs(project: Project, board: Scoreboard) -> dict[str, str]:
    """Each unit id -> the unit of ``board`` that carries its work on (itself, or a successor)."""
    current = {unit.id for unit in board.units}
    successors = {unit.id: unit.succeeded_by for unit in project.units}
    heirs: dict[str, str] = {}
    for unit in project.units:
        seen: set[str] = set()
        step: str | None = unit.id
        while step is not None and step not in current and step not in seen:
            seen.add(step)
            step = successors.get(step)
        if step is not None and step in current:
            heirs[unit.id] = step
    return heirs


def _combined(indicator: Indicator, results: list[tuple[Unit, Result]]) -> Evaluation:
    """One unit's figure, or the figure of the units it succeeded, taken together."""
    if len(results) == 1:
        return evaluate(indicator, results[0][1])
    if not results or indicator.measure is Measure.VALUE:
        return Evaluation(indicator, None)  # reported values do not add up
    return province_wide(indicator, results)


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
