"""Names as staff type them: matched to the record they mean, and cut to fit a file system.

Staff write "Tuy Hoa", "VKS Tuy Hòa", "TUY HÒA" (NFC or a Mac's NFD) for the unit ``tuy-hoa``;
photos arrive as "ẢNH Hội nghị 01.JPG". ``NameMatcher`` finds the record a typed name means by
its slug (``generator.text``, accents and case folded), and ``shorten_name`` cuts a name to
what a file system holds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.text import slug

T = TypeVar("T")

# Words that often precede a unit's proper name in folder names; dropped for matching only.
UNIT_PREFIXES = (
    "vien-kiem-sat-nhan-dan",
    "vien-kiem-sat",
    "vksnd",
    "vks",
    "thanh-pho",
    "thi-xa",
    "huyen",
    "tp",
    "tx",
    "h",
)


_MAX_SUFFIX_BYTES = 16  # ".jpeg", ".xlsx": a longer «suffix» is part of the name


def shorten_name(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes, its suffix (".JPG") kept and no letter cut
    from its accents: a 201-character Vietnamese name (277 bytes, legal on Windows and macOS)
    fits the 255 bytes Linux allows. A name that fits is returned as it is."""
    if _utf8_size(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    suffix = dot + ext if stem and _utf8_size(dot + ext) <= _MAX_SUFFIX_BYTES else ""
    stem = name[: len(name) - len(suffix)]
    room, end = limit - _utf8_size(suffix), 0
    for char in stem:
        room -= _utf8_size(char)
        if room < 0:
            break
        end += 1
    while 0 < end < len(stem) and unicodedata.combining(stem[end]):
        end -= 1  # the next character is an accent of the last one kept: drop that letter too
    return stem[:end].rstrip(" .") + suffix


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


# Words that often begin an indicator's name ("Tỷ lệ giải quyết …" is typed "giải quyết …").
INDICATOR_PREFIXES = ("chi-tieu", "ty-le", "so")


def name_keys(text: str, prefixes: tuple[str, ...] = UNIT_PREFIXES) -> set[str]:
    """The slug of ``text`` and its forms without leading ``prefixes`` ("VKSND", "huyện"…)."""
    keys: set[str] = set()
    key = _key(text)
    while key and key not in keys:
        keys.add(key)
        for prefix in prefixes:
            if key.startswith(prefix + "-"):
                key = key[len(prefix) + 1 :]
                break
    return keys


def _key(text: str) -> str:
    """The slug names are matched on: "ß" is "ss", a letter outside ASCII is dropped."""
    return slug(text, casefold=True, drop_foreign=True)


@dataclass(frozen=True)
class Match(Generic[T]):
    """What a typed name resolved to: exactly one record, or why not."""

    record: T | None
    candidates: tuple[T, ...] = ()  # more than one: the name is ambiguous


class NameMatcher(Generic[T]):
    """Find records by id or by any of their names, ignoring accents, case and prefixes.

    An exact id wins; otherwise every record whose id or name shares a key with the typed
    name is a candidate, and only a single candidate is a match.
    """

    def __init__(
        self,
        records: Iterable[T],
        ident: Callable[[T], str],
        names: Callable[[T], Iterable[str]],
        prefixes: tuple[str, ...] = UNIT_PREFIXES,
    ) -> None:
        self._records = list(records)
        self._ident = ident
        self._prefixes = prefixes
        self._keys: list[tuple[T, set[str]]] = []
        for record in self._records:
            keys = name_keys(ident(record), prefixes)
            for name in names(record):
                keys |= name_keys(name, prefixes)
            self._keys.append((record, keys))

    def find(self, typed: str) -> Match[T]:
        text = unicodedata.normalize("NFC", typed.strip())
        for record in self._records:
            if self._ident(record) == text:
                return Match(record)
        wanted = name_keys(text, self._prefixes)
        if not wanted:
            return Match(None)
        found = [record for record, keys in self._keys if keys & wanted]
        if len(found) > 1:
            # Prefer records matched without dropping a prefix ("VKS tỉnh" vs "tỉnh").
            exact = [record for record, keys in self._keys if _key(text) in keys]
            found = exact or found
        if len(found) == 1:
            return Match(found[0])
        return Match(None, tuple(found))
