"""The orchestrators: each reads like the pipeline — load → validate → filter → stage.

`cli.py` parses arguments and prints; these functions do the work and return plain results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.audience import filter_for_audience
from generator.errors import InputError, Problem
from generator.load.loader import Loaded, load_project
from generator.model import Project, Visibility
from generator.video.assemble import build_scenes
from generator.video.narration import narrate
from generator.video.render import RenderReport, render_video
from generator.video.scenes import Chapter, RenderSettings, Scene
from generator.video.storyboard import Storyboard, plan_storyboard
from generator.video.tts import default_engine


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


@dataclass(frozen=True)
class VideoPlan:
    """The storyboard with real narration lengths: what ``--plan`` prints."""

    storyboard: Storyboard
    scenes: list[Scene]
    chapters: list[Chapter]

    @property
    def seconds(self) -> float:
        return sum(scene.duration for scene in self.scenes)


def plan_video(
    root: Path,
    period_id: str,
    audience: Visibility,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> VideoPlan:
    """load → filter → storyboard → narration → scenes (cards drawn, nothing encoded yet)."""
    project, _loaded = load_for(root, audience)
    _require_period(project, period_id)
    storyboard = plan_storyboard(project, period_id)
    narrations = narrate(storyboard.shots, default_engine(), settings.cache_dir, on_progress)
    scenes, chapters = build_scenes(storyboard, narrations, settings.size, settings.cache_dir)
    return VideoPlan(storyboard, scenes, chapters)


def render_period_video(
    plan: VideoPlan,
    out: Path,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> RenderReport:
    """Encode a planned video (segments cached per scene) with its subtitles and chapters."""
    settings = dataclasses.replace(
        settings, music=plan.storyboard.music, title=plan.storyboard.title
    )
    return render_video(plan.scenes, plan.chapters, out, settings, on_progress)


def _require_period(project: Project, period_id: str) -> None:
    known = [p.id for p in project.periods]
    if period_id not in known:
        raise InputError(
            Problem(
                f"content/periods/{period_id}",
                message=f"không có kỳ báo cáo «{period_id}»; các kỳ hiện có: {', '.join(known)}",
            )
        )
