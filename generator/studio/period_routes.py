"""The studio's home: the periods of the project, and «Kỳ báo cáo mới».

A new period is proposed by the sector's calendar (``generator.workflow.calendar``: its id,
title and days for a kind, year and number), every proposal editable; it is made by
``new-period``'s own scaffold (``generator.workflow.new_period.new_period``) through the
studio's write guard, and the browser then goes straight to its page. An existing period is
never touched: the form comes back with what was typed and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from generator.errors import InputError
from generator.load import layout
from generator.model import PeriodKind
from generator.studio import forms
from generator.studio.app import Studio
from generator.workflow.calendar import ProposedPeriod, parse_period_id, proposed_period
from generator.workflow.new_period import new_period
from generator.workflow.registry import check_period_id

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


def routes(studio: Studio) -> list[Route]:
    def home(request: Request) -> Response:
        asked = request.query_params
        if "loai" in asked:  # «Đề xuất» without the page's script: the calendar's proposal
            form = proposal_form(asked.get("loai", ""), asked.get("nam", ""), asked.get("so", ""))
        else:
            form = default_form(studio, dt.date.today())
        return _home(studio, request, form)

    def proposal(request: Request) -> Response:
        asked = request.query_params
        form = proposal_form(asked.get("loai", ""), asked.get("nam", ""), asked.get("so", ""))
        if form.errors:
            return JSONResponse({"loi": "; ".join(m for ms in form.errors.values() for m in ms)})
        return JSONResponse({name: form.values[name] for name in FIELDS[3:]})

    def create(request: Request, form: FormData, session: str) -> Response:
        return _create(studio, request, form, session)

    return [
        Route("/", home),
        Route("/ky-moi/de-xuat", proposal),
        studio.write_route("/ky-moi", create),
    ]


def _home(studio: Studio, request: Request, form: NewPeriod, status: int = 200) -> Response:
    snapshot = studio.state.snapshot()
    periods = sorted(
        snapshot.raw.periods,
        key=lambda p: (p.period is not None, p.period.model.start if p.period else p.id),
        reverse=True,
    )
    errors = sum(1 for p in snapshot.problems if p.severity == "error")
    refused = status != 200
    context: dict[str, Any] = {
        "notice": "Chưa tạo kỳ báo cáo: xem lời báo dưới các ô." if refused else None,
        "periods": periods,
        "errors": errors,
        "new": form,
        "kinds": [(kind.value, label) for kind, label in KINDS.items()],
    }
    return studio.page(request, "home.html", context, status)


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


def _create(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    """Make the period as ``new-period`` does; refused (the form again, with what was typed
    and why) for an id that exists, a wrong id or day, or a kind the id contradicts. With
    «Đề xuất», only the calendar's proposal for the kind, year and number sent."""
    typed = NewPeriod({name: forms.text(form, name) or "" for name in FIELDS})
    values = typed.values
    if "de-xuat" in form:  # «Đề xuất» (without the page's script): the proposal, nothing made
        return _home(studio, request, proposal_form(values["loai"], values["nam"], values["so"]))
    try:
        kind = PeriodKind(values["loai"])
    except ValueError:
        typed.say("loai", "hãy chọn loại kỳ: tháng, quý, 6 tháng hoặc năm")
        kind = PeriodKind.HALF_YEAR
    period_id, exists = values["ma"], False
    try:
        check_period_id(period_id)
    except InputError as error:
        typed.say("ma", error.problems[0].message)
    else:
        exists = (studio.root / layout.period_dir(period_id)).exists()
        named = parse_period_id(period_id)
        if exists:
            typed.say("ma", f"Đã có kỳ báo cáo «{period_id}»; hãy chọn mã khác, hoặc mở kỳ đó")
        elif named is not None and named[0] is not kind:
            typed.say(
                "ma",
                f"mã kỳ «{period_id}» là mã của {KINDS[named[0]]} nhưng loại kỳ đang chọn là "
                f"{KINDS[kind]}; hãy chọn đúng loại kỳ hoặc đổi mã",
            )
    days = {name: _day(typed, name) for name in ("bat-dau", "ket-thuc")}
    if typed.errors:  # every problem at once; nothing is written
        return _home(studio, request, typed, 409 if exists else 422)
    start, end = days["bat-dau"], days["ket-thuc"]
    assert start is not None and end is not None
    try:
        files = new_period(
            studio.root, period_id, start, end, kind.value, values["tieu-de"] or None
        )
    except InputError as error:
        for problem in error.problems:
            typed.say("", problem.message)
        return _home(studio, request, typed, 422)
    title = values["tieu-de"] or period_id
    studio.guard.flash(
        session,
        f"Đã tạo kỳ báo cáo «{title}» ({len(files)} tệp trong {layout.period_dir(period_id)}/). "
        "Tiếp theo: tải ảnh, video lên và nhập kết quả trên trang của từng đơn vị.",
    )
    return RedirectResponse(f"/ky/{period_id}", status_code=303)


def _day(typed: NewPeriod, name: str) -> dt.date | None:
    value = typed.values[name]
    if not value:
        typed.say(name, "hãy ghi ngày, ví dụ 01/06/2021")
        return None
    day = forms.date_of(value)
    if day is None:
        typed.say(name, f"«{value}» không phải ngày; viết ngày/tháng/năm, ví dụ 01/06/2021")
    return day
