"""«Phòng thu lời dẫn» (``pages.booth``): record every line of the video, hear a take, choose an
earlier take back, import a folder of takes recorded elsewhere, print the script.

Every take is cleaned (``narration.takes.clean_take``: silence trimmed, loudness normalised,
mono 48 kHz) and carries the words it was recorded for; it is written as a new file under
``media/<period>/loi-dan/`` and then named for its line through the one save path: a card's
line in video.yml's ``voiceovers``, an item's line as the item's ``voiceover``. A take whose
line is not saved is removed again. The audience is the query's ``doi-tuong`` on every route:
the gate asked the policy about that audience before any of this runs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Route

from generator.errors import EnvironmentProblem
from generator.fsutil import atomic_path
from generator.load import layout
from generator.media.probe import MediaUnreadable, read_words
from generator.model import VideoSettings, Visibility
from generator.model.base import VISIBILITY_LABELS
from generator.report.script import (
    ScriptDocument,
    ScriptEntry,
    write_script_docx,
    write_script_pdf,
)
from generator.studio import store
from generator.studio.app import period_or_404, studio_of, write_route
from generator.studio.media_routes import MEDIA_ORDER
from generator.studio.pages.booth import (
    booth_context,
    booth_script,
    card_words,
    new_take,
    takes_for,
)
from generator.studio.saving import Outcome, Saved, Unchanged, json_answer, not_saved, save_edit
from generator.studio.upload import safe_name, spool_file, spool_folder
from generator.studio.validate import parsed
from generator.text import same_words
from generator.video.narration.takes import Take, clean_take
from generator.video.storyboard.script import STATE_LABELS, Line, Script, TakeState, named_line
from generator.yamledit.roundtrip import CommentedMap

BOOTH = "/ky/{period}/phong-thu"
TAKE_LIMIT = 40 << 20  # one line recorded in the browser: minutes of speech
IMPORT_LIMIT = 520 << 20  # a folder of studio WAV files (nginx lets as much through)
IMPORT_FILES = 400
VIDEO_KEYS = list(VideoSettings.model_fields)
NOT_SAVED = "Chưa lưu bản thu"


def page(request: Request) -> Response:
    studio = studio_of(request)
    period = period_or_404(request)
    audience = _audience(request)
    asked = request.query_params.get("dong")
    return studio.page(request, "booth.html", booth_context(studio, period, audience, asked))


def listen(request: Request) -> Response:
    """A take of a line of this audience's script: the one in use (``ma``) or an earlier take
    of the same words (``ban``)."""
    studio = studio_of(request)
    period = period_or_404(request)
    line = _line(request, _script(request), request.query_params.get("ma", ""))
    chosen = request.query_params.get("ban")
    if chosen:
        if chosen not in takes_for(studio.root / "media", period.id, line):
            raise HTTPException(404, "Không có bản thu này cho dòng này.")
        rel = chosen
    elif line.state is TakeState.RECORDED and line.take:
        rel = line.take
    else:
        raise HTTPException(404, "Dòng này chưa có bản thu dùng được.")
    path = studio.root / "media" / rel
    if not path.is_file():
        raise HTTPException(404, "Không tìm thấy tệp bản thu.")
    return FileResponse(path, media_type="audio/mp4", headers={"Cache-Control": "no-store"})


def record(request: Request, form: FormData, session: str) -> Response:
    """One take of one line, sent by the booth page with the words it showed."""
    script = _script(request)
    line = _line(request, script, str(form.get("ma", "")))
    if not same_words(str(form.get("loi", "")), line.words):
        return json_answer(False, _changed(line), 409)
    upload = form.get("ghi-am")
    if not isinstance(upload, UploadFile):
        return json_answer(False, "Không nhận được bản thu.", 400)
    with _spooled(request, upload) as raw:
        taken = _take(request, raw, line)
        if isinstance(taken, Response):
            return taken
        with studio_of(request).write_lock:
            rel = _place(request, line, taken)
            outcome = _attach(request, line, rel, new=True) if rel else None
    if rel is None or outcome is None:
        return json_answer(False, _changed(line), 409)
    if not isinstance(outcome, Saved | Unchanged):
        return json_answer(False, not_saved(outcome, NOT_SAVED), outcome.status)
    seconds = f"{taken.seconds:.1f}".replace(".", ",")
    return json_answer(
        True,
        f"Đã lưu bản thu dòng {line.number} ({seconds} giây).",
        take=rel,
        seconds=f"{taken.seconds:.3f}",
    )


def choose(request: Request, form: FormData, session: str) -> Response:
    """An earlier take of the same words used again for its line (undo of a retake); the
    booth's form, answered on the booth page at that line."""
    studio = studio_of(request)
    period = period_or_404(request)
    line = _line(request, _script(request), str(form.get("ma", "")))
    rel = str(form.get("ban", ""))
    if rel not in takes_for(studio.root / "media", period.id, line):
        message = f"{NOT_SAVED}: bản thu này không thuộc lời hiện tại của dòng."
        return _report(request, session, [message], False, line, status=404)
    outcome = _attach(request, line, rel, new=False)
    if not isinstance(outcome, Saved | Unchanged):
        message = not_saved(outcome, NOT_SAVED)
        return _report(request, session, [message], False, line, status=outcome.status)
    return _report(request, session, [f"Dòng {line.number} dùng lại bản thu đã chọn."], True, line)


