"""«Hoàn tác» and «Làm lại»: the studio's last write to a file taken back (kept for a redo), or
the write the last undo took back written again; either can be taken back by the other.

The gate found what the file named by the form (``tep``) belongs to and asked the policy; the
file must still be one the studio edits, of that period and unit (``saving.authorize``), and
as the write to take back left it (else the one stale-edit sentence, ``store.stale_notice``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute

from generator.errors import InputError
from generator.fsutil import environment_sentence
from generator.load import layout
from generator.studio import store
from generator.studio.actor import ACTOR
from generator.studio.app import studio_of, write_route
from generator.studio.saving import authorize
from generator.studio.security import unusable_path


def undo(request: Request, form: FormData, session: str) -> Response:
    return _history_step(request, form, session, redo=False)


def redo(request: Request, form: FormData, session: str) -> Response:
    return _history_step(request, form, session, redo=True)


ROUTES: list[BaseRoute] = [write_route("/hoan-tac", undo), write_route("/lam-lai", redo)]


def _history_step(request: Request, form: FormData, session: str, *, redo: bool) -> Response:
    studio = studio_of(request)
    rel = str(form.get("tep", ""))
    back = str(form.get("quay-lai", "/"))
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    verb = "làm lại" if redo else "hoàn tác"
    if unusable_path(rel):
        return PlainTextResponse(f"Không {verb} được: tên tệp không hợp lệ.", status_code=400)
    if not _undoable(rel):
        studio.guard.flash(session, f"Không {verb} được tệp này.", kind="loi")
        return RedirectResponse(back, status_code=303)
    authorize(request, rel)
    pending = studio.history.redoable(rel) if redo else studio.history.last(rel)
    if pending is not None and not store.made_by(pending, ACTOR.get()[0]):
        said = f"Không {verb} được: đó là lần lưu của tài khoản {pending.by}; mỗi người chỉ {verb} lần lưu của chính mình."
        studio.guard.flash(session, said, kind="loi")
        return RedirectResponse(back, status_code=303)
    try:
        change = studio.history.redo(rel) if redo else studio.history.undo(rel)
    except store.StaleEdit as exc:
        studio.guard.flash(session, str(exc), kind="loi")
    except InputError as error:
        studio.guard.flash(session, "; ".join(p.message for p in error.problems), kind="loi")
    except OSError as exc:
        studio.guard.flash(session, environment_sentence(exc, verb), kind="loi")
    else:
        at = change.at[11:16]  # HH:MM of the ISO time
        if redo:
            studio.guard.flash(session, f"Đã làm lại lần lưu lúc {at} của «{rel}».", rel)
        else:
            said = (
                f"Đã hoàn tác lần lưu gần nhất của «{rel}». Bản lưu lúc {at} vẫn được giữ: "
                "bấm «Làm lại» để lấy lại."
            )
            studio.guard.flash(session, said, redo=rel)
    return RedirectResponse(back, status_code=303)


def _undoable(rel: str) -> bool:
    """A file the studio edits: a YAML file or the report of a period, or site.yml. The
    review's states change by their own steps, each audited, never by an undo."""
    pure = PurePosixPath(rel)
    editable = (
        pure.suffix == ".yml" and pure.name != layout.REVIEW_YML
    ) or pure.name == layout.REPORT_MD
    in_periods = pure.is_relative_to(layout.PERIODS) and ".." not in pure.parts
    return (in_periods and editable) or rel == layout.SITE
