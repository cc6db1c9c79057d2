"""Thumbnails from the media cache: a photo is decoded once, then served from the cache.

The studio asks for the same derivative set as the site build (same recipe, widths and cache
folder), so a photo the site has already built costs nothing here, and the reverse.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from generator.media.cache import SITE_MEDIA, MediaCache
from generator.media.image import DEFAULT_WIDTHS, make_photo_set, photo_params
from generator.pipeline import cache_dir


class Thumbnails:
    def __init__(self, root: Path) -> None:
        self.cache = MediaCache(cache_dir(root) / SITE_MEDIA)
        self._lock = threading.Lock()

    def photo(self, source: Path) -> Path:
        """The smallest web derivative of ``source`` (made now if the cache lacks it).

        Raises MediaUnreadable when the photo cannot be decoded."""
        with self._lock:
            entry = self.cache.get_or_make(source, photo_params(DEFAULT_WIDTHS), _maker(source))
            self.cache.save_index()
        meta = cast(dict[str, Any], entry.meta)  # get_or_make's entry always has its meta
        return entry.dir / str(meta["derivatives"][0][2])


def _maker(source: Path) -> Callable[[Path], dict[str, Any]]:
    def make(folder: Path) -> dict[str, Any]:
        photos = make_photo_set(source, folder, "photo", DEFAULT_WIDTHS)
        # The meta the site's photo step stores (generator.media.image), so entries are shared.
        return {
            "width": photos.width,
            "height": photos.height,
            "derivatives": [[d.width, d.height, d.path.as_posix()] for d in photos.derivatives],
        }

    return make