def import_folder(request: Request, form: FormData, session: str) -> Response:
    """A folder of takes recorded elsewhere, each named by its line's code (``03-tong-hop.wav``):
    each file that names a line is cleaned and attached; the answer says what matched."""
    script = _script(request)
    files = [f for f in form.getlist("tep") if isinstance(f, UploadFile)]
    if not files:
        return _report(request, session, ["Hãy chọn thư mục (hoặc các tệp) bản thu."], False)
    codes = [line.code for line in script.lines]
    attached: dict[str, str] = {}
    lines: list[str] = []
    for upload in sorted(files, key=lambda f: f.filename or ""):
        shown = safe_name(upload.filename or "") or "(không tên)"
        named = named_line(Path(upload.filename or "").name, codes)
        if named.code is None or named.audience is None:
            lines.append(f" {shown}: không ứng với mã nào trong kịch bản — bỏ qua")
            continue
        code = named.code
        if named.audience is not script.audience:
            # read from another audience's script: its figures may not be this one's to say
            lines.append(
                f" {shown}: đọc theo kịch bản «{VISIBILITY_LABELS[named.audience]}» — bỏ qua; "
                f"hãy nhập tệp này ở phòng thu của kịch bản đó (tên tệp của kịch bản "
                f"«{VISIBILITY_LABELS[script.audience]}» có dạng "
                f"{_line(request, script, code).file_code})"
            )
            continue
        if code in attached:
            lines.append(f" {shown}: dòng «{code}» đã nhận tệp {attached[code]} — bỏ qua")
            continue
        line = _line(request, script, code)
        with _spooled(request, upload) as raw:
            taken = _take(request, raw, line)
            if isinstance(taken, Response):
                lines.append(f" {shown}: {bytes(taken.body).decode('utf-8', 'replace')}")
                continue
            with studio_of(request).write_lock:
                rel = _place(request, line, taken)
                outcome = _attach(request, line, rel, new=True) if rel else None
        if outcome is None:
            lines.append(f" {shown}: {_changed(line)}")
        elif isinstance(outcome, Saved | Unchanged):
            attached[code] = shown
            lines.append(f" {shown} → dòng {line.number} ({code})")
        else:
            lines.append(f" {shown}: {not_saved(outcome, NOT_SAVED)}")
    owed = [
        f"{line.number} ({line.code})"
        for line in script.lines
        if line.code not in attached and line.state is not TakeState.RECORDED
    ]
    head = f"Đã gắn {len(attached)} bản thu cho {len(script.lines)} dòng của kịch bản."
    tail = [f"Các dòng còn thiếu bản thu: {', '.join(owed)}."] if owed else []
    return _report(request, session, [head, *lines, *tail], bool(attached))


