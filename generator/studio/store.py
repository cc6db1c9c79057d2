"""Round-trip edits of content YAML: comments, key order, quoting and untouched lines are kept.

The API is small on purpose (one place that turns "set these fields" into new file text):

- ``read(root, rel)`` -> ``Snapshot`` (the text and its SHA-256 as the page saw it);
- ``edit(text, change)`` -> new text, where ``change`` mutates the ruamel.yaml document;
- ``History(root).commit(rel, new_text, expected_digest)`` writes atomically after the stale-edit
  guard and keeps the previous version under ``.baocao/history/`` so ``undo(rel)`` can restore it.

Untouched lines stay byte-identical: the file's own indentation is detected and reused, lines
are never re-wrapped, and an edit whose output changes a line outside the edited entries is
refused (``NotRoundTrippable``) rather than written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.errors import InputError, Problem
from generator.fsutil import atomic_write_bytes, atomic_write_text

HISTORY_DIR = ".baocao/history"
_FastLoader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
_KEEP = 50  # versions kept per file


class StaleEdit(Exception):
    """The file changed on disk since the page was loaded (a Vietnamese message)."""


class NotRoundTrippable(Exception):
    """The file cannot be edited without rewriting lines the edit does not touch."""


@dataclass(frozen=True)
class Snapshot:
    rel: str  # relative to the project, POSIX
    text: str | None  # None: the file does not exist
    digest: str  # of the bytes on disk ("" for a missing file)


def digest_of(data: bytes | None) -> str:
    return "" if data is None else hashlib.sha256(data).hexdigest()


def read(root: Path, rel: str) -> Snapshot:
    path = root / rel
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Snapshot(rel, None, "")
    return Snapshot(rel, data.decode("utf-8"), digest_of(data))


def _yaml_for(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap a long caption
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml means them, read from the first block list."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for number, line in enumerate(lines):
        item = re.match(r"^(\s*)-(\s+)\S", line)
        if not item:
            continue
        parent = lines[number - 1] if number else ""
        key = re.match(r"^(\s*)[^\s-][^:]*:\s*(#.*)?$", parent)
        offset = len(item.group(1)) - len(key.group(1)) if key else len(item.group(1))
        return _mapping_indent(lines), offset + 1 + len(item.group(2)), offset
    return _mapping_indent(lines), 4, 2


def _mapping_indent(lines: list[str]) -> int:
    for line, following in itertools.pairwise(lines):
        key = re.match(r"^(\s*)[^\s#-][^:]*:\s*(#.*)?$", line)
        inner = re.match(r"^(\s*)[^\s#-][^:]*:", following)
        if key and inner and len(inner.group(1)) > len(key.group(1)):
            return len(inner.group(1)) - len(key.group(1))
    return 2


def load(text: str) -> Any:
    return _yaml_for(text).load(text.removeprefix("\ufeff"))


def dump(document: Any, like: str) -> str:
    stream = io.StringIO()
    _yaml_for(like).dump(document, stream)
    out = stream.getvalue()
    if like.startswith("\ufeff"):
        out = "\ufeff" + out
    if "\r\n" in like:
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    return out


def edit(text: str, change: Callable[[Any], None]) -> str:
    """``text`` with ``change(document)`` applied, round-trip. Raises InputError on bad YAML."""
    try:
        document = load(text)
    except YAMLError as exc:
        raise NotRoundTrippable(
            "tệp có lỗi cú pháp YAML; hãy chạy «baocao check» và sửa trước"
        ) from exc
    if not isinstance(document, CommentedMap):
        raise NotRoundTrippable("tệp không phải nhóm trường viết theo dòng (tên: giá trị)")
    pristine = dump(load(text), text)
    if pristine != text:
        raise NotRoundTrippable(
            "tệp có cách viết mà trình sửa không giữ nguyên được (thụt lề lạ, dòng gộp); "
            "hãy sửa tệp này bằng trình soạn thảo văn bản"
        )
    change(document)
    return dump(document, text)


def set_fields(mapping: CommentedMap, values: dict[str, Any], order: list[str]) -> None:
    """Set (or, with None, remove) keys of ``mapping``; a new key goes where ``order`` puts it."""
    for key, value in values.items():
        if value is None:
            if key in mapping:
                del mapping[key]
            continue
        value = _plain(value)
        if key in mapping:
            if _same(mapping[key], value):
                continue
            mapping[key] = value
            continue
        wanted = order.index(key) if key in order else len(order)
        position = sum(1 for k in mapping if k in order and order.index(k) < wanted)
        mapping.insert(position, key, value)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        return dict(old) == new
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return old == new and type(old) is type(new)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        flow = CommentedMap(value)
        flow.fa.set_flow_style()
        return flow
    return value


def as_seq(mapping: CommentedMap, key: str) -> CommentedSeq:
    value = mapping.get(key)
    if not isinstance(value, CommentedSeq):
        value = CommentedSeq()
        mapping[key] = value
    return value


# --- one list item at a time: the rest of the file is never re-emitted --------------------------


@dataclass(frozen=True)
class ItemSpans:
    """Where each item of a top-level block list stands, as whole lines of the text."""

    spans: tuple[tuple[int, int], ...]  # (start, end) character offsets, line-aligned
    column: int  # the column of the items' "-"


def item_spans(text: str, key: str) -> ItemSpans | None:
    """The line span of every item of the block list ``key``; None when the layout is not the
    plain one (a flow list, a BOM, CRLF line ends, a "-" alone on its line), and the caller
    edits the whole file instead."""
    if text.startswith("\ufeff") or "\r" in text:
        return None
    try:
        root = pyyaml.compose(text, Loader=_FastLoader)
    except pyyaml.YAMLError:
        return None
    if not isinstance(root, pyyaml.MappingNode):
        return None
    node = next((v for k, v in root.value if k.value == key), None)
    if not isinstance(node, pyyaml.SequenceNode) or node.flow_style or not node.value:
        return None
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    column = None
    starts = []
    for item in node.value:
        number = item.start_mark.line
        dash = re.match(r"^( *)- ", lines[number])
        if dash is None or (column is not None and len(dash.group(1)) != column):
            return None
        column = len(dash.group(1))
        starts.append(number)
    assert column is not None
    ends = []
    for number in starts:
        end = number + 1
        last = number + 1
        while end < len(lines):
            line = lines[end]
            stripped = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            if stripped and indent <= column:
                break
            end += 1
            if stripped:  # a comment indented under the item belongs to it
                last = end
        ends.append(last)
    spans = []
    for position, number in enumerate(starts):
        # Comment lines right above an item, at its "-" column, go with it (moved, removed).
        first = number
        floor = ends[position - 1] if position else 0
        while first > floor and _comment_at(lines[first - 1], column):
            first -= 1
        spans.append((offsets[first], offsets[ends[position]]))
    return ItemSpans(tuple(spans), column)


def _comment_at(line: str, column: int) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) == column


def edit_item(text: str, key: str, index: int, change: Callable[[Any], None]) -> str:
    """``text`` with ``change(item)`` applied to item ``index`` of the list ``key``.

    Only that item's lines go through ruamel.yaml (fast at any file size); where the layout
    does not allow it, the whole file is edited round-trip instead."""
    found = item_spans(text, key)
    if found is None or not 0 <= index < len(found.spans):
        return edit(text, lambda document: change(document[key][index]))
    start, end = found.spans[index]
    pad = " " * found.column
    snippet = "".join(
        line[found.column :] if line.strip() else line
        for line in text[start:end].splitlines(keepends=True)
    )
    edited = edit("k:\n" + _indent(snippet, "  "), lambda document: change(document["k"][0]))
    body = edited.removeprefix("k:\n")
    body = "".join(line[2:] if line.strip() else line for line in body.splitlines(keepends=True))
    return text[:start] + _indent(body, pad) + text[end:]


def remove_item(text: str, key: str, index: int) -> str | None:
    """``text`` without item ``index`` of ``key`` (its lines cut out); None if not plain."""
    found = item_spans(text, key)
    if found is None or not 0 <= index < len(found.spans) or len(found.spans) < 2:
        return None
    start, end = found.spans[index]
    return text[:start] + text[end:]


def swap_items(text: str, key: str, first: int) -> str | None:
    """``text`` with items ``first`` and ``first + 1`` of ``key`` exchanged; None if not plain."""
    found = item_spans(text, key)
    if found is None or not 0 <= first < len(found.spans) - 1:
        return None
    (a_start, a_end), (b_start, b_end) = found.spans[first], found.spans[first + 1]
    a, between, b = text[a_start:a_end], text[a_end:b_start], text[b_start:b_end]
    return text[:a_start] + b + between + a + text[b_end:]


def _indent(text: str, pad: str) -> str:
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


# --- writing, with the stale-edit guard and the history ----------------------------------------


@dataclass(frozen=True)
class Change:
    """One write the studio made: enough to put the file back as it was."""

    rel: str
    before: str | None  # None: the write created the file
    after_digest: str
    at: str  # ISO time, for the list of changes


class History:
    """Writes content files and remembers, per file, the versions they replace."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / HISTORY_DIR

    def commit(self, rel: str, text: str, expected_digest: str) -> Change:
        """Write ``text`` to ``rel`` if the file still has ``expected_digest``; keep the old one."""
        current = read(self.root, rel)
        if current.digest != expected_digest:
            raise StaleEdit(
                f"«{rel}» đã được sửa ở nơi khác sau khi trang này được mở; thay đổi của bạn "
                "chưa được lưu. Hãy mở lại trang (nội dung bạn vừa gõ vẫn còn trong ô) rồi sửa lại."
            )
        return self.write(rel, text, current)

    def write(self, rel: str, text: str, current: Snapshot | None = None) -> Change:
        current = current or read(self.root, rel)
        change = Change(
            rel,
            current.text,
            digest_of(text.encode("utf-8")),
            dt.datetime.now().isoformat(timespec="seconds"),
        )
        self._push(change)
        atomic_write_text(self.root / rel, text)
        return change

    def record(self, rel: str, before: Snapshot) -> Change:
        """Remember a write another module made (ingest) so it can be undone too."""
        after = read(self.root, rel)
        change = Change(
            rel, before.text, after.digest, dt.datetime.now().isoformat(timespec="seconds")
        )
        self._push(change)
        return change

    def last(self, rel: str) -> Change | None:
        entries = self._entries(rel)
        return _change(entries[-1]) if entries else None

    def undo(self, rel: str) -> Change:
        """Put ``rel`` back as it was before the studio's last write to it."""
        entries = self._entries(rel)
        if not entries:
            raise InputError(Problem(rel, message="không có thay đổi nào để hoàn tác"))
        change = _change(entries[-1])
        if read(self.root, rel).digest != change.after_digest:
            raise StaleEdit(
                f"«{rel}» đã được sửa ở nơi khác sau lần lưu này; không hoàn tác để khỏi mất "
                "nội dung mới. Hãy mở lại trang."
            )
        path = self.root / rel
        if change.before is None:
            raise InputError(
                Problem(rel, message="lần lưu này đã tạo tệp mới; hãy xóa các mục vừa thêm")
            )
        atomic_write_text(path, change.before)
        self._save(rel, entries[:-1])
        return change

    def _file(self, rel: str) -> Path:
        return self.folder / (rel.replace("/", "__") + ".jsonl")

    def _entries(self, rel: str) -> list[dict[str, Any]]:
        try:
            text = self._file(rel).read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def _push(self, change: Change) -> None:
        self._save(change.rel, [*self._entries(change.rel), change.__dict__][-_KEEP:])

    def _save(self, rel: str, entries: list[dict[str, Any]]) -> None:
        blob = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        atomic_write_bytes(self._file(rel), blob.encode("utf-8"))


def _change(entry: dict[str, Any]) -> Change:
    return Change(entry["rel"], entry["before"], entry["after_digest"], entry["at"])
