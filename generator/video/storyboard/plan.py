"""The storyboard: a pure function of the filtered model and video.yml, as plain data.

No file is read or written here and nothing is drawn or spoken: ``narration`` speaks the
text, ``assemble`` draws the cards (``slides``) and hands scenes to the render engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Literal

from generator.comparison import NO_SAME_PERIOD, compare
from generator.evaluation import Evaluation, Scoreboard, Status, scoreboard
from generator.formatting import format_date
from generator.model import SECTION_TITLES, Measure, PeriodContent, Project, SectionId
from generator.model.records import media_key
from generator.model.video import CLOSING_LINE, OPENING_LINE, SUMMARY_NARRATION
from generator.sentences import indicator_sentence, summary_sentence
from generator.text import same_words
from generator.video.slides.indicators import indicator_pages
from generator.video.slides.slide import IndicatorRow, Slide

# Slides are paged as they fit at 1080p, whatever the render size, so that a preview has the
# same scenes (and length) as the final video.
REFERENCE_SIZE = (1920, 1080)
OVERVIEW_HEADERS = ("Chỉ tiêu", "Toàn tỉnh", "Mức", "Đánh giá")
UNIT_HEADERS = ("Đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá")
CARD_SECONDS = 4.0
SLIDE_SECONDS = 6.0
PHOTO_SECONDS = 5.0
SECTION_NUMBERS = {s: n for n, s in enumerate(SectionId, start=1)}


@dataclass(frozen=True)
class Shot:
    """One planned scene: what is shown and what is said, before any file is made."""

    id: str
    section: SectionId
    title: str  # a short label for --plan and the contact sheet
    narration: str = ""  # the written form (it is also the subtitle)
    min_seconds: float = CARD_SECONDS
    slide: Slide | None = None
    media: Path | None = None
    media_kind: Literal["photo", "clip"] | None = None
    caption: str = ""
    clip_start: float = 0.0
    clip_end: float | None = None
    audio: Literal["keep", "mute"] = "keep"
    voiceover: Path | None = None
    voiceover_seconds: float | None = None
    line_key: str | None = None
    """Where video.yml rewrites this line: ``intro``, ``outro`` or a key of its ``narration``
    (None: a line written in the highlights, or no line)."""
    code: str | None = None
    """The line's code: ``mo-dau``, ``tong-hop``, an indicator id, ``ket-thuc`` (the keys of
    video.yml's ``voiceovers``), an item's shot id (the script codes an item by its place in
    its file: ``script.Line.code``); None for a scene with nothing to say."""
    takes: tuple[str, ...] = ()
    """The recordings content names for this line (relative to media/), used or not."""
    take: str | None = None
    """The one of ``takes`` heard (its file: ``voiceover``): recorded for these very words."""


@dataclass(frozen=True)
class Storyboard:
    period_id: str
    title: str
    shots: tuple[Shot, ...]
    chapters: tuple[SectionId, ...]
    """The sections that have scenes, in order (titled by ``SECTION_TITLES``)."""
    music: Path | None = None
    burn_subtitles: bool = False
    """video.yml asks for the subtitles drawn into the picture."""


def plan_storyboard(project: Project, period_id: str) -> Storyboard:
    """The scenes of ``period_id``'s video, in the order and sections video.yml asks for."""
    content = project.period(period_id)
    settings = content.video
    board = scoreboard(project, content)
    builders = {
        SectionId.OPENING: _opening,
        SectionId.INDICATORS: _indicators,
        SectionId.UNITS: _units,
        SectionId.CLOSING: _closing,
    }
    shots: list[Shot] = []
    chapters: list[SectionId] = []
    for section in settings.sections:
        made = builders[section](project, content, board)
        minimum = settings.durations.get(section)
        if minimum:
            made = [_at_least(shot, minimum) for shot in made]
        if made:
            shots.extend(made)
            chapters.append(section)
    music = project.media_file(settings.music).path if settings.music else None
    return Storyboard(
        period_id,
        settings.title or content.period.title,
        tuple(shots),
        tuple(chapters),
        music,
        settings.burn_subtitles,
    )


