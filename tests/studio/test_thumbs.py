"""Thumbnails come from the media cache the site uses: a photo is decoded once."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from generator.media.cache import MediaCache
from generator.media.image import DEFAULT_WIDTHS, PhotoJob, make_photo_sets
from generator.studio.thumbs import Thumbnails


def test_a_photo_is_decoded_once_and_shared_with_the_site_build(tmp_path: Path) -> None:
    root = tmp_path / "p"
    photo = root / "media/a.jpg"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (2000, 1200), (200, 40, 40)).save(photo)
    thumbs = Thumbnails(root)
    first = thumbs.photo(photo)
    with Image.open(first) as small:
        assert small.format == "WEBP" and max(small.size) == min(DEFAULT_WIDTHS)
    assert (thumbs.cache.hits, thumbs.cache.misses) == (0, 1)
    assert thumbs.photo(photo) == first
    assert (thumbs.cache.hits, thumbs.cache.misses) == (1, 1)
    again = Thumbnails(root)  # a new studio process
    again.photo(photo)
    assert (again.cache.hits, again.cache.misses) == (1, 0)
    site_cache = MediaCache(root / ".cache/baocao/site-media")  # what the site build opens
    make_photo_sets([PhotoJob(photo, tmp_path / "out", "a")], site_cache, workers=1)
    assert (site_cache.hits, site_cache.misses) == (1, 0)
