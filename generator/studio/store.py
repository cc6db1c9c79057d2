"""The studio's writes of content YAML: round-trip edits, the stale-edit guard, undo.

- ``read(root, rel)`` -> ``Snapshot`` (the text and its SHA-256 as the page saw it);
- ``edit(text, change)`` / ``edit_item(text, key, index, change)`` -> new text, where
  ``change`` mutates the ruamel.yaml document (or one list item of it);
- ``item_digest(text, key, index)``: the version of one item of a list (its own lines), which an
  item's form holds so that a save of it may land over others' changes to other items;
- ``History(root).commit(rel, new_text, expected_digest)`` writes atomically and durably (the
  bytes on disk before the name) after the stale-edit guard and keeps the previous version under
  ``.baocao/history/`` so ``undo(rel)`` can restore it; the version an undo replaces is kept too,
  so ``redo(rel)`` can bring it back. ``History.record_media`` tells the audit trail of a file
  written under media/ (an upload, a recording), which has no history.

The edits are ``generator.yamledit.roundtrip``'s (only the changed lines differ, the result reads
back as the edited data and keeps every comment; else ``EditRefused``, with a Vietnamese reason),
with the studio's stricter rule on top: a file whose layout ruamel would not write back exactly
as it is is refused before any change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.fsutil import atomic_write_bytes, atomic_write_text, file_sha256
from generator.load.yamlsource import read_text
from generator.yamledit import items as roundtrip_items
from generator.yamledit.roundtrip import CommentedMap, CommentedSeq, edit_text, new_text, set_keys

HISTORY_DIR = ".baocao/history"
_KEEP = 50  # versions kept per file
_MAX_FILE_NAME = 200  # bytes: a history file's name (a file system allows 255)


def stale_notice(rel: str) -> str:
    """The one sentence of a write refused because ``rel`` changed on disk since the page that
    asks for it was opened: a save from any form, a recording, a review step, an undo, a redo."""
    return (
        f"Chưa lưu: «{rel}» đã được sửa ở nơi khác sau khi trang này được mở. Những gì bạn vừa "
        "nhập chưa được ghi: hãy sao chép lại nếu cần, rồi tải lại trang."
    )


class StaleEdit(Exception):
    """The file changed on disk since the page was loaded (said by ``stale_notice``)."""

    def __init__(self, rel: str) -> None:
        super().__init__(stale_notice(rel))
        self.rel = rel


@dataclass(frozen=True)
class Snapshot:
    rel: str  # relative to the project, POSIX
    text: str | None  # None: the file does not exist
    digest: str  # of the bytes on disk ("" for a missing file)


def digest_of(data: bytes | None) -> str:
    return "" if data is None else hashlib.sha256(data).hexdigest()


def item_digests(text: str | None, key: str) -> list[str]:
    """The SHA-256 of each item of the top-level list ``key`` of ``text``, as its own lines
    stand (``yamledit.items.item_spans``: with the comment lines above it); [] where the list
    is not laid out plainly (or there is none): a form then holds to the whole file."""
    found = roundtrip_items.item_spans(text, key) if text is not None else None
    if found is None or text is None:
        return []
    return [digest_of(text[start:end].encode("utf-8")) for start, end in found.spans]


def item_digest(text: str | None, key: str, index: int) -> str:
    """The SHA-256 of item ``index`` of the list ``key`` as it stands in ``text``; "" when there
    is no such item or the list is not laid out plainly (``item_digests``)."""
    digests = item_digests(text, key)
    return digests[index] if 0 <= index < len(digests) else ""


def read(root: Path, rel: str) -> Snapshot:
    """The file as it is on disk (text None: there is none). A file the loader cannot read
    (not UTF-8, UTF-16, too large) is an InputError with the loader's message: the studio
    shows it and never writes over that file."""
    path = root / rel
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Snapshot(rel, None, "")
    _text, problems = read_text(path, rel)
    if problems:
        raise InputError(problems)
    return Snapshot(rel, data.decode("utf-8"), digest_of(data))


def edit(text: str | None, change: Callable[[Any], None]) -> str:
    """``text`` with ``change(document)`` applied, round-trip, as the studio edits: a file whose
    layout ruamel would not write back as it is is refused (EditRefused) before any change.
    None (no file yet): a new file holding what ``change`` sets."""
    if text is None:
        return new_text(change)
    return edit_text(text, change, exact_layout=True)


def edit_item(text: str, key: str, index: int, change: Callable[[Any], None]) -> str:
    """``text`` with ``change(item)`` applied to item ``index`` of the list ``key`` only (the
    whole file where its layout is not plain), as ``edit`` edits."""
    return roundtrip_items.edit_item(text, key, index, change, exact_layout=True)


def set_fields(mapping: CommentedMap, values: dict[str, Any], order: list[str]) -> None:
    """Set (or, with None, remove) keys of ``mapping``; a new key goes where ``order`` puts it.
    Text typed in a browser may come decomposed: it is written composed (NFC), as the files are."""
    set_keys(
        mapping,
        {
            k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
            for k, v in values.items()
        },
        order,
    )


def as_seq(mapping: CommentedMap, key: str) -> CommentedSeq:
    value = mapping.get(key)
    if not isinstance(value, CommentedSeq):
        value = CommentedSeq()
        mapping[key] = value
    return value


# --- writing, with the stale-edit guard and the history ----------------------------------------


@dataclass(frozen=True)
class Change:
    """One write the studio made: enough to put the file back as it was, and, once undone,
    to write it again."""

    rel: str
    before: str | None  # None: the write created the file
    after_digest: str
    at: str  # ISO time, for the list of changes
    after: str | None = None  # once undone: the text the write had made (what a redo writes)
    undone: bool = False
    by: str = ""  # the account that made it ("" in a history written before accounts)


def made_by(change: Change, account: str) -> bool:
    """Whether ``account`` made ``change`` (a change recorded before accounts: anyone's)."""
    return not change.by or change.by == account


class History:
    """Writes content files and remembers, per file, the versions they replace.

    Per file, a list of changes, oldest first: those in force, then those undone (the most
    recently undone first), which a redo writes again in that order. A new write after an
    undo starts a new line of changes: what was undone can no longer be redone over it."""

    def __init__(
        self,
        root: Path,
        on_write: Callable[[str, str | None, str], None] | None = None,
        actor: Callable[[], str] | None = None,
    ) -> None:
        self.root = root
        self.folder = root / HISTORY_DIR
        self.on_write = on_write
        """Told of every write: (file, digest before or None for a new file, digest after)."""
        self.actor = actor
        """Who writes now (the account's name): kept with each change, so an undo offers only
        one's own save."""

    def _written(self, rel: str, before: str | None, after: str) -> None:
        if self.on_write is not None:
            self.on_write(rel, None if before is None else digest_of(before.encode("utf-8")), after)

    def record_media(self, rel: str, before: str | None = None) -> str:
        """Tell the audit trail (``on_write``) of the file ``rel`` (``media/…``) just written
        under media/ by an upload or a recording: ``before`` the digest of the file it replaced
        (None: a new file, as every upload and recording is), its digest now read from disk and
        returned. No history is kept: media files are only ever added, never undone."""
        after = file_sha256(self.root / rel)
        if self.on_write is not None:
            self.on_write(rel, before, after)
        return after

    def _by(self) -> str:
        return self.actor() if self.actor is not None else ""

    def commit(self, rel: str, text: str, expected_digest: str) -> Change:
        """Write ``text`` to ``rel`` if the file still has ``expected_digest``; keep the old one."""
        current = read(self.root, rel)
        if current.digest != expected_digest:
            raise StaleEdit(rel)
        return self.write(rel, text, current)

    def write(self, rel: str, text: str, current: Snapshot | None = None) -> Change:
        current = current or read(self.root, rel)
        change = Change(
            rel,
            current.text,
            digest_of(text.encode("utf-8")),
            dt.datetime.now().isoformat(timespec="seconds"),
            by=self._by(),
        )
        self._push(change)
        atomic_write_text(self.root / rel, text, durable=True)
        self._written(rel, current.text, change.after_digest)
        return change

    def record(self, rel: str, before: Snapshot) -> Change:
        """Remember a write another module made (ingest) so it can be undone too."""
        after = read(self.root, rel)
        change = Change(
            rel,
            before.text,
            after.digest,
            dt.datetime.now().isoformat(timespec="seconds"),
            by=self._by(),
        )
        self._push(change)
        self._written(rel, before.text, after.digest)
        return change

    def last(self, rel: str) -> Change | None:
        """The change an undo of ``rel`` would take back (the latest in force), or None."""
        entries = self._entries(rel)
        done = _in_force(entries)
        return _change(entries[done - 1]) if done else None

    def redoable(self, rel: str) -> Change | None:
        """The change a redo of ``rel`` would write again (the latest undone), or None."""
        entries = self._entries(rel)
        done = _in_force(entries)
        return _change(entries[done]) if done < len(entries) else None

    def undo(self, rel: str) -> Change:
        """Put ``rel`` back as it was before the studio's last write to it; that write is kept,
        undone, for ``redo``."""
        entries = self._entries(rel)
        done = _in_force(entries)
        if not done:
            raise InputError(Problem(rel, message="không có thay đổi nào để hoàn tác"))
        change = _change(entries[done - 1])
        current = read(self.root, rel)
        if current.digest != change.after_digest:
            raise StaleEdit(rel)  # the newer text is kept
        if change.before is None:
            raise InputError(
                Problem(rel, message="lần lưu này đã tạo tệp mới; hãy xóa các mục vừa thêm")
            )
        atomic_write_text(self.root / rel, change.before, durable=True)
        entries[done - 1] = {**entries[done - 1], "after": current.text, "undone": True}
        self._save(rel, entries)
        self._written(rel, current.text, digest_of(change.before.encode("utf-8")))
        return change

    def redo(self, rel: str) -> Change:
        """Write again the studio's write to ``rel`` that the last undo took back."""
        entries = self._entries(rel)
        done = _in_force(entries)
        if done == len(entries):
            raise InputError(Problem(rel, message="không có lần hoàn tác nào để làm lại"))
        change = _change(entries[done])
        current = read(self.root, rel)
        if change.after is None or current.digest != digest_of(_encoded(change.before)):
            raise StaleEdit(rel)  # the newer text is kept
        atomic_write_text(self.root / rel, change.after, durable=True)
        entries[done] = {**entries[done], "after": None, "undone": False}
        self._save(rel, entries)
        self._written(rel, current.text, digest_of(change.after.encode("utf-8")))
        return change

    def _file(self, rel: str) -> Path:
        name = rel.replace("/", "__") + ".jsonl"
        if len(name.encode("utf-8")) > _MAX_FILE_NAME:  # a very long period or unit id
            name = name.encode("utf-8")[:100].decode("utf-8", "ignore")
            name += "." + hashlib.sha256(rel.encode("utf-8")).hexdigest()[:16] + ".jsonl"
        return self.folder / name

    def _entries(self, rel: str) -> list[dict[str, Any]]:
        try:
            text = self._file(rel).read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def _push(self, change: Change) -> None:
        entries = self._entries(change.rel)
        in_force = entries[: _in_force(entries)]  # a new write: the undone cannot be redone
        self._save(change.rel, [*in_force, change.__dict__][-_KEEP:])

    def _save(self, rel: str, entries: list[dict[str, Any]]) -> None:
        blob = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        atomic_write_bytes(self._file(rel), blob.encode("utf-8"))


def _change(entry: dict[str, Any]) -> Change:
    return Change(
        entry["rel"],
        entry["before"],
        entry["after_digest"],
        entry["at"],
        entry.get("after"),
        bool(entry.get("undone", False)),
        str(entry.get("by", "")),
    )


def _in_force(entries: list[dict[str, Any]]) -> int:
    """How many of ``entries`` (oldest first) are in force: the rest were undone."""
    done = len(entries)
    while done and entries[done - 1].get("undone"):
        done -= 1
    return done


def _encoded(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")
