"""The records of one period as YAML files, exactly as the (already filtered) model holds them.

The archive carries these instead of copying content/ files: a copied file would carry the
internal and restricted entries that the audience filter removed from the model.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

import yaml
from pydantic import BaseModel

from generator.load import layout
from generator.model import PeriodContent, Project


def _yaml(value: Any) -> bytes:
    text: str = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def _data(model: BaseModel) -> Any:
    return _plain(model.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True))


def _plain(value: Any) -> Any:
    """YAML-friendly values: whole decimals as ints, enums as their text, dates kept as dates."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, StrEnum):
        return str(value)
    return value


def period_records(project: Project, content: PeriodContent) -> dict[str, bytes]:
    """``records/…`` files (POSIX paths) for ``content``, mirroring the content/ layout."""
    period = content.id
    files = {
        _mirrored(layout.SITE): _yaml(_data(project.site)),
        _mirrored(layout.UNITS): _yaml([_data(unit) for unit in project.units]),
        _mirrored(layout.INDICATORS): _yaml([_data(i) for i in project.indicators]),
        _mirrored(layout.period_file(period)): _yaml(_data(content.period)),
        _mirrored(layout.video_file(period)): _yaml(_data(content.video)),
    }
    for results in content.results:
        files[_mirrored(layout.results_file(period, results.unit))] = _yaml(_data(results))
    for highlights in content.highlights:
        rel = _mirrored(layout.highlights_file(period, highlights.unit))
        files[rel] = _yaml(_data(highlights))
    if content.report is not None:
        files[_mirrored(layout.report_file(period))] = content.report.markdown.encode("utf-8")
    return files


def _mirrored(rel: str) -> str:
    """A content file's place under the bag's records/: its place under content/."""
    return rel.removeprefix(f"{layout.CONTENT}/")
