"""Media paths written in the content, resolved safely inside ``media/`` and probed.

File names are matched in NFC: a Mac writes NFD names, staff type NFC. A path may not be
absolute, climb out with ``..``, or reach outside media/ through a symlink. Symlinks are never
followed into folders (``ln -s . loop`` would make media/ endless); a file symlink is used only
when it ends at a file inside media/. Names and sizes are held to generator.media.limits.
"""

from __future__ import annotations

import difflib
import os
import threading
import unicodedata
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from generator.formatting import format_number
from generator.media import limits
from generator.media.decoding import check_decodes
from generator.media.probe import MediaInfo, MediaUnreadable, probe_media
from generator.model.records import media_key


class MediaIndex:
    """Every file under media/, keyed by its NFC path relative to media/.

    ``files`` holds what may be used; ``links`` the symlinks that may not (a folder link, a
    link leading out of media/, a broken or looping one), each with its Vietnamese reason.
    """

    def __init__(self, media_root: Path) -> None:
        self.root = media_root
        self._real_root = media_root.resolve()
        self.files: dict[str, Path] = {}
        self.links: dict[str, str] = {}
        if media_root.is_dir():
            for folder, dirs, names in os.walk(media_root):  # does not descend into links
                for name in dirs:
                    path = Path(folder) / name
                    if path.is_symlink():
                        self.links[self.key_of(path)] = self._folder_link_reason(path)
                for name in names:
                    path = Path(folder) / name
                    reason = self._file_link_reason(path) if path.is_symlink() else None
                    if reason is None:
                        self.files[self.key_of(path)] = path
                    else:
                        self.links[self.key_of(path)] = reason

    def key_of(self, path: Path) -> str:
        """The NFC key of a file found by ``resolve``."""
        return unicodedata.normalize("NFC", path.relative_to(self.root).as_posix())

    def resolve(self, written: str) -> tuple[Path | None, str | None]:
        """(path, None) when ``written`` names a usable file, else (None, Vietnamese reason)."""
        text = unicodedata.normalize("NFC", written.strip())
        if not text:
            return None, "đường dẫn tệp để trống"
        if "\\" in text:
            return None, f"đường dẫn «{written}» dùng dấu «\\»; hãy dùng dấu «/»"
        pure = PurePosixPath(text)
        if pure.is_absolute() or (len(text) > 1 and text[1] == ":"):
            return None, (
                f"đường dẫn «{written}» là đường dẫn tuyệt đối; hãy viết tính từ thư mục media/"
            )
        if ".." in pure.parts:
            return None, f"đường dẫn «{written}» đi ra ngoài thư mục media/"
        key = media_key(text)
        path = self.files.get(key)
        if path is None:
            return None, self._missing_reason(key)
        return path, limit_reason(key, path)

    def _missing_reason(self, key: str) -> str:
        parts = PurePosixPath(key).parts
        for depth in range(len(parts), 0, -1):  # the file itself, then each folder above it
            reason = self.links.get("/".join(parts[:depth]))
            if reason is not None:
                return reason
        close = difflib.get_close_matches(key, self.files, n=1, cutoff=0.8)
        hint = f"; có phải «{close[0]}»?" if close else ""
        return f"không tìm thấy tệp media/{key}{hint}"

    def _file_link_reason(self, path: Path) -> str | None:
        """Why a file symlink may not be used, or None when it ends at a file inside media/."""
        key = self.key_of(path)
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a loop (a → b → a), Python < 3.13
            return f"tệp «{key}» là liên kết (symlink) hỏng hoặc vòng lặp; hãy chép tệp thật vào"
        if not target.is_relative_to(self._real_root):
            return f"tệp «{key}» là liên kết trỏ ra ngoài thư mục media/; hãy chép tệp thật vào"
        return None

    def _folder_link_reason(self, path: Path) -> str:
        key = self.key_of(path)
        try:
            inside = path.resolve(strict=True).is_relative_to(self._real_root)
        except (OSError, RuntimeError):
            inside = False
        where = "" if inside else " trỏ ra ngoài thư mục media/"
        return (
            f"thư mục «{key}» là liên kết (symlink){where}; baocao không đọc tệp qua liên kết "
            "thư mục — hãy chép tệp vào một thư mục thật trong media/"
        )


def limit_reason(key: str, path: Path) -> str | None:
    """Why a file under media/ breaks a name or size limit (generator.media.limits), or None."""
    on_disk = PurePosixPath(path.as_posix()).parts[-len(PurePosixPath(key).parts) :]
    for name, stored in zip(PurePosixPath(key).parts, on_disk, strict=True):
        size = max(len(os.fsencode(name)), len(os.fsencode(stored)))
        if size > limits.MAX_NAME_BYTES:
            return limits.NAME_TOO_LONG.format(name=name, actual=size, limit=limits.MAX_NAME_BYTES)
    try:
        size = path.stat().st_size
    except OSError:
        return f"không đọc được tệp media/{key}"
    if size > limits.MAX_FILE_BYTES:
        gigabytes = format_number(size / 1024**3, 1)
        return limits.FILE_TOO_LARGE.format(name=path.name, actual=gigabytes)
    return None


def probe_all(paths: Collection[Path], deep: Collection[Path] = ()) -> dict[Path, MediaInfo | str]:
    """Probe files in parallel (clips need one ffmpeg call each): info, or a Vietnamese reason.

    Clips in ``deep`` are also decoded at both ends (generator.media.decoding). A file probed
    before in this process, and unchanged since (same size, time and inode), is not opened
    again: a long-lived process (the studio, the live preview) checks the content at every
    save without re-reading every photo and clip.
    """

    def known(path: Path) -> MediaInfo | None:
        stamp = _stamp(path)
        with _PROBED_LOCK:
            hit = _PROBED.get((os.path.realpath(path), path in deep))
        return hit[1] if stamp is not None and hit is not None and hit[0] == stamp else None

    def one(path: Path) -> MediaInfo | str:
        stamp = _stamp(path)
        try:
            info = probe_media(path)
            if path in deep and info.kind == "clip":
                check_decodes(path, info)
        except MediaUnreadable as exc:
            return str(exc)
        if stamp is not None:
            with _PROBED_LOCK:
                _PROBED[(os.path.realpath(path), path in deep)] = (stamp, info)
        return info

    ordered = sorted(paths)
    found: dict[Path, MediaInfo | str] = {}
    for path in ordered:  # known files need no worker thread: a save's check stays fast
        info = known(path)
        if info is not None:
            found[path] = info
    unknown = [path for path in ordered if path not in found]
    if unknown:
        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
            found.update(zip(unknown, pool.map(one, unknown), strict=True))
    return {path: found[path] for path in ordered}


_Stamp = tuple[int, int, int]
_PROBED: dict[tuple[str, bool], tuple[_Stamp, MediaInfo]] = {}  # (real path, decoded too)
_PROBED_LOCK = threading.Lock()


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino
