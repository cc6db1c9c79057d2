"""The audit trail: ``.baocao/audit.jsonl``, one JSON object a line, only ever appended to.

Each line records when (UTC), what (``Kind``), who (an account name, or «(dòng lệnh)» for the
``baocao users`` commands), from where (the client's address) and details (strings only; never
a password). A line is written with one ``write`` on a file opened ``O_APPEND``, then flushed
to disk, under a lock shared by threads and processes; earlier lines are never rewritten.

A crash in the middle of an append can leave a last line cut short: reading skips it without
error. The next append starts on a new line and marks itself ``"follows_torn": true``, so that
cut line is skipped from then on as well. Any other line that cannot be read is an error at its
line (exit 1): the trail is not silently shortened.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.errors import InputError, Problem
from generator.fsutil import environment_errors
from generator.office import exclusive_lock, state_dir

AUDIT_FILE = ".baocao/audit.jsonl"
"""The audit trail, relative to the project root."""
LOCK_NAME = "audit.lock"

COMMAND_LINE = "(dòng lệnh)"
"""The ``account`` of entries written by the ``baocao users`` commands."""

_KEYS = {"at", "kind", "account", "address", "detail"}
_TORN_MARK = "follows_torn"


class Kind(StrEnum):
    LOGIN = "dang-nhap"
    LOGIN_REFUSED = "dang-nhap-bi-tu-choi"
    WRITE = "ghi"
    REFUSED = "bi-tu-choi"
    STATE = "trang-thai"
    ACCOUNT = "tai-khoan"


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime  # aware, UTC
    kind: Kind
    account: str
    address: str
    detail: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class AuditLog:
    """The audit trail of the project at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / AUDIT_FILE

    def append(self, kind: Kind, account: str, *, address: str = "", **detail: str) -> AuditEntry:
        """Add one entry, on disk before this returns; the entry written."""
        entry = AuditEntry(
            at=dt.datetime.now(dt.UTC),
            kind=Kind(kind),
            # str() again at run time: one value of another type would make the line unreadable
            account=_nfc(str(account)),
            address=_nfc(str(address)),
            detail=MappingProxyType({_nfc(k): _nfc(str(v)) for k, v in detail.items()}),
        )
        record: dict[str, Any] = {
            "at": entry.at.isoformat(),
            "kind": entry.kind.value,
            "account": entry.account,
            "address": entry.address,
            "detail": dict(entry.detail),
        }
        with (
            environment_errors("ghi nhật ký kiểm tra"),
            exclusive_lock(state_dir(self.root) / LOCK_NAME),
        ):
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                size = os.fstat(fd).st_size
                prefix = b""
                if size and _byte_at(fd, size - 1) != b"\n":
                    prefix = b"\n"  # a crash cut the last line short: start a new one
                    record[_TORN_MARK] = True
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                _write_all(fd, prefix + line.encode("utf-8") + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self, since: dt.date | None = None) -> list[AuditEntry]:
        """Every entry, oldest first; with ``since``, those from that day on (local time)."""
        with environment_errors("đọc nhật ký kiểm tra"):
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                return []
        lines = data.split(b"\n")
        complete = lines[-1] == b""
        if complete:
            lines.pop()
        parsed: list[tuple[AuditEntry, bool] | str] = [_parse_line(line) for line in lines]
        entries: list[AuditEntry] = []
        problems: list[Problem] = []
        for index, item in enumerate(parsed):
            if not isinstance(item, str):
                entries.append(item[0])
                continue
            is_torn_tail = index == len(parsed) - 1 and not complete
            following = parsed[index + 1] if index + 1 < len(parsed) else None
            marked_torn = isinstance(following, tuple) and following[1]
            if not (is_torn_tail or marked_torn):
                problems.append(Problem(AUDIT_FILE, index + 1, 0, item))
        if problems:
            raise InputError(problems)
        if since is not None:
            entries = [e for e in entries if e.at.astimezone().date() >= since]
        return entries


def describe(entry: AuditEntry) -> str:
    """One line for staff: local time, kind, account, address, details."""
    parts = [
        entry.at.astimezone().strftime("%Y-%m-%d %H:%M"),
        entry.kind.value,
        entry.account or "—",
        entry.address or "—",
    ]
    if entry.detail:
        parts.append(", ".join(f"{key}={value}" for key, value in entry.detail.items()))
    return " · ".join(_printable(part) for part in parts)


# --- helpers ----------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _printable(text: str) -> str:
    """``text`` on one line: control characters written as escapes (``\\n``), so a value
    cannot forge a line of its own."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _byte_at(fd: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)  # reads only: O_APPEND writes go to the end anyway
    return os.read(fd, 1)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _parse_line(raw: bytes) -> tuple[AuditEntry, bool] | str:
    """The entry of a line and whether it follows a torn line, or why it cannot be read."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "dòng này không phải một mục nhật ký đọc được (JSON hỏng hoặc không phải UTF-8)"
    if not isinstance(data, dict):
        return "dòng này không phải một mục nhật ký (cần một đối tượng JSON)"
    keys = set(data)
    if not keys.issuperset(_KEYS) or keys - _KEYS - {_TORN_MARK}:
        return "dòng này thiếu hoặc thừa trường so với một mục nhật ký"
    try:
        at = dt.datetime.fromisoformat(data["at"])
        kind = Kind(data["kind"])
    except (TypeError, ValueError):
        return "thời điểm hoặc loại của mục nhật ký không hợp lệ"
    detail = data["detail"]
    texts = [data["account"], data["address"]]
    if (
        at.tzinfo is None
        or not isinstance(detail, dict)
        or not all(isinstance(t, str) for t in [*texts, *detail.values()])
        or data.get(_TORN_MARK, True) is not True
    ):
        return "mục nhật ký có trường sai kiểu"
    entry = AuditEntry(
        at=at.astimezone(dt.UTC),
        kind=kind,
        account=data["account"],
        address=data["address"],
        detail=MappingProxyType(detail),
    )
    return entry, _TORN_MARK in data
