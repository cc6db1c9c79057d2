"""Editing a YAML file staff wrote without losing what they wrote.

ruamel.yaml loads a file as a tree that remembers comments, key order and quoting; a change is
made on that tree (``mutate``) and the tree is written out again. ruamel still normalises some
things it re-emits (indentation of every list, ``~`` for null, folded text), so the new text is
not ruamel's output as such: the lines ruamel changed *because of the edit* are spliced into the
original text, and every other line stays byte for byte what it was — line endings (CRLF), the
byte order mark and a missing final newline included.

A file holding no YAML at all — empty, or comments only, as ``new-period`` writes video.yml —
is an empty mapping that keeps its comments: the keys an edit sets are written below them (below
the commented examples ``new-period`` writes, ``# sections: […]``), where later edits add theirs.

The result is checked before it is returned: it must read back (with the project's own YAML
reader) as exactly the edited tree, and keep every full-line comment of the original. Otherwise
the edit is refused (``EditRefused``) with a Vietnamese reason staff can act on, and nothing is
written. With ``exact_layout`` a file is also refused when ruamel would not write all of it back
as it is, even where the edit does not reach.

``items`` builds on this to edit one item of a top-level list on its own lines.

The API is meant for every edit of a staff file::

    def mutate(data: CommentedMap) -> None:
        set_key(data["results"][0], "value", 3, order=("indicator", "value", "note"))

    changed = edit_yaml(path, mutate, validate=lambda text: ...)
"""

from __future__ import annotations

import difflib
import io
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from generator.fsutil import atomic_write_bytes
from generator.load.yamlsource import parse_yaml

Mutate = Callable[[Any], None]
Validate = Callable[[str], None]

_BOM = "\ufeff"
_NOT_CONTENT = (pyyaml.StreamStartToken, pyyaml.StreamEndToken, pyyaml.BlockEndToken)
_DIRECTIVE = "%YAML 1.1\n---\n"
_NOT_A_MAPPING = "tệp không phải nhóm trường viết theo dòng (tên: giá trị)"
_UNUSUAL_LAYOUT = (
    "tệp có cách viết mà trình sửa không giữ nguyên được (thụt lề lạ, dòng gộp); "
    "hãy sửa tệp này bằng trình soạn thảo văn bản"
)
__all__ = [
    "CommentedMap",
    "CommentedSeq",
    "EditRefused",
    "delete_key",
    "edit_text",
    "edit_yaml",
    "insert_item",
    "set_key",
    "set_keys",
    "yaml_value",
]


class EditRefused(Exception):
    """The file cannot be edited without changing what staff wrote (a Vietnamese reason, and
    the line it is about, 0 when none)."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def edit_yaml(path: Path, mutate: Mutate, *, validate: Validate | None = None) -> bool:
    """Apply ``mutate`` to the YAML file ``path``; True if the file changed (and was written).

    A file the edit leaves as it was is not written at all (its mtime stays). ``validate``
    gets the new text before the file is replaced and raises to refuse it. The file is replaced
    atomically. Raises EditRefused when the edit cannot keep the file's text (see module doc).
    """
    old = read_text(path)
    new = edit_text(old, mutate)
    if new == old:
        return False
    if validate is not None:
        validate(new)
    atomic_write_bytes(path, new.encode("utf-8"), durable=True)
    return True


def read_text(path: Path) -> str:
    """A staff file as text, byte order mark kept (so that writing it back keeps it)."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditRefused("tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8") from exc


def edit_text(text: str, mutate: Mutate, *, exact_layout: bool = False) -> str:
    """``text`` with ``mutate`` applied to its YAML tree (a mapping: a staff file always is
    one), every untouched line kept as it was. With ``exact_layout``, a file ruamel would not
    write back exactly as it is (lists indented two ways, folded lines) is refused outright."""
    bom = _BOM if text.startswith(_BOM) else ""
    body = text.removeprefix(bom)
    final_newline = body.endswith("\n") or not body
    if not final_newline:
        body += "\n"
    yaml = _yaml(body)
    try:
        data = yaml.load(body.replace("\r\n", "\n"))
        if data is None and _holds_nothing(body):
            filled = _fill_blank(body, yaml, mutate)
            if filled is None:
                return text
            if not final_newline:
                filled = filled[:-2] if filled.endswith("\r\n") else filled[:-1]
            return bom + filled
        base = _dump(yaml, data)
        if not isinstance(data, CommentedMap):
            raise EditRefused(_NOT_A_MAPPING)
        if exact_layout and "".join(base) != body.replace("\r\n", "\n"):
            raise EditRefused(_UNUSUAL_LAYOUT)
        mutate(data)
        new = _dump(yaml, data)
    except YAMLError as exc:
        raise EditRefused("tệp có lỗi cú pháp YAML; hãy chạy «baocao check» và sửa trước") from exc
    if new == base:
        return text
    merged = _splice(_lines(body), base, new, _newline(body))
    _check_same_data(merged, new)
    _check_comments_kept(body, merged)
    if not final_newline and merged.endswith("\n"):
        merged = merged[:-2] if merged.endswith("\r\n") else merged[:-1]
    return bom + merged


