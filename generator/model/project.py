"""The whole loaded project: what every stage receives (after the audience filter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.media.probe import MediaInfo
from generator.model.base import Visibility
from generator.model.indicators import Indicator
from generator.model.periods import Period
from generator.model.province import ProvinceFigure
from generator.model.records import (
    HighlightsFile,
    MediaItem,
    Result,
    ResultsFile,
    effective_visibility,
    media_key,
)
from generator.model.site import SiteInfo
from generator.model.units import Unit
from generator.model.video import VideoSettings


@dataclass(frozen=True)
class Report:
    """``report.md``: the leadership's narrative, with optional front matter."""

    markdown: str
    visibility: Visibility = Visibility.INTERNAL
    title: str | None = None


@dataclass(frozen=True)
class MediaFile:
    """A media file found on disk: its real path (names may be NFD) and what probing saw."""

    path: Path
    info: MediaInfo


@dataclass(frozen=True)
class PeriodContent:
    """Everything recorded for one reporting period."""

    id: str
    period: Period
    results: tuple[ResultsFile, ...] = ()
    highlights: tuple[HighlightsFile, ...] = ()
    report: Report | None = None
    video: VideoSettings = field(default_factory=VideoSettings)
    province: Mapping[str, ProvinceFigure] = field(default_factory=dict)
    """Indicator id -> its province-wide figure, computed from every unit's results at load."""
    withheld_results: frozenset[tuple[str, str]] = frozenset()
    """(unit id, indicator id) of results the audience filter removed: a sum over several units
    (a merged unit's predecessors) that lacks one of them is not shown as theirs."""

    def results_of(self, unit_id: str) -> ResultsFile | None:
        return next((r for r in self.results if r.unit == unit_id), None)

    def highlights_of(self, unit_id: str) -> HighlightsFile | None:
        return next((h for h in self.highlights if h.unit == unit_id), None)

    def leveled_results(self) -> list[tuple[str, Result, Visibility]]:
        """Every result of the period as (unit id, result, its effective level)."""
        return [
            (file.unit, result, effective_visibility(result.visibility, file.visibility))
            for file in self.results
            for result in file.results
        ]

    def media_items(self) -> list[tuple[str, MediaItem]]:
        """All media items of the period as (unit id, item), in file order."""
        return [(h.unit, item) for h in self.highlights for item in h.media]


@dataclass(frozen=True)
class Project:
    """The loaded, validated content. ``audience`` says the most it may contain."""

    root: Path
    site: SiteInfo
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    periods: tuple[PeriodContent, ...]  # newest first
    media: Mapping[str, MediaFile] = field(default_factory=dict)  # NFC path under media/ -> file
    audience: Visibility = Visibility.RESTRICTED

    @property
    def media_root(self) -> Path:
        return self.root / "media"

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units if u.id == unit_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def period(self, period_id: str) -> PeriodContent:
        return next(p for p in self.periods if p.id == period_id)

    def media_file(self, relative: str) -> MediaFile:
        """The file behind a media path as written in the content (relative to media/)."""
        return self.media[media_key(relative)]
