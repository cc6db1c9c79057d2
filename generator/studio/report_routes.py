"""The leadership's report (report.md) of a period: its text and its level, edited in the
browser (``pages.report``) and saved through the one save path; the file's editing itself is
``generator.workflow.report_file``'s."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from generator.load import layout
from generator.model import Visibility
from generator.studio.app import period_or_404, studio_of, write_route
from generator.studio.pages.report import KEEP, report_context
from generator.studio.saving import form_answer, save_edit
from generator.studio.validate import Verdict
from generator.workflow.report_file import with_body
from generator.yamledit.roundtrip import EditRefused

PATH = "/ky/{period}/bao-cao"


def page(request: Request) -> Response:
    studio = studio_of(request)
    return studio.page(request, "report.html", report_context(studio, period_or_404(request)))


def save(request: Request, form: FormData, session: str) -> Response:
    studio = studio_of(request)
    period = period_or_404(request)
    rel = layout.report_file(period.id)
    typed = {"body": str(form.get("noi-dung", "")), "level": str(form.get("visibility", ""))}
    if typed["level"] not in {KEEP, *(v.value for v in Visibility)}:
        return PlainTextResponse("Mức công khai không hợp lệ.", status_code=400)

    def again(status: int, notice: str, verdict: Verdict | None) -> Response:
        seen = str(form.get("digest", "")) if status == 409 else None
        problems = [str(p) for p in verdict.errors] if verdict is not None else []
        context = report_context(studio, period, typed, problems, notice, seen)
        return studio.page(request, "report.html", context, status)

    def edit(text: str | None) -> str:
        level = None if typed["level"] == KEEP else typed["level"]
        try:
            return with_body(text, typed["body"], level)
        except EditRefused as exc:
            raise EditRefused(f"{exc}; hãy sửa phần đầu tệp bằng trình soạn thảo") from exc

    outcome = save_edit(request, rel, edit, digest=str(form.get("digest", "")))
    return form_answer(
        request,
        session,
        outcome,
        again,
        done="Đã lưu báo cáo.",
        back=f"/ky/{period.id}/bao-cao",
        unchanged="Báo cáo không đổi: không ghi gì.",
        invalid="Chưa lưu: báo cáo có lỗi, xem bên dưới.",
    )


ROUTES: list[BaseRoute] = [Route(PATH, page), write_route(PATH, save)]