def _holds_nothing(body: str) -> bool:
    """Only blank lines and comment lines: no YAML node at all (``~`` or ``---`` is one)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in body.splitlines())


def _fill_blank(body: str, yaml: YAML, mutate: Mutate) -> str | None:
    """``body`` (blank lines and comments only) with the keys ``mutate`` sets on an empty
    mapping written below it; None when it sets none. Every line of ``body`` stays above the
    keys, so a later edit (which places keys by their order) adds to them, never among the
    comments."""
    data = CommentedMap()
    mutate(data)
    if not data:
        return None
    new = _dump(yaml, data)
    newline = _newline(body)
    text = body + "".join(line.rstrip("\n") + newline for line in new)
    _check_same_data(text, new)
    _check_comments_kept(body, text)
    return text


def new_text(fill: Mutate) -> str:
    """The text of a new file: an empty mapping given ``fill``, written in block style as the
    project's templates write (nothing to keep, so no splice)."""
    data = CommentedMap()
    fill(data)
    return "".join(_dump(_yaml(""), data))


def yaml_value(value: object) -> object:
    """A model value as ruamel writes it: a Decimal becomes an int or a float that reads back
    as the same number, a plain dict a mapping on one line (``{start: 2.0, end: 10.5}``);
    anything else is kept."""
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        flow = CommentedMap(value)
        flow.fa.set_flow_style()
        return flow
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        number = float(value)
        if Decimal(repr(number)) != value:
            raise EditRefused(f"số {value} có quá nhiều chữ số để ghi chính xác")
        return number
    return value


def set_keys(mapping: CommentedMap, values: dict[str, object], order: Sequence[str] = ()) -> None:
    """``set_key`` for each of ``values``; a None value removes its key (``delete_key``)."""
    for key, value in values.items():
        if value is None:
            delete_key(mapping, key)
        else:
            set_key(mapping, key, value, order=order)


def set_key(mapping: CommentedMap, key: str, value: object, *, order: Sequence[str] = ()) -> None:
    """Set ``mapping[key]``; a value equal to the one there is left as it is written, a string
    keeps the quoting of the string it replaces. A new key is placed after the keys that precede
    it in ``order`` (none there: before those that follow it; a key not in ``order``: at the
    end); a new scalar takes over the comment lines that followed the previous key, so they stay
    above what came next. A changed ``visibility`` loses the comment after it on its line when
    that comment described the old level (see ``_drop_stale_comment``)."""
    value = yaml_value(value)
    if key in mapping:
        old = mapping[key]
        if _same(old, value):
            return
        if isinstance(old, ScalarString) and isinstance(value, str):
            value = type(old)(value)
        mapping[key] = value
        if key == "visibility":
            _drop_stale_comment(mapping, key)
        return
    keys = list(mapping.keys())
    position = len(keys)
    if key in order:
        rank = order.index(key)
        before = [i + 1 for i, k in enumerate(keys) if k in order[:rank]]
        after = [i for i, k in enumerate(keys) if k in order[rank + 1 :]]
        position = max(before) if before else min(after, default=len(keys))
    mapping.insert(position, key, value)
    if position > 0 and not isinstance(value, CommentedMap | CommentedSeq):
        # (a collection's comment would be written between its key and its first item)
        # (last in the mapping: comment lines at its keys' column end it, and stay above)
        _move_trailing(mapping, keys[position - 1], key, own_kept=position == len(keys))


_LEVELS = ("public", "internal", "restricted")


def _drop_stale_comment(mapping: CommentedMap, key: str) -> None:
    """Remove the comment after ``mapping[key]``'s value on its own line, unless it names every
    level (the scaffold's key «công khai: public | nội bộ: internal | hạn chế: restricted» stays
    true whatever the value). Any other such comment was written about the old level, e.g.
    «# nội bộ; ghi public khi ảnh được phép công khai» beside ``internal``, and would now say
    the wrong thing. The comment lines below the key are kept."""
    token = _trailing_token(mapping, key)
    if token is None or not token.value.startswith("#") or not _inline(mapping, key, token):
        return
    comment, _, below = token.value.partition("\n")
    if all(level in comment for level in _LEVELS):
        return
    if below:
        token.value = "\n" + below
    else:
        mapping.ca.items[key][2] = None


