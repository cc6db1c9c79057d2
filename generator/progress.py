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
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from generator.pipeline import VideoPlan

ProgressCallback = Callable[[int, int], None]


@contextlib.contextmanager
def progress_bar(description: str, quiet: bool = False) -> Iterator[ProgressCallback | None]:
    """A callback ``(done, total)`` drawing a bar on stderr; None when quiet or not a terminal."""
    if quiet:
        yield None
        return
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("còn"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=not sys.stderr.isatty()) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def format_seconds(seconds: float) -> str:
    """``3:07`` for minutes and seconds."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def format_plan(plan: VideoPlan) -> str:
    """The storyboard as a table: scene, section, start, duration, narration."""
    lines = [f"Kịch bản video: {plan.storyboard.title}", ""]
    lines.append(f"{'#':>3}  {'bắt đầu':>7}  {'dài':>5}  cảnh — lời dẫn")
    start = 0.0
    for number, (shot, scene) in enumerate(zip(plan.storyboard.shots, plan.scenes, strict=True), 1):
        said = f" — {shot.narration}" if shot.narration else ""
        lines.append(
            f"{number:>3}  {format_seconds(start):>7}  {scene.duration:>4.1f}s  "
            f"[{shot.section}] {shot.title}{said}"
        )
        start += scene.duration
    lines += ["", f"Tổng thời lượng: {format_seconds(plan.seconds)} ({len(plan.scenes)} cảnh)"]
    return "\n".join(lines)
