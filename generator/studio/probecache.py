"""Media probes remembered across saves, so a check of the content does not re-open every photo.

Every save is validated by the loader, and the loader probes every media file it references
(an ffmpeg run per clip). In the studio's long-lived process the answer for a file whose size,
mtime and inode have not changed is the same, so it is remembered. This wraps the loader's
probe function (``generator.load.checks.probe_all``) for the studio's process only; a probe
hook in ``check_content`` would make the wrapping unnecessary.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from generator.load import checks
from generator.load.media_refs import probe_all
from generator.media.probe import MediaInfo

_Stamp = tuple[int, int, int]
_memo: dict[str, tuple[_Stamp, MediaInfo]] = {}  # by real path: saves check a temporary copy
_lock = threading.Lock()


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def remembered_probe_all(paths: set[Path]) -> dict[Path, MediaInfo | str]:
    """``probe_all`` that probes only files not seen before, or changed since."""
    out: dict[Path, MediaInfo | str] = {}
    missing: set[Path] = set()
    stamps = {path: _stamp(path) for path in paths}
    real = {path: os.path.realpath(path) for path in paths}
    with _lock:
        for path, stamp in stamps.items():
            known = _memo.get(real[path])
            if stamp is not None and known is not None and known[0] == stamp:
                out[path] = known[1]
            else:
                missing.add(path)
    if missing:
        fresh = probe_all(missing)
        with _lock:
            for path, info in fresh.items():
                stamp = stamps[path]
                if stamp is not None and isinstance(info, MediaInfo):
                    _memo[real[path]] = (stamp, info)
        out.update(fresh)
    return out


def install() -> None:
    checks.probe_all = remembered_probe_all  # type: ignore[attr-defined]
