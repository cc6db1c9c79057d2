"""Tiny media made on the fly with ffmpeg and Pillow: nothing binary is committed."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.tools import ffmpeg_exe

MakeClip = Callable[..., Path]


def _make_clip(
    path: Path,
    *,
    size: str = "640x360",
    seconds: float = 2.0,
    audio: bool = True,
    rotation: int | None = None,
    fade_in: float | None = None,
    metadata: dict[str, str] | None = None,
) -> Path:
    """A test-pattern clip; ``rotation`` is the clockwise display tag a phone would write."""
    video = f"testsrc2=size={size}:rate=25:duration={seconds}"
    if fade_in:
        video += f",fade=t=in:st=0:d={fade_in}"
    args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    args += ["-f", "lavfi", "-i", video]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    args += ["-c:a", "aac"] if audio else ["-an"]
    for key, value in (metadata or {}).items():
        args += ["-metadata", f"{key}={value}"]
    plain = path.with_name(f"plain-{path.name}") if rotation else path
    subprocess.run([*args, str(plain)], check=True)
    if rotation:
        # ffmpeg's -display_rotation is counter-clockwise; phones' tag is clockwise.
        tag = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y"]
        tag += ["-display_rotation", str(-rotation), "-i", str(plain), "-c", "copy"]
        subprocess.run([*tag, "-map_metadata", "0", str(path)], check=True)
        plain.unlink()
    return path


@pytest.fixture
def make_clip() -> MakeClip:
    return _make_clip


def ffmpeg_describe(path: Path) -> str:
    """What ``ffmpeg -i`` says about a file (stderr)."""
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True)
    return done.stderr.decode("utf-8", errors="replace")


@pytest.fixture
def describe() -> Callable[[Path], str]:
    return ffmpeg_describe
