"""The tradition room's index ("Lưu trữ"): every period by year, newest first, each with its
conference video and a strip of highlight thumbnails, units named as they were then."""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.views import MediaView, PeriodView

STRIP_LENGTH = 8  # thumbnails per period; the period's own pages show the rest


@dataclass(frozen=True)
class ArchiveEntry:
    period: PeriodView
    strip: tuple[MediaView, ...]
    more: int  # highlights not in the strip

    @property
    def year(self) -> int:
        return self.period.end.year


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    entries: tuple[ArchiveEntry, ...]  # newest first


def archive_years(periods: list[PeriodView], strip: int = STRIP_LENGTH) -> list[ArchiveYear]:
    """Periods grouped by the year they end in; years and periods newest first."""
    ordered = sorted(periods, key=lambda p: (p.end, p.content.period.start), reverse=True)
    years: dict[int, list[ArchiveEntry]] = {}
    for period in ordered:
        entry = ArchiveEntry(period, period.media[:strip], max(0, len(period.media) - strip))
        years.setdefault(entry.year, []).append(entry)
    return [ArchiveYear(year, tuple(entries)) for year, entries in years.items()]
