"""The narration script: every spoken line of a period's video, in video order, for one
audience, with where its recording stands (plain data for the booth, the printed script and
the import of a folder of takes).

A line is a shot that says something. Its code names it the same way for every audience:
``mo-dau``, ``tong-hop``, an indicator id, ``ket-thuc`` (the keys of ``video.yml``'s
``voiceovers``), and ``<unit>-<n>`` for the n-th item of the unit's highlights file (counted in
the file, so items an audience does not see never renumber the others). A file recorded
elsewhere is named by the line's number and its *file code*: the code with the audience's
suffix (``-cong-khai``, none for the internal script, ``-han-che``), so a take read from one
audience's script is never attached to another's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from generator.model import SECTION_TITLES, Project, SectionId, Visibility
from generator.text import slug
from generator.video.storyboard.plan import Shot, Storyboard


class TakeState(StrEnum):
    RECORDED = "da-thu"
    MISSING = "chua-thu"
    STALE = "can-thu-lai"
    """Recorded for other words: the figures changed, someone edited the line, or it was
    recorded for another audience's line."""


STATE_LABELS = {
    TakeState.RECORDED: "Đã thu",
    TakeState.MISSING: "Chưa thu",
    TakeState.STALE: "Cần thu lại",
}
FILE_SUFFIX = {
    Visibility.PUBLIC: "-cong-khai",
    Visibility.INTERNAL: "",
    Visibility.RESTRICTED: "-han-che",
}
"""What a file recorded from an audience's printed script carries after the line's code."""


@dataclass(frozen=True)
class Line:
    number: int  # 1… in video order
    code: str
    file_code: str  # the code as a recorded file is named for this audience's script
    section: SectionId
    scene: str  # the scene's short label
    words: str  # what is read (the written form: it is also the subtitle)
    state: TakeState
    take: str | None  # the take heard (relative to media/), when recorded
    seconds: float  # the heard take's length (0 when none)
    unit: str | None = None  # an item's line: its unit, its place and file in the unit's file
    item_index: int | None = None
    item_file: str | None = None

    @property
    def card(self) -> bool:
        """A line of a screen common to the video (opening, tables, closing), kept in
        video.yml; the others are items' lines, kept on the item."""
        return self.unit is None

    @property
    def section_title(self) -> str:
        return SECTION_TITLES[self.section]


@dataclass(frozen=True)
class Script:
    period_id: str
    title: str
    audience: Visibility
    lines: tuple[Line, ...]

    @property
    def recorded(self) -> int:
        return sum(1 for line in self.lines if line.state is TakeState.RECORDED)

    @property
    def recorded_seconds(self) -> float:
        return sum(line.seconds for line in self.lines)

    @property
    def first_owed(self) -> int:
        """The index of the first line still owed (missing or stale); 0 when none is."""
        owed = (i for i, line in enumerate(self.lines) if line.state is not TakeState.RECORDED)
        return next(owed, 0)

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.code == code), None)


def narration_script(project: Project, storyboard: Storyboard, whole: Project) -> Script:
    """The lines of ``storyboard``, planned from ``project`` (``whole`` filtered for one
    audience); ``whole`` numbers the items as their files do."""
    items = _item_places(project, whole, storyboard.period_id)
    lines: list[Line] = []
    for shot in storyboard.shots:
        if shot.code is None or not shot.narration.strip():
            continue
        place = items.get(shot.id)
        code = f"{place[0]}-{place[1] + 1}" if place else shot.code
        lines.append(
            Line(
                number=len(lines) + 1,
                code=code,
                file_code=code + FILE_SUFFIX[project.audience],
                section=shot.section,
                scene=shot.title,
                words=shot.narration,
                state=_state(shot),
                take=shot.take,
                seconds=shot.voiceover_seconds or 0.0,
                unit=place[0] if place else None,
                item_index=place[1] if place else None,
                item_file=place[2] if place else None,
            )
        )
    return Script(storyboard.period_id, storyboard.title, project.audience, tuple(lines))


def _state(shot: Shot) -> TakeState:
    if shot.take is not None:
        return TakeState.RECORDED
    return TakeState.STALE if shot.takes else TakeState.MISSING


def _item_places(
    project: Project, whole: Project, period_id: str
) -> dict[str, tuple[str, int, str]]:
    """Shot id of each item (``<unit>-<n>``, as the storyboard numbers this audience's items)
    → its unit, its index in the unit's file (``whole``'s, where items this audience does not
    see sit in between) and its file as written. The filter keeps the items, in order."""
    seen = {h.unit: h.media for h in whole.period(period_id).highlights}
    places: dict[str, tuple[str, int, str]] = {}
    for highlights in project.period(period_id).highlights:
        every = seen.get(highlights.unit, ())
        start = 0
        for n, item in enumerate(highlights.media, start=1):
            index = next(
                i for i in range(start, len(every)) if every[i] is item or every[i] == item
            )
            places[f"{highlights.unit}-{n}"] = (highlights.unit, index, item.file)
            start = index + 1
    return places


_NUMBER_PREFIX = re.compile(r"^\d+-")


@dataclass(frozen=True)
class Named:
    """What a recorded file's name says: the line's code and the audience whose script it was
    read from (None: no line of any audience has that name)."""

    code: str | None
    audience: Visibility | None


def named_line(name: str, codes: Sequence[str]) -> Named:
    """The line a recorded file is for, by its name: ``tong-hop.wav``, ``03-tong-hop.wav``,
    ``03 Tổng hợp-han-che.WAV`` (accents, case, spacing and a leading number ignored), and the
    audience whose script it names by its suffix."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    named = slug(stem)
    known = {slug(code): code for code in codes}
    for candidate in (named, _NUMBER_PREFIX.sub("", named)):
        if candidate in known:
            return Named(known[candidate], Visibility.INTERNAL)
        for audience, suffix in FILE_SUFFIX.items():
            if suffix and candidate.endswith(suffix) and candidate[: -len(suffix)] in known:
                return Named(known[candidate[: -len(suffix)]], audience)
    return Named(None, None)
