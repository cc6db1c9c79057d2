"""A derivative cache: a rebuild with nothing changed does no media work.

An entry is a folder of outputs plus ``meta.json``, keyed by a hash of the source's bytes and
the derivative parameters. Hashing every 12 MP photo on every rebuild would be slow, so, like
git's index, ``index.json`` remembers (size, mtime_ns, inode) -> content hash and only files
whose stat changed are read again.

Layout under the root the caller gives (e.g. ``<project>/.cache/baocao/media``)::

    index.json                      source stat -> content hash
    entries/<k[:2]>/<key>/          one entry: outputs + meta.json
    staging/<key>.<random>/         an entry being made (renamed into entries/ when done)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.fsutil import atomic_write_text, link_or_copy

_INDEX_VERSION = 1
_META = "meta.json"
# A file modified within this long of being hashed may change again inside the same mtime tick
# (git's "racily clean" case): it is not remembered, so the next run hashes it again.
_RACY_NS = 2_000_000_000
_ABANDONED_S = 3600

SITE_MEDIA = "site-media"
"""The folder, under a project's cache (``<project>/.cache/baocao``), of the site's photo and
clip derivatives. The studio's thumbnails open the same cache, so a photo is decoded once."""


@dataclass(frozen=True)
class CacheEntry:
    key: str
    dir: Path  # where the entry's outputs live once stored
    meta: Any | None  # the JSON stored with the outputs; None while the entry is missing


class MediaCache:
    """Content-addressed derivative store; ``hits``/``misses`` count lookups since creation."""

    def __init__(self, root: Path):
        self.root = root
        self.hits = 0
        self.misses = 0
        self._index: dict[str, list[Any]] = self._read_index()
        self._index_dirty = False
        self._staging: dict[str, Path] = {}
        self.used_keys: set[str] = set()  # every key looked up: what prune() keeps by default

    # --- source hashes --------------------------------------------------------------------

    def source_hash(self, source: Path) -> str:
        """SHA-256 of the file's bytes, read only when its stat differs from the index."""
        key = str(source.resolve())
        st = source.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        known = self._index.get(key)
        if known is not None and known[:3] == stamp:
            return str(known[3])
        with source.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        if time.time_ns() - st.st_mtime_ns > _RACY_NS:
            self._index[key] = [*stamp, digest]
            self._index_dirty = True
        return digest

    def key(self, source: Path, params: Mapping[str, Any]) -> str:
        blob = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(f"{self.source_hash(source)}\n{blob}".encode()).hexdigest()

    # --- entries --------------------------------------------------------------------------

    def lookup(self, source: Path, params: Mapping[str, Any]) -> CacheEntry:
        """The entry for ``source`` made with ``params``; counts a hit or a miss."""
        key = self.key(source, params)
        self.used_keys.add(key)
        folder = self.root / "entries" / key[:2] / key
        meta = _read_json(folder / _META)
        if meta is None:
            self.misses += 1
        else:
            self.hits += 1
        return CacheEntry(key, folder, meta)

    def staging_dir(self, entry: CacheEntry) -> Path:
        """A fresh folder to make the entry's outputs in (same file system: renames are atomic)."""
        staging = self.root / "staging"
        staging.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"{entry.key}.", dir=staging))
        self._staging[entry.key] = path
        return path

    def store(self, entry: CacheEntry, meta: Any) -> CacheEntry:
        """Move the entry's staging folder into place with ``meta``; returns the stored entry."""
        staged = self._staging.pop(entry.key)
        atomic_write_text(staged / _META, json.dumps(meta, sort_keys=True))
        entry.dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(staged, entry.dir)
        except OSError:  # another build stored the same entry first: theirs is as good
            shutil.rmtree(staged, ignore_errors=True)
        return CacheEntry(entry.key, entry.dir, meta)

    def discard_staging(self, entry: CacheEntry) -> None:
        staged = self._staging.pop(entry.key, None)
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)

    def get_or_make(
        self, source: Path, params: Mapping[str, Any], make: Callable[[Path], Any]
    ) -> CacheEntry:
        """The stored entry, or one made now by ``make(folder)``, which returns its meta (JSON)."""
        entry = self.lookup(source, params)
        if entry.meta is not None:
            return entry
        folder = self.staging_dir(entry)
        try:
            meta = make(folder)
        except BaseException:
            self.discard_staging(entry)
            raise
        return self.store(entry, meta)

    def export_file(self, entry: CacheEntry, name: str, target: Path) -> None:
        """Put the entry's file ``name`` at ``target``: a hard link, or a copy across devices.

        Safe to link because every writer replaces files by rename and never writes in place.
        """
        link_or_copy(entry.dir / name, target)

    # --- housekeeping ---------------------------------------------------------------------

    def prune(self, keep_keys: Iterable[str] | None = None) -> int:
        """Remove entries not in ``keep_keys`` (default: those looked up since this cache was
        opened, i.e. this build's) and forget vanished sources; returns the entries removed."""
        keep = self.used_keys if keep_keys is None else set(keep_keys)
        removed = 0
        for folder in sorted((self.root / "entries").glob("*/*")):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        for source in [s for s in self._index if not Path(s).exists()]:
            del self._index[source]
            self._index_dirty = True
        self._remove_abandoned_staging()
        self.save_index()
        return removed

    def _remove_abandoned_staging(self) -> None:
        """Staging folders of killed runs; recent ones may belong to a build running now."""
        cutoff = time.time() - _ABANDONED_S
        for folder in (self.root / "staging").glob("*"):
            with contextlib.suppress(OSError):
                if folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)

    def save_index(self) -> None:
        if not self._index_dirty:
            return
        payload = {"version": _INDEX_VERSION, "files": self._index}
        atomic_write_text(self.root / "index.json", json.dumps(payload, sort_keys=True))
        self._index_dirty = False

    def _read_index(self) -> dict[str, list[Any]]:
        data = _read_json(self.root / "index.json")
        if not isinstance(data, dict) or data.get("version") != _INDEX_VERSION:
            return {}  # missing, damaged or older: rebuilt from scratch, hashes are cheap
        files: dict[str, list[Any]] = data.get("files", {})
        return files


def _read_json(path: Path) -> Any | None:
    with contextlib.suppress(FileNotFoundError, ValueError, OSError):
        return json.loads(path.read_text(encoding="utf-8"))
    return None
