"""Logging in and out of the office's studio (``--listen``).

A login is checked against the account store (argon2id), slowed by ``sessions.Throttle`` per
name and per address (429 with a Vietnamese sentence, the same for a name that does not exist),
and starts a new server-side session (a new cookie value: no fixation). Every login, succeeded
or refused, is written to the audit trail; the password never is. The form carries the CSRF
token of the visitor's anonymous session, as every form of the studio does.
"""

from __future__ import annotations

import math

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from generator.office.audit import Kind
from generator.studio.app import root_of, studio_of
from generator.studio.gate import LOGIN_PATH, LOGOUT_PATH
from generator.studio.security import COOKIE, FIELD, Refused

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
MAX_FIELD = 200


async def page(request: Request) -> Response:
    studio = studio_of(request)
    if studio.office is None:  # the one-person studio has no accounts
        return RedirectResponse("/", status_code=303)
    return _page(request, "", "", request.query_params.get("tiep", ""))


async def login(request: Request) -> Response:
    studio = studio_of(request)
    if studio.office is None:
        return RedirectResponse("/", status_code=303)
    form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    try:
        studio.guard.check(request, str(form.get(FIELD, "")))
    except Refused as exc:
        return PlainTextResponse(f"Không thực hiện: {exc}.", status_code=403)
    name = str(form.get("ten", "")).strip().lower()[:MAX_FIELD]
    password = str(form.get("mat-khau", ""))[:1024]
    next_path = str(form.get("tiep", ""))
    address = request.client.host if request.client is not None else ""
    keys = (f"ten:{name}", f"dia-chi:{address}")
    office = studio.office
    # What was typed as a name is kept in the trail only when it is an account's name: a
    # password typed into the wrong field must not be written down.
    said = name if office.accounts.get(name) is not None else "(không phải tên tài khoản)"
    wait = office.throttle.wait(*keys)
    if wait > 0:
        studio.audit.append(Kind.LOGIN_REFUSED, said, address=address, ly_do="tam-khoa")
        minutes = max(1, math.ceil(wait / 60))
        notice = (
            f"Đăng nhập sai quá nhiều lần nên tạm bị khóa. Hãy thử lại sau khoảng {minutes} phút."
        )
        return _page(request, notice, name, next_path, status=429)
    account = await run_in_threadpool(office.accounts.verify, name, password)
    if account is None:
        office.throttle.failed(*keys)
        studio.audit.append(Kind.LOGIN_REFUSED, said, address=address, ly_do="sai")
        return _page(request, WRONG, name, next_path, status=401)
    office.throttle.succeeded(*keys)
    studio.audit.append(Kind.LOGIN, account.name, address=address)
    old = request.cookies.get(COOKIE, "")
    if old:
        office.sessions.end(old)
    response = RedirectResponse(_next(next_path), status_code=303)
    studio.set_session_cookie(request, response, office.sessions.start(account.name))
    return response


async def logout(request: Request) -> Response:
    studio = studio_of(request)
    form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    try:
        session = studio.guard.check(request, str(form.get(FIELD, "")))
    except Refused as exc:
        return PlainTextResponse(f"Không thực hiện: {exc}.", status_code=403)
    if studio.office is not None:
        studio.office.sessions.end(session)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(COOKIE, path=root_of(request) + "/")
    return response


ROUTES: list[BaseRoute] = [
    Route(LOGIN_PATH, page, methods=["GET"]),
    Route(LOGIN_PATH, login, methods=["POST"]),
    Route(LOGOUT_PATH, logout, methods=["POST"]),
]


def _page(request: Request, notice: str, name: str, next_path: str, status: int = 200) -> Response:
    """The login page: ``notice`` why the last try failed, the ``name`` typed, and where to go
    once logged in."""
    context = {"notice": notice, "name": name, "next": _next(next_path)}
    return studio_of(request).page(request, "login.html", context, status=status)


def _next(path: str) -> str:
    """Where to go after logging in: a path of the studio, never another site."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
