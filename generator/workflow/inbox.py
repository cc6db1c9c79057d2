"""Reading a media inbox as staff receive it: a folder per unit, any file names.

The inbox is only read, never changed. Folder names are matched to units by id or by name,
ignoring accents, case and prefixes ("Tuy Hoa", "VKS Tuy Hòa" → tuy-hoa). Hidden files and
the litter of Windows and macOS (Thumbs.db, ``._*``, __MACOSX) are passed over silently.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.media.probe import media_kind
from generator.model import Unit
from generator.workflow.names import NameMatcher

_CONVERTIBLE = {  # media the site and video cannot use as is, and what to do
    ".avi": "video AVI: hãy chuyển sang MP4 rồi chạy lại",
    ".3gp": "video 3GP: hãy chuyển sang MP4 rồi chạy lại",
}
# An iPhone Live Photo is a HEIC (or, set to "Most Compatible", an IMG_….JPG) and a ~3 s .MOV
# of the same stem. A staff-named clip beside a staff-named JPEG is not taken for one.
_LIVE_PHOTO_STILLS = {".heic", ".heif"}
_IPHONE_JPEG = re.compile(r"IMG_\d+\.jpe?g", re.IGNORECASE)
_LIVE_PHOTO_MOTION = ".mov"
LIVE_PHOTO_NOTE = "phần chuyển động của ảnh Live Photo (iPhone): chỉ dùng ảnh tĩnh «{still}»"
# Google's Motion Photos: a JPEG with the clip appended, named MVIMG_… (older Pixels).
MOTION_PHOTO_NOTE = (
    "ảnh chuyển động (Motion Photo) của Android, chứa cả video: hãy tắt chế độ chuyển động "
    "hoặc lưu lại thành ảnh tĩnh rồi chạy lại"
)
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
    top = _entries(inbox)
    stills = _live_photo_stills(top)
    for entry in top:
        shown = _shown(entry, inbox)
        if not entry.is_dir():
            _classify(entry, inbox, None, scan, stills)
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
    entries = _entries(folder)
    stills = _live_photo_stills(entries)
    for entry in entries:
        if entry.is_dir():
            _collect(entry, inbox, unit, scan)
        else:
            _classify(entry, inbox, unit, scan, stills)


def _live_photo_stills(entries: list[Path]) -> dict[str, Path]:
    """Still photos by folded stem, to recognise the .MOV of a Live Photo beside its still."""
    return {
        unicodedata.normalize("NFC", p.stem).casefold(): p
        for p in entries
        if (p.suffix.lower() in _LIVE_PHOTO_STILLS or _IPHONE_JPEG.fullmatch(p.name))
        and p.is_file()
    }


def _motion_note(path: Path, stills: dict[str, Path]) -> str | None:
    """Why a Live Photo's motion part or a Motion Photo is passed over; None for other files."""
    if path.suffix.lower() == _LIVE_PHOTO_MOTION:
        still = stills.get(unicodedata.normalize("NFC", path.stem).casefold())
        if still is not None:
            return LIVE_PHOTO_NOTE.format(still=unicodedata.normalize("NFC", still.name))
    if media_kind(path) == "photo" and path.name.upper().startswith("MVIMG_"):
        return MOTION_PHOTO_NOTE
    return None


def _classify(
    path: Path, inbox: Path, unit: str | None, scan: InboxScan, stills: dict[str, Path]
) -> None:
    shown = _shown(path, inbox)
    kind = media_kind(path)
    motion = _motion_note(path, stills)
    if motion is not None:
        scan.ignored.append(Skipped(shown, motion))
    elif kind == "audio":
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
