"""What the audience filter withholds from a period, said before it surprises anyone.

The filter is the one gate and stays silent by design. This module sets the full project beside
the filtered one, so that ``check``, ``video --plan`` and the render can warn when an audience
loses a whole part of the video (every results file internal, in a public video) or most of it,
naming the files and the ``visibility`` that would let them through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.errors import Problem, Severity
from generator.load import layout
from generator.model import (
    VISIBILITY_LABELS,
    PeriodContent,
    Project,
    Visibility,
)


@dataclass(frozen=True)
class _Part:
    label: str  # the part of the video, as staff know it
    file: Callable[[str, str], str]  # (period id, unit id) -> the unit's file (load.layout)
    counts: Callable[[PeriodContent], dict[str, int]]  # unit id -> items in that file


_PARTS = (
    _Part(
        "Kết quả thực hiện chỉ tiêu",
        layout.results_file,
        lambda content: {f.unit: len(f.results) for f in content.results},
    ),
    _Part(
        "Hình ảnh nổi bật của các đơn vị",
        layout.highlights_file,
        lambda content: {f.unit: len(f.media) for f in content.highlights},
    ),
)


def withheld(full: Project, filtered: Project, period_id: str) -> list[Problem]:
    """Warnings for each part of ``period_id`` that ``filtered``'s audience loses wholly or
    mostly (more than half of its items)."""
    audience = filtered.audience
    before = full.period(period_id)
    after = next((p for p in filtered.periods if p.id == period_id), None)
    problems = []
    for part in _PARTS:
        total = part.counts(before)
        kept = part.counts(after) if after is not None else {}
        all_items, kept_items = sum(total.values()), sum(kept.values())
        if not all_items or kept_items * 2 >= all_items:
            continue
        files = [
            part.file(period_id, unit) for unit, count in total.items() if kept.get(unit, 0) < count
        ]
        if kept_items:
            what = f"chỉ còn {kept_items}/{all_items} mục của phần «{part.label}»"
        else:
            what = f"không có phần «{part.label}» ({all_items} mục đều ở mức cao hơn)"
        shown = ", ".join(files[:6]) + (f" và {len(files) - 6} tệp khác" if len(files) > 6 else "")
        problems.append(
            Problem(
                files[0],
                message=(
                    f"bản {VISIBILITY_LABELS[audience]} ({audience}) của kỳ {period_id} {what}; "
                    f"nếu các mục này được phép xem, đặt «visibility: {audience}» (cho cả tệp hoặc từng mục) trong: {shown}"
                ),
                severity=Severity.WARNING,
            )
        )
    return problems


@dataclass(frozen=True)
class Disclosure:
    """Units whose own figures an audience can work out: the province-wide figure it is shown
    (``province_visibility``) minus the units it can see."""

    audience: Visibility
    units: tuple[str, ...]  # one unit: its figure; two: their sum
    indicators: tuple[str, ...]


def disclosures(project: Project, content: PeriodContent) -> list[Disclosure]:
    """For each audience below restricted, the one or two units whose results it may not see
    but can derive, per province-wide figure it is shown (``project`` unfiltered)."""
    levels = {(unit, result.indicator): level for unit, result, level in content.leveled_results()}
    found: dict[tuple[Visibility, tuple[str, ...]], list[str]] = {}
    for audience in (Visibility.PUBLIC, Visibility.INTERNAL):
        for indicator in project.indicators:
            figure = content.province.get(indicator.id)
            if figure is None or not figure.visibility.visible_to(audience):
                continue
            hidden = tuple(
                unit
                for unit in figure.units
                if not levels[(unit, indicator.id)].visible_to(audience)
            )
            if 1 <= len(hidden) <= 2:
                found.setdefault((audience, hidden), []).append(indicator.id)
    return [Disclosure(a, units, tuple(ids)) for (a, units), ids in found.items()]


def disclosure_message(project: Project, content: PeriodContent, found: Disclosure) -> str:
    """The warning for ``found``, naming the units and the indicators."""
    end = content.period.end
    names = " và ".join(project.unit(unit).name_on(end) for unit in found.units)
    what = "số liệu của đơn vị này" if len(found.units) == 1 else "tổng số liệu của hai đơn vị này"
    indicators = "; ".join(project.indicator(i).name for i in found.indicators)
    audience = found.audience
    return (
        f"bản {VISIBILITY_LABELS[audience]} ({audience}) có số liệu toàn tỉnh mà không có kết quả "
        f"của {names}: lấy số liệu toàn tỉnh trừ đi các đơn vị có trong bản là suy ra được {what} "
        f"({indicators}); nếu không được công bố, đặt «province_visibility» ở mức cao hơn hoặc bỏ "
        f"dòng này"
    )
