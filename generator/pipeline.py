"""The orchestrators: each reads like the pipeline — load → validate → filter → stage.

`cli.py` parses arguments and prints; these functions do the work and return plain results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.audience import filter_for_audience
from generator.load.loader import Loaded, load_project
from generator.model import Project, Visibility


@dataclass(frozen=True)
class CheckSummary:
    periods: int
    units: int
    indicators: int
    photos: int
    clips: int
    audio: int
    warnings: int


def check(root: Path) -> tuple[CheckSummary, Loaded]:
    """Load and validate everything; raise InputError listing every problem."""
    loaded = load_project(root)
    project = loaded.project
    kinds = [f.info.kind for f in project.media.values()]
    summary = CheckSummary(
        periods=len(project.periods),
        units=len(project.units),
        indicators=len(project.indicators),
        photos=kinds.count("photo"),
        clips=kinds.count("clip"),
        audio=kinds.count("audio"),
        warnings=len(loaded.warnings),
    )
    return summary, loaded


def load_for(root: Path, audience: Visibility) -> tuple[Project, Loaded]:
    """Load, validate, and keep only what ``audience`` may see (the one filter)."""
    loaded = load_project(root)
    return filter_for_audience(loaded.project, audience), loaded
