"""``load_project``: read → check → build the Project, or raise every problem at once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, Problem, Severity
from generator.evaluation import province_figures
from generator.load.checks import check_content
from generator.load.reader import RawContent, read_content
from generator.model import MediaFile, PeriodContent, Project, VideoSettings
from generator.withheld import disclosure_message, disclosures


@dataclass(frozen=True)
class Loaded:
    """A valid project and the warnings found while loading it."""

    project: Project
    warnings: tuple[Problem, ...]


def load_project(root: Path) -> Loaded:
    """Load and validate everything under ``root``; raise InputError listing every error."""
    root = root.resolve()
    raw, problems = read_content(root)
    checked = check_content(raw)
    problems = problems + checked.problems
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = tuple(sorted(p for p in problems if p.severity is Severity.WARNING))
    if errors or raw.site is None:
        raise InputError(errors + list(warnings))
    project = build_project(raw, checked.media)
    return Loaded(project, tuple(sorted((*warnings, *_disclosures(project, raw)))))


def _disclosures(project: Project, raw: RawContent) -> list[Problem]:
    """Warnings at ``province_visibility`` where a published province-wide figure lets an
    audience work out the figures of one or two units it may not see."""
    problems = []
    for period in raw.periods:
        if period.period is None:
            continue
        content = project.period(period.id)
        for found in disclosures(project, content):
            problems.append(
                period.period.problem(
                    ("province_visibility",),
                    disclosure_message(project, content, found),
                    severity=Severity.WARNING,
                )
            )
    return problems


def build_project(raw: RawContent, media: dict[str, MediaFile]) -> Project:
    """The Project from content read and checked without errors (``media``: what the checks
    probed)."""
    unit_order = {record.model.id: index for index, record in enumerate(raw.units)}
    periods = []
    for period in raw.periods:
        if period.period is None:  # only possible with errors, which were raised above
            continue
        periods.append(
            PeriodContent(
                id=period.id,
                period=period.period.model,
                results=tuple(
                    sorted((r.model for r in period.results), key=lambda r: unit_order[r.unit])
                ),
                highlights=tuple(
                    sorted((h.model for h in period.highlights), key=lambda h: unit_order[h.unit])
                ),
                report=period.report,
                video=period.video.model if period.video else VideoSettings(),
            )
        )
    periods.sort(key=lambda p: (p.period.start, p.id), reverse=True)
    assert raw.site is not None
    units = tuple(r.model for r in raw.units)
    indicators = tuple(r.model for r in raw.indicators)
    return Project(
        root=raw.root,
        site=raw.site.model,
        units=units,
        indicators=indicators,
        # province-wide figures from every unit's results, before any audience filter
        periods=tuple(
            dataclasses.replace(p, province=province_figures(units, indicators, p)) for p in periods
        ),
        media=media,
    )
