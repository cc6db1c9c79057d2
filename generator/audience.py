"""The audience filter: the ONE gate between restricted, internal and public material.

Applied once, right after loading. The returned Project holds nothing above the audience, so
no later stage needs (or has) visibility checks of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from generator.model import (
    HighlightsFile,
    PeriodContent,
    Project,
    ResultsFile,
    VideoSettings,
    Visibility,
    effective_visibility,
)
from generator.model.province import ProvinceFigure
from generator.model.records import media_key
from generator.model.video import SUMMARY_NARRATION


def filter_for_audience(project: Project, audience: Visibility) -> Project:
    """A copy of ``project`` containing only what ``audience`` may see."""
    periods = tuple(_period(p, audience) for p in project.periods)
    used = _media_paths(periods)
    media = {
        rel: file
        for rel, file in project.media.items()
        if rel in used or (project.site.logo is not None and rel == media_key(project.site.logo))
    }
    return dataclasses.replace(project, periods=periods, media=media, audience=audience)


def _period(content: PeriodContent, audience: Visibility) -> PeriodContent:
    report = content.report
    if report is not None and not report.visibility.visible_to(audience):
        report = None
    results = tuple(
        r
        for r in (
            _results(f, audience) for f in content.results if _file_visible(f.visibility, audience)
        )
        if r.results or r.cases
    )
    kept = {(f.unit, r.indicator) for f in results for r in f.results}
    province = {
        indicator: figure if figure.visibility.visible_to(audience) else figure.withheld_copy()
        for indicator, figure in content.province.items()
    }
    return dataclasses.replace(
        content,
        results=results,
        province=province,
        withheld_results=content.withheld_results
        | {(f.unit, r.indicator) for f in content.results for r in f.results} - kept,
        highlights=tuple(
            h
            for h in (
                _highlights(f, audience)
                for f in content.highlights
                if _file_visible(f.visibility, audience)
            )
            if h.media
        ),
        report=report,
        video=_video(content.video, results, province),
    )


def _video(
    video: VideoSettings,
    results: tuple[ResultsFile, ...],
    province: Mapping[str, ProvinceFigure],
) -> VideoSettings:
    """video.yml's narration overrides, only for screens this audience's video has and whose
    province-wide figures it may see: a line written for an indicator may quote its results and
    its province-wide figure, the summary's line any province-wide figure."""
    withheld = {indicator for indicator, figure in province.items() if figure.withheld}
    shown = {r.indicator for f in results for r in f.results} - withheld
    if shown and not withheld:
        shown.add(SUMMARY_NARRATION)
    kept = {key: text for key, text in video.narration.items() if key in shown}
    # Recorded card lines (``voiceovers``) stay: a take is heard only where the words it was
    # recorded for are this audience's line (``plan._spoken``), which decides more finely.
    return video if kept == video.narration else video.model_copy(update={"narration": kept})


def _file_visible(level: Visibility | None, audience: Visibility) -> bool:
    return level is None or level.visible_to(audience)


def _results(file: ResultsFile, audience: Visibility) -> ResultsFile:
    def visible(own: Visibility | None) -> bool:
        return effective_visibility(own, file.visibility).visible_to(audience)

    return file.model_copy(
        update={
            "results": tuple(r for r in file.results if visible(r.visibility)),
            "cases": tuple(c for c in file.cases if visible(c.visibility)),
        }
    )


def _highlights(file: HighlightsFile, audience: Visibility) -> HighlightsFile:
    return file.model_copy(
        update={
            "media": tuple(
                m
                for m in file.media
                if effective_visibility(m.visibility, file.visibility).visible_to(audience)
            )
        }
    )


def _media_paths(periods: tuple[PeriodContent, ...]) -> set[str]:
    """Media still referenced after filtering (a restricted photo's file must not travel on)."""
    used: set[str] = set()
    for content in periods:
        for _unit, item in content.media_items():
            used.add(media_key(item.file))
            if item.voiceover:
                used.add(media_key(item.voiceover))
        if content.video.music:
            used.add(media_key(content.video.music))
        used.update(media_key(t) for takes in content.video.voiceovers.values() for t in takes)
    return used
