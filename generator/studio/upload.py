"""Uploads: photos and clips filed through ``baocao ingest``'s own rules.

Files are checked by type and size first (nothing is written if one is refused), spooled into a
temporary inbox under ``.baocao/uploads/`` by their last name part only (cut to
``MAX_NAME_BYTES``: a long Windows name does not fit Linux's 255 bytes), then ``ingest`` files
them under media/<period>/<unit>/ with clean names, skips duplicates and reads capture dates.
What it says names each file as it was sent, never by its place in the temporary inbox. Every
file filed under media/ is in the audit trail (who, its digest), and so is the highlights write.
"""

from __future__ import annotations

import dataclasses
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from generator.errors import BaocaoError, InputError, Problem
from generator.media.limits import MAX_NAME_BYTES
from generator.media.probe import media_kind, suffixes_of
from generator.model.records import PLACEHOLDER_MARK
from generator.studio import store
from generator.studio.app import studio_of, unit_or_404
from generator.workflow.ingest import IngestReport, ingest
from generator.workflow.names import shorten_name

UPLOAD_LIMIT = 512 << 20  # bytes per upload request
PHOTO_LIMIT = 50 << 20  # bytes per photo
MAX_FILES = 50
SPOOL_PREFIX = "tmp"  # .baocao/uploads/tmp…/: what start-up may remove (generator.studio.leftovers)
PHOTO_SUFFIXES = " ".join(suffixes_of("photo"))  # what ingest files, phones' HEIC included
CLIP_SUFFIXES = " ".join(suffixes_of("clip"))
NEXT_STEP = (
    f"Tiếp theo: viết chú thích, lời dẫn thay cho chữ «{PLACEHOLDER_MARK}», chọn nhóm và mức công "
    "khai (chọn «công khai» cho ảnh được phép công khai) ở từng mục mới, rồi bấm «Lưu» của mục đó."
)


def shown_name(filename: str | None) -> str:
    """The last part of an uploaded file's name, NFC, printable: the name as staff know it."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/")).split("/")[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()


def safe_name(filename: str | None) -> str | None:
    """The name to spool an uploaded file under: its last part, NFC, at most
    ``MAX_NAME_BYTES``; None if nothing usable is left."""
    name = shorten_name(shown_name(filename), MAX_NAME_BYTES)
    if not name or name.startswith("."):
        return None
    return name


@contextmanager
def spool_folder(root: Path) -> Iterator[Path]:
    """A temporary folder under the project's ``.baocao/uploads/`` for what a request sent,
    removed afterwards (and at start-up, if a killed studio left it: ``SPOOL_PREFIX``)."""
    spool = root / ".baocao" / "uploads"
    spool.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=spool, prefix=SPOOL_PREFIX) as tmp:
        yield Path(tmp)


def spool_file(upload: UploadFile, target: Path) -> Path:
    """``upload`` copied to ``target`` (in a spool folder) a mebibyte at a time."""
    upload.file.seek(0)
    with target.open("wb") as out:
        while chunk := upload.file.read(1 << 20):
            out.write(chunk)
    return target


def _numbered(name: str, n: int) -> str:
    """``name`` with ``-n`` before its suffix, still within ``MAX_NAME_BYTES``."""
    stem, suffix = Path(name).stem, Path(name).suffix
    tail = f"-{n}{suffix}"
    return shorten_name(stem, MAX_NAME_BYTES - len(tail.encode())) + tail


def receive(request: Request, form: FormData, session: str) -> Response:
    """The files sent, filed by ``ingest`` under the unit's folder of media/ and listed in its
    highlights (that write can be undone)."""
    studio = studio_of(request)
    period, unit = unit_or_404(request)
    period_id, unit_id = period.id, unit.id
    back = f"/ky/{period_id}/don-vi/{unit_id}"
    wants_json = "application/json" in request.headers.get("accept", "")

    def answer(lines: list[str], ok: bool, undo: str | None = None) -> Response:
        if wants_json and not ok:
            return JSONResponse({"ok": ok, "lines": lines}, status_code=422)
        # Done: the page reloads (the script does so after a moment) and says it again, one
        # line each, duplicates skipped included, with the undo.
        studio.guard.flash(session, lines[0], undo, "ok" if ok else "loi", lines=lines)
        if wants_json:
            return JSONResponse({"ok": ok, "lines": lines})
        return RedirectResponse(back, status_code=303)

    uploads = [f for f in form.getlist("tep") if isinstance(f, UploadFile)]
    if not uploads:
        return answer(["Chưa chọn tệp nào để tải lên."], False)
    refused = []
    for upload in uploads:
        name = safe_name(upload.filename)
        kind = media_kind(Path(name)) if name else None
        if kind not in ("photo", "clip"):
            refused.append(
                f"«{upload.filename}»: chỉ nhận ảnh ({PHOTO_SUFFIXES}) và video ({CLIP_SUFFIXES})"
            )
        elif kind == "photo" and (upload.size or 0) > PHOTO_LIMIT:
            refused.append(f"«{upload.filename}»: ảnh lớn hơn {PHOTO_LIMIT >> 20} MiB")
    if refused:
        return answer(["Không tải lên (không tệp nào được ghi):", *refused], False)
    rel = studio.state.snapshot().highlights_rel(period_id, unit_id)
    with spool_folder(studio.root) as inbox:
        sent: dict[str, str] = {}  # spooled name -> the name as sent
        for upload in uploads:
            name = first = safe_name(upload.filename) or "tep"
            n = 2
            while name.casefold() in {taken.casefold() for taken in sent}:
                name, n = _numbered(first, n), n + 1
            sent[name] = shown_name(upload.filename)
            target = inbox / name
            assert target.resolve().parent == inbox.resolve()  # never outside the inbox
            spool_file(upload, target)
        before = store.read(studio.root, rel)
        try:
            report = _as_sent(ingest(studio.root, inbox, period_id, unit_id), inbox, sent)
        except InputError as error:
            return answer([str(_problem_as_sent(p, inbox, sent)) for p in error.problems], False)
        except BaocaoError as error:
            return answer([str(error)], False)
    for filed in report.copied:  # new files only: ingest never writes over one
        studio.history.record_media(f"media/{filed.target}")
    written = rel in report.highlights
    if written:
        studio.history.record(rel, before)
    lines = report.lines(NEXT_STEP) + [str(w) for w in report.warnings]
    return answer(lines, True, rel if written else None)


def _as_sent(report: IngestReport, inbox: Path, sent: dict[str, str]) -> IngestReport:
    """``report`` with every file named as it was sent, not by its place in the spool."""

    def name(shown: str) -> str:
        return sent.get(shown, shown)

    return dataclasses.replace(
        report,
        copied=[dataclasses.replace(c, shown=name(c.shown)) for c in report.copied],
        duplicates=[
            dataclasses.replace(d, shown=name(d.shown), same_as=name(d.same_as))
            for d in report.duplicates
        ],
        ignored=[dataclasses.replace(s, shown=name(s.shown)) for s in report.ignored],
        warnings=[_problem_as_sent(w, inbox, sent) for w in report.warnings],
    )


def _problem_as_sent(problem: Problem, inbox: Path, sent: dict[str, str]) -> Problem:
    path = Path(problem.path)
    if not path.is_relative_to(inbox):
        return problem
    return dataclasses.replace(
        problem, path=sent.get(path.relative_to(inbox).as_posix(), path.name)
    )
