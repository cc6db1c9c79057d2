"""Each limit is declared once and the staff guide states it with the value in force."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator
from generator.model import limits

GUIDE = Path(generator.__file__).parent / "site" / "guide" / "kiem-tra.md"


def _vietnamese(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@pytest.mark.parametrize(
    "stated",
    [
        f"từ 0 đến {_vietnamese(limits.MAX_FIGURE)}",
        f"từ {limits.EARLIEST_DAY:%d/%m/%Y} đến {limits.LATEST_DAY:%d/%m/%Y}",
        f"tối đa {limits.MAX_SCENE_SECONDS} giây",
        f"| {limits.mebibytes(limits.MAX_YAML_BYTES)} |",
        f"| {limits.mebibytes(limits.MAX_REPORT_BYTES)} |",
        f"| {limits.MAX_YAML_NESTING} cấp |",
        f"| {limits.MAX_YAML_ALIASES} |",
        f"| {_vietnamese(limits.MAX_YAML_VALUES)} |",
    ],
)
def test_the_guide_states_each_limit(stated: str) -> None:
    assert stated in GUIDE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("size", "shown"),
    [(2 * 1024 * 1024, "2 MiB"), (2 * 1024 * 1024 + 1, "2,1 MiB"), (1, "0,1 MiB")],
)
def test_sizes_are_shown_rounded_up(size: int, shown: str) -> None:
    assert limits.mebibytes(size) == shown


def test_messages_quote_the_limits() -> None:
    assert f"tối đa {limits.MAX_YAML_NESTING} cấp" in limits.YAML_TOO_DEEP
    assert f"tối đa {limits.MAX_YAML_ALIASES}" in limits.YAML_TOO_MANY_ALIASES
    assert f"tối đa {_vietnamese(limits.MAX_YAML_VALUES)}" in limits.YAML_TOO_MANY_VALUES
