"""YAML files read with the position of every key and value, for ``path:line:col`` messages.

PyYAML composes a node tree whose marks give each node's line and column; we construct plain
data from it ourselves so that we can (a) remember where each key and value stands, (b) reject
duplicate keys, which PyYAML would silently resolve by keeping the last one, and (c) normalise
every string to NFC the moment it is read.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from generator.errors import Problem, Severity
from generator.model.limits import (
    MAX_YAML_ALIASES,
    MAX_YAML_BYTES,
    MAX_YAML_NESTING,
    MAX_YAML_VALUES,
    YAML_TOO_DEEP,
    YAML_TOO_MANY_ALIASES,
    YAML_TOO_MANY_VALUES,
    file_too_large,
)

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line, column

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Byte-order marks of the encodings Notepad calls «Unicode» (UTF-16) and their UTF-32 kin.
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF16 = (
    "tệp được lưu dạng «Unicode» (UTF-16); hãy mở tệp, chọn Lưu thành (Save As), "
    "mục Mã hóa chọn «UTF-8» rồi lưu lại"
)
NOT_UTF8 = "tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8"
NUL_BYTES = (
    "tệp chứa ký tự NUL: có lẽ được lưu dạng «Unicode» (UTF-16) không có dấu BOM; "
    "hãy mở tệp và lưu lại với mã hóa UTF-8"
)

_SYNTAX_HINTS = {
    "could not find expected ':'": "thiếu dấu «:» sau tên trường",
    "mapping values are not allowed": (
        "dấu «:» không đúng chỗ; nếu giá trị có dấu hai chấm, hãy đặt nó trong dấu ngoặc kép"
    ),
    "found character '\\t' that cannot start any token": (
        "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề"
    ),
    "did not find expected ',' or ']'": "thiếu dấu «]» đóng danh sách, hoặc thiếu dấu phẩy",
    "did not find expected ',' or '}'": "thiếu dấu «}» đóng nhóm, hoặc thiếu dấu phẩy",
    "while scanning a quoted scalar": "dấu ngoặc kép chưa được đóng",
    "found unknown escape character": "ký tự «\\» không hợp lệ trong chuỗi ngoặc kép; dùng ngoặc đơn",
    "found a tab character": "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề",
    "found undefined alias": "tham chiếu (*alias) chưa được định nghĩa",
    "expected <block end>, but found '-'": "thụt lề không đều: gạch đầu dòng «-» lệch cột",
    "expected <block end>, but found '<block mapping start>'": "thụt lề không đều",
    "found unexpected end of stream": "tệp kết thúc khi dấu ngoặc kép hoặc ngoặc chưa đóng",
    "expected a single document in the stream": "tệp chứa nhiều tài liệu YAML (dấu «---»); chỉ được một",
    "exceeded maximum nesting depth": YAML_TOO_DEEP,
}


@dataclass
class SourceFile:
    """One content file as read: its data and where each part of it stands."""

    path: str  # relative to the project, POSIX
    data: Any = None
    keys: dict[Loc, Position] = field(default_factory=dict)
    values: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of ``loc``, or of its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            prefix = tuple(loc[:end])
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def problem(
        self,
        loc: Loc,
        message: str,
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, message, severity)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_text(
    file: Path, rel: str, limit: int = MAX_YAML_BYTES
) -> tuple[str | None, list[Problem]]:
    """Read a text file as NFC with ``\n`` line ends, or say why it cannot be read.

    UTF-8 is read with or without the BOM Notepad and Word write; CRLF and lone CR line ends
    become LF, so line numbers stay those an editor shows. Anything else is a problem, never a
    guess: a file larger than ``limit``, UTF-16/32 (Notepad's «Unicode»: the commands that
    add to content files write UTF-8 only), NUL bytes (UTF-16 without a BOM), bytes that are
    not UTF-8.
    """
    try:
        size = file.stat().st_size
        if size > limit:
            return None, [Problem(rel, 0, 0, file_too_large(size, limit))]
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, 0, 0, f"không đọc được tệp ({exc.strerror})")]
    return decode_text(raw, rel, limit)


def decode_text(
    raw: bytes, rel: str, limit: int = MAX_YAML_BYTES
) -> tuple[str | None, list[Problem]]:
    """``read_text`` for bytes already read (or about to be written)."""
    if len(raw) > limit:  # also: the file grew while it was read
        return None, [Problem(rel, 0, 0, file_too_large(len(raw), limit))]
    if raw.startswith(_WIDE_BOMS):
        return None, [Problem(rel, 1, 1, UTF16)]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(rel, line, 1, NUL_BYTES)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, 1, NOT_UTF8)]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text), []


def parse_yaml(text: str, rel: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse YAML text; returns the source file or the problems that prevented reading it."""
    source = SourceFile(rel)
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            source.data = _construct(loader, node, (), source, problems, _Budget())
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(rel, exc)]
    except yaml.YAMLError as exc:  # errors without a mark
        return None, [Problem(rel, 1, 1, f"cú pháp YAML không hợp lệ ({exc})")]
    except _LimitExceeded as exc:
        return None, [Problem(rel, *exc.position, exc.message)]
    except RecursionError:  # nesting beyond what the composer itself can follow
        return None, [Problem(rel, 1, 1, YAML_TOO_DEEP)]
    finally:
        loader.dispose()
    # Duplicate keys are reported, but the rest of the file is still checked (first value kept).
    return source, problems


