"""The conference video of a period, as the video stage leaves it in ``videos_dir``.

``<period>.mp4`` with ``<period>.vtt`` (subtitles), ``<period>.chapters.vtt`` (one cue per
section), ``<period>.srt`` and ``<period>.poster.jpg`` (a frame of the title card) beside it.
The page gets an HTML5 player with both tracks and the poster, and a chapter list whose
timestamps seek.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path

from generator.media.probe import MediaUnreadable, probe_media
from generator.site.paths import VIDEO_DIR

SIDECARS = {
    "vtt": ".vtt",
    "chapters": ".chapters.vtt",
    "srt": ".srt",
    "poster": ".poster.jpg",
}
"""The files the render engine writes beside ``<period>.mp4`` that the site shows, by role."""

_CUE = re.compile(
    r"^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})\s+-->\s+(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})"
)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str

    @property
    def stamp(self) -> str:
        """``02:05`` or ``1:02:05``."""
        total = int(self.start)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


@dataclass(frozen=True)
class ConferenceVideo:
    period_id: str
    files: dict[str, Path]  # role ("mp4" or one of SIDECARS) -> file on disk
    width: int
    height: int
    duration: float
    chapters: tuple[Chapter, ...]

    def site_path(self, role: str) -> str:
        suffix = ".mp4" if role == "mp4" else SIDECARS[role]
        return f"{VIDEO_DIR}/{self.period_id}{suffix}"

    def data_url(self, role: str) -> str:
        """A track as a data: URL, for the file:// site (Chromium loads no file:// tracks)."""
        payload = base64.b64encode(self.files[role].read_bytes()).decode("ascii")
        return f"data:text/vtt;base64,{payload}"


def find_video(videos_dir: Path | None, period_id: str) -> ConferenceVideo | None:
    """The period's video in ``videos_dir``, or None when there is none (or it is unreadable)."""
    if videos_dir is None:
        return None
    mp4 = videos_dir / f"{period_id}.mp4"
    if not mp4.is_file():
        return None
    try:
        info = probe_media(mp4)
    except MediaUnreadable:
        return None
    files = {"mp4": mp4}
    for role, suffix in SIDECARS.items():
        path = videos_dir / f"{period_id}{suffix}"
        if path.is_file():
            files[role] = path
    chapters: tuple[Chapter, ...] = ()
    if "chapters" in files:
        chapters = tuple(parse_cues(files["chapters"].read_text(encoding="utf-8-sig")))
    return ConferenceVideo(period_id, files, info.width, info.height, info.duration, chapters)


def parse_cues(text: str) -> list[Chapter]:
    """The cues of a WebVTT file: start, end and text (lines joined)."""
    cues: list[Chapter] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        match = _CUE.match(lines[i].strip())
        i += 1
        if match is None:
            continue
        g = match.groups()
        start = _seconds(g[0], g[1], g[2], g[3])
        end = _seconds(g[4], g[5], g[6], g[7])
        body: list[str] = []
        while i < len(lines) and lines[i].strip():
            body.append(lines[i].strip())
            i += 1
        title = html.unescape(_TAG.sub("", " ".join(body)))
        cues.append(Chapter(start, end, title))
    return cues


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
