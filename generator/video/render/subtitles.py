"""Subtitle and chapter files written beside the video: SRT, WebVTT and WebVTT chapters.

Pure text from the timeline, so the same scenes always give byte-identical files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from generator.video.render.timeline import ChapterSpan, Placed


@dataclass(frozen=True)
class TimedText:
    """A cue at absolute times in the video, in whole milliseconds."""

    start_ms: int
    end_ms: int
    text: str


def absolute_cues(placed: Sequence[Placed]) -> list[TimedText]:
    """Every scene's cues moved to the video's clock and clipped to their scene."""
    cues: list[TimedText] = []
    for item in placed:
        for cue in item.scene.cues:
            start = item.start + max(0.0, cue.start)
            end = item.start + min(cue.end, item.duration)
            text = _clean(cue.text)
            if text and end > start:
                cues.append(TimedText(round(start * 1000), round(end * 1000), text))
    return cues


def chapter_cues(spans: Sequence[ChapterSpan]) -> list[TimedText]:
    return [TimedText(round(s.start * 1000), round(s.end * 1000), _clean(s.title)) for s in spans]


def srt(cues: Sequence[TimedText]) -> str:
    blocks = [
        f"{number}\n{_stamp(c.start_ms, ',')} --> {_stamp(c.end_ms, ',')}\n{c.text}\n"
        for number, c in enumerate(cues, start=1)
    ]
    return "\n".join(blocks)


def vtt(cues: Sequence[TimedText]) -> str:
    blocks = ["WEBVTT\n"]
    blocks += [
        f"{_stamp(c.start_ms, '.')} --> {_stamp(c.end_ms, '.')}\n{_escape_vtt(c.text)}\n"
        for c in cues
    ]
    return "\n".join(blocks)


def chapters_vtt(spans: Sequence[ChapterSpan]) -> str:
    """WebVTT chapters (``<track kind="chapters">``); each cue is numbered for players."""
    blocks = ["WEBVTT\n"]
    blocks += [
        f"chapter-{n}\n{_stamp(c.start_ms, '.')} --> {_stamp(c.end_ms, '.')}\n"
        f"{_escape_vtt(c.text)}\n"
        for n, c in enumerate(chapter_cues(spans), start=1)
    ]
    return "\n".join(blocks)


def _stamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _clean(text: str) -> str:
    # A blank line would end a cue early in both formats, and "-->" would start a timing line.
    lines = [line.strip() for line in unicodedata.normalize("NFC", text).splitlines()]
    return "\n".join(line for line in lines if line).replace("-->", "→")


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
