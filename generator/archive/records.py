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

from generator.model import PeriodContent, Project


def _yaml(value: Any) -> bytes:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
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
    base = f"periods/{content.id}"
    files = {
        "site.yml": _yaml(_data(project.site)),
        "units.yml": _yaml([_data(unit) for unit in project.units]),
        "indicators.yml": _yaml([_data(indicator) for indicator in project.indicators]),
        f"{base}/period.yml": _yaml(_data(content.period)),
        f"{base}/video.yml": _yaml(_data(content.video)),
    }
    for results in content.results:
        files[f"{base}/results/{results.unit}.yml"] = _yaml(_data(results))
    for highlights in content.highlights:
        files[f"{base}/highlights/{highlights.unit}.yml"] = _yaml(_data(highlights))
    if content.report is not None:
        files[f"{base}/report.md"] = content.report.markdown.encode("utf-8")
    return files
