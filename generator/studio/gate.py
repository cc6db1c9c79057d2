"""Every request passes here before any route: who asks, what the route does, and the policy's
answer (``generator.office.policy.decide``). Handlers never decide access.

``RULES`` names, for every route of the studio, the action a read (GET, HEAD) and a write (POST)
performs and how to find what it touches (the period, the unit, the level). A route with no rule
is refused: deny by default, and ``tests/studio/test_gate.py`` checks that every route has one.
Static files, fonts and the login page are open to all (they hold no content).

Who asks: in the office's studio (``--listen``), the account of the session cookie
(``sessions.Sessions``); without it, nobody, and a page asks to log in. In the one-person
studio on 127.0.0.1 it is ``policy.LOCAL_ACCOUNT``. Every refusal is written to the audit trail.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.load import layout
from generator.model.base import Visibility
from generator.model.review import LOCKED_FOR_UNIT
from generator.office.accounts import Account
from generator.office.audit import Kind
from generator.office.policy import Action, Target, decide
from generator.studio.actor import ACTOR

if TYPE_CHECKING:
    from generator.studio.app import Studio

LOGIN_PATH = "/dang-nhap"
LOGOUT_PATH = "/dang-xuat"
OPEN_PREFIXES = ("/static/", "/phong-chu/")
OPEN_PATHS = frozenset({LOGIN_PATH, "/favicon.ico"})
FORM_TARGET_LIMIT = 64 * 1024  # the undo/redo forms: a few fields

Params = Mapping[str, str]
TargetOf = Callable[["Studio", Params, Mapping[str, str]], Target]
"""(studio, path parameters, query or form fields) -> what the request touches."""


def target_of(
    studio: Studio,
    period: str | None = None,
    unit: str | None = None,
    visibility: Visibility | None = None,
) -> Target:
    """The target, with where the period's review stands read from the content."""
    if period is None:
        return Target(unit=unit, visibility=visibility)
    review = studio.state.snapshot().review(period)
    return Target(
        period=period,
        unit=unit,
        visibility=visibility,
        signed_off=review.signed_off is not None,
        part_sent=unit is not None and review.state(unit) in LOCKED_FOR_UNIT,
    )