def script_document(request: Request) -> Response:
    """The script to print, for a narrator who reads in a recording room (``.docx``/``.pdf``)."""
    studio = studio_of(request)
    period = period_or_404(request)
    kind = request.path_params["kind"]
    if kind not in ("docx", "pdf"):
        raise HTTPException(404, "Kịch bản chỉ tải được dạng .docx hoặc .pdf.")
    audience = _audience(request)
    script = _script(request)
    site = studio.state.snapshot().raw.site
    document = ScriptDocument(
        organisation=site.model.organisation if site else "",
        title=script.title,
        audience=VISIBILITY_LABELS[audience],
        made_on=date.today(),
        entries=tuple(
            ScriptEntry(
                number=line.number,
                code=line.file_code,
                section=line.section_title,
                scene=line.scene,
                words=line.words,
                recorded=STATE_LABELS[line.state] if line.state is not TakeState.MISSING else "",
            )
            for line in script.lines
        ),
    )
    name = f"kich-ban-loi-dan-{period.id}-{audience.value}.{kind}"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / name
        write = write_script_docx if kind == "docx" else write_script_pdf
        try:
            write(document, target)
        except EnvironmentProblem as exc:
            return PlainTextResponse(str(exc), status_code=503)
        data = target.read_bytes()
    media = (
        "application/pdf"
        if kind == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


ROUTES: list[BaseRoute] = [
    Route(BOOTH, page),
    Route(BOOTH + "/nghe", listen),
    Route(BOOTH + "/kich-ban.{kind:str}", script_document),
    write_route(BOOTH + "/thu-am", record, limit=TAKE_LIMIT, max_files=1, locked=False),
    write_route(BOOTH + "/chon", choose),
    write_route(
        BOOTH + "/nhap", import_folder, limit=IMPORT_LIMIT, max_files=IMPORT_FILES, locked=False
    ),
]


def _audience(request: Request) -> Visibility:
    """The query's audience, as the gate read it (internal when not named)."""
    asked = request.query_params.get("doi-tuong", Visibility.INTERNAL.value)
    try:
        return Visibility(asked)
    except ValueError:
        raise HTTPException(
            400, f"Đối tượng xem «{asked}» không hợp lệ; chọn public, internal hoặc restricted."
        ) from None


def _script(request: Request) -> Script:
    period = period_or_404(request)
    booth = booth_script(studio_of(request), period.id, _audience(request))
    if booth.script is None:
        raise HTTPException(422, "Nội dung đang có lỗi: " + "; ".join(booth.errors))
    return booth.script


def _line(request: Request, script: Script, code: str) -> Line:
    line = script.line(code)
    if line is None:
        raise HTTPException(
            404, f"Kịch bản không còn dòng «{code}» cho đối tượng này; hãy tải lại trang."
        )
    return line


@contextmanager
def _spooled(request: Request, upload: UploadFile) -> Iterator[Path]:
    """The upload as a file in the project's own spool (removed afterwards)."""
    with spool_folder(studio_of(request).root) as inbox:
        # named as staff named it: a message about the file names it so
        yield spool_file(upload, inbox / (safe_name(upload.filename) or "ban-thu"))


class _Taken:
    """A take cleaned in the spool (``file``) for a line's words; not yet under media/."""

    def __init__(self, file: Path, take: Take) -> None:
        self.file = file
        self.seconds = take.seconds


def _take(request: Request, raw: Path, line: Line) -> _Taken | Response:
    """``raw`` cleaned for ``line``'s words, beside it in the spool. Outside the studio's write
    lock for the booth's routes: cleaning takes a fraction of the take's length."""
    cleaned = raw.with_name(f"{raw.name}.m4a")
    try:
        take = clean_take(raw, cleaned, line.words)
    except MediaUnreadable as exc:
        return PlainTextResponse(str(exc), status_code=422)
    except EnvironmentProblem as exc:
        return PlainTextResponse(str(exc), status_code=503)
    return _Taken(cleaned, take)


def _changed(line: Line) -> str:
    return (
        f"{NOT_SAVED}: lời của dòng {line.number} ({line.code}) vừa thay đổi (số liệu hoặc "
        "lời dẫn đã được sửa). Hãy tải lại trang, đọc lời mới và thu lại."
    )


def _place(request: Request, line: Line, taken: _Taken) -> str | None:
    """Under the write lock: the cleaned take placed under media/ as a new take of ``line``
    (relative to media/) while the line still says the words it was cleaned for; None when
    it no longer does (the figures or the words changed during the cleaning)."""
    now = _script(request).line(line.code)
    if now is None or not same_words(now.words, line.words):
        return None
    studio = studio_of(request)
    rel = new_take(studio.root / "media", period_or_404(request).id, line.code)
    with atomic_path(studio.root / "media" / rel, durable=True) as tmp:
        shutil.copyfile(taken.file, tmp)
    return rel


def _attach(request: Request, line: Line, rel: str, *, new: bool) -> Outcome:
    """Under the write lock: name the take ``rel`` for ``line`` through the one save path. A
    ``new`` take (just placed) is removed again unless the save is made, and told to the audit
    trail when it is; an earlier take is left as it is."""
    studio = studio_of(request)
    period = period_or_404(request)
    if line.card:
        file = layout.video_file(period.id)
        edit = _card_edit(line, rel, _said_elsewhere(request, line))
    else:
        assert line.unit is not None
        file = studio.state.snapshot().highlights_rel(period.id, line.unit)
        edit = _item_edit(file, line, rel)
    saved = False
    try:
        outcome = save_edit(request, file, edit, digest=store.read(studio.root, file).digest)
        saved = isinstance(outcome, Saved | Unchanged)
    finally:
        if new and not saved:
            (studio.root / "media" / rel).unlink(missing_ok=True)  # our own new file
    if new and saved:
        studio.history.record_media(f"media/{rel}")
    return outcome


def _said_elsewhere(request: Request, line: Line) -> Callable[[str], bool]:
    """Whether a take named for the card ``line`` is still another audience's line: recorded
    for words that audience's script says now, other than this one's."""
    media = studio_of(request).root / "media"
    others = [
        w
        for w in card_words(studio_of(request), period_or_404(request).id, line.code)
        if not same_words(w, line.words)
    ]

    def said(take: str) -> bool:
        words = read_words(media / take)
        return words is not None and any(same_words(words, w) for w in others)

    return said


def _card_edit(
    line: Line, rel: str, said_elsewhere: Callable[[str], bool]
) -> Callable[[str | None], str]:
    """video.yml naming ``rel`` first for the card ``line`` in ``voiceovers``, keeping beside it
    the takes other audiences' lines still use (one file, one line, several audiences)."""

    def change(document: Any) -> None:
        voiceovers = document.get("voiceovers")
        if not isinstance(voiceovers, dict):
            voiceovers = CommentedMap()
        named = voiceovers.get(line.code)
        before = [named] if isinstance(named, str) else list(named or [])
        kept = [rel, *(t for t in before if isinstance(t, str) and t != rel and said_elsewhere(t))]
        value: str | list[str] = kept[0] if len(kept) == 1 else kept
        store.set_fields(voiceovers, {line.code: value}, [*voiceovers, line.code])
        store.set_fields(document, {"voiceovers": voiceovers}, VIDEO_KEYS)

    return lambda text: store.edit(text, change)


def _item_edit(file: str, line: Line, rel: str) -> Callable[[str | None], str]:
    """The highlights edit naming ``rel`` as the voiceover of ``line``'s item, at its place in
    the file, which must still hold that item's file (else the list changed: stale)."""

    def edit(text: str | None) -> str:
        source = parsed(file, text) if text is not None else None
        items = source.data.get("media") if source and isinstance(source.data, dict) else None
        index = line.item_index
        item = (
            items[index]
            if isinstance(items, list) and index is not None and 0 <= index < len(items)
            else None
        )
        if (
            text is None
            or index is None
            or not isinstance(item, dict)
            or str(item.get("file")) != line.item_file
        ):
            raise store.StaleEdit(file)
        return store.edit_item(
            text,
            "media",
            index,
            lambda entry: store.set_fields(entry, {"voiceover": rel}, MEDIA_ORDER),
        )

    return edit


def _report(
    request: Request,
    session: str,
    lines: list[str],
    ok: bool,
    at: Line | None = None,
    status: int = 422,
) -> Response:
    """The answer of a booth form: JSON for the page's script, else the message on the booth
    page (at the line ``at``)."""
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"ok": ok, "lines": lines}, status_code=200 if ok else status)
    studio_of(request).guard.flash(session, lines[0], None, "ok" if ok else "loi", lines=lines)
    back = f"/ky/{request.path_params['period']}/phong-thu?doi-tuong={_audience(request).value}"
    return RedirectResponse(back + (f"&dong={at.code}" if at else ""), status_code=303)
