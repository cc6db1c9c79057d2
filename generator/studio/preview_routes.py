"""Drafts of the video — the whole of it, or one scene alone — rendered from the studio
(``previews.Previews``, one of the studio's services) with their progress on the page."""

from __future__ import annotations

import dataclasses

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from generator.model import Visibility
from generator.studio import forms
from generator.studio.app import period_or_404, studio_of, write_route
from generator.studio.previews import Draft

BASE = "/ky/{period}/xem-truoc"


def start(request: Request, form: FormData, session: str) -> Response:
    draft = _draft_of(request)
    if draft is None:
        return PlainTextResponse("Đối tượng xem hoặc cảnh không hợp lệ.", status_code=400)
    job = studio_of(request).previews.start(draft)
    return JSONResponse(dataclasses.asdict(job), status_code=202)


def status(request: Request) -> Response:
    draft = _draft_of(request)
    job = studio_of(request).previews.jobs.get(draft) if draft is not None else None
    if job is None:
        return JSONResponse({"state": "chua-co"})
    return JSONResponse(dataclasses.asdict(job))


def video(request: Request) -> Response:
    draft = _draft_of(request)
    path = studio_of(request).previews.path(draft) if draft is not None else None
    if path is None or not path.is_file():
        return PlainTextResponse("Chưa có bản xem trước.", status_code=404)
    return FileResponse(path, media_type="video/mp4", headers={"Cache-Control": "no-store"})


ROUTES: list[BaseRoute] = [
    write_route(BASE, start),
    Route(BASE + "/tien-do", status),
    Route(BASE + ".mp4", video),
]


def _draft_of(request: Request) -> Draft | None:
    """The draft a request names (``?doi-tuong=…&canh=…``), or None when it names none that
    can exist; a period that does not exist is a 404."""
    period_id = period_or_404(request).id
    try:
        audience = Visibility(request.query_params.get("doi-tuong", "internal"))
    except ValueError:
        return None
    scene = request.query_params.get("canh", "")
    if not forms.SLUG.fullmatch(period_id) or (scene and not forms.SLUG.fullmatch(scene)):
        return None
    return period_id, audience.value, scene
