"""Every generated page of the docs tree, and the nav that orders them.

Like MkDocs' ``File.generated``: a page is a path and its Markdown, nothing written yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model import CATEGORY_LABELS, Project
from generator.site import paths
from generator.site.history import merges, unit_histories
from generator.site.render import PageRenderer, nav_title
from generator.site.tradition import archive_years
from generator.site.views import (
    GalleryView,
    IndicatorView,
    PeriodView,
    gallery_views,
    indicator_views,
)

NavItem = dict[str, Any] | str


@dataclass(frozen=True)
class DocPage:
    path: str  # inside the docs folder, POSIX
    markdown: str


@dataclass(frozen=True)
class SitePages:
    pages: tuple[DocPage, ...]
    nav: list[NavItem]


def generate_pages(project: Project, periods: list[PeriodView], *, offline: bool) -> SitePages:
    """All pages for ``periods`` (newest first), in nav order."""
    renderer = PageRenderer(site=project.site, offline=offline, periods=periods)
    indicators = [v for v in indicator_views(project, periods) if v.periods]
    galleries = gallery_views(periods, CATEGORY_LABELS)
    pages: list[DocPage] = []

    def add(template: str, path: str, **context: Any) -> str:
        pages.append(DocPage(path, renderer.render(template, path, **context)))
        return path

    add("home.md.j2", paths.HOME)
    nav: list[NavItem] = [{"Trang chủ": paths.HOME}]
    period_nav = [_period(add, period) for period in periods]
    if period_nav:
        nav.append({"Kỳ báo cáo": period_nav})
    nav.append({"Chỉ tiêu": _indicators(add, indicators)})
    nav.append({"Hình ảnh": _galleries(add, galleries)})
    groups = unit_histories(project, periods)
    add("units.md.j2", paths.UNITS, groups=groups, merges=merges(groups))
    nav.append({"Đơn vị qua các thời kỳ": paths.UNITS})
    add("archive.md.j2", paths.ARCHIVE, years=archive_years(periods))
    nav.append({"Lưu trữ": paths.ARCHIVE})
    return SitePages(tuple(pages), nav)


def _period(add: Any, period: PeriodView) -> NavItem:
    children: list[NavItem] = [add("period.md.j2", period.page, period=period)]
    if period.content.report is not None:
        path = add(
            "report.md.j2",
            paths.report_page(period.id),
            period=period,
            report=period.content.report,
        )
        children.append({"Báo cáo của lãnh đạo": path})
    if period.has_video_page:
        path = add(
            "video.md.j2",
            paths.video_page(period.id),
            period=period,
            video=period.video,
            sheet=period.contact,
        )
        children.append({period.video_title: path})
    units = [
        {nav_title(u.label): add("unit.md.j2", u.page, period=period, view=u)} for u in period.units
    ]
    if units:
        children.append({"Đơn vị": units})
    return {nav_title(period.content.period.title): children}


def _indicators(add: Any, indicators: list[IndicatorView]) -> list[NavItem]:
    items: list[NavItem] = [add("indicators.md.j2", paths.INDICATORS, indicators=indicators)]
    for view in indicators:
        items.append(
            {nav_title(view.indicator.label): add("indicator.md.j2", view.page, view=view)}
        )
    return items


def _galleries(add: Any, galleries: list[GalleryView]) -> list[NavItem]:
    items: list[NavItem] = [add("galleries.md.j2", paths.GALLERIES, galleries=galleries)]
    for view in galleries:
        items.append({nav_title(view.label): add("gallery.md.j2", view.page, view=view)})
    return items
