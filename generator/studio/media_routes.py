"""A unit's highlights: thumbnails, the fields of each item, reorder, remove, upload."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Route

from generator.load.media_refs import MediaIndex
from generator.media.probe import MediaUnreadable, media_kind
from generator.model import MediaItem, Visibility
from generator.model.records import CATEGORY_LABELS, effective_visibility
from generator.studio import forms, store, upload
from generator.studio.app import Studio
from generator.studio.security import unusable_path
from generator.studio.thumbs import Thumbnails
from generator.studio.validate import Verdict, parsed, place_problems
from generator.yamledit.items import move_item as move_lines
from generator.yamledit.items import remove_item
from generator.yamledit.roundtrip import EditRefused

MEDIA_ORDER = list(MediaItem.model_fields)
PAGE_SIZE = 100  # items per page: a unit with hundreds of photos stays quick to open
ITEM_FIELDS = (
    "voiceover",
    "caption",
    "narration",
    "category",
    "date",
    "visibility",
    "clip_start",
    "clip_end",
    "audio",
)


def routes(studio: Studio) -> list[Route]:
    thumbs = Thumbnails(studio.root)
    unit = "/ky/{period}/don-vi/{unit}"

    async def unit_page(request: Request) -> Response:
        period, unit_id = request.path_params["period"], request.path_params["unit"]
        studio.state.snapshot().unit_of_period_or_404(period, unit_id)
        try:
            page = int(request.query_params.get("trang", "1"))
        except ValueError:
            page = 1
        context = unit_context(studio, period, unit_id, page=page)
        if context is None:
            return PlainTextResponse("Không có kỳ báo cáo hoặc đơn vị này.", status_code=404)
        return studio.page(request, "unit.html", context)

    def save_item(request: Request, form: FormData, session: str) -> Response:
        return _item_change(studio, request, form, session, _set_item(form), anchor=True)

    def move_item(request: Request, form: FormData, session: str) -> Response:
        """«Lên»/«Xuống» (``huong``), or a drop at another item's place (``den``: its index)."""
        place = str(form.get("den", ""))
        target = forms.index(place)
        if place and target is None:
            return PlainTextResponse("Vị trí mới không hợp lệ.", status_code=400)
        step = -1 if form.get("huong") == "len" else 1
        move = _move(to=target) if target is not None else _move(step=step)
        return _item_change(studio, request, form, session, move, "Đã đổi thứ tự.")

    def remove_item(request: Request, form: FormData, session: str) -> Response:
        return _item_change(
            studio,
            request,
            form,
            session,
            _remove,
            "Đã bỏ mục khỏi hình ảnh nổi bật (tệp trong media/ vẫn giữ).",
        )

    def upload_files(request: Request, form: FormData, session: str) -> Response:
        return upload.receive(studio, request, form, session)

    async def media_file(request: Request) -> Response:
        path = _media_path(studio.root, request.path_params["path"])
        if path is None:
            return PlainTextResponse("Không có tệp này trong media/.", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    def thumbnail(request: Request) -> Response:
        path = _media_path(studio.root, request.path_params["path"])
        if path is None or media_kind(path) != "photo":
            return PlainTextResponse("Không có ảnh này trong media/.", status_code=404)
        try:
            small = thumbs.photo(path)
        except MediaUnreadable as exc:
            return PlainTextResponse(str(exc), status_code=422)
        return FileResponse(small, media_type="image/webp", headers={"Cache-Control": "no-cache"})

    return [
        Route(unit, unit_page),
        studio.write_route(unit + "/muc/{index:int}", save_item),
        studio.write_route(unit + "/muc/{index:int}/di-chuyen", move_item),
        studio.write_route(unit + "/muc/{index:int}/bo", remove_item),
        studio.write_route(
            unit + "/tai-len", upload_files, limit=upload.UPLOAD_LIMIT, max_files=upload.MAX_FILES
        ),
        Route("/tep/{path:path}", media_file),
        Route("/anh-nho/{path:path}", thumbnail),
    ]


# --- the page ------------------------------------------------------------------------------


def unit_context(
    studio: Studio,
    period_id: str,
    unit_id: str,
    overrides: dict[int, dict[str, Any]] | None = None,
    verdict: Verdict | None = None,
    notice: str | None = None,
    page: int = 1,
) -> dict[str, Any] | None:
    snapshot = studio.state.snapshot()
    period = snapshot.period(period_id)
    unit = snapshot.unit(unit_id)
    if period is None or unit is None:
        return None
    rel = snapshot.highlights_rel(period_id, unit_id)
    current = store.read(studio.root, rel)
    items: list[dict[str, Any]] = []
    general: list[str] = []
    file_level = None
    count, pages = 0, 1
    if current.text is not None:
        source = parsed(rel, current.text)
        placed = place_problems(rel, current.text, snapshot.by_path.get(rel, []), source)
        general += placed.general
        document = source.data if source is not None else None  # None: a syntax error
        if isinstance(document, dict):
            file_level = forms.written_level(document.get("visibility"))
            entries = document.get("media") or []
            count = len(entries) if isinstance(entries, list) else 0
            if overrides:
                page = min(overrides) // PAGE_SIZE + 1
            pages = max(1, -(-count // PAGE_SIZE))
            page = min(max(page, 1), pages)
            first = (page - 1) * PAGE_SIZE
            for index in range(first, min(count, first + PAGE_SIZE)):
                if isinstance(entries[index], dict):
                    items.append(_item_view(index, entries[index], file_level, placed))
    by_index = {item["index"]: item for item in items}
    for index, values in (overrides or {}).items():
        if index in by_index:
            by_index[index].update(values)
            by_index[index]["errors"] = _item_errors(verdict, index) if verdict else {}
            by_index[index]["edited"] = True
    if verdict is not None:
        general += list(verdict.general)
    return {
        "period": period,
        "unit": unit,
        "rel": rel,
        "digest": current.digest,
        "items": items,
        "general": general,
        "notice": notice,
        "file_level": file_level.value if file_level else "",
        "categories": [(c.value, label) for c, label in CATEGORY_LABELS.items()],
        "levels": [v.value for v in Visibility],
        "has_file": current.text is not None,
        "undo_at": studio.undo_offer(rel, current.digest),
        "page": page,
        "pages": pages,
        "last_index": count - 1,
    }


def _item_view(
    index: int, entry: dict[str, Any], file_level: Visibility | None, placed: Verdict
) -> dict[str, Any]:
    clip = entry.get("clip")
    if not isinstance(clip, dict):
        clip = {}
    own = forms.written_level(entry.get("visibility"))
    file = str(entry.get("file", ""))
    return {
        "index": index,
        "file": file,
        "kind": media_kind(PurePosixPath(file)),
        "caption": _shown(entry.get("caption")),
        "narration": _shown(entry.get("narration")),
        "category": _shown(entry.get("category")),
        "date": forms.shown_date(entry.get("date")),
        "visibility": _shown(entry.get("visibility")),  # as written: the field shows the text
        "effective": effective_visibility(own, file_level).value,
        "clip_start": _shown(clip.get("start")),
        "clip_end": _shown(clip.get("end")),
        "audio": _shown(entry.get("audio")) or "keep",
        "voiceover": _shown(entry.get("voiceover")),
        "errors": _item_errors(placed, index),
    }


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def _item_errors(verdict: Verdict, index: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for loc, messages in verdict.fields.items():
        if len(loc) < 2 or loc[0] != "media" or loc[1] != index:
            continue
        rest = [str(part) for part in loc[2:]]
        name = "_item" if not rest else "_".join(rest[:2])
        if name == "clip":
            name = "clip_start"
        if name not in ITEM_FIELDS:
            name = "_item"
        out.setdefault(name, []).extend(messages)
    return out


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
    removed = remove_item(text, "media", index)
    if removed is not None:
        return removed

    def remove(document: Any) -> None:
        del document["media"][index]

    return store.edit(text, remove)


def _submitted(form: FormData) -> dict[str, Any]:
    return {name: str(form.get(name, "")) for name in ITEM_FIELDS if name in form}


def _item_change(
    studio: Studio,
    request: Request,
    form: FormData,
    session: str,
    change: Change,
    done: str = "",
    *,
    anchor: bool = False,
) -> Response:
    period_id, unit_id = request.path_params["period"], request.path_params["unit"]
    studio.state.snapshot().unit_of_period_or_404(period_id, unit_id)
    index = request.path_params["index"]
    rel = studio.state.snapshot().highlights_rel(period_id, unit_id)
    back = f"/ky/{period_id}/don-vi/{unit_id}"

    def again(status: int, notice: str | None = None, verdict: Verdict | None = None) -> Response:
        context = unit_context(
            studio, period_id, unit_id, {index: _submitted(form)}, verdict, notice
        )
        if context is None:
            return PlainTextResponse("Không có kỳ báo cáo hoặc đơn vị này.", status_code=404)
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
            or str(items[index].get("file", "")) != str(form.get("file", ""))
        ):
            raise store.StaleEdit(rel)  # the list changed: another item stands here now
        return change(text, index)

    caption = forms.text(form, "caption")
    page = f"?trang={index // PAGE_SIZE + 1}" if index >= PAGE_SIZE else ""
    return studio.save_form(
        session,
        form,
        rel,
        edit,
        again,
        done=done or (f"Đã lưu «{caption}»." if caption else "Đã lưu."),
        back=back + page + (f"#muc-{index}" if anchor else ""),
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
