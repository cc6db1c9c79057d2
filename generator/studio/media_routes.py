"""A unit's highlights: thumbnails, the fields of each item, reorder, remove, upload.

An item's form holds the version of the whole file (``digest``) and of its own item
(``item_digest``: its lines). A save of the item's fields, or its removal, lands while that item
still stands at its place as the page showed it, whatever others saved meanwhile to other items
(``saving.ItemVersion``); a move holds to the whole file, since where an item goes depends on
the others. A save refused as stale shows again what was typed, with what the file holds now
beside each field that differs, at the item the form named wherever it stands now."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from generator.load.media_refs import MediaIndex
from generator.media.probe import MediaUnreadable, media_kind
from generator.model import MediaItem
from generator.studio import forms, store, upload
from generator.studio.app import account_of_request, studio_of, unit_or_404, write_route
from generator.studio.pages.unit import ITEM_FIELDS, LIST_KEY, PAGE_SIZE, unit_context
from generator.studio.saving import ItemVersion, Stale, form_answer, save_edit
from generator.studio.security import unusable_path
from generator.studio.validate import Verdict, parsed
from generator.yamledit.items import move_item as move_lines
from generator.yamledit.items import remove_item as remove_lines
from generator.yamledit.roundtrip import EditRefused

MEDIA_ORDER = list(MediaItem.model_fields)
UNIT = "/ky/{period}/don-vi/{unit}"


async def unit_page(request: Request) -> Response:
    studio = studio_of(request)
    period, unit = unit_or_404(request)
    try:
        page = int(request.query_params.get("trang", "1"))
    except ValueError:
        page = 1
    context = unit_context(studio, period, unit, page=page, account=account_of_request(request))
    return studio.page(request, "unit.html", context)


def save_item(request: Request, form: FormData, session: str) -> Response:
    return _item_change(request, form, session, _set_item(form), anchor=True, item_level=True)


def move_item(request: Request, form: FormData, session: str) -> Response:
    """«Lên»/«Xuống» (``huong``), or a drop at another item's place (``den``: its index)."""
    place = str(form.get("den", ""))
    target = forms.index(place)
    if place and target is None:
        return PlainTextResponse("Vị trí mới không hợp lệ.", status_code=400)
    step = -1 if form.get("huong") == "len" else 1
    move = _move(to=target) if target is not None else _move(step=step)
    return _item_change(request, form, session, move, "Đã đổi thứ tự.")


def remove_item(request: Request, form: FormData, session: str) -> Response:
    removed = "Đã bỏ mục khỏi hình ảnh nổi bật (tệp trong media/ vẫn giữ)."
    return _item_change(request, form, session, _remove, removed, item_level=True)


async def media_file(request: Request) -> Response:
    path = _media_path(studio_of(request).root, request.path_params["path"])
    if path is None:
        return PlainTextResponse("Không có tệp này trong media/.", status_code=404)
    return FileResponse(path, headers={"Cache-Control": "no-cache"})


def thumbnail(request: Request) -> Response:
    studio = studio_of(request)
    path = _media_path(studio.root, request.path_params["path"])
    if path is None or media_kind(path) != "photo":
        return PlainTextResponse("Không có ảnh này trong media/.", status_code=404)
    try:
        small = studio.thumbs.photo(path)
    except MediaUnreadable as exc:
        return PlainTextResponse(str(exc), status_code=422)
    return FileResponse(small, media_type="image/webp", headers={"Cache-Control": "no-cache"})


ROUTES: list[BaseRoute] = [
    Route(UNIT, unit_page),
    write_route(UNIT + "/muc/{index:int}", save_item),
    write_route(UNIT + "/muc/{index:int}/di-chuyen", move_item),
    write_route(UNIT + "/muc/{index:int}/bo", remove_item),
    write_route(
        UNIT + "/tai-len", upload.receive, limit=upload.UPLOAD_LIMIT, max_files=upload.MAX_FILES
    ),
    Route("/tep/{path:path}", media_file),
    Route("/anh-nho/{path:path}", thumbnail),
]


# --- changes -----------------------------------------------------------------------------


Change = Callable[[str, int], str]  # (file text, item index) -> new text


def _set_item(form: FormData) -> Change:
    def change(item: Any) -> None:
        start = forms.number(form, "clip_start", decimal=True)
        end = forms.number(form, "clip_end", decimal=True)
        values: dict[str, Any] = {
            "caption": forms.text(form, "caption", required=True),
            "category": forms.text(form, "category"),
            "date": forms.date(form, "date"),
            "narration": forms.text(form, "narration"),
            "visibility": forms.text(form, "visibility"),
        }
        if form.get("bo_thu_am") == "1":
            values["voiceover"] = None
        if media_kind(PurePosixPath(str(item.get("file", "")))) == "clip":
            values["clip"] = None if start is None and end is None else {"start": start, "end": end}
            audio = forms.text(form, "audio")
            values["audio"] = None if audio == "keep" and "audio" not in item else audio
        store.set_fields(item, values, MEDIA_ORDER)

    return lambda text, index: store.edit_item(text, "media", index, change)


