"""The studio's accounts: ``.baocao/accounts.json``, one JSON file written whole.

Each account has a name, a role, the units a ``don-vi`` account works for, a ``restricted`` flag
(may see restricted material) and a ``disabled`` flag; its password is kept only as an argon2id
hash, in the store's record, never in ``Account`` (so never in a repr, a log or a template).

The file is written atomically (a 0600 temporary file beside it, fsync, rename) under a lock
that other processes honour too, so two ``baocao users add`` never lose one another's account.
A file that cannot be read with certainty is an error at its path (exit 1): the store fails
closed and never takes a damaged file for an empty one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import BaocaoError, InputError, Problem
from generator.fsutil import environment_errors
from generator.office import exclusive_lock, state_dir
from generator.text import slug


class Role(StrEnum):
    UNIT = "don-vi"
    OFFICE = "van-phong"
    LEADERSHIP = "lanh-dao"
    ADMIN = "quan-tri"


ROLE_LABELS: dict[Role, str] = {
    Role.UNIT: "Đơn vị",
    Role.OFFICE: "Văn phòng",
    Role.LEADERSHIP: "Lãnh đạo",
    Role.ADMIN: "Quản trị",
}


class Account(BaseModel):
    """One account as everyone else sees it: no password hash here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: Role
    units: tuple[str, ...] = ()
    restricted: bool = False
    disabled: bool = False


ACCOUNTS_FILE = ".baocao/accounts.json"
"""The account store, relative to the project root."""
LOCK_NAME = "accounts.lock"  # beside the store: the store itself is replaced, never locked

NAME_PATTERN = re.compile(r"[a-z0-9.-]{3,40}")
MIN_PASSWORD_LENGTH = 10
FORMAT_VERSION: Literal[1] = 1

# Where the CLI's arguments are named in problems (the studio shows only the message).
NAME_ARG = "TÊN"
ROLE_ARG = "--role"
UNIT_ARG = "--unit"
PASSWORD_ARG = "--password-stdin"

_HASHER = PasswordHasher()  # argon2id, argon2-cffi's default (RFC 9106 low-memory) parameters
_HASHING = threading.BoundedSemaphore(2)
"""At most two hashes at once (64 MiB each): 25 people logging in together queue for a moment
instead of taking 1,6 GiB of memory."""

# A hash of a random string nobody knows, with the default parameters: a login under an unknown
# name is checked against it, so it takes as long as one under a real name.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$ccYTCUYjvn8sFFSebCeEXQ$"
    "leBkNkZrsTV0RLzjKB4naXCIYab/63Q59ztvpq0MLO8"
)


