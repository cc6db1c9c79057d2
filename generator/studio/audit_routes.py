"""«Nhật ký»: the audit trail in the studio, for the office and the administrators (the gate asks
the policy for ``xem-nhat-ky``): logins, writes, refusals and review steps, newest first."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.office.audit import Kind
from generator.studio.app import Studio

PATH = "/nhat-ky"
SHOWN = 500  # entries on the page; the whole trail: ``baocao audit``

KIND_LABELS = {
    Kind.LOGIN: "đăng nhập",
    Kind.LOGIN_REFUSED: "đăng nhập bị từ chối",
    Kind.WRITE: "ghi tệp",
    Kind.REFUSED: "bị từ chối",
    Kind.STATE: "trạng thái duyệt",
    Kind.ACCOUNT: "tài khoản",
}


def routes(studio: Studio) -> list[Route]:
    async def page(request: Request) -> Response:
        typed = request.query_params.get("tu-ngay", "")
        try:
            since = dt.date.fromisoformat(typed) if typed else None
        except ValueError:
            since = None
        entries = studio.audit.entries(since)
        newest = list(reversed(entries))[:SHOWN]
        context = {
            "entries": newest,
            "total": len(entries),
            "shown": SHOWN,
            "since": since.isoformat() if since else "",
            "bad_date": bool(typed) and since is None,
            "kind_label": KIND_LABELS,
        }
        return studio.page(request, "audit.html", context)

    return [Route(PATH, page)]
