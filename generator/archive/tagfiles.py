"""Readers for a bag's tag files, by RFC 8493 (BagIt 1.0) and the drafts back to 0.93.

Each reader returns what it understood plus every problem found, with the file and line, so
``verify`` can report all at once. Stricter than bagit-python on purpose: bagit.txt must be
exactly the two declaration lines (``BagIt-Version : 1.0`` is refused), manifest lines must be
``CHECKSUM<whitespace>PATH`` with a checksum of the algorithm's length (no ``#`` comments),
and paths must stay inside the bag.

Read-only: nothing here writes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, Severity

ALGORITHMS: dict[str, int] = {
    "md5": 32,
    "sha1": 40,
    "sha224": 56,
    "sha256": 64,
    "sha384": 96,
    "sha512": 128,
}
"""Manifest algorithms verify can check, with their hex digest length. Anything else (sha3,
blake2, crc32…) cannot be checked here, and a bag that cannot be checked is refused."""

SUPPORTED_VERSIONS = {(0, 93), (0, 94), (0, 95), (0, 96), (0, 97), (1, 0)}
MANIFEST_NAME = re.compile(r"^(tag)?manifest-([^.]+)\.txt$")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_VERSION_LINE = re.compile(r"^BagIt-Version: ([0-9]+)\.([0-9]+)$")
_ENCODING_LINE = re.compile(r"^Tag-File-Character-Encoding: (\S+)$")
_MANIFEST_LINE = re.compile(r"^(\S+)[ \t]+(.+)$")
_FETCH_LINE = re.compile(r"^(\S+)[ \t]+([0-9]+|-)[ \t]+(.+)$")
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_PERCENT = re.compile(r"%(0[AaDd]|25)")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Declaration:
    version: tuple[int, int]
    encoding: str


@dataclass(frozen=True)
class Entry:
    """One manifest line: ``path`` is decoded (percent-encoding, ``./``), ``raw`` as written."""

    manifest: str
    line: int
    checksum: str
    path: str
    raw: str


@dataclass(frozen=True)
class FetchEntry:
    line: int
    url: str
    length: str
    path: str


class Findings:
    """Problems found while reading one bag, errors and warnings alike."""

    def __init__(self, bag: Path) -> None:
        self.bag = bag
        self.problems: list[Problem] = []

    def error(self, rel: str | None, message: str, line: int = 0) -> None:
        self._add(rel, message, line, Severity.ERROR)

    def warning(self, rel: str | None, message: str, line: int = 0) -> None:
        self._add(rel, message, line, Severity.WARNING)

    def has_errors(self) -> bool:
        return self.error_count() > 0

    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    def _add(self, rel: str | None, message: str, line: int, severity: Severity) -> None:
        where = str(self.bag) if rel is None else (self.bag / rel).as_posix()
        self.problems.append(Problem(_printable(where), line, 0, _printable(message), severity))


def _printable(text: str) -> str:
    """File names that are not UTF-8 reach Python as lone surrogates, which no terminal can
    print: show their bytes as U+FFFD instead of failing on them."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_declaration(bag: Path, found: Findings) -> Declaration | None:
    """bagit.txt: exactly ``BagIt-Version: M.N`` then ``Tag-File-Character-Encoding: ENC``."""
    raw = (bag / "bagit.txt").read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        found.error("bagit.txt", "tệp bắt đầu bằng dấu BOM; RFC 8493 cấm BOM trong bagit.txt.", 1)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        found.error("bagit.txt", f"không phải văn bản UTF-8 (byte {exc.start + 1}).", 1)
        return None
    lines = split_lines(text)
    if len(lines) != 2:
        found.error(
            "bagit.txt",
            f"phải có đúng 2 dòng (BagIt-Version rồi Tag-File-Character-Encoding), "
            f"tệp có {len(lines)} dòng.",
        )
        return None
    version = _VERSION_LINE.match(lines[0])
    encoding = _ENCODING_LINE.match(lines[1])
    if version is None:
        found.error(
            "bagit.txt",
            f"dòng 1 phải có dạng «BagIt-Version: M.N» (không có khoảng trắng trước dấu hai "
            f"chấm, đúng một khoảng trắng sau), nhưng là «{lines[0]}».",
            1,
        )
    if encoding is None:
        found.error(
            "bagit.txt",
            f"dòng 2 phải có dạng «Tag-File-Character-Encoding: UTF-8», nhưng là «{lines[1]}».",
            2,
        )
    if version is None or encoding is None:
        return None
    number = (int(version[1]), int(version[2]))
    if number not in SUPPORTED_VERSIONS:
        found.error(
            "bagit.txt",
            f"phiên bản BagIt {version[1]}.{version[2]} không được hỗ trợ (0.93 đến 1.0).",
            1,
        )
        return None
    try:
        codecs.lookup(encoding[1])
    except LookupError:
        found.error("bagit.txt", f"bảng mã «{encoding[1]}» không được biết đến.", 2)
        return None
    if number >= (1, 0) and codecs.lookup(encoding[1]).name != "utf-8":
        found.warning(
            "bagit.txt", f"tệp thẻ dùng bảng mã {encoding[1]}; RFC 8493 khuyên dùng UTF-8.", 2
        )
    return Declaration(number, encoding[1])


