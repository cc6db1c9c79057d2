"""The written report of one period as plain data, drawn from the (already filtered) project.

Layout words follow Nghị định 30/2020/NĐ-CP: the letterhead (issuing body beside the national
motto), number and symbol, place and date, title and summary line, body, «Nơi nhận», signature,
then the annex «Phụ lục». ``docx.py`` lays this out; nothing here knows about Word.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass

from generator.comparison import NO_SAME_PERIOD, Change, Comparison, compare
from generator.evaluation import STATUS_LABELS, Evaluation, Scoreboard, Status, scoreboard
from generator.model import PeriodContent, Project, Visibility
from generator.model.records import PLACEHOLDER_MARK
from generator.model.site import ReportSettings
from generator.report.blocks import (
    BULLET,
    Block,
    Heading,
    HeadingNumbers,
    Paragraph,
    Run,
    Table,
    from_markdown,
)
from generator.sentences import indicator_sentence, summary_sentence

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_BLANK = "      "  # filled in by hand when the document is registered (văn thư)
DATE_BLANK = "      "  # a day or month left for the văn thư when the period has no date
RESULTS_HEADING = "Số liệu thực hiện các chỉ tiêu nghiệp vụ"
COMPARISON_HEADING = "So với cùng kỳ năm trước"
ANNEX_LABEL = "Phụ lục"
# Nghị định 30/2020's circulation notice, printed boxed on versions not for the public.
CIRCULATION = "LƯU HÀNH NỘI BỘ"
# The generated figures go at the end of the results section, or else before the first
# section that looks ahead or back on shortcomings; else after the last section.
AFTER_SECTIONS = ("kết quả",)
BEFORE_SECTIONS = ("tồn tại", "hạn chế", "phương hướng", "nhiệm vụ", "kiến nghị", "đề xuất")


def missing(what: str = "") -> str:
    """What the report prints where site.yml lacks a setting: a marked blank to fill in."""
    return f"[{PLACEHOLDER_MARK}: {what}]" if what else f"[{PLACEHOLDER_MARK}]"


@dataclass(frozen=True)
class Letterhead:
    """The top of the first page: who issues, the motto, number, place and date, title."""

    parent_body: str | None
    issuing_body: str
    symbol: str  # "BC-VKS"; the number itself is given when the document is registered
    place_date: str
    title: str
    summary: str
    circulation: str | None = None  # «LƯU HÀNH NỘI BỘ» on versions not for the public

    @property
    def number(self) -> str:
        return f"Số: {NUMBER_BLANK}/{self.symbol}"


@dataclass(frozen=True)
class Signature:
    authority: tuple[str, ...]  # ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG") or ("VIỆN TRƯỞNG",)
    name: str


@dataclass(frozen=True)
class Annex:
    label: str  # «Phụ lục»
    title: tuple[str, ...]  # the annex's name, in capitals
    reference: str  # «(Kèm theo Báo cáo số …/BC-VKS ngày … tháng … năm … của …)»
    scoreboard: Table
    legend: tuple[str, ...]
    comparison: Table | None


@dataclass(frozen=True)
class WrittenReport:
    letterhead: Letterhead
    body: tuple[Block, ...]
    recipients: tuple[str, ...]
    signature: Signature
    annex: Annex
    audience: Visibility
    document_title: str
    author: str
    date: dt.date | None


def written_report(project: Project, period_id: str) -> WrittenReport:
    """The report of ``period_id`` from what ``project`` holds (filter it first: one gate).

    Without the ``report:`` settings of site.yml the report still comes out, as a draft whose
    place, signer and recipients read «[CẦN BỔ SUNG: …]» (``check`` says what to fill in)."""
    settings = project.site.report
    content = project.period(period_id)
    board = scoreboard(project, content)
    comparison = compare(project, board)
    issuing_body = (settings.issuing_body if settings else None) or project.site.organisation
    date = content.period.conference.date if content.period.conference else None
    letterhead = Letterhead(
        parent_body=settings.parent_body if settings else None,
        issuing_body=issuing_body,
        symbol=settings.symbol if settings else ReportSettings.model_fields["symbol"].default,
        place_date=place_date(
            settings.place if settings else missing(), date, content.period.end.year
        ),
        title="BÁO CÁO",
        summary=content.period.title,
        circulation=None if project.audience is Visibility.PUBLIC else CIRCULATION,
    )
    return WrittenReport(
        letterhead=letterhead,
        body=tuple(_body(content, board, comparison)),
        recipients=_recipients(settings),
        signature=_signature(settings),
        annex=_annex(content, board, comparison, letterhead, date),
        audience=project.audience,
        document_title=f"Báo cáo {content.period.title[0].lower()}{content.period.title[1:]}",
        author=issuing_body,
        date=date,
    )


def place_date(place: str, day: dt.date | None, year: int) -> str:
    """``Phú Yên, ngày 05 tháng 02 năm 2021``: a day below 10 and the months 1 and 2 take a
    leading zero (Nghị định 30/2020, Phụ lục I); without a date, blanks to fill in by hand."""
    return f"{place}, {vietnamese_date(day, year)}"


def vietnamese_date(day: dt.date | None, year: int) -> str:
    """``ngày 05 tháng 02 năm 2021``, or ``ngày … tháng … năm 2021`` left blank by hand."""
    if day is None:
        return f"ngày{DATE_BLANK}tháng{DATE_BLANK}năm {year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _body(content: PeriodContent, board: Scoreboard, comparison: Comparison | None) -> list[Block]:
    written: list[Block] = []
    if content.report is not None:
        written = from_markdown(content.report.markdown, HeadingNumbers())
    at = figures_place(written)
    return _numbered([*written[:at], *_figures(content, board, comparison), *written[at:]])


def figures_place(blocks: list[Block]) -> int:
    """Where the generated figures go among the sections staff wrote: at the end of the first
    section whose title starts with «Kết quả»; else before the first section on shortcomings
    or the tasks ahead («Tồn tại», «Hạn chế», «Phương hướng», «Nhiệm vụ», «Kiến nghị»,
    «Đề xuất»); else after everything."""
    sections = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
    titles = {i: _folded(blocks[i]) for i in sections}
    for position, index in enumerate(sections):
        if titles[index].startswith(AFTER_SECTIONS):
            return sections[position + 1] if position + 1 < len(sections) else len(blocks)
    for index in sections:
        if titles[index].startswith(BEFORE_SECTIONS):
            return index
    return len(blocks)


def _folded(block: Block) -> str:
    text = block.text if isinstance(block, Heading) else ""
    return unicodedata.normalize("NFC", text).strip().lower()


def _numbered(blocks: list[Block]) -> list[Block]:
    """Headings numbered in their final order (I., II. — 1., 2. — a), b))."""
    numbers = HeadingNumbers()
    return [
        dataclasses.replace(b, number=numbers.next(b.level)) if isinstance(b, Heading) else b
        for b in blocks
    ]


def _figures(
    content: PeriodContent, board: Scoreboard, comparison: Comparison | None
) -> list[Block]:
    """The section the report writes itself from the figures, as the video says them."""
    blocks: list[Block] = [
        Heading(1, "", (Run(RESULTS_HEADING),)),
        Paragraph((Run(summary_sentence(board)),)),
    ]
    shown = _shown_changes(comparison)
    if comparison is None:
        blocks.append(Paragraph((Run(f"{NO_SAME_PERIOD[0].upper()}{NO_SAME_PERIOD[1:]}."),)))
    elif shown:
        title = comparison.previous.period.title
        blocks.append(
            Paragraph(
                (
                    Run(
                        "Số liệu được so sánh với cùng kỳ năm trước "
                        f"({title[0].lower()}{title[1:]})."
                    ),
                )
            )
        )
    for indicator in board.indicators:
        province = board.province[indicator.id]
        missed = [
            unit.name_on(content.period.end)
            for unit in board.units
            if board.cell(unit.id, indicator.id).status is Status.NOT_MET
        ]
        sentence = indicator_sentence(
            province, missed, shown.get(indicator.id), complete=board.complete(indicator.id)
        )
        blocks.append(Paragraph((Run(sentence),), BULLET))
    blocks.append(Paragraph((Run("(Chi tiết tại Phụ lục kèm theo.)", italic=True),)))
    return blocks


def _shown_changes(comparison: Comparison | None) -> dict[str, Change]:
    """The province-wide changes this version may show: neither figure withheld from it, and
    at least one of them with data (a row of «—» compares nothing)."""
    if comparison is None:
        return {}
    return {
        indicator_id: change
        for indicator_id, change in comparison.province.items()
        if Status.WITHHELD not in (change.current.status, change.previous.status)
        and (change.current.value is not None or change.previous.value is not None)
    }


def _recipients(settings: ReportSettings | None) -> tuple[str, ...]:
    written = settings.recipients if settings else ()
    lines = [f"- {line.rstrip(';.')};" for line in written] or [f"- {missing('nơi nhận')};"]
    return (*lines, "- Lưu: VT, VP.")


def _signature(settings: ReportSettings | None) -> Signature:
    if settings is None:
        return Signature((missing("CHỨC VỤ"),), missing("họ tên người ký"))
    signer = settings.signer
    authority: tuple[str, ...]
    if signer.on_behalf_of:
        authority = (f"KT. {signer.on_behalf_of.upper()}", signer.title.upper())
    else:
        authority = (signer.title.upper(),)
    return Signature(authority, signer.name)


def _annex(
    content: PeriodContent,
    board: Scoreboard,
    comparison: Comparison | None,
    letterhead: Letterhead,
    date: dt.date | None,
) -> Annex:
    reference = (
        f"(Kèm theo Báo cáo số {NUMBER_BLANK}/{letterhead.symbol} "
        f"{vietnamese_date(date, content.period.end.year)} của {letterhead.issuing_body})"
    )
    header = (
        "STT",
        "Đơn vị",
        *(f"({n}) {i.label}\n{_target(board, i.id)}" for n, i in enumerate(board.indicators, 1)),
    )
    rows = [
        (
            str(number),
            unit.name_on(content.period.end),
            *(_cell(board.cell(unit.id, i.id)) for i in board.indicators),
        )
        for number, unit in enumerate(board.units, start=1)
    ]
    province = [board.province[i.id] for i in board.indicators]
    rows.append(("", "Toàn tỉnh", *(_cell(evaluation) for evaluation in province)))
    withheld = any(e.status is Status.WITHHELD for e in province)
    legend = (
        *(
            f"({n}) {i.name}" + (f" — {i.source}" if i.source else "")
            for n, i in enumerate(board.indicators, start=1)
        ),
        "«—»: đơn vị chưa có số liệu của chỉ tiêu này.",
        *(
            (
                f"«{STATUS_LABELS[Status.WITHHELD]}»: số liệu toàn tỉnh của chỉ tiêu này không "
                "được công bố ở mức của bản báo cáo này.",
            )
            if withheld
            else ()
        ),
    )
    table = Table(header, tuple(rows), frozenset({len(rows) - 1}))
    title = ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHIỆP VỤ", content.period.title.upper())
    return Annex(ANNEX_LABEL, title, reference, table, legend, _comparison_table(board, comparison))


def _comparison_table(board: Scoreboard, comparison: Comparison | None) -> Table | None:
    """Province-wide figures against last year's, only where both may be shown."""
    shown = _shown_changes(comparison)
    if comparison is None or not shown:
        return None
    previous = comparison.previous.period.title
    return Table(
        ("Chỉ tiêu", "Kỳ này", f"Cùng kỳ ({previous})", "Tăng, giảm"),
        tuple(
            (
                i.label,
                shown[i.id].current.value_text,
                shown[i.id].previous.value_text,
                shown[i.id].text or "—",
            )
            for i in board.indicators
            if i.id in shown
        ),
    )


def _target(board: Scoreboard, indicator_id: str) -> str:
    return f"Chỉ tiêu {board.province[indicator_id].target_text}"


def _cell(evaluation: Evaluation) -> str:
    """A figure and its verdict; none for a figure without data or withheld from this version."""
    if evaluation.status is Status.NO_DATA:
        return "—"
    if evaluation.status is Status.WITHHELD:
        return evaluation.value_text
    return f"{evaluation.value_text}\n{STATUS_LABELS[evaluation.status].lower()}"
