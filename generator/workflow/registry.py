"""What the staff commands need from the content, read without probing media.

``new-period``, ``ingest`` and ``import-results`` must work while some other part of the
content is still wrong (a missing photo in another period must not block filing new ones), so
they read the files with the loader's reader and stop only on problems in the files they use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.errors import InputError, Problem, Severity
from generator.load import layout
from generator.load.reader import PERIOD_ID, RawContent, RawPeriod, read_content
from generator.model import Indicator, Period, Unit
from generator.workflow.names import INDICATOR_PREFIXES, Match, NameMatcher

T = TypeVar("T")


@dataclass(frozen=True)
class Registry:
    """The unit and indicator registries, and the raw content they were read with."""

    root: Path
    units: tuple[Unit, ...]
    indicators: tuple[Indicator, ...]
    raw: RawContent
    problems: tuple[Problem, ...]

    def units_active(self, start: dt.date, end: dt.date) -> list[Unit]:
        return [u for u in self.units if u.active_during(start, end)]

    def unit_matcher(self) -> NameMatcher[Unit]:
        return NameMatcher(self.units, lambda u: u.id, lambda u: (u.name, u.short_name or ""))

    def indicator_matcher(self) -> NameMatcher[Indicator]:
        return NameMatcher(
            self.indicators,
            lambda i: i.id,
            lambda i: (i.name, i.short_name or ""),
            INDICATOR_PREFIXES,
        )

    def errors_in(self, *paths: str) -> list[Problem]:
        """Errors found in the files at ``paths`` (project-relative) or below a folder there."""
        return [
            p
            for p in self.problems
            if p.severity is Severity.ERROR
            and any(p.path == path or p.path.startswith(path.rstrip("/") + "/") for path in paths)
        ]

    def period(self, period_id: str) -> tuple[RawPeriod, Period]:
        """The raw folder and the validated period.yml of ``period_id``, or InputError."""
        raw = next((p for p in self.raw.periods if p.id == period_id), None)
        folder = layout.period_dir(period_id)
        if raw is None:
            known = ", ".join(p.id for p in self.raw.periods) or "chưa có kỳ nào"
            raise InputError(
                Problem(
                    folder, 0, 0, f"không có kỳ báo cáo «{period_id}» (các kỳ hiện có: {known})"
                )
            )
        errors = self.errors_in(layout.period_file(period_id))
        if errors or raw.period is None:
            raise InputError(
                errors
                or Problem(layout.period_file(period_id), 0, 0, "tệp period.yml không hợp lệ")
            )
        return raw, raw.period.model


def read_registry(root: Path) -> Registry:
    """Read the content; raise InputError if units.yml or indicators.yml has errors."""
    root = root.resolve()
    raw, problems = read_content(root)
    registry = Registry(
        root=root,
        units=tuple(r.model for r in raw.units),
        indicators=tuple(r.model for r in raw.indicators),
        raw=raw,
        problems=tuple(problems),
    )
    registry_files = (layout.CONTENT, layout.UNITS, layout.INDICATORS)
    errors = [p for p in problems if p.severity is Severity.ERROR and p.path in registry_files]
    if errors:
        raise InputError(errors)
    return registry


def check_period_id(period_id: str) -> None:
    if not PERIOD_ID.match(period_id):
        raise InputError(
            f"mã kỳ báo cáo «{period_id}» không hợp lệ: chỉ dùng chữ thường không dấu, số và "
            "gạch nối (ví dụ 2021-h1)"
        )


def describe_match_failure(what: str, typed: str, match: Match[T]) -> str:
    """Vietnamese reason why ``typed`` named no single record (unknown or ambiguous)."""
    if match.candidates:
        ids = ", ".join(getattr(c, "id", str(c)) for c in match.candidates)
        return f"{what} «{typed}» khớp nhiều mục ({ids}); hãy ghi mã"
    return f"không có {what} «{typed}»"
