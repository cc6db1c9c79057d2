"""Cleaning a narrator's take, against the floor of what any cleaning must do.

For takes of 10, 60 and 180 s (a voice-like signal in room noise, as the browser records it:
WebM/Opus), in one run: ``clean_take`` (decode, trim, two ebur128 measurements, gain or
limiter, AAC encode, tag), and the anchor — ffmpeg decoding the same file and encoding it to
AAC .m4a at the same rate, nothing measured or trimmed. Printed: wall and CPU seconds of each,
their ratio, and the take's cost as a share of its length (what a booth user waits after
pressing stop; an import holds the studio's write lock that long per file).

    python bench/bench_takes.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.tools import ffmpeg_exe
from generator.video.narration.takes import clean_take

LENGTHS = (10, 60, 180)


def _voice(path: Path, seconds: int) -> None:
    room = "anoisesrc=r=48000:a=0.001:d=0.5:seed=7"
    graph = (
        f"{room}[a];sine=f=190:r=48000:d={seconds},"
        f"volume=0.3*(0.6+0.4*sin(2*PI*3*t)):eval=frame[b];{room}[c];[a][b][c]concat=n=3:v=0:a=1"
    )
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-filter_complex",
            graph,
            "-c:a",
            "libopus",
            str(path),
        ],
        check=True,
    )


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(run: Callable[..., object], *args: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    run(*args)
    return time.perf_counter() - wall, _cpu() - cpu


def main() -> int:
    print(
        "| take | clean_take wall / CPU s | anchor wall / CPU s | ratio (CPU) | share of length |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for seconds in LENGTHS:
            source = Path(tmp) / f"take-{seconds}.webm"
            _voice(source, seconds)
            ours = _timed(clean_take, source, Path(tmp) / f"ours-{seconds}.m4a", "Lời.")
            args = [ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(source), "-ac", "1"]
            args += ["-ar", "48000", "-c:a", "aac", "-b:a", "128k", str(Path(tmp) / "a.m4a")]
            anchor = _timed(subprocess.run, args)
            print(
                f"| {seconds} s | {ours[0]:.2f} / {ours[1]:.2f} | {anchor[0]:.2f} / {anchor[1]:.2f}"
                f" | {ours[1] / anchor[1]:.2f}× | {100 * ours[0] / seconds:.1f} % |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