class _Record(BaseModel):
    """One account as stored: the account and its password hash. Every field is required:
    a field left out of the file is not taken to be its default (fail closed)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    name: str
    role: Role
    units: tuple[str, ...]
    restricted: bool
    disabled: bool
    password_hash: str = Field(repr=False)

    def account(self) -> Account:
        return Account(
            name=self.name,
            role=self.role,
            units=self.units,
            restricted=self.restricted,
            disabled=self.disabled,
        )


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    accounts: tuple[_Record, ...]


class AccountStore:
    """The accounts of the project at ``root``, as the file on disk holds them at each call
    (another process may have changed it). ``get`` and ``accounts`` — the studio asks ``get``
    for every request — parse the file again only when it is not the file they last parsed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / ACCOUNTS_FILE
        self._parsed: tuple[_FileKey, tuple[_Record, ...]] | None = None

    # --- reading ---------------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        """Every account, sorted by name."""
        return [r.account() for r in self._current()]

    def get(self, name: str) -> Account | None:
        record = self._record(self._current(), _nfc(name))
        return record.account() if record else None

    def has_admin(self) -> bool:
        """True when an enabled ``quan-tri`` account exists."""
        return any(r.role is Role.ADMIN and not r.disabled for r in self._read())

    def verify(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password and it is enabled, else None.

        An unknown name is checked against a dummy hash, and a disabled account's password is
        checked too, so the time taken does not tell which names exist. A hash made with older
        parameters is replaced by one with the current parameters. The name is taken without
        surrounding spaces and in lower case (phones capitalise the first letter typed); names
        are lower case, so this never picks another account.
        """
        password = _nfc(password)
        record = self._record(self._read(), _nfc(name).strip().lower())
        if record is None:
            _matches(_DUMMY_HASH, password)
            return None
        if not _matches(record.password_hash, password) or record.disabled:
            return None
        if _HASHER.check_needs_rehash(record.password_hash):
            # Only a better hash of the same password: a failure leaves the old one working.
            with contextlib.suppress(BaocaoError, OSError):
                self._rehash(record, _HASHER.hash(password))
        return record.account()

    # --- changing --------------------------------------------------------------------------

    def add(
        self,
        name: str,
        role: Role,
        password: str,
        *,
        units: Sequence[str] = (),
        restricted: bool = False,
    ) -> Account:
        """Create an account; InputError (every problem at once) when the name is taken or
        not valid, the units do not fit the role or the password is too short."""
        name = _nfc(name)
        role = Role(role)
        password = _nfc(password)
        unit_ids = tuple(dict.fromkeys(_nfc(u) for u in units))
        problems = [*_name_problems(name), *self._unit_problems(role, unit_ids)]
        problems += _password_problems(password)
        if not problems and self._record(self._read(), name) is not None:
            problems.append(_taken(name))
        if problems:
            raise InputError(problems)
        new = _Record(
            name=name,
            role=role,
            units=unit_ids,
            restricted=restricted,
            disabled=False,
            password_hash=_HASHER.hash(password),  # slow: outside the lock
        )
        with self._locked():
            records = self._read()
            if self._record(records, name) is not None:  # added meanwhile by someone else
                raise InputError(_taken(name))
            self._write([*records, new])
        return new.account()

    def disable(self, name: str) -> Account:
        """Disable (lock) an account; it stays in the store, and in the audit trail."""
        with self._locked():
            records = self._read()
            record = self._existing(records, name)
            changed = record.model_copy(update={"disabled": True})
            self._write([changed if r is record else r for r in records])
        return changed.account()

    def reset(self, name: str, password: str) -> Account:
        """Give an account a new password; a disabled account stays disabled."""
        password = _nfc(password)
        self._existing(self._read(), name)
        if problems := _password_problems(password):
            raise InputError(problems)
        password_hash = _HASHER.hash(password)
        with self._locked():
            records = self._read()
            record = self._existing(records, name)
            changed = record.model_copy(update={"password_hash": password_hash})
            self._write([changed if r is record else r for r in records])
        return changed.account()

    # --- the file ----------------------------------------------------------------------------

    def _current(self) -> tuple[_Record, ...]:
        """The records as ``_read`` gives them, the last parse kept while the file is the same
        one: same inode, size, mtime and ctime — every write replaces the file (a new inode),
        and one made within the file system's clock tick of the last parse is never trusted
        (``SETTLED_NS``). A disabled account is refused from the very next request on."""
        with environment_errors("đọc tệp tài khoản"):
            try:
                st = os.stat(self.path)
            except FileNotFoundError:
                return ()
            parsed = self._parsed
            if parsed is not None and parsed[0] == _key(st):
                return parsed[1]
            try:
                with open(self.path, "rb") as stream:
                    st = os.fstat(stream.fileno())  # the very file read: never an older key
                    data = stream.read()
            except FileNotFoundError:
                return ()
        records = tuple(sorted(_parse(data), key=lambda r: r.name))
        if max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - SETTLED_NS:
            self._parsed = (_key(st), records)
        return records

    def _read(self) -> list[_Record]:
        with environment_errors("đọc tệp tài khoản"):
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                return []
        return sorted(_parse(data), key=lambda r: r.name)

    def _write(self, records: Sequence[_Record]) -> None:
        stored = _File(
            version=FORMAT_VERSION, accounts=tuple(sorted(records, key=lambda r: r.name))
        )
        text = json.dumps(stored.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
        with environment_errors("ghi tệp tài khoản"):
            _write_private(self.path, text.encode("utf-8"))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with (
            environment_errors("ghi tệp tài khoản"),
            exclusive_lock(state_dir(self.root) / LOCK_NAME),
        ):
            yield

    def _rehash(self, old: _Record, password_hash: str) -> None:
        with self._locked():
            records = self._read()
            current = self._record(records, old.name)
            if current is None or current.password_hash != old.password_hash:
                return  # reset or removed meanwhile: that change wins
            changed = current.model_copy(update={"password_hash": password_hash})
            self._write([changed if r is current else r for r in records])

    @staticmethod
    def _record(records: Sequence[_Record], name: str) -> _Record | None:
        return next((r for r in records if r.name == name), None)

    def _existing(self, records: Sequence[_Record], name: str) -> _Record:
        record = self._record(records, _nfc(name))
        if record is None:
            known = ", ".join(r.name for r in records) or "chưa có tài khoản nào"
            raise InputError(
                Problem(NAME_ARG, message=f"không có tài khoản «{name}» (hiện có: {known})")
            )
        return record

    def _unit_problems(self, role: Role, units: tuple[str, ...]) -> list[Problem]:
        if role is not Role.UNIT:
            if units:
                return [
                    Problem(
                        UNIT_ARG,
                        message=f"vai trò {role} ({ROLE_LABELS[role]}) không gắn với đơn vị "
                        f"nào; bỏ {UNIT_ARG}, chỉ tài khoản {Role.UNIT} mới cần",
                    )
                ]
            return []
        if not units:
            return [
                Problem(
                    UNIT_ARG,
                    message=f"tài khoản {Role.UNIT} ({ROLE_LABELS[Role.UNIT]}) cần ít nhất một "
                    f"đơn vị: thêm {UNIT_ARG} MÃ_ĐƠN_VỊ (mã trong content/units.yml)",
                )
            ]
        from generator.workflow.registry import read_registry  # reads content/ only when needed

        known = [u.id for u in read_registry(self.root).units]
        return [
            Problem(
                UNIT_ARG,
                message=f"không có đơn vị «{unit}» trong content/units.yml "
                f"(các mã hợp lệ: {', '.join(known)})",
            )
            for unit in units
            if unit not in known
        ]


_FileKey = tuple[int, int, int, int, int]
SETTLED_NS = 2_000_000_000
"""A parse is kept only for a file whose times are this much older than the moment it was read:
a change within the same tick of the file system's clock can leave them as they were."""


def _key(st: os.stat_result) -> _FileKey:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


# --- checks ----------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _name_problems(name: str) -> list[Problem]:
    if NAME_PATTERN.fullmatch(name):
        return []
    suggestion = slug(name, ".", drop_foreign=True)[:40]
    example = suggestion if NAME_PATTERN.fullmatch(suggestion) else "nguyen.van.a"
    return [
        Problem(
            NAME_ARG,
            message=f"tên tài khoản «{name}» không hợp lệ: chỉ dùng chữ thường không dấu, chữ "
            f"số, dấu chấm và gạch nối, dài từ 3 đến 40 ký tự (ví dụ {example})",
        )
    ]


def _password_problems(password: str) -> list[Problem]:
    if len(password) >= MIN_PASSWORD_LENGTH:
        return []
    return [
        Problem(
            PASSWORD_ARG,
            message=f"mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD_LENGTH} ký tự "
            f"(mật khẩu vừa nhập có {len(password)} ký tự)",
        )
    ]


def _taken(name: str) -> Problem:
    return Problem(NAME_ARG, message=f"đã có tài khoản «{name}»; hãy chọn tên khác")


def _matches(password_hash: str, password: str) -> bool:
    try:
        with _HASHING:
            return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- reading and writing the file ------------------------------------------------------------


def _problem(message: str, line: int = 0, column: int = 0) -> InputError:
    return InputError(
        Problem(
            ACCOUNTS_FILE,
            line,
            column,
            f"không đọc được chắc chắn tệp tài khoản ({message}); studio và lệnh «baocao users» "
            "không dùng tệp này cho đến khi nó được sửa hoặc khôi phục từ bản sao lưu",
        )
    )


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"trường «{key}» ghi hai lần")
        seen[key] = value
    return seen


