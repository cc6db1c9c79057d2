"""Shared by every kind of demo media: atomic output, seeds, fonts, ffmpeg."""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

from PIL import ImageFont

from generator.fsutil import atomic_path
from generator.tools import ffmpeg_exe, font_path

RATE = 48_000


@contextlib.contextmanager
def output(target: Path) -> Iterator[Path]:
    """atomic_path, plus the ordinary 0644 mode (mkstemp's 0600 would surprise a web server)."""
    with atomic_path(target) as tmp:
        yield tmp
        os.chmod(tmp, 0o644)


def seed_of(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@functools.cache
def font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), size)


def ffmpeg(*args: str | Path, stdin: bytes | None = None) -> None:
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *map(str, args)]
    subprocess.run(cmd, input=stdin, check=True)


BITEXACT = [
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-flags:a",
    "+bitexact",
]
