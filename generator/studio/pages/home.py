"""The studio's home: the periods of the project, and the form «Kỳ báo cáo mới».

A new period is proposed by the sector's calendar (``generator.workflow.calendar``: its id,
title and days for a kind, year and number), every proposal editable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.errors import InputError
from generator.model import PeriodKind
from generator.studio import forms
from generator.studio.app import Studio
from generator.workflow.calendar import ProposedPeriod, proposed_period

KINDS = {
    PeriodKind.MONTH: "tháng",
    PeriodKind.QUARTER: "quý",
    PeriodKind.HALF_YEAR: "6 tháng",
    PeriodKind.YEAR: "năm",
}
"""The kinds as the form offers them, in this order."""
FIELDS = ("loai", "nam", "so", "ma", "tieu-de", "bat-dau", "ket-thuc")
"""The form's fields: kind, year, number; then the id, title and days proposed."""


@dataclass
class NewPeriod:
    """The form «Kỳ báo cáo mới»: every field as shown (text), and the messages by field
    (``""``: the form's own, above the fields)."""

    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def say(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def home_context(studio: Studio, form: NewPeriod, refused: bool = False) -> dict[str, Any]:
    """The periods, newest first, and the form «Kỳ báo cáo mới» (``refused``: as typed, with
    the messages at its fields)."""
    snapshot = studio.state.snapshot()
    periods = sorted(
        snapshot.raw.periods,
        key=lambda p: (p.period is not None, p.period.model.start if p.period else p.id),
        reverse=True,
    )
    errors = sum(1 for p in snapshot.problems if p.severity == "error")
    return {
        "notice": "Chưa tạo kỳ báo cáo: xem lời báo dưới các ô." if refused else None,
        "periods": periods,
        "errors": errors,
        "new": form,
        "kinds": [(kind.value, label) for kind, label in KINDS.items()],
    }


def proposal_form(kind: str, year: str, number: str) -> NewPeriod:
    """The form with the calendar's proposal for ``kind``, ``year`` and ``number`` as typed
    (the number is left out for a year); the reason at the field when there is none."""
    form = NewPeriod({"loai": kind, "nam": year.strip(), "so": number.strip()})
    form.values |= dict.fromkeys(FIELDS[3:], "")
    try:
        chosen = PeriodKind(kind)
    except ValueError:
        form.say("loai", "hãy chọn loại kỳ: tháng, quý, 6 tháng hoặc năm")
        return form
    whole = forms.index(form.values["nam"])
    if whole is None:
        form.say("nam", "năm phải là một số, ví dụ 2021")
    count = None if chosen is PeriodKind.YEAR else forms.index(form.values["so"])
    if chosen is not PeriodKind.YEAR and count is None:
        form.say("so", f"hãy ghi {KINDS[chosen]} thứ mấy: một số, ví dụ 1")
    if form.errors:
        return form
    assert whole is not None
    try:
        proposed = proposed_period(chosen, whole, count)
    except InputError as error:
        name = "nam" if error.problems[0].message.startswith("năm ") else "so"
        for problem in error.problems:
            form.say(name, problem.message)
        return form
    if chosen is PeriodKind.YEAR:
        form.values["so"] = ""
    form.values |= _shown(proposed)
    return form


def _shown(proposed: ProposedPeriod) -> dict[str, str]:
    return {
        "ma": proposed.id,
        "tieu-de": proposed.title,
        "bat-dau": forms.shown_date(proposed.start),
        "ket-thuc": forms.shown_date(proposed.end),
    }


def default_form(studio: Studio, today: dt.date) -> NewPeriod:
    """The half-year most likely wanted on ``today``: the last one that has ended (its review
    comes after its end), or else the one running, or the next — the first not made yet."""
    made = {p.id for p in studio.state.snapshot().raw.periods}
    halves = [
        proposed_period(PeriodKind.HALF_YEAR, year, number)
        for year in range(today.year - 1, today.year + 3)
        for number in (1, 2)
    ]
    ended = [h for h in halves if h.end < today]
    start = halves.index(ended[-1]) if ended else 0
    chosen = next((h for h in halves[start:] if h.id not in made), halves[-1])
    number = "1" if chosen.id.endswith("h1") else "2"
    return proposal_form(PeriodKind.HALF_YEAR.value, str(chosen.end.year), number)
