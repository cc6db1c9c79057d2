"""The narration script: every spoken line of a period's video, in video order, for one
audience, with where its recording stands (plain data for the booth, the printed script and
the import of a folder of takes).

A line is a shot that says something; its code (``Shot.code``) names it in ``video.yml``'s
``voiceovers`` (cards) or stands for its item (``<unit>-<n>``), and names the files a narrator
records elsewhere (``03-tong-hop.wav``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from generator.model import SECTION_TITLES, Project, SectionId
from generator.model.records import media_key
from generator.text import same_words, slug
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


@dataclass(frozen=True)
class Line:
    number: int  # 1… in video order
    code: str
    shot_id: str
    section: SectionId
    scene: str  # the scene's short label
    words: str  # what is read (the written form: it is also the subtitle)
    take: str | None  # the recording content names for it (relative to media/)
    recorded_words: str | None  # what that recording was made for, when it says
    state: TakeState
    seconds: float  # the take's length (0 when none)
    unit: str | None = None  # an item's line: its unit and its file as the item names it
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
    lines: tuple[Line, ...]

    @property
    def recorded(self) -> int:
        return sum(1 for line in self.lines if line.state is TakeState.RECORDED)

    @property
    def recorded_seconds(self) -> float:
        return sum(line.seconds for line in self.lines if line.state is TakeState.RECORDED)

    @property
    def first_owed(self) -> int:
        """The index of the first line still owed (missing or stale); 0 when none is."""
        return next(
            (i for i, line in enumerate(self.lines) if line.state is not TakeState.RECORDED), 0
        )

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.code == code), None)


def narration_script(project: Project, storyboard: Storyboard) -> Script:
    """The lines of ``storyboard`` (planned from ``project`` filtered for one audience)."""
    items = _item_places(project, storyboard.period_id)
    lines: list[Line] = []
    for shot in storyboard.shots:
        if shot.code is None or not shot.narration.strip():
            continue
        unit, item_file = items.get(shot.id, (None, None))
        lines.append(_line(project, shot, len(lines) + 1, unit, item_file))
    return Script(storyboard.period_id, storyboard.title, tuple(lines))


def _line(
    project: Project, shot: Shot, number: int, unit: str | None, item_file: str | None
) -> Line:
    assert shot.code is not None
    file = project.media.get(media_key(shot.take)) if shot.take else None
    recorded = file.info.words if file else None
    if file is None:
        state = TakeState.MISSING
    elif shot.voiceover is not None and (recorded is None or same_words(recorded, shot.narration)):
        state = TakeState.RECORDED
    else:
        state = TakeState.STALE
    return Line(
        number=number,
        code=shot.code,
        shot_id=shot.id,
        section=shot.section,
        scene=shot.title,
        words=shot.narration,
        take=shot.take,
        recorded_words=recorded,
        state=state,
        seconds=file.info.duration if file else 0.0,
        unit=unit,
        item_file=item_file,
    )


def _item_places(project: Project, period_id: str) -> dict[str, tuple[str, str]]:
    """Shot id of each item (``<unit>-<n>``, numbered as the storyboard numbers this audience's
    items) → its unit and its file as written (what finds it in the unit's own file, where
    items this audience does not see sit in between)."""
    content = project.period(period_id)
    return {
        f"{h.unit}-{n}": (h.unit, item.file)
        for h in content.highlights
        for n, item in enumerate(h.media, start=1)
    }


_NUMBER_PREFIX = re.compile(r"^\d+-")


def code_of_file(name: str, codes: Sequence[str]) -> str | None:
    """The line a recorded file is for, by its name: ``tong-hop.wav``, ``03-tong-hop.wav``,
    ``03 Tổng hợp.WAV`` (accents, case, spacing and a leading number ignored); None when no
    code fits."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    by_slug = {slug(code): code for code in codes}
    named = slug(stem)
    return by_slug.get(named) or by_slug.get(_NUMBER_PREFIX.sub("", named))
