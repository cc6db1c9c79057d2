"""«Nhật ký»: the audit trail in the studio, for the office and the administrators (the gate asks
the policy for ``xem-nhat-ky``): logins, writes, refusals and review steps, newest first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from generator.studio.app import studio_of
from generator.studio.pages.audit import audit_context

PATH = "/nhat-ky"


async def page(request: Request) -> Response:
    studio = studio_of(request)
    context = audit_context(studio, request.query_params.get("tu-ngay", ""))
    return studio.page(request, "audit.html", context)


ROUTES: list[BaseRoute] = [Route(PATH, page)]
