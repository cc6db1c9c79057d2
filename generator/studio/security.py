"""Safe by default: a per-session CSRF token on every write, and an Origin check.

The server binds 127.0.0.1 only (server.py); TrustedHostMiddleware refuses other Host headers
(DNS rebinding). A write (any POST) must come from a page of this server: its Origin (or, when
a browser sends none, its Referer) must be this server, and it must carry the session's token,
in the form (``csrf``) or in the ``X-CSRF-Token`` header. Anything else is refused, fail closed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

COOKIE = "baocao_studio"
HEADER = "x-csrf-token"
FIELD = "csrf"


class Refused(Exception):
    """A write that did not prove it came from the studio's own page (a Vietnamese reason)."""


class Guard:
    def __init__(self, port: int) -> None:
        self._secret = secrets.token_bytes(32)
        self.origins = {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}
        self.flashes: dict[str, list[dict[str, str]]] = {}

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
        if origin not in self.origins:
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

    def flash(self, session: str, message: str, undo: str | None = None, kind: str = "ok") -> None:
        entry = {"message": message, "kind": kind, "undo": undo or ""}
        self.flashes.setdefault(session, []).append(entry)

    def take_flashes(self, session: str) -> list[dict[str, str]]:
        return self.flashes.pop(session, [])