def _parse(data: bytes) -> list[_Record]:
    """The records of the file's bytes, or InputError: nothing is guessed."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise _problem("tệp bắt đầu bằng dấu BOM; baocao ghi tệp này không có BOM", 1, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _problem("tệp không phải văn bản UTF-8") from None
    try:
        json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        raise _problem(f"JSON hỏng: {error.msg}", error.lineno, error.colno) from None
    except ValueError as error:
        raise _problem(str(error)) from None
    try:
        stored = _File.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "toàn tệp"
        raise _problem(f"sai cấu trúc ở {where}: {_type_message(first['type'])}") from None
    names: set[str] = set()
    for index, record in enumerate(stored.accounts):
        where = f"accounts.{index}"
        if not NAME_PATTERN.fullmatch(record.name):
            raise _problem(f"tên tài khoản «{record.name}» ở {where} không hợp lệ")
        if record.name in names:
            raise _problem(f"tài khoản «{record.name}» có hai lần")
        names.add(record.name)
        if (record.role is Role.UNIT) != bool(record.units):
            raise _problem(f"đơn vị của tài khoản «{record.name}» không khớp vai trò {record.role}")
        if not record.password_hash.startswith("$argon2id$"):
            raise _problem(f"mật khẩu của tài khoản «{record.name}» không phải mã băm argon2id")
    return list(stored.accounts)


def _type_message(kind: str) -> str:
    return {
        "missing": "thiếu trường bắt buộc",
        "extra_forbidden": "trường không được biết",
        "literal_error": "phiên bản tệp không được hỗ trợ",
        "enum": "vai trò không hợp lệ",
    }.get(kind, "sai kiểu giá trị")


def _write_private(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically: a 0600 temporary file in the same folder,
    flushed to disk, renamed over ``target``, and the folder's entry flushed too."""
    folder = target.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):  # POSIX: make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
