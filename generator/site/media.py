"""The site's media step: web derivatives of every photo and clip the audience may see.

Photos become responsive WebP sets (generator.media.image), clips H.264 web copies with a
poster (generator.media.clip), both through the content-hash cache: a rebuild with nothing
changed does no media work, only hard links from the cache. Outputs land in ``<root>/media/``
under URL-safe names, photos and clips in separate folders so names can never collide::

    media/anh/<period>/<unit>/<name>-<width>.webp
    media/clip/<period>/<unit>/<name>.mp4 (+ .webp poster)

(A highlight is a photo or a clip: the loader refuses audio files there.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.fsutil import atomic_write_text
from generator.media.cache import MediaCache
from generator.media.clip import ClipFailure, ClipJob, make_web_clips
from generator.media.image import PhotoFailure, PhotoJob, make_photo_sets
from generator.model import MediaItem, Project
from generator.model.records import media_key
from generator.site.paths import MEDIA_DIR, media_stems

ProgressFn = Callable[[str, int, int], None]
"""``on_progress(step, done, total)``; ``step`` is a Vietnamese label ("Ảnh", "Video")."""

PHOTO_STEP = "Ảnh"
CLIP_STEP = "Video"
_SMALL_BATCH = 4  # below this many photos, worker processes cost more than they save


@dataclass(frozen=True)
class SitePhoto:
    files: tuple[tuple[str, int, int], ...]  # (site path, width, height), narrowest first

    @property
    def largest(self) -> tuple[str, int, int]:
        return self.files[-1]

    @property
    def default(self) -> tuple[str, int, int]:
        """The ``src`` for browsers without srcset: the middle size."""
        return self.files[len(self.files) // 2]


@dataclass(frozen=True)
class SiteClip:
    video: str  # site path
    poster: str
    width: int
    height: int
    duration: float
    has_audio: bool

    @property
    def portrait(self) -> bool:
        return self.height > self.width


@dataclass
class MediaCatalog:
    """What the pages may show, by media key (and, for clips, the trim of the item)."""

    photos: dict[str, SitePhoto] = field(default_factory=dict)
    clips: dict[tuple[str, float | None, float | None, bool], SiteClip] = field(
        default_factory=dict
    )
    failures: list[str] = field(default_factory=list)  # Vietnamese, one line each
    hits: int = 0
    misses: int = 0

    def photo(self, item: MediaItem) -> SitePhoto | None:
        return self.photos.get(media_key(item.file))

    def clip(self, item: MediaItem) -> SiteClip | None:
        return self.clips.get(clip_key(item))


def clip_key(item: MediaItem) -> tuple[str, float | None, float | None, bool]:
    start = float(item.clip.start) if item.clip else None
    end = float(item.clip.end) if item.clip else None
    return media_key(item.file), start, end, item.audio == "mute"


def prepare_media(
    project: Project, root: Path, cache: MediaCache, on_progress: ProgressFn | None = None
) -> MediaCatalog:
    """Write the derivatives of every visible media item under ``root/media``."""
    items = [item for content in project.periods for _unit, item in content.media_items()]
    stems = media_stems(media_key(item.file) for item in items)
    catalog = MediaCatalog()
    hits, misses = cache.hits, cache.misses
    _photos(
        project, [i for i in items if i.kind == "photo"], stems, root, cache, catalog, on_progress
    )
    _clips(
        project, [i for i in items if i.kind == "clip"], stems, root, cache, catalog, on_progress
    )
    catalog.hits, catalog.misses = cache.hits - hits, cache.misses - misses
    return catalog


def _photos(
    project: Project,
    items: list[MediaItem],
    stems: dict[str, str],
    root: Path,
    cache: MediaCache,
    catalog: MediaCatalog,
    on_progress: ProgressFn | None,
) -> None:
    keys = sorted({media_key(i.file) for i in items})
    jobs = [
        PhotoJob(project.media[key].path, root, f"{MEDIA_DIR}/anh/{stems[key]}") for key in keys
    ]
    progress = (lambda done, total: on_progress(PHOTO_STEP, done, total)) if on_progress else None
    workers = 1 if len(jobs) < _SMALL_BATCH else None
    for key, outcome in zip(keys, make_photo_sets(jobs, cache, progress, workers), strict=True):
        if isinstance(outcome, PhotoFailure):
            catalog.failures.append(f"media/{key}: {outcome.reason}")
            continue
        catalog.photos[key] = SitePhoto(
            tuple((d.path.as_posix(), d.width, d.height) for d in outcome.derivatives)
        )


def _clips(
    project: Project,
    items: list[MediaItem],
    stems: dict[str, str],
    root: Path,
    cache: MediaCache,
    catalog: MediaCatalog,
    on_progress: ProgressFn | None,
) -> None:
    variants = sorted(
        {clip_key(i) for i in items}, key=lambda k: (k[0], k[1] or 0, k[2] or 0, k[3])
    )
    jobs: list[ClipJob] = []
    seen: dict[str, int] = {}
    for key, start, end, mute in variants:
        seen[key] = seen.get(key, 0) + 1
        stem = f"{MEDIA_DIR}/clip/{stems[key]}" + (f"--{seen[key]}" if seen[key] > 1 else "")
        jobs.append(ClipJob(project.media[key].path, root, stem, start, end, mute))
    progress = (lambda done, total: on_progress(CLIP_STEP, done, total)) if on_progress else None
    for variant, outcome in zip(variants, make_web_clips(jobs, cache, progress), strict=True):
        if isinstance(outcome, ClipFailure):
            catalog.failures.append(f"media/{variant[0]}: {outcome.reason}")
            continue
        catalog.clips[variant] = SiteClip(
            outcome.video.as_posix(),
            outcome.poster.as_posix(),
            outcome.width,
            outcome.height,
            outcome.duration,
            outcome.has_audio,
        )


def prune_cache(cache: MediaCache, audience: str) -> int:
    """Drop cache entries that no audience's latest build used; returns how many.

    Each audience's build records the keys it used, so a public (archive) build does not evict
    what the internal site still needs, while a removed source's entries go away.
    """
    record = cache.root / f"site-keys-{audience}.json"
    atomic_write_text(record, json.dumps(sorted(cache.used_keys)))
    keep: set[str] = set()
    for path in sorted(cache.root.glob("site-keys-*.json")):
        try:
            keep.update(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return cache.prune(keep)
