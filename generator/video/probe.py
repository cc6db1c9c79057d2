"""What a media file holds, read from ``ffmpeg -i`` (the product ships no ffprobe)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError, Problem
from generator.tools import ffmpeg_exe

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: .*?(\d{2,5})x(\d{2,5})(?: \[SAR (\d+):(\d+))?")
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: ")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)


@dataclass(frozen=True)
class MediaInfo:
    """Display geometry (after rotation and pixel aspect) and contents of a clip."""

    width: int
    height: int
    duration: float
    has_audio: bool
    rotation: int = 0

    @property
    def aspect(self) -> float:
        return self.width / self.height


def probe(path: Path) -> MediaInfo:
    """Read a clip's displayed size, duration and audio presence; InputError if unreadable."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True,
        check=False,
    )
    text = proc.stderr.decode("utf-8", "replace")
    info = parse_probe(text)
    if info is None:
        raise InputError(Problem(path=str(path), message="Không đọc được tệp video này."))
    return info


def parse_probe(text: str) -> MediaInfo | None:
    """Parse ``ffmpeg -i`` output; None when there is no (non-cover-art) video stream."""
    video = next(
        (m for m in _VIDEO.finditer(text) if "attached pic" not in _line_of(text, m.start())),
        None,
    )
    if video is None:
        return None
    width, height = int(video.group(1)), int(video.group(2))
    if video.group(3):
        sar = int(video.group(3)) / max(1, int(video.group(4)))
        width = round(width * sar) if sar > 0 else width
    next_stream = text.find("Stream #", video.end())
    own = text[video.end() : next_stream if next_stream >= 0 else len(text)]
    rotation_match = _ROTATION.search(own)
    rotation = round(float(rotation_match.group(1))) % 360 if rotation_match else 0
    if rotation in (90, 270):
        width, height = height, width
    duration = 0.0
    if m := _DURATION.search(text):
        duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return MediaInfo(
        width=width,
        height=height,
        duration=duration,
        has_audio=_AUDIO.search(text) is not None,
        rotation=rotation,
    )


def _line_of(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)]
