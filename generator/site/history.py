"""The units' history: when each unit existed, the names it bore, which unit took over its
work (the 2025 merges into regional procuracies), and the reporting periods it appears in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.formatting import format_date
from generator.model import UNIT_KIND_LABELS, Project, Unit, UnitKind
from generator.site.views import PeriodView


@dataclass(frozen=True)
class FormerNameView:
    name: str
    start: dt.date | None  # the unit's ``from`` or the day after the previous name ended
    until: dt.date

    @property
    def span(self) -> str:
        """``từ 05/01/2005 đến 31/03/2020`` or ``đến 31/03/2020``."""
        start = f"từ {format_date(self.start)} " if self.start else ""
        return f"{start}đến {format_date(self.until)}"


def former_names(unit: Unit) -> tuple[FormerNameView, ...]:
    """The unit's earlier names, oldest first, each with the days it was used."""
    views = []
    start = unit.from_
    for former in sorted(unit.former_names, key=lambda f: f.until):
        views.append(FormerNameView(former.name, start, former.until))
        start = former.until + dt.timedelta(days=1)
    return tuple(views)


def final_name(unit: Unit) -> str:
    """The name the unit bore on its last day (a merged unit is named as it was then)."""
    return unit.name_on(unit.until) if unit.until else unit.name


@dataclass(frozen=True)
class UnitHistory:
    unit: Unit
    successor: Unit | None
    predecessors: tuple[Unit, ...]
    appearances: tuple[tuple[PeriodView, str], ...]  # (period, unit page), newest first

    @property
    def anchor(self) -> str:
        return f"don-vi-{self.unit.id}"

    @property
    def span(self) -> str:
        """``từ 05/01/2005 đến 30/06/2025``, ``đến 30/06/2025``, ``từ 01/07/2025`` or empty."""
        parts = []
        if self.unit.from_:
            parts.append(f"từ {format_date(self.unit.from_)}")
        if self.unit.until:
            parts.append(f"đến {format_date(self.unit.until)}")
        return " ".join(parts)

    @property
    def active(self) -> bool:
        return self.unit.until is None

    @property
    def predecessor_names(self) -> tuple[tuple[Unit, str], ...]:
        """Each unit whose work this one took over, with the name it bore on its last day."""
        return tuple((u, final_name(u)) for u in self.predecessors)

    @property
    def former_names(self) -> tuple[FormerNameView, ...]:
        return former_names(self.unit)

    @property
    def renamed_on(self) -> dt.date | None:
        """The first day of the current name, when the unit had others before."""
        names = self.former_names
        return names[-1].until + dt.timedelta(days=1) if names else None


@dataclass(frozen=True)
class KindGroup:
    label: str
    units: tuple[UnitHistory, ...]


def unit_histories(project: Project, periods: list[PeriodView]) -> list[KindGroup]:
    """Units grouped by kind (registry order within a group), each with its links in time."""
    by_id = {u.id: u for u in project.units}
    histories = []
    for unit in project.units:
        successor = by_id.get(unit.succeeded_by) if unit.succeeded_by else None
        predecessors = tuple(u for u in project.units if u.succeeded_by == unit.id)
        appearances = tuple(
            (p, view.page) for p in periods if (view := p.unit_view(unit.id)) is not None
        )
        histories.append(UnitHistory(unit, successor, predecessors, appearances))
    groups = []
    for kind in UnitKind:
        members = tuple(h for h in histories if h.unit.kind is kind)
        if members:
            groups.append(KindGroup(UNIT_KIND_LABELS[kind], members))
    return groups


def merges(groups: list[KindGroup]) -> list[UnitHistory]:
    """Units that took over the work of others (e.g. the regional procuracies of 2025)."""
    return [h for g in groups for h in g.units if h.predecessors]
