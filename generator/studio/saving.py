"""The one save path of the studio: every edit of a content file goes through ``save_edit``.

A handler builds the change — the file and an ``Edit`` from its text on disk to the new text —
and turns the ``Outcome`` into an answer. ``save_edit`` does the rest, in this order:

1. the file must be one of what the gate let this request touch (``authorize``): a unit's file
   of that unit, a period's file of that period; else 403, in the audit trail as refused;
2. the file must still be the version the page showed (its ``digest``), or, for the form of one
   item of a list (``ItemVersion``), that item must still stand at its place as the page showed
   it, its own lines unchanged: the edit is then made to the file as it is now, what others
   saved meanwhile to other items kept. Else ``Stale``;
3. the edit must keep what staff wrote (``Refused`` with the reason, or ``Stale`` when what the
   form names is no longer there);
4. an edit that changes nothing writes nothing (``Unchanged``);
5. the loader must find no error with the edit in place (``check_change``; ``Invalid``);
6. the write, with its history (``store.History``), whose hook tells the audit trail who wrote;
   the check's reading of the content then stands as the studio's view of it (``Saved``).

``form_answer`` turns an outcome into the answer of a form page: back to ``back`` with a message
and «Hoàn tác», or the page again with what was typed and why it was not saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from generator.load import layout
from generator.office.audit import Kind
from generator.office.policy import Target
from generator.studio import store
from generator.studio.actor import ACTOR
from generator.studio.app import Studio, studio_of
from generator.studio.gate import route_path
from generator.studio.validate import Verdict, check_change
from generator.yamledit.roundtrip import EditRefused

Edit = Callable[[str | None], str]
"""The file's text as on disk (None: no file yet) -> its new text; EditRefused when the edit
cannot keep what staff wrote, StaleEdit when what the form names is no longer in the text."""
Again = Callable[[int, str, Verdict | None], Response]
"""A save not made: (status, notice, the loader's verdict when it refused) -> the answer, the
page again with what was typed."""
INVALID = "Chưa lưu: nội dung có lỗi, xem các ô được đánh dấu."
NOT_ITS_FILE = "tệp này không thuộc kỳ báo cáo hoặc đơn vị của đường dẫn"


@dataclass(frozen=True)
class ItemVersion:
    """What the form of one item showed: item ``index`` of the list ``key``, its own lines at
    ``digest`` (``store.item_digest``; "" when the page had none: the whole file must hold)."""

    key: str
    index: int
    digest: str

    def holds(self, text: str | None) -> bool:
        """Whether ``text`` still has that item at that place, its lines as the page had them."""
        return bool(self.digest) and store.item_digest(text, self.key, self.index) == self.digest


@dataclass(frozen=True)
class Saved:
    rel: str
    change: store.Change

    @property
    def digest(self) -> str:
        """The file's version now (what the page holds to save again)."""
        return self.change.after_digest


@dataclass(frozen=True)
class Unchanged:
    """The edit changes nothing: nothing written."""

    rel: str
    digest: str


@dataclass(frozen=True)
class Stale:
    """The file changed on disk since the page was opened (or what the form names moved)."""

    rel: str
    status: ClassVar[int] = 409

    @property
    def notice(self) -> str:
        return store.stale_notice(self.rel)


@dataclass(frozen=True)
class Refused:
    """The edit cannot keep what staff wrote (the reason, in Vietnamese)."""

    rel: str
    reason: str
    status: ClassVar[int] = 422


@dataclass(frozen=True)
class Invalid:
    """The loader finds an error with the edit in place (its verdict, placed at the fields)."""

    rel: str
    verdict: Verdict
    status: ClassVar[int] = 422


Outcome = Saved | Unchanged | Stale | Refused | Invalid


def save_edit(
    request: Request, rel: str, edit: Edit, *, digest: str, item: ItemVersion | None = None
) -> Outcome:
    """Write ``edit`` of ``rel`` for ``request``, if the file is still at ``digest`` (the version
    the page showed; "" for a file the page found absent), or the edit is of one item that is
    still as the page showed it (``item``; ``edit`` must itself check that the item is the one
    its form names). HTTPException 403 when ``rel`` is not a file of what the gate let the
    request touch."""
    studio = studio_of(request)
    authorize(request, rel)
    current = store.read(studio.root, rel)
    if current.digest != digest and (item is None or not item.holds(current.text)):
        return Stale(rel)
    try:
        text = edit(current.text)
    except EditRefused as exc:
        return Refused(rel, str(exc))
    except store.StaleEdit:
        return Stale(rel)
    if text == current.text:
        return Unchanged(rel, current.digest)
    verdict = check_change(studio.root, rel, text)
    if not verdict.ok:
        return Invalid(rel, verdict)
    try:
        change = studio.history.commit(rel, text, current.digest)  # a file still absent: created
    except store.StaleEdit:
        return Stale(rel)
    if verdict.content is not None:
        studio.state.adopt(verdict.content, verdict.seen, rel, text)
    return Saved(rel, change)


def form_answer(
    request: Request,
    session: str,
    outcome: Outcome,
    again: Again,
    *,
    done: str,
    back: str,
    unchanged: str = "",
    invalid: str = INVALID,
) -> Response:
    """The answer of a form page to ``outcome``: to ``back`` saying ``done`` with «Hoàn tác»
    (``unchanged``, when given, for an edit that changed nothing), else ``again``: the page
    with what was typed and why it was not saved (``invalid``: when the loader refused)."""
    guard = studio_of(request).guard
    match outcome:
        case Saved(rel=rel):
            guard.flash(session, done, rel)
        case Unchanged():
            guard.flash(session, unchanged or done, kind="ok")
        case Stale():
            return again(outcome.status, outcome.notice, None)
        case Refused(reason=reason):
            return again(outcome.status, f"Không lưu được: {reason}.", None)
        case Invalid(verdict=verdict):
            return again(outcome.status, invalid, verdict)
    return RedirectResponse(back, status_code=303)


def json_answer(ok: bool, message: str, status: int = 200, **extra: str) -> Response:
    """The answer to a page's script (a recording, a take): whether it was saved, a sentence
    for staff, and what the page needs next (``extra``: the file's new digest, the take…)."""
    return JSONResponse({"ok": ok, "message": message, **extra}, status_code=status)


def not_saved(outcome: Stale | Refused | Invalid, refused: str) -> str:
    """Why ``outcome`` wrote nothing, in one sentence (``refused``: how it begins when the edit
    or the loader refused it, e.g. «Chưa lưu bản thu»)."""
    match outcome:
        case Stale():
            return outcome.notice
        case Refused(reason=reason):
            return f"{refused}: {reason}."
        case Invalid(verdict=verdict):
            return f"{refused}: " + "; ".join(p.message for p in verdict.errors)


def authorize(request: Request, rel: str) -> None:
    """Raise HTTPException 403, said in the audit trail, unless ``rel`` belongs to the target
    the gate authorized for ``request`` (defence in depth: the gate asked the policy about the
    period and unit of the URL; a handler must not write a file of another)."""
    studio = studio_of(request)
    state = request.scope.get("state", {})
    target, period_wide = state.get("target"), state.get("period_wide") is True
    if isinstance(target, Target) and _belongs(studio, rel, target, period_wide):
        return
    name, address = ACTOR.get()
    studio.audit.append(
        Kind.REFUSED,
        name,
        address=address,
        duong_dan=route_path(request.scope),
        ly_do=NOT_ITS_FILE,
        tep=rel,
    )
    raise HTTPException(403, f"Không thực hiện: {NOT_ITS_FILE}.")


def _belongs(studio: Studio, rel: str, target: Target, period_wide: bool = False) -> bool:
    """Whether ``rel`` is a file of ``target``: a period's file of its period (none: a file
    outside the periods, site.yml), a unit's file of its unit only — or of any unit of the
    period for a route the gate marks period-wide (``Rule.period_wide``: the booth's writes,
    asked of the policy as ``Action.EDIT_PERIOD``, which is granted only to who may edit every
    unit's part; ``tests/office/test_policy.py`` holds the policy to it)."""
    parts = PurePosixPath(rel).parts
    base = PurePosixPath(layout.PERIODS).parts
    period = parts[len(base)] if parts[: len(base)] == base and len(parts) > len(base) else None
    if ".." in parts or period != target.period:
        return False
    unit_folders = (layout.HIGHLIGHTS, layout.RESULTS)
    if period is None or len(parts) != len(base) + 3 or parts[-2] not in unit_folders:
        return True  # the period's own file (report.md, video.yml, review.yml), or site.yml
    if target.unit is None and period_wide:
        return True
    if target.unit is None:
        return False
    snapshot = studio.state.snapshot()
    return rel in (
        snapshot.highlights_rel(period, target.unit),
        snapshot.results_rel(period, target.unit),
    )
