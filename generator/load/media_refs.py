"""Media paths written in the content, resolved safely inside ``media/`` and probed.

File names are matched in NFC: a Mac writes NFD names, staff type NFC. A path may not be
absolute, climb out with ``..``, or reach outside media/ through a symlink.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from generator.media.probe import MediaInfo, MediaUnreadable, probe_media
from generator.model.records import media_key


class MediaIndex:
    """Every file under media/, keyed by its NFC path relative to media/."""

    def __init__(self, media_root: Path) -> None:
        self.root = media_root
        self._real_root = media_root.resolve()
        self.files: dict[str, Path] = {}
        if media_root.is_dir():
            for folder, _dirs, names in os.walk(media_root):
                for name in names:
                    path = Path(folder) / name
                    rel = path.relative_to(media_root).as_posix()
                    self.files[unicodedata.normalize("NFC", rel)] = path

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
        path = self.files.get(media_key(text))
        if path is None:
            close = difflib.get_close_matches(pure.as_posix(), self.files, n=1, cutoff=0.8)
            hint = f"; có phải «{close[0]}»?" if close else ""
            return None, f"không tìm thấy tệp media/{pure.as_posix()}{hint}"
        if not path.resolve().is_relative_to(self._real_root):
            return None, f"tệp «{written}» là liên kết trỏ ra ngoài thư mục media/"
        return path, None


def probe_all(paths: set[Path]) -> dict[Path, MediaInfo | str]:
    """Probe files in parallel (clips need one ffmpeg call each): info, or a Vietnamese reason."""

    def one(path: Path) -> MediaInfo | str:
        try:
            return probe_media(path)
        except MediaUnreadable as exc:
            return str(exc)

    ordered = sorted(paths)
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(ordered, pool.map(one, ordered), strict=True))