def _same(old: object, new: object) -> bool:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        return dict(old) == dict(new)
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return old == new and type(old) is type(new)


def insert_item(items: CommentedSeq, index: int, item: CommentedMap) -> None:
    """Insert ``item`` (a mapping with at least one key) at ``index``; the comment lines below
    the item before it move below the new one, so they stay above whatever came next."""
    items.insert(index, item)
    previous = items[index - 1] if index > 0 else None
    if isinstance(previous, CommentedMap) and previous and item:
        _move_trailing(previous, list(previous)[-1], list(item)[-1], into=item)


def delete_key(mapping: CommentedMap, key: str) -> None:
    """Remove ``mapping[key]``; the comment lines below it move to the key above it."""
    if key not in mapping:
        return
    keys = list(mapping.keys())
    index = keys.index(key)
    if index > 0:
        _move_trailing(mapping, key, keys[index - 1])
    mapping.ca.items.pop(key, None)
    del mapping[key]


def _move_trailing(
    mapping: CommentedMap,
    source: str,
    target: str,
    into: CommentedMap | None = None,
    *,
    own_kept: bool = False,
) -> None:
    """Move the comment lines and blank lines below ``source``'s value to the end of those
    below ``target``'s, in ``into`` (default: the same mapping). A comment on the value's own
    line stays with it; with ``own_kept``, so do the comment lines right below it that are
    indented at least as far as ``source`` itself (they are the mapping's own)."""
    into = mapping if into is None else into
    token = _trailing_token(mapping, source)
    if token is None:
        return
    text = token.value
    if text.startswith("#") and _inline(mapping, source, token):
        first, _, rest = text.partition("\n")
        kept = first + "\n"
    elif text.startswith("#"):  # below a block scalar: the comment starts a line of its own
        rest, kept = " " * token.start_mark.column + text, ""
    else:
        rest, kept = text.partition("\n")[2], "\n"
    column = _key_column(mapping, source) if own_kept and kept else None
    if column is not None:
        lines = rest.splitlines(keepends=True)
        while lines and lines[0].lstrip(" ").startswith("#") and _indent_of(lines[0]) >= column:
            kept += lines.pop(0)
        rest = "".join(lines)
    if not rest:
        return
    if kept:
        token.value = kept
    else:
        mapping.ca.items[source][2] = None
    target_token = _trailing_token(into, target)
    if target_token is not None:
        target_token.value = target_token.value + rest
        return
    block = isinstance(into.get(target), LiteralScalarString | FoldedScalarString)
    slot = into.ca.items.setdefault(target, [None, None, None, None])
    slot[2] = CommentToken(rest if block else "\n" + rest, CommentMark(0), None)


def _inline(mapping: CommentedMap, key: str, token: CommentToken) -> bool:
    """Whether ``token`` starts on the line of ``key`` (a comment after its value)."""
    try:
        return bool(token.start_mark.line == mapping.lc.key(key)[0])
    except (AttributeError, KeyError, TypeError):
        return True  # a key added by an edit: its comment was put after its value


def _key_column(mapping: CommentedMap, key: str) -> int | None:
    try:
        return int(mapping.lc.key(key)[1])
    except (AttributeError, KeyError, TypeError):
        return None


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _trailing_token(mapping: CommentedMap, key: str) -> CommentToken | None:
    slot = mapping.ca.items.get(key)
    if not slot or len(slot) < 3 or not isinstance(slot[2], CommentToken):
        return None
    return slot[2]


def _yaml(text: str) -> YAML:
    """A round-trip YAML that reads and writes like PyYAML (YAML 1.1: ``yes`` is a boolean, so
    a new ``"yes"`` is quoted), keeps quotes and never wraps long lines."""
    yaml = YAML(typ="rt")
    yaml.version = (1, 1)
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    try:
        _, indent, offset = load_yaml_guess_indent(text.replace("\r\n", "\n"))
    except YAMLError:
        indent, offset = None, None
    if offset is None:  # no block list yet: new ones as the project's templates write them
        mapping = indent or 2
        yaml.indent(mapping=mapping, sequence=mapping + 2, offset=2)
    else:  # as the file's first block list: item content column, dash column
        yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> list[str]:
    out = io.StringIO()
    yaml.dump(data, out)
    return _lines(out.getvalue().removeprefix(_DIRECTIVE))


