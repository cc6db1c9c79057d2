"""The written report of one period as plain data, drawn from the (already filtered) project.

Layout words follow Nghị định 30/2020/NĐ-CP: the letterhead (issuing body beside the national
motto), number and symbol, place and date, title and summary line, body, «Nơi nhận», signature,
then the annex «Phụ lục». ``docx.py`` lays this out; nothing here knows about Word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.comparison import Comparison, compare
from generator.errors import InputError, Problem
from generator.evaluation import STATUS_LABELS, Evaluation, Scoreboard, Status, scoreboard
from generator.formatting import format_date
from generator.model import PeriodContent, Project, Visibility
from generator.model.site import ReportSettings
from generator.report.blocks import Block, HeadingNumbers, Paragraph, Run, Table, from_markdown
from generator.sentences import indicator_sentence, summary_sentence

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_BLANK = "      "  # filled in by hand when the document is registered (văn thư)
RESULTS_HEADING = "Số liệu thực hiện các chỉ tiêu nghiệp vụ"
COMPARISON_HEADING = "So với cùng kỳ năm trước"


@dataclass(frozen=True)
class Letterhead:
    """The top of the first page: who issues, the motto, number, place and date, title."""

    parent_body: str | None
    issuing_body: str
    symbol: str  # "BC-VKS"; the number itself is given when the document is registered
    place_date: str
    title: str
    summary: str

    @property
    def number(self) -> str:
        return f"Số: {NUMBER_BLANK}/{self.symbol}"


@dataclass(frozen=True)
class Signature:
    authority: tuple[str, ...]  # ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG") or ("VIỆN TRƯỞNG",)
    name: str


@dataclass(frozen=True)
class Annex:
    title: tuple[str, ...]
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
    """The report of ``period_id`` from what ``project`` holds (filter it first: one gate)."""
    settings = project.site.report
    if settings is None:
        raise InputError(
            Problem(
                "content/site.yml",
                1,
                1,
                "thiếu phần «report:» (địa danh, người ký, nơi nhận) để in báo cáo; "
                "xem mục «Báo cáo viết» trong Hướng dẫn",
            )
        )
    content = project.period(period_id)
    board = scoreboard(project, content)
    comparison = compare(project, board)
    issuing_body = settings.issuing_body or project.site.organisation
    date = content.period.conference.date if content.period.conference else None
    letterhead = Letterhead(
        parent_body=settings.parent_body,
        issuing_body=issuing_body,
        symbol=settings.symbol,
        place_date=place_date(settings.place, date, content.period.end.year),
        title="BÁO CÁO",
        summary=content.period.title,
    )
    return WrittenReport(
        letterhead=letterhead,
        body=tuple(_body(content, board, comparison)),
        recipients=_recipients(settings),
        signature=_signature(settings),
        annex=_annex(project, content, board, comparison, letterhead, date),
        audience=project.audience,
        document_title=f"Báo cáo {content.period.title[0].lower()}{content.period.title[1:]}",
        author=issuing_body,
        date=date,
    )


def place_date(place: str, day: dt.date | None, year: int) -> str:
    """``Phú Yên, ngày 05 tháng 02 năm 2021``: a day below 10 and the months 1 and 2 take a
    leading zero (Nghị định 30/2020, Phụ lục I); without a date, blanks to fill in by hand."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _body(content: PeriodContent, board: Scoreboard, comparison: Comparison | None) -> list[Block]:
    numbers = HeadingNumbers()
    blocks: list[Block] = []
    if content.report is not None:
        blocks += from_markdown(content.report.markdown, numbers)
    blocks.append(numbers.heading(1, (Run(RESULTS_HEADING),)))
    blocks.append(Paragraph((Run(summary_sentence(board)),)))
    if comparison is not None:
        blocks.append(
            Paragraph(
                (
                    Run(
                        f"Số liệu được so sánh với cùng kỳ năm trước "
                        f"({comparison.previous.period.title[0].lower()}"
                        f"{comparison.previous.period.title[1:]})."
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
        change = comparison.province.get(indicator.id) if comparison else None
        blocks.append(Paragraph((Run(indicator_sentence(province, missed, change)),), bullet=True))
    blocks.append(Paragraph((Run("(Chi tiết tại Phụ lục kèm theo.)", italic=True),)))
    return blocks


def _recipients(settings: ReportSettings) -> tuple[str, ...]:
    lines = [f"- {line.rstrip(';.')};" for line in settings.recipients]
    return (*lines, "- Lưu: VT, VP.")


def _signature(settings: ReportSettings) -> Signature:
    signer = settings.signer
    authority: tuple[str, ...]
    if signer.on_behalf_of:
        authority = (f"KT. {signer.on_behalf_of.upper()}", signer.title.upper())
    else:
        authority = (signer.title.upper(),)
    return Signature(authority, signer.name)


def _annex(
    project: Project,
    content: PeriodContent,
    board: Scoreboard,
    comparison: Comparison | None,
    letterhead: Letterhead,
    date: dt.date | None,
) -> Annex:
    on = f" ngày {format_date(date)}" if date else ""
    title = (
        "PHỤ LỤC",
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHIỆP VỤ",
        content.period.title,
        f"(Kèm theo Báo cáo số {NUMBER_BLANK}/{letterhead.symbol}{on} "
        f"của {letterhead.issuing_body})",
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
    rows.append(("", "Toàn tỉnh", *(_cell(board.province[i.id]) for i in board.indicators)))
    legend = (
        *(
            f"({n}) {i.name}" + (f" — {i.source}" if i.source else "")
            for n, i in enumerate(board.indicators, start=1)
        ),
        "«—»: đơn vị chưa có số liệu của chỉ tiêu này.",
    )
    comparison_table = None
    if comparison is not None:
        previous = comparison.previous.period.title
        comparison_table = Table(
            ("Chỉ tiêu", "Kỳ này", f"Cùng kỳ ({previous})", "Tăng, giảm"),
            tuple(
                (
                    i.label,
                    board.province[i.id].value_text,
                    comparison.province[i.id].previous.value_text,
                    comparison.province[i.id].text or "—",
                )
                for i in board.indicators
                if i.id in comparison.province
            ),
        )
    table = Table(header, tuple(rows), frozenset({len(rows) - 1}))
    return Annex(title, table, legend, comparison_table)


def _target(board: Scoreboard, indicator_id: str) -> str:
    return f"Chỉ tiêu {board.province[indicator_id].target_text}"


def _cell(evaluation: Evaluation) -> str:
    if evaluation.status is Status.NO_DATA:
        return "—"
    return f"{evaluation.value_text}\n{STATUS_LABELS[evaluation.status].lower()}"
