"""``build_site``: the site stage, in the order it runs.

media derivatives (cached) → views → Markdown pages + assets in a docs tree → MkDocs build →
media linked in → atomic swap into ``out``. The docs tree and the new site are built beside
``out`` (same file system, so the final moves are renames); ``out`` is replaced only when
everything succeeded.

Photo and clip derivatives are linked straight into the built site rather than passed through
MkDocs, which would copy hundreds of megabytes on every build; pages reference them by
relative URL like any other file.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import InputError, Problem
from generator.fsutil import atomic_directory, link_or_copy, write_marker
from generator.media.cache import SITE_MEDIA, MediaCache
from generator.model import Project
from generator.site import assets
from generator.site.conference import ConferenceVideo, find_video
from generator.site.contact import ContactShot
from generator.site.contact_sheet import prepare_contact_sheets
from generator.site.engine import require_engine, selected_engine
from generator.site.finish import content_dates, finish_site
from generator.site.media import ProgressFn, prepare_media, prune_cache
from generator.site.mkdocs_config.compose import (
    PROJECT_CONFIG,
    build_config,
    project_docs_dir,
    project_theme_dir,
    read_project_config,
)
from generator.site.pages import generate_pages
from generator.site.paths import MEDIA_DIR
from generator.site.views import period_view
from generator.site.zensical_run import run_zensical

_NO_CONTENT_DATE = "2000-01-01"


@dataclass(frozen=True)
class SiteReport:
    """What a build did, for the CLI to print and the benchmark to measure."""

    out: Path
    pages: int
    photos: int
    clips: int
    videos: int  # conference videos with a page
    cache_hits: int
    cache_misses: int
    cache_pruned: int
    media_seconds: float
    mkdocs_seconds: float  # the engine's own build (config load + build)
    total_seconds: float
    warnings: tuple[str, ...]  # media that could not be converted, MkDocs warnings


def build_site(
    project: Project,
    out: Path,
    *,
    project_root: Path,
    cache_dir: Path,
    offline: bool = False,
    videos_dir: Path | None = None,
    on_progress: ProgressFn | None = None,
    contact_sheets: Mapping[str, Sequence[ContactShot]] | None = None,
    marker: Mapping[str, object] | None = None,
) -> SiteReport:
    """Build the site for ``project`` (already filtered for its audience) into ``out``.

    ``offline=True`` makes the file:// variant the archive ships (Material's offline plugin:
    search without a server). ``videos_dir`` holds ``<period>.mp4`` (+ .vtt, .chapters.vtt,
    .srt) made by the video stage. ``on_progress(step, done, total)`` follows the media step.
    ``contact_sheets`` (period id → the video's storyboard shots) adds a contact sheet to each
    period's video page, which then exists even before the video is rendered.
    ``marker`` (what built the site, for which audience) is written into the site as
    ``fsutil.OUTPUT_MARKER`` before it is swapped in; the caller checks that ``out`` may be
    replaced (``fsutil.check_output_folder``).
    Raises InputError for a bad project mkdocs.yml.
    """
    started = time.perf_counter()
    require_engine()
    out = out.resolve()
    project_config = read_project_config(project_root)
    cache = MediaCache(cache_dir / SITE_MEDIA)
    with (
        atomic_directory(out) as site_dir,
        tempfile.TemporaryDirectory(prefix=f".{out.name}.work.", dir=out.parent) as work_name,
    ):
        work = Path(work_name)
        docs, theme, media_root = work / "docs", work / "theme", work / "out"
        media_started = time.perf_counter()
        catalog = prepare_media(project, media_root, cache, on_progress)
        videos = {p.id: find_video(videos_dir, p.id) for p in project.periods}
        for video in videos.values():
            if video is not None:
                _link_video(video, media_root)
        sheets = prepare_contact_sheets(
            contact_sheets or {}, [p.id for p in project.periods], media_root, cache
        )
        media_seconds = time.perf_counter() - media_started

        periods = [
            period_view(project, p, catalog, videos[p.id], sheets.sheets.get(p.id))
            for p in project.periods
        ]
        generated = generate_pages(project, periods, offline=offline)
        docs.mkdir(parents=True)
        assets.copy_project_docs(project_docs_dir(project_root, project_config), docs)
        for page in generated.pages:
            target = docs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        assets.write_assets(docs)
        assets.write_theme(theme, project_theme_dir(project_root, project_config))
        guide = assets.write_guide(docs)
        nav = generated.nav + ([{"Hướng dẫn": guide}] if guide else [])
        config = build_config(
            project.site,
            project_config,
            docs_dir=docs,
            site_dir=site_dir,
            theme_dir=theme,
            nav=nav,
            offline=offline,
            logo=assets.write_logo(project, docs),
            project_root=project_root,
        )
        with content_dates(content_date(project)):
            if selected_engine() == "zensical":
                mkdocs_seconds, warnings = run_zensical(config, work, site_dir)
            else:
                mkdocs_seconds, warnings = run_mkdocs(config, work / PROJECT_CONFIG)
        warnings += finish_site(
            site_dir,
            base_path=urlsplit(config.get("site_url") or "/").path,
            top_level=[p.name for p in docs.iterdir() if p.is_dir()],
        )
        if (media_root / MEDIA_DIR).is_dir():
            os.replace(media_root / MEDIA_DIR, site_dir / MEDIA_DIR)
        if marker is not None:
            write_marker(site_dir, marker)
        pruned = prune_cache(cache, project.audience.value)
    return SiteReport(
        out=out,
        pages=len(generated.pages) + len(guide),
        photos=len(catalog.photos),
        clips=len(catalog.clips),
        videos=sum(1 for v in videos.values() if v is not None),
        cache_hits=catalog.hits,
        cache_misses=catalog.misses,
        cache_pruned=pruned,
        media_seconds=media_seconds,
        mkdocs_seconds=mkdocs_seconds,
        total_seconds=time.perf_counter() - started,
        warnings=(*catalog.failures, *sheets.failures, *warnings),
    )


def content_date(project: Project) -> str:
    """The newest date the content names (a conference or a period's end): the sitemap's
    ``lastmod``. Never the build date, so two builds are byte-identical."""
    days = [
        max(p.period.end, p.period.conference.date if p.period.conference else p.period.end)
        for p in project.periods
    ]
    return max(days).isoformat() if days else _NO_CONTENT_DATE


def _link_video(video: ConferenceVideo, root: Path) -> None:
    for role, source in video.files.items():
        link_or_copy(source, root / video.site_path(role))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config: dict[str, Any], config_path: Path) -> tuple[float, list[str]]:
    """Build with MkDocs' public API; returns (seconds, warnings). Its log is collected, not
    printed: the CLI shows warnings from the report."""
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    started = time.perf_counter()
    try:
        loaded = load_config(io.BytesIO(b"{}"), config_file_path=str(config_path), **config)
        mkdocs_build(loaded)
    except MkDocsException as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise InputError(
            Problem(PROJECT_CONFIG, message=f"MkDocs không dựng được trang: {details}")
        ) from exc
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return time.perf_counter() - started, collect.messages
