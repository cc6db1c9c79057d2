"""«Phòng thu lời dẫn»: the whole narration script of a period's video for one audience, one
line at a time, with where each line's recording stands.

The script comes from the audience-filtered project (``pipeline.load_for``, the storyboard, then
``storyboard.script``): the booth shows, plays and offers back only takes recorded for a line
this audience has, in the very words it has. A take recorded for other words (another
audience's figures, last week's figures, words since edited) is said to be owed again; its
sound and its words are never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from generator.audience import filter_for_audience
from generator.errors import InputError
from generator.formatting import format_length, format_seconds
from generator.load import layout
from generator.load.reader import RawPeriod
from generator.media.probe import read_words
from generator.model import Visibility
from generator.pipeline import load_for
from generator.studio.app import Studio
from generator.text import same_words
from generator.video.storyboard.plan import plan_storyboard
from generator.video.storyboard.script import (
    FILE_SUFFIX,
    STATE_LABELS,
    Line,
    Script,
    narration_script,
)

_TAKE_NAME = re.compile(r"^(?P<code>.+)-lan-(?P<number>\d+)\.m4a$")


@dataclass(frozen=True)
class Booth:
    """The script for an audience, or why there is none (the content has errors)."""

    script: Script | None
    errors: tuple[str, ...] = ()


def booth_script(studio: Studio, period_id: str, audience: Visibility) -> Booth:
    try:
        project, loaded = load_for(studio.root, audience)
    except InputError as error:
        return Booth(None, tuple(str(p) for p in error.problems if p.severity == "error"))
    board = plan_storyboard(project, period_id)
    return Booth(narration_script(project, board, loaded.project))


def card_words(studio: Studio, period_id: str, code: str) -> list[str]:
    """The words of the card line ``code`` in each audience's script (where it has one): what
    a take kept in ``voiceovers`` beside a new one must still be recorded for."""
    try:
        _project, loaded = load_for(studio.root, Visibility.RESTRICTED)
    except InputError:
        return []
    words = []
    for audience in Visibility:
        board = plan_storyboard(filter_for_audience(loaded.project, audience), period_id)
        words += [shot.narration for shot in board.shots if shot.code == code and shot.narration]
    return words


def new_take(media_root: Path, period_id: str, code: str) -> str:
    """A new take's name for the line ``code`` (relative to media/): ``<code>-lan-<n>.m4a``,
    never an existing file's (earlier takes stay, to be chosen back)."""
    folder = media_root / period_id / layout.TAKES
    numbers = [int(m["number"]) for m in _takes_of(folder, code)]
    return f"{period_id}/{layout.TAKES}/{code}-lan-{max(numbers, default=0) + 1}.m4a"


def takes_for(media_root: Path, period_id: str, line: Line) -> list[str]:
    """The takes of ``line`` recorded for its present words (relative to media/), newest first:
    what may be chosen back. Takes of other words are left out (they may say what this
    audience must not hear)."""
    folder = media_root / period_id / layout.TAKES
    found = sorted(_takes_of(folder, line.code), key=lambda m: -int(m["number"]))
    rels = []
    for match in found:
        words = read_words(folder / match.string)
        if words is not None and same_words(words, line.words):
            rels.append(f"{period_id}/{layout.TAKES}/{match.string}")
    return rels


def _takes_of(folder: Path, code: str) -> list[re.Match[str]]:
    if not folder.is_dir():
        return []
    matches = (_TAKE_NAME.match(path.name) for path in folder.iterdir() if path.is_file())
    return [m for m in matches if m is not None and m["code"] == code]


def booth_context(
    studio: Studio, period: RawPeriod, audience: Visibility, asked_line: str | None
) -> dict[str, Any]:
    booth = booth_script(studio, period.id, audience)
    context: dict[str, Any] = {
        "period": period,
        "audience": audience.value,
        "levels": [v.value for v in Visibility],
        "general": list(booth.errors),
        "lines": [],
    }
    script = booth.script
    if script is None:
        return context
    media_root = studio.root / "media"
    query = {"doi-tuong": audience.value}
    lines = []
    for line in script.lines:
        takes = takes_for(media_root, period.id, line)
        lines.append(
            {
                "number": line.number,
                "code": line.code,
                "section": line.section_title,
                "scene": line.scene,
                "words": line.words,
                "state": line.state.value,
                "state_label": STATE_LABELS[line.state],
                "length": format_length(line.seconds) if line.seconds else "",
                "seconds": round(line.seconds, 3),
                # heard in the video, so played here: recorded for these words (or an item's
                # take from before takes carried their words)
                "current": line.take,
                "takes": [
                    {"rel": rel, "label": f"Lần {rel.rsplit('-lan-', 1)[1].removesuffix('.m4a')}"}
                    for rel in takes
                ],
            }
        )
    at = next((i for i, line in enumerate(script.lines) if line.code == asked_line), None)
    return context | {
        "title": script.title,
        "lines": lines,
        "start": script.first_owed if at is None else at,
        "recorded": script.recorded,
        "recorded_length": format_seconds(script.recorded_seconds),
        "query": urlencode(query),
        "suffix": FILE_SUFFIX[audience],
    }
