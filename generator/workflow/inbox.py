"""Reading a media inbox as staff receive it: a folder per unit, any file names.

The inbox is only read, never changed. Folder names are matched to units by id or by name,
ignoring accents, case and prefixes ("Tuy Hoa", "VKS Tuy Hòa" → tuy-hoa). Hidden files and
the litter of Windows and macOS (Thumbs.db, ``._*``, __MACOSX) are passed over silently.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.media.probe import media_kind
from generator.model import Unit
from generator.workflow.names import NameMatcher

_CONVERTIBLE = {  # media the site and video cannot use as is, and what to do
    ".heic": "ảnh HEIC của iPhone: hãy chuyển sang JPEG (.jpg) rồi chạy lại",
    ".heif": "ảnh HEIF: hãy chuyển sang JPEG (.jpg) rồi chạy lại",
    ".avi": "video AVI: hãy chuyển sang MP4 rồi chạy lại",
    ".3gp": "video 3GP: hãy chuyển sang MP4 rồi chạy lại",
}
_LITTER = {"thumbs.db", "desktop.ini", "__macosx", "$recycle.bin", "system volume information"}


@dataclass(frozen=True)
class InboxFile:
    """A photo or clip found in the inbox, and the unit it is for."""

    path: Path
    shown: str  # relative to the inbox, NFC, POSIX: how staff see it
    unit: str


@dataclass(frozen=True)
class Skipped:
    """Something in the inbox that was not filed, and why (Vietnamese)."""

    shown: str
    reason: str


@dataclass
class InboxScan:
    files: list[InboxFile] = field(default_factory=list)
    unknown_folders: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)


def scan_inbox(
    inbox: Path, matcher: NameMatcher[Unit], active: set[str], unit: str | None = None
) -> InboxScan:
    """Sort the inbox's files by unit: all into ``unit`` when given, else by top-level folder.

    ``active`` holds the ids of the units active in the period; a folder that names another
    unit is reported, not filed.
    """
    scan = InboxScan()
    if unit is not None:
        _collect(inbox, inbox, unit, scan)
        return scan
    for entry in _entries(inbox):
        shown = _shown(entry, inbox)
        if not entry.is_dir():
            _classify(entry, inbox, None, scan)
            continue
        match = matcher.find(unicodedata.normalize("NFC", entry.name))
        found = match.record
        if found is None:
            if match.candidates:
                ids = ", ".join(u.id for u in match.candidates)
                reason = f"khớp nhiều đơn vị ({ids}); hãy đổi tên thư mục thành mã đơn vị"
            else:
                reason = "không khớp đơn vị nào; hãy đổi tên thư mục thành mã hoặc tên đơn vị"
            scan.unknown_folders.append(Skipped(shown, reason))
        elif found.id not in active:
            scan.unknown_folders.append(
                Skipped(shown, f"đơn vị «{found.id}» không hoạt động trong kỳ báo cáo này")
            )
        else:
            _collect(entry, inbox, found.id, scan)
    return scan


def _collect(folder: Path, inbox: Path, unit: str, scan: InboxScan) -> None:
    for entry in _entries(folder):
        if entry.is_dir():
            _collect(entry, inbox, unit, scan)
        else:
            _classify(entry, inbox, unit, scan)


def _classify(path: Path, inbox: Path, unit: str | None, scan: InboxScan) -> None:
    shown = _shown(path, inbox)
    kind = media_kind(path)
    if kind == "audio":
        scan.ignored.append(
            Skipped(
                shown, "tệp âm thanh: hãy tự chép vào media/ và khai báo «voiceover» hoặc «music»"
            )
        )
    elif kind is None and path.suffix.lower() in _CONVERTIBLE:
        scan.ignored.append(Skipped(shown, _CONVERTIBLE[path.suffix.lower()]))
    elif kind is None:
        scan.ignored.append(Skipped(shown, "không phải ảnh hoặc video"))
    elif unit is None:
        scan.ignored.append(
            Skipped(
                shown,
                "nằm ngoài thư mục đơn vị; hãy đặt vào thư mục mang tên đơn vị hoặc dùng --unit",
            )
        )
    else:
        scan.files.append(InboxFile(path, shown, unit))


def _entries(folder: Path) -> list[Path]:
    """Visible entries of ``folder``, sorted by their NFC name; symlinked folders not followed."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    entries = []
    for name in names:
        if name.startswith(".") or name.casefold() in _LITTER:
            continue
        path = folder / name
        if path.is_symlink() and path.is_dir():
            continue
        if path.is_dir() or path.is_file():
            entries.append(path)
    return sorted(entries, key=lambda p: unicodedata.normalize("NFC", p.name))


def _shown(path: Path, inbox: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(inbox).as_posix())
