"""The review of a period in the studio: «Gửi văn phòng» (a unit's part), «Duyệt» / «Trả lại»
(the office), «Duyệt kỳ» / «Mở lại kỳ» (the leadership).

Who may take a step was decided by the gate before the handler runs; the handler applies the
step (``workflow.review``), which refuses a step that does not fit where the review stands,
writes ``review.yml`` like any other edit (checked by the loader, kept in the history) and
tells the audit trail the new state.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from generator.errors import Severity
from generator.load import layout
from generator.office.audit import Kind
from generator.studio import store
from generator.studio.app import ACTOR, Studio
from generator.studio.validate import check_change
from generator.workflow.review import STEP_DONE, Step, StepRefused, apply_step, now, review_text


def routes(studio: Studio) -> list[Route]:
    def send(request: Request, form: FormData, session: str) -> Response:
        return take_step(studio, request, form, session, Step.SEND)

    def decide_part(request: Request, form: FormData, session: str) -> Response:
        step = Step.RETURN if form.get("quyet-dinh") == "tra-lai" else Step.ACCEPT
        return take_step(studio, request, form, session, step)

    def sign_off(request: Request, form: FormData, session: str) -> Response:
        return take_step(studio, request, form, session, Step.SIGN_OFF)

    def reopen(request: Request, form: FormData, session: str) -> Response:
        return take_step(studio, request, form, session, Step.REOPEN)

    return [
        studio.write_route("/ky/{period}/don-vi/{unit}/gui", send),
        studio.write_route("/ky/{period}/don-vi/{unit}/duyet", decide_part),
        studio.write_route("/ky/{period}/duyet-ky", sign_off),
        studio.write_route("/ky/{period}/mo-lai", reopen),
    ]


def take_step(
    studio: Studio, request: Request, form: FormData, session: str, step: Step
) -> Response:
    snapshot = studio.state.snapshot()
    period_id = request.path_params["period"]
    unit_id: str | None = request.path_params.get("unit")
    if unit_id is None:
        period = snapshot.period_or_404(period_id)
        unit_name = ""
    else:
        period, unit = snapshot.unit_of_period_or_404(period_id, unit_id)
        unit_name = unit.name
    back = _back(form, period_id)
    rel = layout.review_file(period_id)
    current = store.read(studio.root, rel)
    account, address = ACTOR.get()
    comment = str(form.get("nhan-xet", ""))
    try:
        review = apply_step(
            snapshot.review(period_id),
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
    verdict = check_change(studio.root, rel, text)
    if not verdict.ok:
        problems = [p.message for p in verdict.problems if p.severity is Severity.ERROR]
        studio.guard.flash(session, "Chưa làm được: " + "; ".join(problems), kind="loi")
        return RedirectResponse(back, status_code=303)
    try:
        studio.save(rel, text, current.digest, verdict)
    except store.StaleEdit as exc:
        studio.guard.flash(session, str(exc), kind="loi")
        return RedirectResponse(back, status_code=303)
    detail = {"ky": period_id, "buoc": step.value}
    if unit_id is not None:
        detail["don_vi"] = unit_id
        detail["trang_thai"] = review.state(unit_id).value
    if step is Step.RETURN:
        detail["nhan_xet"] = comment.strip()
    studio.audit.append(Kind.STATE, account, address=address, **detail)
    studio.guard.flash(session, STEP_DONE[step].format(unit=unit_name), kind="ok")
    return RedirectResponse(back, status_code=303)


def _back(form: FormData, period_id: str) -> str:
    back = str(form.get("quay-lai", ""))
    if not back.startswith("/") or back.startswith("//"):
        return f"/ky/{period_id}"
    return back
