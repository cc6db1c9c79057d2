"""What the page templates show, gathered from the (already audience-filtered) model.

Plain data only: templates decide layout, this module decides content and order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.comparison import Change, Comparison, compare
from generator.evaluation import Evaluation, Scoreboard, Status, scoreboard, tally, unit_evaluation
from generator.model import (
    Case,
    Category,
    Indicator,
    MediaItem,
    Period,
    PeriodContent,
    PeriodKind,
    Project,
    Unit,
)
from generator.site import paths
from generator.site.charts import Bar, Tally
from generator.site.conference import ConferenceVideo
from generator.site.contact_sheet import ContactSheet
from generator.site.media import MediaCatalog, SiteClip, SitePhoto


def label_on(unit: Unit, day: dt.date) -> str:
    """The unit's short label on ``day``: its ``short_name`` while it had its current name,
    otherwise the full name it had then (a short name belongs to the current name only)."""
    name = unit.name_on(day)
    return unit.label if name == unit.name else name


@dataclass(frozen=True)
class MediaView:
    period: PeriodContent
    unit: Unit
    item: MediaItem
    photo: SitePhoto | None = None
    clip: SiteClip | None = None

    @property
    def unit_name(self) -> str:
        """The unit's name when the period ended (captions show units as they were then)."""
        return self.unit.name_on(self.period.period.end)

    @property
    def unit_label(self) -> str:
        return label_on(self.unit, self.period.period.end)


@dataclass(frozen=True)
class ResultRow:
    indicator: Indicator
    evaluation: Evaluation
    note: str | None


@dataclass(frozen=True)
class UnitView:
    unit: Unit
    page: str  # docs path
    rows: tuple[ResultRow, ...]
    counts: dict[Status, int]
    cases: tuple[Case, ...]
    media: tuple[MediaView, ...]
    name: str  # the unit's name at the period's end
    label: str  # its short label then
    successor: Unit | None = None

    @property
    def renamed(self) -> bool:
        """True when the unit bore another name then than it does now."""
        return self.name != self.unit.name

    @property
    def has_results(self) -> bool:
        return any(r.evaluation.value is not None for r in self.rows)


@dataclass(frozen=True)
class PeriodView:
    content: PeriodContent
    board: Scoreboard
    units: tuple[UnitView, ...]
    media: tuple[MediaView, ...]
    video: ConferenceVideo | None
    contact: ContactSheet | None = None  # the video's storyboard, for review before rendering
    comparison: Comparison | None = None  # against the same period a year earlier, if recorded

    @property
    def id(self) -> str:
        return self.content.id

    @property
    def page(self) -> str:
        return paths.period_page(self.id)

    @property
    def short_label(self) -> str:
        """A compact name for chart rows: ``6 tháng đầu năm 2021``, ``Năm 2021``, ``Tháng 05/2021``."""
        return period_label(self.content.period)

    @property
    def has_report(self) -> bool:
        return self.content.report is not None

    @property
    def has_video_page(self) -> bool:
        """A rendered video, or at least its storyboard to review."""
        return self.video is not None or self.contact is not None

    @property
    def video_title(self) -> str:
        """The video page's name in menus and links."""
        return "Video báo cáo" if self.video is not None else "Video báo cáo — kịch bản"

    @property
    def end(self) -> dt.date:
        return self.content.period.end

    def name(self, unit: Unit) -> str:
        """``unit``'s name at the period's end."""
        return unit.name_on(self.end)

    def label(self, unit: Unit) -> str:
        """``unit``'s short label at the period's end (see ``label_on``)."""
        return label_on(unit, self.end)

    def unit_view(self, unit_id: str) -> UnitView | None:
        return next((u for u in self.units if u.unit.id == unit_id), None)

    def photo_count(self) -> int:
        return sum(1 for m in self.media if m.photo is not None)

    def clip_count(self) -> int:
        return sum(1 for m in self.media if m.clip is not None)

    def key_figures(self, limit: int = 4) -> list[Evaluation]:
        """Province-wide figures with data, rates first: the home page's headline numbers."""
        with_data = [e for e in self.board.province.values() if e.value is not None]
        with_data.sort(key=lambda e: e.indicator.measure.value != "rate")
        return with_data[:limit]

    def tallies(self) -> list[Tally]:
        return [
            Tally(
                u.label,
                u.counts[Status.MET],
                u.counts[Status.NOT_MET],
                u.counts[Status.NO_DATA],
            )
            for u in self.units
            if u.has_results
        ]

    def change(self, indicator_id: str) -> Change | None:
        """The province-wide figure against the same period a year earlier."""
        return self.comparison.province.get(indicator_id) if self.comparison else None

    def province_bars(self) -> list[Bar]:
        """As ``trend_bars``: the figures this version holds."""
        return [
            Bar(ind.label, e)
            for ind in self.board.indicators
            if not (e := self.board.province[ind.id]).withheld
        ]


def period_label(period: Period) -> str:
    end = period.end
    if period.kind is PeriodKind.HALF_YEAR:
        return f"6 tháng đầu năm {end.year}" if end.month <= 6 else f"6 tháng cuối năm {end.year}"
    if period.kind is PeriodKind.YEAR:
        return f"Năm {end.year}"
    if period.kind is PeriodKind.MONTH:
        return f"Tháng {end:%m/%Y}"
    return f"Quý {period.start:%m/%Y}–{end:%m/%Y}"


