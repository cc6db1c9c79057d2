"""What a studio killed mid-write (``kill -9``, a power cut) left behind, removed at start-up.

Every write goes through a temporary name and a rename (generator.fsutil.atomic_path), so a
killed write never leaves a partial file under a real name; it may leave the temporary file
itself. Only names the studio makes are removed, and only when nothing has touched them for a
minute (another baocao process, an ``ingest``, may be writing one now):

- ``.<name>.<8 random>.tmp<suffix>`` files (atomic_path) under content/, media/ and the history;
- ``.baocao/uploads/tmp<8 random>/`` folders (the spool of an upload or a spreadsheet).

A user's own file never matches: the random part is exactly 8 characters of Python's
``tempfile`` alphabet (lower case, digits, ``_``).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from generator.studio.store import HISTORY_DIR
from generator.studio.upload import SPOOL_PREFIX

QUIET_SECONDS = 60.0  # untouched this long: no process is writing it any more
_RANDOM = r"[a-z0-9_]{8}"  # tempfile's names: 8 characters of this alphabet
ATOMIC_FILE = re.compile(rf"\..*\.{_RANDOM}\.tmp(\.[^.]+)?", re.DOTALL)
SPOOL_FOLDER = re.compile(rf"{re.escape(SPOOL_PREFIX)}{_RANDOM}")
UPLOADS_DIR = ".baocao/uploads"


def clean(root: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files and spool folders of interrupted writes under ``root``;
    the paths removed."""
    quiet_since = (time.time() if now is None else now) - QUIET_SECONDS
    removed = []
    for path in _atomic_files(root):
        if _newest_change(path) < quiet_since:
            path.unlink(missing_ok=True)
            removed.append(path)
    spool = root / UPLOADS_DIR
    for path in _entries(spool):
        quiet = SPOOL_FOLDER.fullmatch(path.name) and _newest_change(path) < quiet_since
        if quiet and _is_real_dir(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _atomic_files(root: Path) -> Iterator[Path]:
    for top in (root / "content", root / "media", root / HISTORY_DIR):
        for folder, _dirs, names in os.walk(top):  # symlinked folders are not followed
            for name in names:
                path = Path(folder) / name
                if ATOMIC_FILE.fullmatch(name) and _is_regular(path):
                    yield path


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _newest_change(path: Path) -> float:
    """The latest modification time of ``path`` and, for a folder, of anything inside it."""
    try:
        newest = path.lstat().st_mtime
    except OSError:
        return float("inf")  # gone meanwhile: nothing to remove
    if _is_real_dir(path):
        for folder, dirs, names in os.walk(path):
            for name in [*dirs, *names]:
                try:
                    newest = max(newest, (Path(folder) / name).lstat().st_mtime)
                except OSError:
                    continue
    return newest
