"""Responsive web derivatives of photos: upright, sRGB, metadata-free WebP at a few widths.

WebP rather than JPEG: on 12 MP photos at equal PSNR, WebP q80 files are about half the size of
JPEG q85 ones for a few tens of ms more per photo (bench/README.md); Chromium shows WebP.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from generator.codehash import code_digest
from generator.errors import EnvironmentProblem
from generator.fsutil import atomic_path
from generator.media.cache import CacheEntry, MediaCache
from generator.media.probe import MediaUnreadable

# Each derivative fits a square of this side (its long side), so a portrait is 1200x1600, not
# 1600x2133; the name "widths" is kept because landscape photos, the common case, have it so.
DEFAULT_WIDTHS: tuple[int, ...] = (480, 960, 1600)
SUFFIX = ".webp"
# method=2 keeps ~90 % of method 4's saving at under half its encode time (bench/README.md).
WEBP_OPTIONS: dict[str, Any] = {"quality": 80, "method": 2}

_EXIF_ORIENTATION = 0x0112
_QUARTER_TURNS = {5, 6, 7, 8}
# A width this close to the source's own adds bytes, not detail: the source width replaces it.
_NEAR_SOURCE = 0.9
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class PhotoDerivative:
    width: int
    height: int
    path: Path  # relative to the out root (the out_dir given to make_photo_set)


@dataclass(frozen=True)
class PhotoSet:
    source: Path
    width: int  # the source's display size, after EXIF orientation
    height: int
    derivatives: tuple[PhotoDerivative, ...]  # narrowest first


@dataclass(frozen=True)
class PhotoJob:
    source: Path
    out_dir: Path
    stem: str  # may hold folders: "2021-h1/tuy-hoa/kiem-sat" -> out_dir/2021-h1/tuy-hoa/…
    widths: tuple[int, ...] = DEFAULT_WIDTHS


@dataclass(frozen=True)
class PhotoFailure:
    source: Path
    reason: str  # Vietnamese, for staff


def derivative_sizes(display_size: tuple[int, int], boxes: Sequence[int]) -> list[tuple[int, int]]:
    """(width, height) of each derivative, smallest first: each fits a ``box`` x ``box`` square.

    A square box keeps portrait photos from towering past any screen (1600 -> 1200x1600).
    Never larger than the source; a box this close to the source's size gives way to it.
    """
    width, height = display_size
    long_side = max(width, height)
    wanted = sorted({b for b in boxes if b > 0})
    if long_side > wanted[-1]:
        sides = wanted
    else:
        sides = [b for b in wanted if b < long_side * _NEAR_SOURCE] + [long_side]
    return [
        (max(1, round(width * side / long_side)), max(1, round(height * side / long_side)))
        for side in sides
    ]


def make_photo_set(
    source: Path, out_dir: Path, stem: str, widths: Sequence[int] = DEFAULT_WIDTHS
) -> PhotoSet:
    """Write ``out_dir/<stem>-<box>.webp`` per box in ``widths`` (see derivative_sizes).

    Raises MediaUnreadable when the source cannot be decoded.
    """
    try:
        img, display = _open_upright(source, max(widths))
    except UnidentifiedImageError as exc:
        raise MediaUnreadable(f"không đọc được tệp ảnh: {source.name} (định dạng lạ)") from exc
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise MediaUnreadable(
            f"không đọc được tệp ảnh: {source.name} (tệp hỏng hoặc không đầy đủ)"
        ) from exc
    derivatives: list[PhotoDerivative] = []
    # Largest first, each from the previous one: cheaper than resizing the big image each time.
    for size in reversed(derivative_sizes(display, widths)):
        if img.size != size:
            img = img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if not derivatives:
            img = _web_colours(img)
        rel = Path(f"{stem}-{max(size)}{SUFFIX}")
        _save_webp(img, out_dir / rel)
        derivatives.append(PhotoDerivative(*size, rel))
    return PhotoSet(source, *display, tuple(reversed(derivatives)))


def _open_upright(source: Path, max_side: int) -> tuple[Image.Image, tuple[int, int]]:
    """Decode just enough pixels for ``max_side``, turned upright; also the display size."""
    with Image.open(source) as img:
        stored_w, stored_h = img.size
        turned = img.getexif().get(_EXIF_ORIENTATION, 1) in _QUARTER_TURNS
        display_w, display_h = (stored_h, stored_w) if turned else (stored_w, stored_h)
        target_w, target_h = derivative_sizes((display_w, display_h), [max_side])[-1]
        # JPEG decodes at 1/2, 1/4 or 1/8 scale in the DCT domain (no-op for other formats):
        # a 12 MP photo for a 1600 px derivative decodes 4x fewer pixels, ~3x faster.
        img.draft(None, (target_h, target_w) if turned else (target_w, target_h))
        img.load()
        upright = ImageOps.exif_transpose(img)  # orientation first, on the smaller image
    return _resizable(upright), (display_w, display_h)


def _resizable(img: Image.Image) -> Image.Image:
    """A mode Lanczos can resize: palettes and odd bit depths become RGB(A) or L."""
    if img.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        return img
    if img.mode in ("P", "PA"):
        return img.convert("RGBA" if img.has_transparency_data else "RGB")
    if img.mode.startswith(("I", "F")):  # 16-bit greyscale PNG: scale to 8 bits
        return img.convert("I").point(lambda v: v / 256).convert("L")
    return img.convert("RGB")


def _web_colours(img: Image.Image) -> Image.Image:
    """sRGB (through the embedded ICC profile when there is one); alpha only if it is used."""
    icc = img.info.get("icc_profile")
    alpha = img.getchannel("A") if img.mode in ("RGBA", "LA") else None
    if alpha is not None and alpha.getextrema() == (255, 255):
        alpha = None
    colour = img.convert("RGB") if img.mode in ("RGBA", "LA") else img
    if img.mode in ("RGB", "RGBA", "CMYK") and icc and not _is_srgb(icc):
        colour = _profile_to_srgb(colour, icc)
    if colour.mode not in ("RGB", "L"):
        colour = colour.convert("RGB")
    if alpha is not None:
        colour = colour.convert("RGBA")
        colour.putalpha(alpha)
    return colour


def _is_srgb(icc: bytes) -> bool:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return "srgb" in ImageCms.getProfileDescription(profile).lower()
    except (ImageCms.PyCMSError, OSError):
        return True  # unreadable profile: treat the pixels as sRGB, as a browser would


def _profile_to_srgb(img: Image.Image, icc: bytes) -> Image.Image:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(img, profile, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError):
        converted = None
    return converted if converted is not None else img.convert("RGB")


def _save_webp(img: Image.Image, target: Path) -> None:
    img.info = {}  # no EXIF, GPS, XMP or ICC rides along into the derivative
    try:
        with atomic_path(target) as tmp:
            img.save(tmp, format="WEBP", **WEBP_OPTIONS)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise EnvironmentProblem(
                "Hết dung lượng đĩa khi ghi ảnh; hãy giải phóng ổ đĩa."
            ) from exc
        raise


# --- many photos: cache, processes, progress ---------------------------------------------


def photo_params(widths: Sequence[int]) -> dict[str, Any]:
    """What, besides the source's bytes, decides the derivatives (the cache key's other half):
    the widths asked for, and the code that makes them (``generator.codehash``)."""
    return {"code": code_digest(__name__), "widths": sorted(widths)}


def make_photo_sets(
    jobs: Sequence[PhotoJob],
    cache: MediaCache | None = None,
    on_progress: ProgressFn | None = None,
    workers: int | None = None,
) -> list[PhotoSet | PhotoFailure]:
    """Run ``jobs`` across processes; results in job order, a bad photo as a PhotoFailure.

    With a cache, a job whose source and widths are unchanged is served from it (hard-linked
    into its out_dir) and does no image work; identical sources are made once.
    """
    results, pending, twins = _partition(jobs, cache)
    done = sum(r is not None for r in results)
    if on_progress:
        on_progress(done, len(jobs))
    for i, outcome in _run_pending(jobs, pending, cache, workers):
        results[i] = outcome
        for twin in twins.get(i, []):
            results[twin] = _twin_result(outcome, jobs[twin], cache)
        done += 1 + len(twins.get(i, []))
        if on_progress:
            on_progress(done, len(jobs))
    if cache:
        cache.save_index()
    return [r for r in results if r is not None]


_Partition = tuple[
    list[PhotoSet | PhotoFailure | None], dict[int, CacheEntry | None], dict[int, list[int]]
]


def _partition(jobs: Sequence[PhotoJob], cache: MediaCache | None) -> _Partition:
    """Results served by the cache now, jobs left to run, and jobs that repeat a pending one."""
    results: list[PhotoSet | PhotoFailure | None] = [None] * len(jobs)
    if cache is None:
        return results, dict.fromkeys(range(len(jobs))), {}
    pending: dict[int, CacheEntry | None] = {}
    twins: dict[int, list[int]] = {}
    leader_of: dict[str, int] = {}
    for i, job in enumerate(jobs):
        try:
            entry = cache.lookup(job.source, photo_params(job.widths))
        except FileNotFoundError:
            results[i] = PhotoFailure(job.source, f"không tìm thấy tệp: {job.source.name}")
            continue
        except OSError:
            results[i] = PhotoFailure(job.source, f"không mở được tệp ảnh: {job.source.name}")
            continue
        if entry.meta is not None:
            results[i] = _export(cache, entry, job)
        elif entry.key in leader_of:
            twins.setdefault(leader_of[entry.key], []).append(i)
        else:
            leader_of[entry.key] = i
            pending[i] = entry
    return results, pending, twins


def _twin_result(
    outcome: PhotoSet | PhotoFailure, job: PhotoJob, cache: MediaCache | None
) -> PhotoSet | PhotoFailure:
    """The result for a job whose source has the same bytes as a job just run."""
    assert cache is not None  # twins are found through cache keys only
    if isinstance(outcome, PhotoFailure):
        return PhotoFailure(job.source, outcome.reason)
    return _export(cache, cache.lookup(job.source, photo_params(job.widths)), job)


def _run_pending(
    jobs: Sequence[PhotoJob],
    pending: dict[int, CacheEntry | None],
    cache: MediaCache | None,
    workers: int | None,
) -> Iterator[tuple[int, PhotoSet | PhotoFailure]]:
    """Yield (job index, result) as each pending job finishes, in any order."""
    tasks = {}
    for i, entry in pending.items():
        job = jobs[i]
        if cache and entry:
            tasks[i] = (job.source, cache.staging_dir(entry), "photo", job.widths)
        else:
            tasks[i] = (job.source, job.out_dir, job.stem, job.widths)
    workers = min(workers or _cpu_count(), len(tasks))
    if workers <= 1:
        outcomes = ((i, _photo_task(*task)) for i, task in tasks.items())
        yield from (_finish(i, out, jobs[i], pending[i], cache) for i, out in outcomes)
        return
    # forkserver, not fork: the caller may run threads (rich's progress bar) when we start.
    with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
        futures = {pool.submit(_photo_task, *task): i for i, task in tasks.items()}
        for future in as_completed(futures):
            i = futures[future]
            yield _finish(i, future.result(), jobs[i], pending[i], cache)


def _photo_task(
    source: Path, out_dir: Path, stem: str, widths: tuple[int, ...]
) -> PhotoSet | PhotoFailure:
    try:
        return make_photo_set(source, out_dir, stem, widths)
    except MediaUnreadable as exc:
        return PhotoFailure(source, str(exc))


def _finish(
    i: int,
    outcome: PhotoSet | PhotoFailure,
    job: PhotoJob,
    entry: CacheEntry | None,
    cache: MediaCache | None,
) -> tuple[int, PhotoSet | PhotoFailure]:
    if cache is None or entry is None:
        return i, outcome
    if isinstance(outcome, PhotoFailure):
        cache.discard_staging(entry)
        return i, outcome
    stored = cache.store(entry, _photo_meta(outcome))
    return i, _export(cache, stored, job)


def _photo_meta(photos: PhotoSet) -> dict[str, Any]:
    return {
        "width": photos.width,
        "height": photos.height,
        "derivatives": [[d.width, d.height, d.path.as_posix()] for d in photos.derivatives],
    }


def _export(cache: MediaCache, entry: CacheEntry, job: PhotoJob) -> PhotoSet:
    """Link a cached set into the job's out_dir under the job's stem."""
    meta: Any = entry.meta
    derivatives = []
    for width, height, cached_name in meta["derivatives"]:
        rel = Path(f"{job.stem}-{max(width, height)}{SUFFIX}")
        cache.export_file(entry, cached_name, job.out_dir / rel)
        derivatives.append(PhotoDerivative(width, height, rel))
    return PhotoSet(job.source, meta["width"], meta["height"], tuple(derivatives))


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
