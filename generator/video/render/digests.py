"""SHA-256 of source files for cache keys, remembered between renders.

Hashing every photo and clip on every render costs seconds once clips add up to gigabytes;
a file whose size, modification time and inode are unchanged keeps its recorded digest.
The index lives in the cache folder as ``digests.json`` and is written by :func:`save`.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from generator.errors import InputError, Problem
from generator.fsutil import atomic_write_text, file_sha256

_INDEX_NAME = "digests.json"
_lock = threading.Lock()  # the audio mix and the segments ask from different threads
_indexes: dict[Path, dict[str, list[object]]] = {}


def file_digest(path: Path, cache_dir: Path) -> str:
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(Problem(path=str(path), message="Không tìm thấy tệp.")) from exc
    key = str(path.resolve())
    stamp: list[object] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    with _lock:
        index = _index(cache_dir)
        entry = index.get(key)
        if entry is not None and entry[:3] == stamp:
            return str(entry[3])
    digest = file_sha256(path)
    with _lock:
        index[key] = [*stamp, digest]
    return digest


def save(cache_dir: Path) -> None:
    """Write the index (after a render), so the next process skips unchanged files."""
    with _lock:
        index = _indexes.get(cache_dir.resolve())
        if index is not None:
            text = json.dumps(index, sort_keys=True, ensure_ascii=False)
            atomic_write_text(cache_dir / _INDEX_NAME, text)


def _index(cache_dir: Path) -> dict[str, list[object]]:
    folder = cache_dir.resolve()
    if folder not in _indexes:
        try:
            _indexes[folder] = json.loads((folder / _INDEX_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _indexes[folder] = {}  # first render, or a damaged index: start afresh
    return _indexes[folder]
