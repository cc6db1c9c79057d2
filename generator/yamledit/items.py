"""One item of a top-level YAML list at a time: the rest of the file is never re-emitted.

An item is a run of whole lines: its own, the comment lines indented under it, and the comment
lines right above it at its "-" column (they go with it when it moves or is removed). Editing an
item sends only its lines through ``roundtrip.edit_text`` (with its checks), which keeps an edit
fast however long the list is. Where the list is not laid out plainly (a flow list, a byte order
mark, CRLF line ends, a "-" alone on its line), ``item_spans`` says None and ``edit_item`` edits
the whole file round-trip instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml

from generator.yamledit.roundtrip import edit_text

_FastLoader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


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
    item_lines = _item_lines(text, key)
    if not item_lines:
        return None
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    column = None
    starts = []
    for number in item_lines:
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


def _item_lines(text: str, key: str) -> list[int] | None:
    """The line of each item of the top-level block list ``key``, from the parser's events
    (no tree is built, no scalar resolved: a long list stays fast); None when the text is not
    a mapping holding ``key`` as a block list."""
    depth, items, in_list, want_value = 0, [], False, False
    is_key = True  # at depth 1, scalars alternate key, value
    try:
        for event in pyyaml.parse(text, Loader=_FastLoader):
            if isinstance(event, (pyyaml.StreamStartEvent, pyyaml.StreamEndEvent)):
                continue
            if isinstance(event, (pyyaml.DocumentStartEvent, pyyaml.DocumentEndEvent)):
                continue
            if depth == 0 and not isinstance(event, pyyaml.MappingStartEvent):
                return None
            if in_list and depth == 2 and not isinstance(event, pyyaml.SequenceEndEvent):
                items.append(event.start_mark.line)
            if depth == 1:
                if is_key:
                    want_value = isinstance(event, pyyaml.ScalarEvent) and event.value == key
                elif want_value:
                    if not isinstance(event, pyyaml.SequenceStartEvent) or event.flow_style:
                        return None
                    in_list = True
                is_key = not is_key if not isinstance(event, pyyaml.MappingEndEvent) else is_key
            if isinstance(event, (pyyaml.MappingStartEvent, pyyaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (pyyaml.MappingEndEvent, pyyaml.SequenceEndEvent)):
                depth -= 1
                if in_list and depth == 1:
                    return items
    except pyyaml.YAMLError:
        return None
    return None


def _comment_at(line: str, column: int) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) == column


def edit_item(
    text: str, key: str, index: int, change: Callable[[Any], None], *, exact_layout: bool = False
) -> str:
    """``text`` with ``change(item)`` applied to item ``index`` of the list ``key``; raises
    EditRefused as ``edit_text`` does (``exact_layout`` as there, for the lines edited)."""
    found = item_spans(text, key)
    if found is None or not 0 <= index < len(found.spans):
        return edit_text(
            text, lambda document: change(document[key][index]), exact_layout=exact_layout
        )
    start, end = found.spans[index]
    pad = " " * found.column
    snippet = "".join(
        line[found.column :] if line.strip() else line
        for line in text[start:end].splitlines(keepends=True)
    )
    edited = edit_text(
        "k:\n" + _indent(snippet, "  "),
        lambda document: change(document["k"][0]),
        exact_layout=exact_layout,
    )
    body = edited.removeprefix("k:\n")
    body = "".join(line[2:] if line.strip() else line for line in body.splitlines(keepends=True))
    return text[:start] + _indent(body, pad) + text[end:]


def remove_item(text: str, key: str, index: int) -> str | None:
    """``text`` without item ``index`` of ``key`` (its lines cut out); None if not plain."""
    found = item_spans(text, key)
    if found is None or not 0 <= index < len(found.spans) or len(found.spans) < 2:
        return None
    start, end = found.spans[index]
    removed = text[:start] + text[end:]
    order = [i for i in range(len(found.spans)) if i != index]
    return removed if _holds(text, removed, key, order) else None


def _holds(before: str, after: str, key: str, order: list[int]) -> bool:
    """``after`` reads as ``before`` with the items of ``key`` in ``order`` and nothing else
    changed. Lines are cut by their layout; where that layout misleads (a comment left of an
    item's keys, a quoted value running on at the dash's column), the data says so and the
    caller edits the whole file round-trip instead — a key never changes items unseen."""
    try:
        old = pyyaml.load(before, Loader=_FastLoader)
        new = pyyaml.load(after, Loader=_FastLoader)
    except pyyaml.YAMLError:
        return False
    if not isinstance(old, dict) or not isinstance(old.get(key), list):
        return False
    expected = {**old, key: [old[key][i] for i in order]}
    return bool(new == expected)


def move_item(text: str, key: str, source: int, target: int) -> str | None:
    """``text`` with item ``source`` of ``key`` moved to position ``target`` (its lines with
    it; what stands between items stays in place); None if not plain or out of range."""
    found = item_spans(text, key)
    count = len(found.spans) if found is not None else 0
    if found is None or not (0 <= source < count and 0 <= target < count):
        return None
    # a last item without a final line end would run into the next one once moved
    unterminated = not text.endswith("\n")
    if unterminated:
        text += "\n"
        last_start, last_end = found.spans[-1]
        if last_end == len(text) - 1:
            found = ItemSpans((*found.spans[:-1], (last_start, len(text))), found.column)
    pieces = [text[a:b] for a, b in found.spans]
    pieces.insert(target, pieces.pop(source))
    out, cursor = [], 0
    for (a, b), piece in zip(found.spans, pieces, strict=True):
        out += [text[cursor:a], piece]
        cursor = b
    out.append(text[cursor:])
    moved = "".join(out)
    moved = moved.removesuffix("\n") if unterminated else moved
    order = list(range(count))
    order.insert(target, order.pop(source))
    return moved if _holds(text, moved, key, order) else None


def _indent(text: str, pad: str) -> str:
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))
