"""Running ffmpeg: one place for the binary, the codec arguments and the error messages.

There is no ffprobe in the product's environment, so probing lives in
``generator.media.probe`` and parses ``ffmpeg -i``; everything else goes through :func:`run` or
:func:`start`.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from generator.errors import EnvironmentProblem
from generator.tools import ffmpeg_exe
from generator.video.render.scenes import RenderSettings

FrameCallback = Callable[[int], None]

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


def base_args(level: str = "error") -> list[str]:
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", level]


def run(args: Sequence[str], on_frame: FrameCallback | None = None) -> str:
    """Run ffmpeg to completion; return its stderr. ``on_frame(n)`` follows encoded frames."""
    proc = start(args, stdin=False, on_frame=on_frame)
    return finish(proc, on_frame)


def start(
    args: Sequence[str], *, stdin: bool, on_frame: FrameCallback | None = None
) -> subprocess.Popen[bytes]:
    """Start ffmpeg with stderr to a temporary file (a full pipe would deadlock a writer)."""
    full = list(args)
    if on_frame is not None:
        full[1:1] = ["-progress", "pipe:1", "-stats_period", "0.25"]
    err = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by finish()
    try:
        proc = subprocess.Popen(
            full,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE if on_frame is not None else subprocess.DEVNULL,
            stderr=err,
        )
    except OSError as exc:
        err.close()
        raise EnvironmentProblem(f"Không chạy được ffmpeg: {exc}.") from exc
    proc.stderr_file = err  # type: ignore[attr-defined]
    return proc


def finish(proc: subprocess.Popen[bytes], on_frame: FrameCallback | None = None) -> str:
    """Follow progress until ffmpeg exits; raise EnvironmentProblem when it fails."""
    if proc.stdout is not None:
        _follow_progress(proc.stdout, on_frame)
    code = proc.wait()
    err: IO[bytes] = proc.stderr_file  # type: ignore[attr-defined]
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    err.close()
    if code != 0:
        last = " ".join(stderr.strip().splitlines()[-3:]) or f"mã thoát {code}"
        raise EnvironmentProblem(f"ffmpeg thất bại khi dựng video: {last}")
    return stderr


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