def media_views(project: Project, content: PeriodContent, catalog: MediaCatalog) -> list[MediaView]:
    """The period's media items that have a web copy (a failed one is reported, not shown)."""
    views = []
    for unit_id, item in content.media_items():
        view = MediaView(
            content,
            project.unit(unit_id),
            item,
            photo=catalog.photo(item) if item.kind == "photo" else None,
            clip=catalog.clip(item) if item.kind == "clip" else None,
        )
        if view.photo or view.clip:
            views.append(view)
    return views


def period_view(
    project: Project,
    content: PeriodContent,
    catalog: MediaCatalog,
    video: ConferenceVideo | None,
    contact: ContactSheet | None = None,
) -> PeriodView:
    board = scoreboard(project, content)
    media = media_views(project, content, catalog)
    unit_ids = [u.id for u in board.units]
    unit_ids += [h.unit for h in content.highlights if h.unit not in unit_ids]
    unit_ids += [r.unit for r in content.results if r.unit not in unit_ids]
    order = {u.id: i for i, u in enumerate(project.units)}
    units = []
    for unit_id in sorted(unit_ids, key=order.__getitem__):
        unit = project.unit(unit_id)
        results = content.results_of(unit_id)
        by_indicator = {r.indicator: r for r in results.results} if results else {}
        rows = tuple(
            ResultRow(
                ind,
                board.cells.get((unit_id, ind.id))
                or unit_evaluation(content, unit_id, ind, by_indicator.get(ind.id)),
                by_indicator[ind.id].note if ind.id in by_indicator else None,
            )
            for ind in board.indicators
        )
        counts = tally(row.evaluation for row in rows)
        units.append(
            UnitView(
                unit,
                paths.unit_page(content.id, unit_id),
                rows,
                counts,
                results.cases if results else (),
                tuple(m for m in media if m.unit.id == unit_id),
                unit.name_on(content.period.end),
                label_on(unit, content.period.end),
                next((u for u in project.units if u.id == unit.succeeded_by), None),
            )
        )
    comparison = compare(project, board)
    return PeriodView(content, board, tuple(units), tuple(media), video, contact, comparison)


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    periods: tuple[PeriodView, ...]  # oldest first, only periods where the indicator applies
    units: tuple[Unit, ...]  # every unit with a cell in one of those periods, registry order

    @property
    def page(self) -> str:
        return paths.indicator_page(self.indicator.id)

    def cell(self, period: PeriodView, unit_id: str) -> Evaluation | None:
        return period.board.cells.get((unit_id, self.indicator.id))

    def province(self, period: PeriodView) -> Evaluation:
        return period.board.province[self.indicator.id]

    def latest_bars(self) -> list[Bar]:
        if not self.periods:
            return []
        latest = self.periods[-1]
        return [
            Bar(latest.label(u), latest.board.cells[(u.id, self.indicator.id)])
            for u in latest.board.units
            if latest.board.cells[(u.id, self.indicator.id)].value is not None
        ]

    def unit_labels(self, unit: Unit) -> tuple[str, tuple[str, ...]]:
        """The unit's label in the newest compared period where it has a cell, and the other
        labels it bore in older compared periods (newest first): the row header of the matrix."""
        labels: list[str] = []
        for period in reversed(self.periods):
            if self.cell(period, unit.id) is not None and period.label(unit) not in labels:
                labels.append(period.label(unit))
        if not labels:
            return unit.label, ()
        return labels[0], tuple(labels[1:])

    def trend_bars(self) -> list[Bar]:
        """The province-wide figure of each period; a figure withheld from this version has no
        bar (the table above says so in words)."""
        return [Bar(p.short_label, e) for p in self.periods if not (e := self.province(p)).withheld]


def indicator_views(project: Project, periods: list[PeriodView]) -> list[IndicatorView]:
    order = {u.id: i for i, u in enumerate(project.units)}
    views = []
    for indicator in project.indicators:
        used = tuple(
            p for p in reversed(periods) if any(i.id == indicator.id for i in p.board.indicators)
        )
        unit_ids = {u.id for p in used for u in p.board.units}
        units = tuple(sorted((project.unit(u) for u in unit_ids), key=lambda u: order[u.id]))
        views.append(IndicatorView(indicator, used, units))
    return views


@dataclass(frozen=True)
class GalleryView:
    category: Category | None  # None: items without a category
    label: str
    groups: tuple[tuple[PeriodView, tuple[MediaView, ...]], ...]  # newest period first

    @property
    def page(self) -> str:
        return paths.gallery_page(self.category.value if self.category else "khac")

    @property
    def count(self) -> int:
        return sum(len(items) for _p, items in self.groups)


def gallery_views(periods: list[PeriodView], labels: dict[Category, str]) -> list[GalleryView]:
    """One gallery per category (always all six), plus "Khác" when items lack a category."""
    views = []
    for category, label in [*labels.items(), (None, "Khác (chưa phân loại)")]:
        groups = tuple(
            (p, items)
            for p in periods
            if (items := tuple(m for m in p.media if m.item.category == category))
        )
        if category is not None or groups:
            views.append(GalleryView(category, label, groups))
    return views
