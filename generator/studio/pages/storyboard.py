"""The video's plan as a list of scenes, for one audience: what is shown, what is said.

The storyboard comes from generator.video.storyboard.plan on the audience-filtered project (the
same call ``baocao video --plan`` makes, without the narration step); each line can be heard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData

from generator.errors import InputError
from generator.formatting import format_length, format_number, format_seconds
from generator.load import layout
from generator.load.reader import RawPeriod
from generator.model import SECTION_TITLES, SectionId, VideoSettings, Visibility
from generator.pipeline import load_for, scene_lengths
from generator.studio import forms, store
from generator.studio.app import Studio
from generator.video.storyboard.plan import plan_storyboard

LINE_FIELDS = ("intro", "outro")
"""video.yml's own fields for a line; every other line key is a key of its ``narration``."""


@dataclass(frozen=True)
class Typed:
    """What a refused save sent, shown again on the page: the parts form as typed, or one
    card line; the messages of the loader, each at its form; the version the page was
    written against (after a stale save, so that sending it again is refused again)."""

    notice: str
    digest: str
    sections: list[dict[str, object]] | None = None
    line: tuple[str, str] | None = None  # (line key, text typed)
    errors: list[str] = field(default_factory=list)
    section_errors: dict[str, list[str]] = field(default_factory=dict)


def storyboard_context(
    studio: Studio, period: RawPeriod, audience: Visibility, typed: Typed | None = None
) -> dict[str, Any]:
    """The storyboard for ``audience``; ``typed``: a refused save's values and messages."""
    context: dict[str, Any] = {
        "period": period,
        "audience": audience.value,
        "levels": [v.value for v in Visibility],
        "sections": typed.sections if typed and typed.sections else sections_form(period),
        "section_errors": typed.section_errors if typed and typed.sections else {},
        "sections_errors": typed.errors if typed and typed.sections else [],
        "sections_open": bool(typed and typed.sections),
        "digest": typed.digest
        if typed
        else store.read(studio.root, layout.video_file(period.id)).digest,
        "notice": typed.notice if typed else None,
    }
    try:
        project, _loaded = load_for(studio.root, audience)
    except InputError as error:
        errors = [str(p) for p in error.problems if p.severity == "error"]
        return context | {"general": errors, "scenes": [], "notice": _unshown(typed)}
    board = plan_storyboard(project, period.id)
    lengths = scene_lengths(studio.root, board, project.site)
    media_root = project.media_root.resolve()
    items = _item_places(period)
    written = written_lines(period)
    scenes, start = [], 0.0
    for number, (shot, length) in enumerate(zip(board.shots, lengths, strict=True), start=1):
        media = _relative(shot.media, media_root)
        line = typed.line if typed and typed.line and typed.line[0] == shot.line_key else None
        scenes.append(
            {
                "number": number,
                "id": shot.id,
                "section": SECTION_TITLES[shot.section],
                "title": shot.title,
                "narration": shot.narration,
                "kind": shot.media_kind or "slide",
                "media": media,
                "start": format_seconds(start),
                "length": format_length(length.seconds),
                "estimated": length.estimated,
                "line_key": shot.line_key,
                "line_written": shot.line_key in written,
                "typed": line[1] if line else None,
                "errors": typed.errors if line and typed else [],
                "item": items.get(media) if shot.section is SectionId.UNITS else None,
                "voiceover": shot.voiceover is not None,
            }
        )
        start += length.seconds
    total = {
        "length": format_seconds(start),
        "estimated": any(length.estimated for length in lengths),
    }
    context |= {"scenes": scenes, "title": board.title, "total": total}
    if all(scene["typed"] is None for scene in scenes):
        context["notice"] = _unshown(typed)
    return context


def _unshown(typed: Typed | None) -> str | None:
    """The notice of a refused save whose line no scene of the page holds (the plan has no
    scenes, or not that card): what was typed is said with it, never dropped."""
    if typed is None or not (typed.line and typed.line[1]):
        return typed.notice if typed else None
    return f"{typed.notice} Lời bạn vừa nhập: «{typed.line[1]}»"


def written_lines(period: RawPeriod) -> set[str]:
    """The line keys video.yml rewrites (its intro, outro and narration overrides)."""
    if period.video is None:
        return set()
    video = period.video.model
    return {f for f in LINE_FIELDS if getattr(video, f)} | set(video.narration)


def _item_places(period: RawPeriod) -> dict[str, tuple[str, int]]:
    """Each highlighted file (as written, relative to media/) → its unit and its place in the
    unit's highlights file: where its caption and narration are edited."""
    places: dict[str, tuple[str, int]] = {}
    for record in period.highlights:
        original = record.original_index.get("media")
        for position, item in enumerate(record.model.media):
            index = original[position] if original else position
            places.setdefault(item.file, (record.model.unit, index))
    return places


def sections_form(period: RawPeriod) -> list[dict[str, object]]:
    """The video's parts as video.yml sets them (order, kept or dropped, minimum seconds)."""
    video = period.video.model if period.video is not None else VideoSettings()
    order = [*video.sections, *(s for s in SectionId if s not in video.sections)]
    return [
        {
            "id": section.value,
            "title": SECTION_TITLES[section],
            "kept": section in video.sections,
            "seconds": _seconds(video.durations.get(section)),
        }
        for section in order
    ]


def typed_sections(form: FormData) -> list[dict[str, object]]:
    """The parts form as it was sent, in the order typed (a rank that is no number: last)."""
    kept = {str(v) for v in form.getlist("giu")}
    rows: list[dict[str, object]] = [
        {
            "id": section.value,
            "title": SECTION_TITLES[section],
            "kept": section.value in kept,
            "seconds": str(form.get(f"giay-{section.value}", "")),
            "rank": str(form.get(f"thu-tu-{section.value}", "")).strip(),
        }
        for section in SectionId
    ]
    return sorted(rows, key=lambda row: _rank(str(row["rank"])))


def _rank(text: str) -> int:
    return int(text) if forms.index(text) is not None else 1 << 31


def _seconds(value: object) -> str:
    return "" if value is None else format_number(value, 1)  # type: ignore[arg-type]


def _relative(path: Path | None, media_root: Path) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(media_root).as_posix()
    except ValueError:
        return ""
