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
from generator.model import VISIBILITY_LABELS, PeriodContent, Project


@dataclass(frozen=True)
class _Part:
    label: str  # the part of the video, as staff know it
    folder: str  # under content/periods/<id>/
    counts: Callable[[PeriodContent], dict[str, int]]  # unit id -> items in that file


_PARTS = (
    _Part(
        "Kết quả thực hiện chỉ tiêu",
        "results",
        lambda content: {f.unit: len(f.results) for f in content.results},
    ),
    _Part(
        "Hình ảnh nổi bật của các đơn vị",
        "highlights",
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
            f"content/periods/{period_id}/{part.folder}/{unit}.yml"
            for unit, count in total.items()
            if kept.get(unit, 0) < count
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