def _at_least(shot: Shot, seconds: float) -> Shot:
    return replace(shot, min_seconds=max(shot.min_seconds, seconds))


def _opening(project: Project, content: PeriodContent, board: Scoreboard) -> list[Shot]:
    period = content.period
    lines = [f"Từ {format_date(period.start)} đến {format_date(period.end)}"]
    if period.conference:
        place = f" · {period.conference.place}" if period.conference.place else ""
        lines.append(f"Hội nghị ngày {format_date(period.conference.date)}{place}")
    title = content.video.title or period.title
    narration = content.video.intro or (
        f"{project.site.organisation} báo cáo {period.title[0].lower()}{period.title[1:]}, "
        f"từ ngày {format_date(period.start)} đến ngày {format_date(period.end)}."
    )
    slide = Slide("title", title, (project.site.organisation, *lines))
    shot = Shot(
        "mo-dau", SectionId.OPENING, title, narration, CARD_SECONDS + 2, slide, line_key="intro"
    )
    return [_spoken(project, shot, OPENING_LINE, content.video.voiceovers.get(OPENING_LINE, ()))]


def _section_card(section: SectionId, narration: str = "") -> Shot:
    title = SECTION_TITLES[section]
    number = SECTION_NUMBERS[section]
    slide = Slide("section", title, number=number)
    return Shot(f"{section}-mo", section, title, narration, CARD_SECONDS, slide)


def _indicators(project: Project, content: PeriodContent, board: Scoreboard) -> list[Shot]:
    published = any(e.value is not None for e in board.province.values())
    if not board.indicators or not (content.results or published):
        return []  # nothing this audience may see: no slide full of "no data"
    overrides = content.video.narration
    comparison = compare(project, board)
    summary = overrides.get(SUMMARY_NARRATION) or summary_sentence(board) + (
        "" if comparison else f" {NO_SAME_PERIOD.capitalize()}."
    )
    shots = [_section_card(SectionId.INDICATORS)]
    rows = [_row(i.label, board.province[i.id]) for i in board.indicators]
    shots += _table_shots(
        project,
        content,
        SUMMARY_NARRATION,
        "Kết quả toàn tỉnh",
        rows,
        summary,
        SectionId.INDICATORS,
        "",
        OVERVIEW_HEADERS,
    )
    for indicator in board.indicators:
        cells = [(u, board.cell(u.id, indicator.id)) for u in board.units]
        cells = [(u, e) for u, e in cells if e.value is not None]
        if not cells:
            continue
        province = board.province[indicator.id]
        missed = [u.label for u, e in cells if e.status is Status.NOT_MET]
        change = comparison.province.get(indicator.id) if comparison else None
        narration = overrides.get(indicator.id) or indicator_sentence(
            province, missed, change, complete=board.complete(indicator.id)
        )
        unit_rows = [_row(u.label, e) for u, e in cells]
        footer = f"Toàn tỉnh: {province.value_text} · chỉ tiêu {province.target_text}"
        shots += _table_shots(
            project,
            content,
            indicator.id,
            indicator.name,
            unit_rows,
            narration,
            SectionId.INDICATORS,
            footer,
        )
    return shots


def _row(label: str, evaluation: Evaluation) -> IndicatorRow:
    fraction = None
    if evaluation.value is not None and evaluation.indicator.measure is Measure.RATE:
        fraction = float(min(max(evaluation.value / 100, Fraction(0)), Fraction(1)))
    # a withheld figure's status column says so; its value column stays empty, not said twice
    value = "" if evaluation.withheld else evaluation.value_text
    return IndicatorRow(label, value, evaluation.target_text, evaluation.status, fraction)


