"""The video's ffmpeg: its codec arguments and its progress, on top of ``generator.media.ffmpeg``,
which starts ffmpeg for every stage and says what went wrong.

A failed render job is the environment's (``EnvironmentProblem``, «ffmpeg thất bại khi dựng
video: …»): its inputs are many and were all checked by the loader before the render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from generator.media import ffmpeg as runner
from generator.media.ffmpeg import Level, Process
from generator.video.render.scenes import RenderSettings

FrameCallback = Callable[[int], None]
DOING = "dựng video"  # «ffmpeg thất bại khi dựng video: …»

# Every segment ends with square pixels and the same colour tags, so all segments share one
# sequence parameter set and the joined stream plays with the first segment's parameters.
SEGMENT_TAGS = "setsar=1,setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=bt709"


def x264_args(settings: RenderSettings) -> list[str]:
    """Output arguments shared by every video segment: identical SPS/PPS let them join by copy."""
    return [
        "-c:v", "libx264",
        "-preset", settings.preset,
        "-crf", str(settings.crf),
        "-pix_fmt", "yuv420p",
        "-profile:v", "high",
        "-r", str(settings.fps),
        "-fps_mode", "cfr",
        "-an",
        "-f", "mp4",
    ]  # fmt: skip


def base_args(level: Level = "error") -> list[str]:
    """ffmpeg and the options every render call starts with (each writes a file)."""
    return runner.head(level, writes=True)


def run(args: Sequence[str], on_frame: FrameCallback | None = None) -> str:
    """Run ffmpeg to completion; return its stderr. ``on_frame(n)`` follows encoded frames."""
    proc = start(args, stdin=False, on_frame=on_frame)
    return finish(proc, on_frame)


def start(args: Sequence[str], *, stdin: bool, on_frame: FrameCallback | None = None) -> Process:
    """Start ffmpeg, its progress on stdout when ``on_frame`` follows it."""
    full = list(args)
    if on_frame is not None:
        full[1:1] = ["-progress", "pipe:1", "-stats_period", "0.25"]
    return runner.start(full, stdin=stdin, stdout=on_frame is not None)


def finish(proc: Process, on_frame: FrameCallback | None = None) -> str:
    """Follow progress until ffmpeg exits; raise EnvironmentProblem when it fails."""
    if proc.stdout is not None:
        _follow_progress(proc.stdout, on_frame)
    return runner.finish(proc, doing=DOING)


def _follow_progress(stream: IO[bytes], on_frame: FrameCallback | None) -> None:
    for raw in stream:
        line = raw.decode("ascii", "replace").strip()
        if on_frame is not None and line.startswith("frame="):
            value = line.partition("=")[2]
            if value.isdigit():
                on_frame(int(value))


def concat_list(paths: Sequence[Path]) -> str:
    """The concat demuxer's list file: one quoted absolute path a line."""
    lines = ["ffconcat version 1.0"]
    for path in paths:
        quoted = str(path.resolve()).replace("'", "'\\''")
        lines.append(f"file '{quoted}'")
    return "\n".join(lines) + "\n"