def read_yaml(file: Path, rel: str) -> tuple[SourceFile | None, list[Problem]]:
    text, problems = read_text(file, rel)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


def _syntax_problem(rel: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    hint = next((v for k, v in _SYNTAX_HINTS.items() if problem.startswith(k)), None)
    if hint is None:
        context = (exc.context or "").strip()
        hint = next((v for k, v in _SYNTAX_HINTS.items() if context.startswith(k)), None)
    message = f"lỗi cú pháp YAML: {hint}" if hint else f"lỗi cú pháp YAML ({problem})"
    return Problem(rel, line, column, message)


def _mark(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _LimitExceeded(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.position = _mark(node)
        self.message = message


@dataclass
class _Budget:
    """What a file has spent of the structure limits while it is constructed."""

    depth: int = 0
    values: int = 0
    aliases: int = 0
    seen: set[int] = field(default_factory=set)

    def spend(self, node: yaml.Node) -> None:
        self.values += 1
        if self.values > MAX_YAML_VALUES:
            raise _LimitExceeded(node, YAML_TOO_MANY_VALUES)
        if self.depth > MAX_YAML_NESTING:
            raise _LimitExceeded(node, YAML_TOO_DEEP)
        if isinstance(node, yaml.ScalarNode):
            return
        # An alias (*name) composes to the very node its anchor (&name) marked.
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise _LimitExceeded(node, YAML_TOO_MANY_ALIASES)
        self.seen.add(id(node))


def _construct(
    loader: Any,
    node: yaml.Node,
    loc: Loc,
    source: SourceFile,
    problems: list[Problem],
    budget: _Budget,
) -> Any:
    budget.spend(node)
    source.values[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, loc, source, problems, budget)
    if isinstance(node, yaml.SequenceNode):
        budget.depth += 1
        items = [
            _construct(loader, item, (*loc, index), source, problems, budget)
            for index, item in enumerate(node.value)
        ]
        budget.depth -= 1
        return items
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError:
        raise
    except (ValueError, OverflowError, TypeError):
        # e.g. the date 2021-02-30: keep the text, and let validation say what is wrong with it
        value = str(node.value)
    return nfc(value) if isinstance(value, str) else value


def _construct_mapping(
    loader: Any,
    node: yaml.MappingNode,
    loc: Loc,
    source: SourceFile,
    problems: list[Problem],
    budget: _Budget,
) -> dict[Any, Any]:
    budget.depth += 1
    result: dict[Any, Any] = {}
    first_seen: dict[Any, Position] = {}
    for key_node, value_node in node.value:
        key = _construct(loader, key_node, (*loc, "<key>"), source, problems, budget)
        if not isinstance(key, Hashable):  # a list or a mapping written as a key
            problems.append(Problem(source.path, *_mark(key_node), "tên trường không hợp lệ"))
            continue
        if key in first_seen:
            line, _ = first_seen[key]
            problems.append(
                Problem(
                    source.path,
                    *_mark(key_node),
                    f"trường «{key}» bị lặp lại (đã có ở dòng {line}); "
                    "hãy giữ một và xóa bản còn lại",
                )
            )
            continue
        first_seen[key] = _mark(key_node)
        # Loc names keys as pydantic does (str | int); a YAML key may be another scalar (a
        # date, a float, null), which a loc only ever compares for equality, never reads.
        key_loc = cast(Loc, (*loc, key))
        source.keys[key_loc] = _mark(key_node)
        result[key] = _construct(loader, value_node, key_loc, source, problems, budget)
    source.values.pop((*loc, "<key>"), None)
    budget.depth -= 1
    return result