def _period(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
    return target_of(studio, params.get("period"))


def _unit(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
    return target_of(studio, params.get("period"), params.get("unit"))


def _nothing(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
    return Target()


def _unit_file(kind: str) -> TargetOf:
    """A unit's highlights or results page: at the level written on the whole file (a file
    marked restricted is restricted material as a whole; items inside are filtered by the
    page with the same policy)."""

    def target(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
        period, unit = params.get("period"), params.get("unit")
        raw = studio.state.snapshot().period(period) if period is not None else None
        level = None
        if raw is not None:
            files = raw.highlights if kind == "highlights" else raw.results
            level = next((r.model.visibility for r in files if r.model.unit == unit), None)
        return target_of(studio, period, unit, level)

    return target


def _report(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
    """The leadership's report, at its own level (its front matter)."""
    period = params.get("period")
    raw = studio.state.snapshot().period(period) if period is not None else None
    level = raw.report.visibility if raw is not None and raw.report is not None else None
    return target_of(studio, period, visibility=level)


def _audience(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
    """A preview for the audience ``doi-tuong`` (internal when not named, as the page does);
    a value that names no level counts as the strictest."""
    try:
        level = Visibility(fields.get("doi-tuong", Visibility.INTERNAL.value))
    except ValueError:
        level = Visibility.RESTRICTED
    return target_of(studio, params.get("period"), visibility=level)


def _media(studio: Studio, params: Params, fields: Mapping[str, str]) -> Target:
    """A file under media/: ``<period>/<unit>/<name>``, at the strictest level of the items
    that show it (internal when none does yet; a take of the booth: ``state.media_level``)."""
    rel = unicodedata.normalize("NFC", params.get("path", ""))
    parts = PurePosixPath(rel).parts
    period = parts[0] if parts else None
    snapshot = studio.state.snapshot()
    # a take of the narrator's booth belongs to the unit whose item speaks over it, if any
    unit = snapshot.take_unit(rel) if layout.is_take(rel) else parts[1] if len(parts) >= 3 else None
    return target_of(studio, period, unit, snapshot.media_level(rel))


def _file(studio: Studio, params: Params, fields: Mapping[str, str]) -> tuple[Action, Target]:
    """Undo and redo: the file named by the form decides (a unit's file, the period's, the
    report settings)."""
    rel = fields.get("tep", "")
    pure = PurePosixPath(rel)
    parts = pure.parts
    base = PurePosixPath(layout.PERIODS).parts
    if parts[: len(base)] == base and len(parts) == len(base) + 3:
        period, folder, name = parts[len(base) :]
        if folder in (layout.HIGHLIGHTS, layout.RESULTS):
            return Action.EDIT_UNIT, target_of(studio, period, PurePosixPath(name).stem)
    if parts[: len(base)] == base and len(parts) > len(base):
        return Action.EDIT_PERIOD, target_of(studio, parts[len(base)])
    return Action.EDIT_SETTINGS, Target()


@dataclass(frozen=True)
class Rule:
    read: Action | None  # GET and HEAD
    write: Action | None  # POST
    target: TargetOf = _nothing
    form_target: bool = False  # the target is named by the posted form (``tep``)
    period_wide: bool = False
    """A write that may name any unit's file of the period (the booth: a take for an item's
    line); ``saving.authorize`` lets such a request write a unit's file without a unit."""


RULES: dict[str, Rule] = {
    "/": Rule(Action.READ, None),
    "/nghe": Rule(Action.READ, None),
    "/huong-dan": Rule(Action.READ, None),
    "/huong-dan/{page}": Rule(Action.READ, None),
    "/huong-dan/{folder}/{name}": Rule(Action.READ, None),
    "/ky-moi/de-xuat": Rule(Action.CREATE_PERIOD, None),
    "/ky-moi": Rule(None, Action.CREATE_PERIOD),
    "/cai-dat-bao-cao": Rule(Action.EDIT_SETTINGS, Action.EDIT_SETTINGS),
    "/hoan-tac": Rule(None, Action.EDIT_PERIOD, form_target=True),
    "/lam-lai": Rule(None, Action.EDIT_PERIOD, form_target=True),
    "/api/danh-gia": Rule(Action.READ, None),
    "/nhat-ky": Rule(Action.READ_AUDIT, None),
    "/tep/{path:path}": Rule(Action.READ_UNIT, None, _media),
    "/anh-nho/{path:path}": Rule(Action.READ_UNIT, None, _media),
    "/ky/{period}": Rule(Action.READ, None, _period),
    "/ky/{period}/mau-bang-tinh.xlsx": Rule(Action.READ_PERIOD_WORK, None, _period),
    "/ky/{period}/nhap-ket-qua": Rule(None, Action.EDIT_PERIOD, _period),
    "/ky/{period}/kich-ban": Rule(Action.READ_PERIOD_WORK, None, _audience),
    "/ky/{period}/kich-ban/cac-phan": Rule(None, Action.EDIT_PERIOD, _period),
    "/ky/{period}/kich-ban/loi-dan": Rule(None, Action.EDIT_PERIOD, _period),
    "/ky/{period}/bao-cao": Rule(Action.READ_PERIOD_WORK, Action.EDIT_PERIOD, _report),
    "/ky/{period}/xem-truoc": Rule(None, Action.PREVIEW, _audience),
    "/ky/{period}/xem-truoc/tien-do": Rule(Action.PREVIEW, None, _audience),
    "/ky/{period}/xem-truoc.mp4": Rule(Action.PREVIEW, None, _audience),
    "/ky/{period}/don-vi/{unit}": Rule(Action.READ_UNIT, None, _unit_file("highlights")),
    "/ky/{period}/don-vi/{unit}/ket-qua": Rule(
        Action.READ_UNIT, Action.EDIT_UNIT, _unit_file("results")
    ),
    "/ky/{period}/don-vi/{unit}/tai-len": Rule(None, Action.EDIT_UNIT, _unit),
    "/ky/{period}/don-vi/{unit}/muc/{index:int}": Rule(None, Action.EDIT_UNIT, _unit),
    "/ky/{period}/don-vi/{unit}/muc/{index:int}/di-chuyen": Rule(None, Action.EDIT_UNIT, _unit),
    "/ky/{period}/don-vi/{unit}/muc/{index:int}/bo": Rule(None, Action.EDIT_UNIT, _unit),
    "/ky/{period}/don-vi/{unit}/muc/{index:int}/thu-am": Rule(None, Action.EDIT_UNIT, _unit),
    "/ky/{period}/don-vi/{unit}/gui": Rule(None, Action.SEND, _unit),
    "/ky/{period}/don-vi/{unit}/duyet": Rule(None, Action.REVIEW, _unit),
    "/ky/{period}/duyet-ky": Rule(None, Action.SIGN_OFF, _period),
    "/ky/{period}/mo-lai": Rule(None, Action.REOPEN, _period),
    "/ky/{period}/phong-thu": Rule(Action.READ_PERIOD_WORK, None, _audience),
    "/ky/{period}/phong-thu/nghe": Rule(Action.READ_PERIOD_WORK, None, _audience),
    "/ky/{period}/phong-thu/kich-ban.{kind:str}": Rule(Action.READ_PERIOD_WORK, None, _audience),
    "/ky/{period}/phong-thu/thu-am": Rule(None, Action.EDIT_PERIOD, _audience, period_wide=True),
    "/ky/{period}/phong-thu/chon": Rule(None, Action.EDIT_PERIOD, _audience, period_wide=True),
    "/ky/{period}/phong-thu/nhap": Rule(None, Action.EDIT_PERIOD, _audience, period_wide=True),
}


class Gate:
    """The ASGI middleware that asks the policy before any route runs."""

    def __init__(self, app: ASGIApp, studio: Studio, routes: list[BaseRoute]) -> None:
        self.app = app
        self.studio = studio
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES) or path == LOGOUT_PATH:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        account = self.studio.account_of(request)
        if account is None:
            await self._ask_login(request)(scope, receive, send)
            return
        matched = self._match(scope)
        if matched is None:  # no route: the router's own 404 or 405, which holds no content
            await self.app(scope, receive, send)
            return
        template, params = matched
        rule = RULES.get(template)
        writing = scope["method"] not in ("GET", "HEAD")
        action = None if rule is None else (rule.write if writing else rule.read)
        if rule is None or action is None:
            await self._refuse(request, account, "đường dẫn này không được mở")(
                scope, receive, send
            )
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        repeated = sorted(k for k, v in query.items() if len(v) > 1)
        if repeated:  # the handler might read another of them than the one asked about here
            await PlainTextResponse(
                f"Không thực hiện: địa chỉ có tham số «{repeated[0]}» lặp lại.", 400
            )(scope, receive, send)
            return
        fields: Mapping[str, str] = {k: v[0] for k, v in query.items()}
        if rule.form_target:
            body = await _read_body(receive)
            if body is None:
                await PlainTextResponse("Không thực hiện: nội dung gửi lên quá lớn.", 413)(
                    scope, receive, send
                )
                return
            form = await Request(scope, _replay(body, receive)).form()
            receive = _replay(body, receive)
            action, target = _file(self.studio, params, {k: str(v) for k, v in form.items()})
        else:
            target = rule.target(self.studio, params, fields)
        decision = decide(account, action, target)
        if not decision.allowed:
            await self._refuse(request, account, decision.reason, action, target)(
                scope, receive, send
            )
            return
        scope.setdefault("state", {})["account"] = account
        scope["state"]["target"] = target  # what save_edit holds each write to (saving.py)
        scope["state"]["period_wide"] = rule.period_wide
        token = ACTOR.set((account.name, _address(request)))
        try:
            await self.app(scope, receive, send)
        finally:
            ACTOR.reset(token)

    def _match(self, scope: Scope) -> tuple[str, dict[str, str]] | None:
        partial: tuple[str, dict[str, str]] | None = None
        for route in self.routes:
            match, child = route.matches(scope)
            path = getattr(route, "path", "")
            params = {k: str(v) for k, v in child.get("path_params", {}).items()}
            if match is Match.FULL:
                return path, params
            if match is Match.PARTIAL and partial is None:  # a method the route does not take
                partial = (path, params)
        return partial

    def _ask_login(self, request: Request) -> Response:
        if request.method in ("GET", "HEAD"):
            target = route_path(request.scope)
            target += f"?{request.url.query}" if request.url.query else ""
            root = request.scope.get("root_path", "")
            return RedirectResponse(
                f"{root}{LOGIN_PATH}?tiep={quote(target, safe='')}", status_code=303
            )
        return PlainTextResponse(
            "Không thực hiện: cần đăng nhập (phiên làm việc đã hết hạn); hãy tải lại trang.",
            status_code=401,
        )

    def _refuse(
        self,
        request: Request,
        account: Account,
        reason: str,
        action: Action | None = None,
        target: Target | None = None,
    ) -> Response:
        detail = {"duong_dan": route_path(request.scope), "ly_do": reason}
        if action is not None:
            detail["viec"] = action.value
        if target is not None:
            named = {"ky": target.period, "don_vi": target.unit, "muc": target.visibility}
            detail.update({k: str(v) for k, v in named.items() if v is not None})
        self.studio.audit.append(Kind.REFUSED, account.name, address=_address(request), **detail)
        request.scope.setdefault("state", {})["account"] = account  # the page's header
        return self.studio.refusal(request, reason)


async def _read_body(receive: Receive) -> bytes | None:
    """The request's body read whole; None past FORM_TARGET_LIMIT."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > FORM_TARGET_LIMIT:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives ``body`` once, then waits on the real one (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def route_path(scope: Scope) -> str:
    """The path the studio's routes see: without the prefix the studio is served under
    (``--root-path``), which uvicorn puts in front of every path."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "") or ""
    if root and (path == root or path.startswith(root + "/")):
        return path[len(root) :] or "/"
    return path


class RootRedirects:
    """Under ``--root-path``, a redirect to a path of the studio (``/ky/…``) goes to that path
    under the prefix. A Location already under it is left alone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root: str = scope.get("root_path", "") or ""
        if scope["type"] != "http" or not root:
            await self.app(scope, receive, send)
            return

        async def send_prefixed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                location = headers.get("location", "")
                local = location.startswith("/") and not location.startswith("//")
                if local and not _under(location, root):
                    headers["location"] = root + location
            await send(message)

        await self.app(scope, receive, send_prefixed)


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/")


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else ""
