"""The studio's home (``pages.home``): the periods of the project, and «Kỳ báo cáo mới»; and
each period's page (``pages.period``).

A new period is made by ``new-period``'s own scaffold (``generator.workflow.new_period``)
through the studio's write guard, and the browser then goes straight to its page. An existing
period is never touched: the form comes back with what was typed and why.
"""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from generator.errors import InputError
from generator.load import layout
from generator.model import PeriodKind
from generator.studio import forms
from generator.studio.app import period_or_404, studio_of, write_route
from generator.studio.pages.home import (
    FIELDS,
    KINDS,
    NewPeriod,
    default_form,
    home_context,
    proposal_form,
)
from generator.studio.pages.period import period_context
from generator.workflow.calendar import parse_period_id
from generator.workflow.new_period import new_period
from generator.workflow.registry import check_period_id


def home(request: Request) -> Response:
    asked = request.query_params
    if "loai" in asked:  # «Đề xuất» without the page's script: the calendar's proposal
        form = proposal_form(asked.get("loai", ""), asked.get("nam", ""), asked.get("so", ""))
    else:
        form = default_form(studio_of(request), dt.date.today())
    return _home(request, form)


def proposal(request: Request) -> Response:
    asked = request.query_params
    form = proposal_form(asked.get("loai", ""), asked.get("nam", ""), asked.get("so", ""))
    if form.errors:
        return JSONResponse({"loi": "; ".join(m for ms in form.errors.values() for m in ms)})
    return JSONResponse({name: form.values[name] for name in FIELDS[3:]})


async def period_page(request: Request) -> Response:
    studio = studio_of(request)
    period = period_or_404(request)
    return studio.page(request, "period.html", period_context(studio.state.snapshot(), period))


def _home(request: Request, form: NewPeriod, status: int = 200) -> Response:
    studio = studio_of(request)
    context = home_context(studio, form, refused=status != 200)
    return studio.page(request, "home.html", context, status)


def create(request: Request, form: FormData, session: str) -> Response:
    """Make the period as ``new-period`` does; refused (the form again, with what was typed
    and why) for an id that exists, a wrong id or day, or a kind the id contradicts. With
    «Đề xuất», only the calendar's proposal for the kind, year and number sent."""
    studio = studio_of(request)
    typed = NewPeriod({name: forms.text(form, name) or "" for name in FIELDS})
    values = typed.values
    if "de-xuat" in form:  # «Đề xuất» (without the page's script): the proposal, nothing made
        return _home(request, proposal_form(values["loai"], values["nam"], values["so"]))
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
        return _home(request, typed, 409 if exists else 422)
    start, end = days["bat-dau"], days["ket-thuc"]
    assert start is not None and end is not None
    try:
        files = new_period(
            studio.root, period_id, start, end, kind.value, values["tieu-de"] or None
        )
    except InputError as error:
        for problem in error.problems:
            typed.say("", problem.message)
        return _home(request, typed, 422)
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


ROUTES: list[BaseRoute] = [
    Route("/", home),
    Route("/ky-moi/de-xuat", proposal),
    write_route("/ky-moi", create),
    Route("/ky/{period}", period_page),
]