def _move(*, step: int = 0, to: int | None = None) -> Change:
    """The item one place up or down (``step``), or to the place ``to``."""

    def change(text: str, index: int) -> str:
        target = index + step if to is None else to
        moved = move_lines(text, "media", index, target)
        if moved is not None:
            return moved

        def move(document: Any) -> None:
            items = document["media"]
            if not 0 <= target < len(items):
                raise EditRefused(f"không có vị trí {target + 1} trong danh sách")
            items.insert(target, items.pop(index))

        return store.edit(text, move)

    return change


def _remove(text: str, index: int) -> str:
    removed = remove_lines(text, "media", index)
    if removed is not None:
        return removed

    def remove(document: Any) -> None:
        del document["media"][index]

    return store.edit(text, remove)


def _submitted(form: FormData) -> dict[str, Any]:
    return {name: str(form.get(name, "")) for name in ITEM_FIELDS if name in form}


def _item_change(
    request: Request,
    form: FormData,
    session: str,
    change: Change,
    done: str = "",
    *,
    anchor: bool = False,
    item_level: bool = False,
) -> Response:
    """``change`` of the item the URL names (``{index}``), the one the form shows (``file``);
    with ``item_level``, made over others' changes to other items while that item is still as
    the form showed it (``item_digest``)."""
    studio = studio_of(request)
    period, unit = unit_or_404(request)
    index = request.path_params["index"]
    rel = studio.state.snapshot().highlights_rel(period.id, unit.id)
    item_file = str(form.get("file", ""))

    def again(status: int, notice: str | None = None, verdict: Verdict | None = None) -> Response:
        typed = _submitted(form)
        stale = status == Stale.status
        at: int | None = index
        if stale:  # the list may have changed: what was typed goes with the item it is for
            at = _standing(store.read(studio.root, rel).text, rel, index, item_file)
            if at is None:
                notice = f"{notice} {_gone(item_file, typed)}"
        overrides = {at: typed} if at is not None else None
        context = unit_context(
            studio,
            period,
            unit,
            overrides,
            verdict,
            notice,
            account=account_of_request(request),
            stale=stale,
        )
        return studio.page(request, "unit.html", context, status)

    def edit(text: str | None) -> str:
        if text is None:
            raise store.StaleEdit(rel)
        source = studio.state.parsed_if_current(rel) or parsed(rel, text)
        if source is None:
            raise EditRefused("tệp có lỗi cú pháp YAML; hãy sửa theo lỗi ghi bên dưới")
        items = source.data.get("media") if isinstance(source.data, dict) else None
        if (
            not isinstance(items, list)
            or not 0 <= index < len(items)
            or not isinstance(items[index], dict)
            or str(items[index].get("file", "")) != item_file
        ):
            raise store.StaleEdit(rel)  # the list changed: another item stands here now
        return change(text, index)

    caption = forms.text(form, "caption")
    page = f"?trang={index // PAGE_SIZE + 1}" if index >= PAGE_SIZE else ""
    version = ItemVersion(LIST_KEY, index, str(form.get("item_digest", ""))) if item_level else None
    outcome = save_edit(request, rel, edit, digest=str(form.get("digest", "")), item=version)
    return form_answer(
        request,
        session,
        outcome,
        again,
        done=done or (f"Đã lưu «{caption}»." if caption else "Đã lưu."),
        back=f"/ky/{period.id}/don-vi/{unit.id}" + page + (f"#muc-{index}" if anchor else ""),
    )


def _standing(text: str | None, rel: str, index: int, item_file: str) -> int | None:
    """Where the item of ``item_file`` stands in ``text`` now: at ``index`` still, else its
    first place in the list; None when it is no longer there."""
    source = parsed(rel, text) if text is not None else None
    items = source.data.get(LIST_KEY) if source and isinstance(source.data, dict) else None
    if not isinstance(items, list):
        return None
    files = [str(item.get("file", "")) if isinstance(item, dict) else None for item in items]
    if 0 <= index < len(files) and files[index] == item_file:
        return index
    return files.index(item_file) if item_file in files else None


def _gone(item_file: str, typed: dict[str, Any]) -> str:
    """What was typed for an item no longer in the list, said so that it can be copied."""
    said = [
        f"{label}: «{typed[name]}»"
        for name, label in (("caption", "chú thích"), ("narration", "lời dẫn"))
        if str(typed.get(name, "")).strip()
    ]
    return f"Mục «{item_file}» không còn trong danh sách." + (
        " Bạn đã nhập " + "; ".join(said) + "." if said else ""
    )


def _media_path(root: Path, written: str) -> Path | None:
    """The file under media/ that ``written`` names, or None (never a file outside media/)."""
    media = (root / "media").resolve()
    text = unicodedata.normalize("NFC", written)
    pure = PurePosixPath(text)
    if unusable_path(text) or pure.is_absolute() or ".." in pure.parts or "\\" in text:
        return None
    if media_kind(Path(text)) is None:
        return None
    path = media / pure
    if not path.is_file():
        found, _reason = MediaIndex(media).resolve(text)
        if found is None:
            return None
        path = found
    real = path.resolve()
    if not real.is_relative_to(media) or not real.is_file():
        return None
    return real