def split_lines(text: str) -> list[str]:
    """Lines ended by LF, CR or CRLF (RFC 8493 allows each); a final line ending is optional."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_text(bag: Path, rel: str, decl: Declaration, found: Findings) -> list[str] | None:
    """A tag file's lines in the declared encoding (a leading BOM is tolerated, with a warning
    for UTF-8); None, with an error, when the bytes do not decode."""
    raw = (bag / rel).read_bytes()
    try:
        text = raw.decode(decl.encoding)
    except UnicodeDecodeError as exc:
        found.error(rel, f"không đọc được theo bảng mã {decl.encoding} (byte {exc.start + 1}).")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
        if codecs.lookup(decl.encoding).name == "utf-8":
            found.warning(rel, "tệp bắt đầu bằng dấu BOM.", 1)
    return split_lines(text)


def read_manifest(
    bag: Path, rel: str, algorithm: str, decl: Declaration, found: Findings
) -> list[Entry]:
    """The entries of a (tag) manifest; malformed lines are errors, odd ones warnings."""
    lines = read_text(bag, rel, decl, found)
    if lines is None:
        return []
    payload = not rel.startswith("tag")
    entries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            found.warning(rel, "dòng trống trong danh sách kiểm tra.", number)
            continue
        match = _MANIFEST_LINE.match(line)
        if match is None:
            found.error(rel, "dòng phải có dạng «MÃ_KIỂM_TRA ĐƯỜNG_DẪN».", number)
            continue
        checksum, raw = match[1], match[2]
        if not _HEX.match(checksum) or len(checksum) != ALGORITHMS[algorithm]:
            found.error(
                rel,
                f"mã kiểm tra «{checksum}» không phải mã {algorithm} "
                f"({ALGORITHMS[algorithm]} chữ số thập lục phân).",
                number,
            )
            continue
        path = _entry_path(raw, rel, number, decl, payload, found)
        if path is not None:
            entries.append(Entry(rel, number, checksum.lower(), path, raw))
    return entries


def _entry_path(
    raw: str, rel: str, number: int, decl: Declaration, payload: bool, found: Findings
) -> str | None:
    path = raw
    if path.startswith("*"):
        found.warning(rel, f"dấu «*» của md5sum trước đường dẫn «{raw}» đã được bỏ qua.", number)
        path = path[1:]
    if decl.version >= (1, 0):
        stray = [m.start() for m in re.finditer("%", path) if not _PERCENT.match(path, m.start())]
        if stray:
            found.error(
                rel,
                f"dấu % trong «{raw}» phải được viết là %25 (RFC 8493 mã hóa %, CR, LF).",
                number,
            )
            return None
        path = decode_path(path)
    return check_path(path, raw, rel, number, found, payload=payload)


def decode_path(path: str) -> str:
    """RFC 8493 percent-decoding of a manifest path: %0A, %0D and %25 only."""
    return _PERCENT.sub(lambda m: {"0a": "\n", "0d": "\r", "25": "%"}[m[1].lower()], path)


def check_path(
    path: str, raw: str, rel: str, number: int, found: Findings, *, payload: bool
) -> str | None:
    """A safe bag-relative path, ``./`` removed with a warning; None (with an error) if it
    would leave the bag or, for payload lists, the data/ folder."""
    if path.startswith(("/", "~", "\\")) or _DRIVE.match(path):
        found.error(
            rel,
            f"đường dẫn «{raw}» trỏ ra ngoài gói (đường dẫn tuyệt đối, ổ đĩa hoặc «~»).",
            number,
        )
        return None
    parts = path.split("/")
    if ".." in parts or ".." in path.split("\\"):
        found.error(rel, f"đường dẫn «{raw}» dùng «..» để trỏ ra ngoài thư mục.", number)
        return None
    if "." in parts or "" in parts:
        found.warning(rel, f"đường dẫn «{raw}» có «./» hoặc «//»; nên ghi đường dẫn gọn.", number)
        parts = [part for part in parts if part not in (".", "")]
    clean = "/".join(parts)
    if not clean:
        found.error(rel, f"đường dẫn «{raw}» không chỉ tới tệp nào.", number)
        return None
    if payload and not clean.startswith("data/"):
        found.error(rel, f"đường dẫn «{raw}» nằm ngoài thư mục data/.", number)
        return None
    return clean


def read_bag_info(
    bag: Path, rel: str, decl: Declaration, found: Findings
) -> list[tuple[int, str, str]]:
    """(line, label, value) of each element; continuation lines join their element's value.

    1.0: ``Label: value`` with no whitespace around the label and one space or tab after the
    colon. Earlier drafts allowed optional whitespace around the colon.
    """
    lines = read_text(bag, rel, decl, found)
    if lines is None:
        return []
    strict = decl.version >= (1, 0)
    elements: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            found.warning(rel, "dòng trống trong tệp thông tin gói.", number)
            continue
        if line[0] in " \t":
            if not elements:
                found.error(rel, "dòng tiếp nối (bắt đầu bằng khoảng trắng) không có nhãn.", number)
                continue
            first, label, value = elements[-1]
            elements[-1] = (first, label, f"{value} {line.strip()}")
            continue
        label, colon, value = line.partition(":")
        if not colon or not label.strip():
            found.error(rel, f"dòng «{line}» phải có dạng «Nhãn: giá trị».", number)
            continue
        if strict and label != label.strip():
            found.error(rel, f"nhãn «{label}» có khoảng trắng trước dấu hai chấm.", number)
            continue
        if strict and value and value[0] not in " \t":
            found.error(rel, f"sau «{label}:» phải có một khoảng trắng.", number)
            continue
        elements.append((number, label.strip(), value[1:] if strict else value.strip()))
    return elements


def read_fetch(bag: Path, decl: Declaration, found: Findings) -> list[FetchEntry]:
    """fetch.txt: ``URL LENGTH PATH`` lines; PATH must be inside data/."""
    lines = read_text(bag, "fetch.txt", decl, found)
    if lines is None:
        return []
    entries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = _FETCH_LINE.match(line)
        if match is None:
            found.error("fetch.txt", "dòng phải có dạng «URL ĐỘ_DÀI ĐƯỜNG_DẪN».", number)
            continue
        raw = match[3]
        path = decode_path(raw) if decl.version >= (1, 0) else raw
        # RFC 8493 keeps fetch.txt to payload files; drafts before 1.0 did not say so, and the
        # conformance suite holds such a v0.97 bag valid: a warning there, an error from 1.0.
        if "\\" in path or "%" in path:  # Windows separators and %VARIABLE% shortcuts
            found.error("fetch.txt", f"đường dẫn «{raw}» nằm ngoài thư mục data/.", number)
            continue
        clean = check_path(path, raw, "fetch.txt", number, found, payload=decl.version >= (1, 0))
        if clean is not None and not clean.startswith("data/"):
            found.warning(
                "fetch.txt",
                f"đường dẫn «{raw}» nằm ngoài thư mục data/ (BagIt 1.0 không cho phép).",
                number,
            )
        if clean is not None:
            entries.append(FetchEntry(number, match[1], match[2], clean))
    return entries
