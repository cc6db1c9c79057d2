"""Safe by default: a per-session CSRF token on every write, an Origin check, no framing.

The server binds 127.0.0.1 only (server.py); TrustedHostMiddleware refuses other Host headers
(DNS rebinding); behind nginx, the names given with ``--server-name``. A write (any POST) must
come from a page of this server: its Origin (or, when a browser sends none, its Referer) must be
the request's own origin (scheme, as nginx forwards it, and the Host the trusted-host check let
through), and it must carry the session's token,
in the form (``csrf``) or in the ``X-CSRF-Token`` header. Anything else is refused, fail closed.

Every answer, errors included, forbids framing (``frame-ancestors 'none'``, ``X-Frame-Options``:
a page of another site or port cannot put the studio under a click) and allows scripts, styles,
images and sounds from the studio itself only (``SecurityHeaders``). An address no file can have
(a name longer than a file system allows, a control character) is refused before any route
sees it (``SafePaths``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "baocao_studio"
HEADER = "x-csrf-token"
FIELD = "csrf"
POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # data: the empty favicon
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
MAX_NAME_BYTES = 255  # one name in a path: the most a file system allows


class Refused(Exception):
    """A write that did not prove it came from the studio's own page (a Vietnamese reason)."""


class Guard:
    def __init__(self, port: int) -> None:
        self._secret = secrets.token_bytes(32)
        self.origins = {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}
        self.flashes: dict[str, list[dict[str, Any]]] = {}

    def session(self, request: Request) -> tuple[str, bool]:
        """The session id of ``request`` and whether it is new (the cookie must then be set)."""
        current = request.cookies.get(COOKIE, "")
        if len(current) == 43 and current.replace("-", "").replace("_", "").isalnum():
            return current, False
        return secrets.token_urlsafe(32), True

    def token(self, session: str) -> str:
        return hmac.new(self._secret, session.encode(), hashlib.sha256).hexdigest()

    def check_origin(self, request: Request) -> None:
        """Raise Refused unless the request comes from a page of this studio."""
        origin = request.headers.get("origin")
        if origin is None:
            referer = request.headers.get("referer")
            if referer:
                parts = urlsplit(referer)
                origin = f"{parts.scheme}://{parts.netloc}"
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin not in self.origins and origin != own:
            raise Refused("yêu cầu ghi không đến từ trang của Studio (nguồn không hợp lệ)")

    def check(self, request: Request, sent: str) -> str:
        """Raise Refused unless ``request`` is a genuine write from this studio; its session."""
        self.check_origin(request)
        session = request.cookies.get(COOKIE)
        if not session or not hmac.compare_digest(sent, self.token(session)):
            raise Refused(
                "phiên làm việc đã hết hạn hoặc mã xác thực không đúng; hãy tải lại trang"
            )
        return session

    def flash(
        self,
        session: str,
        message: str,
        undo: str | None = None,
        kind: str = "ok",
        *,
        redo: str | None = None,
        lines: list[str] | None = None,
    ) -> None:
        """Say ``message`` on the session's next page (``lines``: one line each instead), with
        «Hoàn tác» of the file ``undo`` and «Làm lại» of the file ``redo``."""
        entry = {
            "message": message,
            "kind": kind,
            "undo": undo or "",
            "redo": redo or "",
            "lines": list(lines or []),
        }
        self.flashes.setdefault(session, []).append(entry)

    def take_flashes(self, session: str) -> list[dict[str, Any]]:
        return self.flashes.pop(session, [])


class SecurityHeaders:
    """``HEADERS`` on every answer of the application it wraps; an unexpected error is
    answered here too (a Vietnamese sentence, the same headers), then raised to be logged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                answer = PlainTextResponse(
                    "Lỗi trong Studio: yêu cầu này chưa được thực hiện. Hãy tải lại trang; nếu "
                    "lỗi lặp lại, hãy báo cho người quản trị (lỗi đã được ghi lại).",
                    status_code=500,
                )
                await answer(scope, receive, send_with_headers)
            raise


class SafePaths:
    """Refuse an address holding a name no file system can hold: longer than 255 bytes, or
    with a control character (NUL…). No route then meets such a name."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = path_refusal(scope["path"])
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def path_refusal(path: str) -> PlainTextResponse | None:
    """The answer to an address no file can have, or None."""
    for part in path.split("/"):
        if any(unicodedata.category(char) == "Cc" for char in part):
            return PlainTextResponse(
                "Địa chỉ không hợp lệ: có ký tự điều khiển (không tên tệp nào có).",
                status_code=400,
            )
        if name_bytes(part) > MAX_NAME_BYTES:
            return PlainTextResponse(
                f"Không có trang hoặc tệp này: một tên trong địa chỉ dài quá {MAX_NAME_BYTES} "
                "byte (không tên tệp nào dài như vậy).",
                status_code=404,
            )
    return None


def name_bytes(name: str) -> int:
    return len(name.encode("utf-8", "surrogatepass"))


def unusable_path(rel: str) -> bool:
    """Whether ``rel`` (a path typed in a form) cannot name any file: empty, too long, or
    holding a control character."""
    return not rel or any(
        name_bytes(part) > MAX_NAME_BYTES or any(unicodedata.category(c) == "Cc" for c in part)
        for part in rel.split("/")
    )