def _lines(text: str) -> list[str]:
    """Lines split at "\n" only (``str.splitlines`` would also split at U+2028 and others)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _newline(text: str) -> str:
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def _splice(original: list[str], base: list[str], new: list[str], newline: str) -> str:
    """The original lines with the changes from ``base`` (ruamel's output of the unedited
    tree) to ``new`` (of the edited tree) applied where ``base`` matches the original."""
    plain = [line.rstrip("\r\n") for line in original]
    base_plain = [line.rstrip("\n") for line in base]
    where: dict[int, int] = {}  # base line -> original line, where they are the same text
    matcher = difflib.SequenceMatcher(None, base_plain, plain, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            where[block.a + k] = block.b + k
    edits: list[tuple[int, int, list[str]]] = []
    changes = difflib.SequenceMatcher(None, base_plain, [ln.rstrip("\n") for ln in new], False)
    for tag, i1, i2, j1, j2 in changes.get_opcodes():
        if tag == "equal":
            continue
        lines = [ln.rstrip("\n") + newline for ln in new[j1:j2]]
        if i2 - i1 == j2 - j1:  # lines rewritten one for one: their comments stay where they were
            lines = [_keep_gap(base_plain[i1 + k], ln) for k, ln in enumerate(lines)]
        if i1 == i2:  # an insertion: after the line above it, or before the line below it
            if i1 - 1 in where:
                start = where[i1 - 1] + 1
            elif i1 in where or i1 == len(base):
                start = where.get(i1, len(original))
            else:
                raise _unspliceable(original, i1, where)
            edits.append((start, start, lines))
            continue
        first = where.get(i1)
        if first is None or [where.get(k) for k in range(i1, i2)] != list(
            range(first, first + i2 - i1)
        ):
            raise _unspliceable(original, i1, where)
        edits.append((first, first + i2 - i1, lines))
    result = list(original)
    for start, end, lines in sorted(edits, reverse=True):
        result[start:end] = lines
    return "".join(result)


def _keep_gap(base: str, new: str) -> str:
    """``new`` with the spaces before its end-of-line comment as in ``base`` when both end with
    the same comment (ruamel keeps the comment's column, so a longer value eats into the gap)."""
    if "#" not in base:
        return new
    was, now = _comment_split(base), _comment_split(new)
    if was is None or now is None or was[2] != now[2].rstrip("\r\n"):
        return new
    return now[0] + was[1] + now[2]


def _comment_split(line: str) -> tuple[str, str, str] | None:
    """(content, spaces, comment with line end) of a line ending with a comment, as the YAML
    scanner finds where the content ends (a "#" inside a quoted value is no comment)."""
    try:
        tokens = list(pyyaml.scan(line, Loader=pyyaml.SafeLoader))
    except pyyaml.YAMLError:
        return None
    ends = [t.end_mark.index for t in tokens if not isinstance(t, _NOT_CONTENT)]
    if not ends:
        return None
    content, rest = line[: max(ends)], line[max(ends) :]
    comment = rest.lstrip(" ")
    if not comment.startswith("#") or comment == rest:
        return None
    return content, rest[: len(rest) - len(comment)], comment


def _unspliceable(original: list[str], base_line: int, where: dict[int, int]) -> EditRefused:
    above = max((b for b in where if b <= base_line), default=None)
    near = 1 if above is None else where[above] + (base_line - above) + 1
    near = min(near, len(original))
    return EditRefused(
        "không sửa được chỗ này mà vẫn giữ nguyên cách trình bày của tệp (thụt lề hoặc cách "
        "viết khác thường); hãy sửa tay tệp này",
        near,
    )


def _check_same_data(merged: str, new: list[str]) -> None:
    got, got_problems = parse_yaml(merged.replace("\r\n", "\n"), "")
    want, _ = parse_yaml("".join(new), "")
    if got is None or got_problems or want is None or got.data != want.data:
        raise EditRefused(
            "không ghép được thay đổi vào tệp mà vẫn giữ nguyên các dòng khác; hãy sửa tay tệp này"
        )


def _check_comments_kept(original: str, merged: str) -> None:
    def comments(text: str) -> Counter[str]:
        return Counter(ln.strip() for ln in text.splitlines() if ln.strip().startswith("#"))

    lost = comments(original) - comments(merged)
    if lost:
        first = next(iter(lost))
        raise EditRefused(f"sửa tệp sẽ làm mất dòng ghi chú «{first}»; hãy sửa tay tệp này")
