"""Uploads: photos and clips filed through ``baocao ingest``'s own rules.

Files are checked by type and size first (nothing is written if one is refused), spooled into a
temporary inbox under ``.baocao/uploads/`` by their last name part only, then ``ingest`` files
them under media/<period>/<unit>/ with clean names, skips duplicates and reads capture dates.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from generator.errors import BaocaoError, InputError
from generator.media.probe import media_kind, suffixes_of
from generator.model.records import PLACEHOLDER_MARK
from generator.studio import store
from generator.studio.app import Studio
from generator.studio.state import highlights_rel
from generator.workflow.ingest import ingest

UPLOAD_LIMIT = 512 << 20  # bytes per upload request
PHOTO_LIMIT = 50 << 20  # bytes per photo
MAX_FILES = 50
PHOTO_SUFFIXES = " ".join(suffixes_of("photo"))  # what ingest files, phones' HEIC included
CLIP_SUFFIXES = " ".join(suffixes_of("clip"))
NEXT_STEP = (
    f"Tiếp theo: viết chú thích, lời dẫn thay cho chữ «{PLACEHOLDER_MARK}», chọn nhóm và mức công "
    "khai (chọn «công khai» cho ảnh được phép công khai) ở từng mục mới, rồi bấm «Lưu» của mục đó."
)


def safe_name(filename: str | None) -> str | None:
    """The last part of an uploaded file's name, NFC; None if nothing usable is left."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/")).split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name or name.startswith(".") or name in ("..",):
        return None
    return name


def receive(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    period_id, unit_id = request.path_params["period"], request.path_params["unit"]
    back = f"/ky/{period_id}/don-vi/{unit_id}"
    wants_json = "application/json" in request.headers.get("accept", "")

    def answer(lines: list[str], ok: bool, undo: str | None = None) -> Response:
        if wants_json and not ok:
            return JSONResponse({"ok": ok, "lines": lines}, status_code=422)
        # Done: the page reloads (the script does so after a moment) and says it again,
        # duplicates skipped included, with the undo.
        studio.guard.flash(
            session,
            " ".join(lines),
            undo,
            "ok" if ok else "loi",
        )
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
    rel = highlights_rel(period_id, unit_id)
    spool = studio.root / ".baocao" / "uploads"
    spool.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=spool) as tmp:
        inbox = Path(tmp)
        taken: set[str] = set()
        for upload in uploads:
            name = safe_name(upload.filename) or "tep"
            stem, suffix = Path(name).stem, Path(name).suffix
            n = 2
            while name.casefold() in taken:
                name, n = f"{stem}-{n}{suffix}", n + 1
            taken.add(name.casefold())
            target = inbox / name
            assert target.resolve().parent == inbox.resolve()  # never outside the inbox
            with target.open("wb") as out:
                upload.file.seek(0)
                while chunk := upload.file.read(1 << 20):
                    out.write(chunk)
        before = store.read(studio.root, rel)
        try:
            report = ingest(studio.root, inbox, period_id, unit_id)
        except InputError as error:
            return answer([str(p) for p in error.problems], False)
        except BaocaoError as error:
            return answer([str(error)], False)
    written = rel in report.highlights
    if written:
        studio.history.record(rel, before)
    lines = report.lines(NEXT_STEP) + [str(w) for w in report.warnings]
    return answer(lines, True, rel if written else None)
