"""The studio's application: its shared services, page rendering, and the write guard.

The ``Studio`` is on ``app.state.studio``; every endpoint is a module-level function that finds
it there (``studio_of``) and the period and unit its URL names (``period_or_404``,
``unit_or_404``: the one 404 of each). Every POST route is made by ``write_route``: its body
size is limited, its Origin and CSRF token are checked, and its work runs in a worker thread
under one write lock. Who may reach a route at all was decided before, by the gate
(``gate.py``); a content write then goes through ``saving.save_edit``, and is told to the audit
trail with the account that made it (``ACTOR``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from generator.formatting import format_date, format_number, format_time
from generator.load.reader import RawPeriod
from generator.media.probe import suffixes_of
from generator.model import Unit
from generator.model.base import VISIBILITY_LABELS, Visibility
from generator.model.review import PART_LABELS
from generator.office.accounts import ROLE_LABELS, Account, AccountStore
from generator.office.audit import AuditLog, Kind
from generator.office.policy import LOCAL_ACCOUNT, Action, decide
from generator.studio import store
from generator.studio.actor import ACTOR
from generator.studio.gate import target_of
from generator.studio.previews import Previews
from generator.studio.security import COOKIE, FIELD, HEADER, Guard, Refused
from generator.studio.sessions import Sessions, Throttle
from generator.studio.state import ContentState
from generator.studio.thumbs import Thumbnails

PACKAGE = Path(__file__).parent
WARNING = "cảnh báo: "  # how validate.py marks a field's warnings
FORM_LIMIT = 1 << 20  # 1 MiB: any form but an upload
WriteHandler = Callable[[Request, FormData, str], Response]
"""A write: (the request, its form, the session) -> the answer."""


@dataclass
class Office:
    """The office's studio (``--listen``): accounts, who is signed in, login throttling."""

    accounts: AccountStore
    sessions: Sessions
    throttle: Throttle


