"""The review of a period in the studio: «Gửi văn phòng» (a unit's part), «Duyệt» / «Trả lại»
(the office), «Duyệt kỳ» / «Mở lại kỳ» (the leadership).

Who may take a step was decided by the gate before the handler runs; the handler applies the
step (``workflow.review``), which refuses a step that does not fit where the review stands,
writes ``review.yml`` through the one save path (checked by the loader, kept in the history)
and tells the audit trail the new state.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute

from generator.load import layout
from generator.office.audit import Kind
from generator.studio import store
from generator.studio.actor import ACTOR
from generator.studio.app import period_or_404, studio_of, unit_or_404, write_route
from generator.studio.saving import Invalid, Refused, Saved, Stale, Unchanged, save_edit
from generator.workflow.review import STEP_DONE, Step, StepRefused, apply_step, now, review_text


def send(request: Request, form: FormData, session: str) -> Response:
    return take_step(request, form, session, Step.SEND)


def decide_part(request: Request, form: FormData, session: str) -> Response:
    step = Step.RETURN if form.get("quyet-dinh") == "tra-lai" else Step.ACCEPT
    return take_step(request, form, session, step)


def sign_off(request: Request, form: FormData, session: str) -> Response:
    return take_step(request, form, session, Step.SIGN_OFF)


def reopen(request: Request, form: FormData, session: str) -> Response:
    return take_step(request, form, session, Step.REOPEN)


ROUTES: list[BaseRoute] = [
    write_route("/ky/{period}/don-vi/{unit}/gui", send),
    write_route("/ky/{period}/don-vi/{unit}/duyet", decide_part),
    write_route("/ky/{period}/duyet-ky", sign_off),
    write_route("/ky/{period}/mo-lai", reopen),
]


def take_step(request: Request, form: FormData, session: str, step: Step) -> Response:
    studio = studio_of(request)
    unit_id: str | None = request.path_params.get("unit")
    if unit_id is None:
        period, unit_name = period_or_404(request), ""
    else:
        period, unit = unit_or_404(request)
        unit_name = unit.name
    back = _back(form, period.id)
    rel = layout.review_file(period.id)
    current = store.read(studio.root, rel)  # the version the step is taken on
    snapshot = studio.state.snapshot()
    account, address = ACTOR.get()
    comment = str(form.get("nhan-xet", ""))
    try:
        review = apply_step(
            snapshot.review(period.id),
            step,
            by=account,
            at=now(),
            unit=unit_id,
            comment=comment,
            period_units=[u.id for u in snapshot.units_for(period)],
        )
    except StepRefused as exc:
        studio.guard.flash(session, f"Chưa làm được: {exc}.", kind="loi")
        return RedirectResponse(back, status_code=303)
    text = review_text(review)
    outcome = save_edit(request, rel, lambda _written: text, digest=current.digest)
    match outcome:
        case Saved() | Unchanged():
            detail = {"ky": period.id, "buoc": step.value}
            if unit_id is not None:
                detail["don_vi"] = unit_id
                detail["trang_thai"] = review.state(unit_id).value
            if step is Step.RETURN:
                detail["nhan_xet"] = comment.strip()
            studio.audit.append(Kind.STATE, account, address=address, **detail)
            studio.guard.flash(session, STEP_DONE[step].format(unit=unit_name), kind="ok")
        case Stale():
            studio.guard.flash(session, outcome.notice, kind="loi")
        case Refused(reason=reason):
            studio.guard.flash(session, f"Chưa làm được: {reason}.", kind="loi")
        case Invalid(verdict=verdict):
            problems = "; ".join(p.message for p in verdict.errors)
            studio.guard.flash(session, f"Chưa làm được: {problems}", kind="loi")
    return RedirectResponse(back, status_code=303)


def _back(form: FormData, period_id: str) -> str:
    back = str(form.get("quay-lai", ""))
    if not back.startswith("/") or back.startswith("//"):
        return f"/ky/{period_id}"
    return back
