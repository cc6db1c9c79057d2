"""Narration: hear a line in the offline voice before saving it, and record a line with the
microphone, stored under media/ as the item's ``voiceover`` (beside the item's file, which must
lie in a folder of media/: else nothing is written, anywhere). The recording file is written
durably and, once the item names it, told to the audit trail (who, its digest) as the highlights
write is; a recording whose item is not saved is removed again, and leaves nothing to audit.

A recording holds to the whole file's version (``digest``), never to its item's alone: the page
takes the digest it answers for every form on it, which must then be a version the page has seen.
"""

from __future__ import annotations

import io
import unicodedata
import wave
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from generator.errors import EnvironmentProblem, InputError
from generator.media.probe import MediaUnreadable
from generator.studio import store
from generator.studio.app import studio_of, unit_or_404, write_route
from generator.studio.media_routes import MEDIA_ORDER
from generator.studio.saving import Saved, Stale, Unchanged, json_answer, not_saved, save_edit
from generator.studio.security import unusable_path
from generator.studio.upload import spool_file, spool_folder
from generator.studio.validate import parsed
from generator.text import same_words
from generator.video.narration.spoken import spoken_text
from generator.video.narration.takes import clean_take
from generator.video.narration.voice import engine_for

MAX_TEXT = 2000  # characters heard at once
RECORDING_LIMIT = 20 << 20  # bytes: several minutes of speech
REFUSED = "Chưa lưu bản thu"


def listen(request: Request) -> Response:
    text = request.query_params.get("loi-dan", "").strip()
    if not text:
        return PlainTextResponse("Chưa có lời dẫn để nghe.", status_code=400)
    if len(text) > MAX_TEXT:
        return PlainTextResponse(
            f"Lời dẫn dài quá {MAX_TEXT} ký tự; hãy nghe từng đoạn.", status_code=413
        )
    try:
        site = studio_of(request).state.snapshot().raw.site
        engine = engine_for(studio_of(request).root, site.model if site else None)
        speech = engine.synthesize(spoken_text(text))
    except EnvironmentProblem as exc:
        return PlainTextResponse(str(exc), status_code=503)
    except InputError as error:  # the office's voice, named in site.yml, cannot be used
        return PlainTextResponse(str(error.problems[0]), status_code=503)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(speech.sample_rate)
        wav.writeframes(speech.pcm16())
    return Response(out.getvalue(), media_type="audio/wav", headers={"Cache-Control": "no-store"})


def record(request: Request, form: FormData, session: str) -> Response:
    """The recording converted and stored beside the item's file, then the item's
    ``voiceover`` written through the one save path (the new file removed if it is not)."""
    studio = studio_of(request)
    period, unit = unit_or_404(request)
    index = request.path_params["index"]
    rel = studio.state.snapshot().highlights_rel(period.id, unit.id)
    item_file = str(form.get("file", ""))
    item = _item(store.read(studio.root, rel).text, rel, index, item_file)
    if item is None:
        return json_answer(False, store.stale_notice(rel), Stale.status)  # the list changed
    # The take carries the words it is read from: the line as the page shows it (typed, maybe
    # not saved yet: it is saved with the take, so the two never disagree).
    saved = str(item.get("narration") or "")
    typed = str(form["loi"]) if "loi" in form else saved
    changed = {} if same_words(typed, saved) else {"narration": typed.strip() or None}
    if _folder_in_media(studio.root, item_file) is None:
        return json_answer(
            False,
            f"{REFUSED}: tệp của mục («{item_file}») không nằm trong một thư mục của "
            "media/; hãy sửa dòng «file» của mục này trước.",
            422,
        )
    upload = form.get("ghi-am")
    if not isinstance(upload, UploadFile):
        return json_answer(False, "Không nhận được bản thu.", 400)
    target_rel = _voiceover_name(studio.root, item_file)
    target = studio.root / "media" / target_rel
    with spool_folder(studio.root) as inbox:
        raw = spool_file(upload, inbox / "ghi-am")
        try:
            # cleaned as the booth's takes are, and holding the words it was recorded for
            clean_take(raw, target, typed)
        except MediaUnreadable as exc:
            return json_answer(False, f"{REFUSED}: {exc}.", 422)
        except EnvironmentProblem as exc:
            return json_answer(False, str(exc), 503)

    def change(entry: Any) -> None:
        store.set_fields(entry, {**changed, "voiceover": target_rel}, MEDIA_ORDER)

    def edit(text: str | None) -> str:
        if _item(text, rel, index, item_file) is None:
            raise store.StaleEdit(rel)
        assert text is not None
        return store.edit_item(text, "media", index, change)

    outcome = save_edit(request, rel, edit, digest=str(form.get("digest", "")))
    if isinstance(outcome, Saved | Unchanged):
        studio.history.record_media(f"media/{target_rel}")  # a new name: never over a file
        # No reload: the page keeps what staff typed elsewhere and takes the new digest.
        message = f"Đã lưu lời dẫn thu âm: media/{target_rel}." + (
            " Lời dẫn vừa nhập được lưu cùng bản thu." if changed else ""
        )
        return json_answer(True, message, digest=outcome.digest, voiceover=target_rel)
    target.unlink(missing_ok=True)  # our own new file: nothing else refers to it
    return json_answer(False, not_saved(outcome, REFUSED), outcome.status)


ROUTES: list[BaseRoute] = [
    Route("/nghe", listen),
    write_route(
        "/ky/{period}/don-vi/{unit}/muc/{index:int}/thu-am",
        record,
        limit=RECORDING_LIMIT,
        max_files=1,
    ),
]


def _item(text: str | None, rel: str, index: int, item_file: str) -> dict[str, Any] | None:
    """Item ``index`` of the highlights ``text``, if it is the one the form shows (its file)."""
    source = parsed(rel, text) if text is not None else None
    items = source.data.get("media") if source and isinstance(source.data, dict) else None
    item: Any = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
    if not isinstance(item, dict) or str(item.get("file", "")) != item_file:
        return None
    return item


def _folder_in_media(root: Path, item_file: str) -> Path | None:
    """The existing folder under media/ that holds the item's file, or None when the file is
    named outside media/ (absolute, ``..``, a link leading out) or in a folder that is not there.
    """
    text = unicodedata.normalize("NFC", item_file)
    pure = PurePosixPath(text)
    if unusable_path(text) or pure.is_absolute() or ".." in pure.parts or "\\" in text:
        return None
    media = (root / "media").resolve()
    folder = (media / pure.parent).resolve()
    if not folder.is_relative_to(media) or not folder.is_dir():
        return None
    return folder


def _voiceover_name(root: Path, item_file: str) -> str:
    """A new file beside the item's: ``<stem>-loi-dan.m4a``, ``-2``… (never an existing one)."""
    pure = PurePosixPath(item_file)
    folder = root / "media" / pure.parent
    name, n = f"{pure.stem}-loi-dan.m4a", 2
    while (folder / name).exists():
        name, n = f"{pure.stem}-loi-dan-{n}.m4a", n + 1
    return (pure.parent / name).as_posix()
