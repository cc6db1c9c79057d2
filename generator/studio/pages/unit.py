"""A unit's page: its highlights, a hundred items a page, each with its fields and the loader's
messages at them, and the version of each item (its own lines) that its form holds."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from typing import Any

from generator.load.reader import RawPeriod
from generator.media.probe import media_kind
from generator.model import Unit, Visibility
from generator.model.base import VISIBILITY_LABELS
from generator.model.records import CATEGORY_LABELS, effective_visibility
from generator.office.accounts import Account
from generator.studio import forms, store
from generator.studio.app import WARNING, Studio, may_see
from generator.studio.validate import Verdict, parsed, place_problems

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
LIST_KEY = "media"  # the list of a highlights file
IN_FILE = "Nội dung hiện có trong tệp"


def unit_context(
    studio: Studio,
    period: RawPeriod,
    unit: Unit,
    overrides: dict[int, dict[str, Any]] | None = None,
    verdict: Verdict | None = None,
    notice: str | None = None,
    page: int = 1,
    *,
    account: Account | None,
    stale: bool = False,
) -> dict[str, Any]:
    """The page ``page`` of the unit's items; ``overrides`` (by index) are what was typed, shown
    again when a save was refused, with the loader's ``verdict`` and the ``notice``. ``stale``:
    refused because someone else saved first: beside each typed field, what the file holds now
    where it differs («Nội dung hiện có trong tệp: …»: what saving again would write over).
    An item above what ``account`` may see is listed as withheld: no file, caption or form."""
    snapshot = studio.state.snapshot()
    rel = snapshot.highlights_rel(period.id, unit.id)
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
            entries = document.get(LIST_KEY) or []
            count = len(entries) if isinstance(entries, list) else 0
            digests = store.item_digests(current.text, LIST_KEY)
            if len(digests) != count:  # not its items one for one: the forms hold the file
                digests = []
            if overrides:
                page = min(overrides) // PAGE_SIZE + 1
            pages = max(1, -(-count // PAGE_SIZE))
            page = min(max(page, 1), pages)
            first = (page - 1) * PAGE_SIZE
            for index in range(first, min(count, first + PAGE_SIZE)):
                if isinstance(entries[index], dict):
                    view = _item_view(index, entries[index], file_level, placed)
                    if not may_see(studio, account, period.id, unit.id, view["effective"]):
                        items.append(
                            {"index": index, "withheld": True, "effective": view["effective"]}
                        )
                        continue
                    view["item_digest"] = digests[index] if index < len(digests) else ""
                    items.append(view)
    by_index = {item["index"]: item for item in items}
    for index, values in (overrides or {}).items():
        if index in by_index and not by_index[index].get("withheld"):
            errors = _item_errors(verdict, index) if verdict else {}
            if stale:
                for name, message in _in_file(by_index[index], values).items():
                    errors.setdefault(name, []).append(message)
            by_index[index].update(values)
            by_index[index]["errors"] = errors
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


def _in_file(shown: dict[str, Any], typed: dict[str, Any]) -> dict[str, str]:
    """For each typed field whose value differs from what the file holds now (``shown``), a
    warning at the field saying what it holds: what saving again would write over."""
    out = {}
    for name, value in typed.items():
        now = str(shown.get(name, ""))
        if name in shown and _typed_as_shown(name, str(value)) != now:
            said = f"«{_label(name, now)}»" if now or name == "visibility" else "(để trống)"
            out[name] = f"{WARNING}{IN_FILE}: {said}; bấm «Lưu» lần nữa sẽ ghi đè nội dung này."
    return out


def _typed_as_shown(name: str, typed: str) -> str:
    """``typed`` as the form would show it once saved (NFC, stripped, a date as 12/03/2021)."""
    text = unicodedata.normalize("NFC", typed.replace("\r\n", "\n")).strip()
    if name == "date":
        return forms.shown_date(forms.date_of(text) or text)
    if name in ("clip_start", "clip_end") and len(text) <= forms.MAX_DIGITS:
        if re.fullmatch(r"[0-9]+", text):
            return str(int(text))
        if re.fullmatch(r"[0-9]+[.,][0-9]+", text):
            return str(float(text.replace(",", ".")))
    if name == "audio":
        return text or "keep"
    return text


def _label(name: str, value: str) -> str:
    """A value of the file as its field names it (a group's, a level's label)."""
    labels: dict[str, str] = {}
    if name == "category":
        labels = {c.value: label for c, label in CATEGORY_LABELS.items()}
    elif name == "visibility":
        labels = {"": "theo tệp", **{v.value: label for v, label in VISIBILITY_LABELS.items()}}
    elif name == "audio":
        labels = {"keep": "giữ", "mute": "tắt"}
    return labels.get(value, value)


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