def _table_shots(
    project: Project,
    content: PeriodContent,
    key: str,
    title: str,
    rows: list[IndicatorRow],
    narration: str,
    section: SectionId,
    footer: str = "",
    headers: tuple[str, ...] = UNIT_HEADERS,
) -> list[Shot]:
    pages = indicator_pages(REFERENCE_SIZE, title, rows, footer) if rows else [[]]
    shots = []
    for number, page in enumerate(pages, start=1):
        shown = f"{title} ({number}/{len(pages)})" if len(pages) > 1 else title
        slide = Slide("indicators", shown, rows=tuple(page), footer=footer, headers=headers)
        first = number == 1  # the line is said over the first page of the table
        said, line_key = (narration, key) if first else ("", None)
        shot = Shot(
            f"{key}-{number}", section, shown, said, SLIDE_SECONDS, slide, line_key=line_key
        )
        if first:
            shot = _spoken(project, shot, key, content.video.voiceovers.get(key, ()))
        shots.append(shot)
    return shots


def _units(project: Project, content: PeriodContent, board: Scoreboard) -> list[Shot]:
    shots: list[Shot] = []
    for highlights in content.highlights:
        unit = project.unit(highlights.unit)
        for index, item in enumerate(highlights.media, start=1):
            file = project.media_file(item.file)
            caption = f"{unit.label}: {item.caption}"
            common = Shot(
                id=f"{unit.id}-{index}",
                section=SectionId.UNITS,
                title=caption,
                narration=item.narration or "",
                media=file.path,
                caption=caption,
            )
            takes = (item.voiceover,) if item.voiceover else ()
            common = _spoken(project, common, common.id, takes)
            if file.info.kind == "clip":
                start = float(item.clip.start) if item.clip else 0.0
                end = float(item.clip.end) if item.clip else file.info.duration
                shots.append(
                    replace(
                        common,
                        media_kind="clip",
                        min_seconds=end - start,
                        clip_start=start,
                        clip_end=end,
                        audio=item.audio,
                    )
                )
            else:
                shots.append(replace(common, media_kind="photo", min_seconds=PHOTO_SECONDS))
    if shots:
        shots.insert(0, _section_card(SectionId.UNITS))
    return shots


def _spoken(project: Project, shot: Shot, code: str, takes: tuple[str, ...]) -> Shot:
    """``shot`` with its line's code, the recordings named for it, and the one heard over it.

    A take carries the words it was recorded for (``MediaInfo.words``) and is heard only for
    those words: a card's line is computed from the figures this audience may see, so a take of
    another audience's line, or of last week's figures, would say what this video must not.
    A card's take that says nothing of its words is never heard; an item's (recorded before
    takes carried their words, or with no written line) is, as it always was: its line is the
    staff's own words, the same for every audience that sees the item.
    """
    if not shot.narration.strip() and not takes:
        return shot
    shot = replace(shot, code=code, takes=takes)
    for take in takes:
        file = project.media.get(media_key(take))
        if file is None:
            continue
        recorded = file.info.words
        if recorded is None or not recorded.strip():
            heard = shot.section is SectionId.UNITS
        else:
            heard = same_words(recorded, shot.narration)
        if heard:
            return replace(
                shot, take=take, voiceover=file.path, voiceover_seconds=file.info.duration
            )
    return shot


def _closing(project: Project, content: PeriodContent, board: Scoreboard) -> list[Shot]:
    narration = content.video.outro or "Xin trân trọng cảm ơn."
    slide = Slide(
        "closing", "Trân trọng cảm ơn!", ("Trân trọng cảm ơn!", project.site.organisation)
    )
    shot = Shot(
        "ket-thuc",
        SectionId.CLOSING,
        "Kết thúc",
        narration,
        CARD_SECONDS + 1,
        slide,
        line_key="outro",
    )
    return [_spoken(project, shot, CLOSING_LINE, content.video.voiceovers.get(CLOSING_LINE, ()))]