class Studio:
    """What every route needs: the project, the guard, the content state, the history, the
    audit trail, thumbnails and drafts of the video, and in the office's studio the accounts
    and sessions."""

    def __init__(self, root: Path, port: int, office: Office | None = None) -> None:
        self.root = root.resolve()
        self.guard = Guard(port)
        self.office = office
        self.state = ContentState(self.root)
        self.audit = AuditLog(self.root)
        self.history = store.History(
            self.root, on_write=self._audit_write, actor=lambda: ACTOR.get()[0]
        )
        self.write_lock = threading.Lock()
        self.thumbs = Thumbnails(self.root)
        self.previews = Previews(self.root)
        self.templates = Jinja2Templates(directory=PACKAGE / "templates")
        env = self.templates.env
        env.filters["vn_number"] = format_number
        env.filters["vn_date"] = format_date
        env.tests["warning"] = lambda message: str(message).startswith(WARNING)
        env.globals["visibility_label"] = lambda v: VISIBILITY_LABELS[Visibility(v)]
        env.globals["upload_photo_suffixes"] = " ".join(suffixes_of("photo"))
        env.globals["upload_clip_suffixes"] = " ".join(suffixes_of("clip"))
        env.globals["role_label"] = lambda role: ROLE_LABELS[role]
        env.globals["review_of"] = lambda period_id: self.state.snapshot().review(period_id)
        env.globals["part_label"] = lambda state: PART_LABELS[state]
        env.globals["rows_in"] = lambda review, progress, *states: [
            row for row in progress if review.state(row.unit.id) in states
        ]
        env.filters["vn_time"] = format_time

    def account_of(self, request: Request) -> Account | None:
        """Who sends ``request``: the signed-in, enabled account of its session in the office's
        studio; the one local person otherwise."""
        if self.office is None:
            return LOCAL_ACCOUNT
        session = request.cookies.get(COOKIE, "")
        name = self.office.sessions.account(session) if session else None
        account = self.office.accounts.get(name) if name else None
        if account is None or account.disabled:
            return None
        return account

    def refusal(self, request: Request, reason: str) -> Response:
        """The answer to what the policy refused (403): a page for a read, a sentence for a
        write; nothing of the content."""
        if request.method in ("GET", "HEAD") and "text/html" in request.headers.get("accept", ""):
            return self.page(request, "refused.html", {"reason": reason}, status=403)
        return PlainTextResponse(f"Không thực hiện: {reason}.", status_code=403)

    def _audit_write(self, rel: str, before: str | None, after: str) -> None:
        name, address = ACTOR.get()
        self.audit.append(
            Kind.WRITE, name, address=address, tep=rel, truoc=before or "(tệp mới)", sau=after
        )

    def page(
        self, request: Request, template: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        session, new = self.guard.session(request)
        account = request.scope.get("state", {}).get("account")
        context = {
            "csrf": self.guard.token(session),
            "flashes": self.guard.take_flashes(session),
            "site": self.state.snapshot().raw.site,
            "account": account if self.office is not None else None,
            "can": _asker(self, account),
            "root": root_of(request),
            **context,
        }
        if "rel" in context and "digest" in context:  # a page of one file: its «Làm lại»
            context.setdefault("redo_at", self.redo_offer(context["rel"], context["digest"]))
        response = self.templates.TemplateResponse(request, template, context, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        if new:
            self.set_session_cookie(request, response, session)
        return response

    @staticmethod
    def set_session_cookie(request: Request, response: Response, session: str) -> None:
        """HttpOnly, SameSite=Strict, and Secure when the page came over TLS (behind nginx)."""
        response.set_cookie(
            COOKIE,
            session,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path=root_of(request) + "/",
        )

    def undo_offer(self, rel: str, digest: str) -> str:
        """The time of the studio's last write to ``rel`` when it can still be undone, else ""."""
        last = self.history.last(rel)
        if last is None or last.before is None or last.after_digest != digest:
            return ""
        if not store.made_by(last, ACTOR.get()[0]):
            return ""  # someone else's save: not this person's to take back
        return last.at[11:16]  # HH:MM of the ISO time

    def redo_offer(self, rel: str, digest: str) -> str:
        """The time of the write to ``rel`` an undo took back, while the file is still as that
        undo left it (it can be written again), else ""."""
        undone = self.history.redoable(rel)
        if undone is None or undone.before is None or not store.made_by(undone, ACTOR.get()[0]):
            return ""
        if store.digest_of(undone.before.encode("utf-8")) != digest:
            return ""
        return undone.at[11:16]


def studio_of(request: Request) -> Studio:
    """The studio a request is answered by (``app.state.studio``, set by ``create_app``)."""
    studio = request.app.state.studio
    assert isinstance(studio, Studio)
    return studio


def period_or_404(request: Request) -> RawPeriod:
    """The period the URL names (``{period}``), or the one 404 of a period that does not exist
    (``state.NO_PERIOD``): no handler reads, or writes a file for, such a period."""
    return studio_of(request).state.snapshot().period_or_404(request.path_params["period"])


def unit_or_404(request: Request) -> tuple[RawPeriod, Unit]:
    """The period and the unit the URL names (``{period}``, ``{unit}``), or the one 404 of each
    (``state.NO_PERIOD``, ``state.NO_UNIT``)."""
    snapshot = studio_of(request).state.snapshot()
    return snapshot.unit_of_period_or_404(
        request.path_params["period"], request.path_params["unit"]
    )


def write_route(
    path: str,
    handler: WriteHandler,
    *,
    limit: int = FORM_LIMIT,
    max_files: int = 0,
    locked: bool = True,
) -> Route:
    """The POST route ``path``: the body no larger than ``limit`` (and ``max_files`` files),
    from a page of this studio with the session's token; ``handler`` then runs in a worker
    thread under the studio's write lock, with ``ACTOR`` saying who writes. ``locked=False``:
    the handler takes the lock itself around its writes (it has seconds of work before them
    that must not hold up everyone's saves)."""

    async def endpoint(request: Request) -> Response:
        studio = studio_of(request)
        try:
            length = int(request.headers.get("content-length", ""))
        except ValueError:
            return _refused("yêu cầu thiếu độ dài nội dung (Content-Length)", 411)
        if length > limit:
            mib = limit // (1 << 20)
            return _refused(f"nội dung gửi lên quá lớn (tối đa {mib} MiB mỗi lần)", 413)
        form: FormData | None = None
        try:
            studio.guard.check_origin(request)  # before reading a byte of the body
            header = request.headers.get(HEADER)
            form = await request.form(max_files=max_files, max_fields=200, max_part_size=FORM_LIMIT)
            studio.guard.check(request, header if header is not None else str(form.get(FIELD, "")))
        except Refused as exc:
            if form is not None:
                await form.close()
            return _refused(str(exc), 403)
        except HTTPException:  # python-multipart's limits (files, fields, part size)
            return _refused(
                f"quá nhiều tệp hoặc trường trong một lần gửi (tối đa {max_files} tệp)", 400
            )
        session = request.cookies[COOKIE]
        account = request.scope.get("state", {}).get("account", LOCAL_ACCOUNT)
        client = request.client.host if request.client is not None else ""
        token = ACTOR.set((account.name, client))
        try:
            if not locked:
                return await run_in_threadpool(handler, request, form, session)
            return await run_in_threadpool(_locked, studio, handler, request, form, session)
        finally:
            ACTOR.reset(token)
            await form.close()

    return Route(path, endpoint, methods=["POST"])


def _locked(
    studio: Studio, handler: WriteHandler, request: Request, form: FormData, session: str
) -> Response:
    with studio.write_lock:
        return handler(request, form, session)


def root_of(request: Request) -> str:
    """The prefix the studio is served under (``--root-path``), "" at the root."""
    return str(request.scope.get("root_path", "") or "")


def account_of_request(request: Request) -> Account | None:
    """The account the gate let through for ``request`` (None: nobody)."""
    account = request.scope.get("state", {}).get("account")
    return account if isinstance(account, Account) else None


def may_see(studio: Studio, account: Account | None, period: str, unit: str, level: str) -> bool:
    """Whether ``account`` may see a unit's record at ``level`` (the policy's answer): the pages
    leave out what it may not."""
    target = target_of(studio, period, unit, Visibility(level))
    return decide(account, Action.READ_UNIT, target).allowed


def _asker(studio: Studio, account: Account | None) -> Callable[..., bool]:
    """``can(action, period=None, unit=None)`` for templates: whether to offer a link or a form
    (the policy's own answer; the gate still decides when it is used)."""

    def can(
        action: str, period: str | None = None, unit: str | None = None, level: str | None = None
    ) -> bool:
        visibility = Visibility(level) if level else None
        return decide(account, Action(action), target_of(studio, period, unit, visibility)).allowed

    return can


def _refused(message: str, status: int) -> Response:
    return PlainTextResponse(f"Không thực hiện: {message}.", status_code=status)
