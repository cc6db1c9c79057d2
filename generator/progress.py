"""What the CLI shows while it works: rich progress bars with counts and ETA, and plan tables."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from generator.formatting import format_length, format_seconds

if TYPE_CHECKING:
    from generator.pipeline import VideoPlan

ProgressCallback = Callable[[int, int], None]
StagedProgressCallback = Callable[[str, int, int], None]


def _progress() -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("còn"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=Console(stderr=True), transient=not sys.stderr.isatty())


@contextlib.contextmanager
def progress_bar(description: str, quiet: bool = False) -> Iterator[ProgressCallback | None]:
    """A callback ``(done, total)`` drawing a bar on stderr; None when quiet."""
    with staged_progress_bar(quiet) as staged:
        yield None if staged is None else (lambda done, total: staged(description, done, total))


@contextlib.contextmanager
def staged_progress_bar(quiet: bool = False) -> Iterator[StagedProgressCallback | None]:
    """A callback ``(stage, done, total)``: one bar per stage, labelled with the stage."""
    if quiet:
        yield None
        return
    with _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        yield update


def format_plan(plan: VideoPlan) -> str:
    """The storyboard as a table: scene, section, start, duration, narration."""
    lines = [f"Kịch bản video: {plan.storyboard.title}", ""]
    lines.append(f"{'#':>3}  {'bắt đầu':>7}  {'dài':>10}  cảnh — lời dẫn")
    start = 0.0
    for number, (shot, scene) in enumerate(zip(plan.storyboard.shots, plan.scenes, strict=True), 1):
        said = f" — {shot.narration}" if shot.narration else ""
        lines.append(
            f"{number:>3}  {format_seconds(start):>7}  {format_length(scene.duration):>10}  "
            f"[{shot.section}] {shot.title}{said}"
        )
        start += scene.duration
    lines += ["", f"Tổng thời lượng: {format_seconds(plan.seconds)} ({len(plan.scenes)} cảnh)"]
    return "\n".join(lines)
