"""Web copies of clips: H.264/AAC MP4 at most 1280 px, upright, trimmed, metadata-free, + poster.

Phone clips store landscape frames with a rotation tag; ffmpeg's autorotation turns the frames
upright while decoding, so the copy has its true (often portrait) shape and no tag left over.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageStat

from generator.codehash import code_digest
from generator.fsutil import atomic_path
from generator.media import ffmpeg
from generator.media.cache import CacheEntry, MediaCache
from generator.media.frame import frame_png
from generator.media.probe import MediaInfo, MediaUnreadable, probe_media

MAX_SIDE = 1280
CRF = 23
MAX_FPS = 30  # phones film at 60 fps; twice the bytes for nothing on an intranet page
POSTER_AT = (0.1, 0.3, 0.5)  # candidate poster frames, as fractions of the copy's length
# A frame this dark (mean luma out of 255) is a fade or a covered lens, never the poster.
_DARK = 24.0

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class WebClip:
    video: Path  # relative to the out root (the out_dir given to make_web_clip)
    poster: Path  # same size as the video, WebP
    width: int
    height: int
    duration: float
    has_audio: bool


@dataclass(frozen=True)
class ClipJob:
    source: Path
    out_dir: Path
    stem: str  # the copy is out_dir/<stem>.mp4, the poster out_dir/<stem>.webp
    start: float | None = None  # seconds into the source
    end: float | None = None
    mute: bool = False


@dataclass(frozen=True)
class ClipFailure:
    source: Path
    reason: str  # Vietnamese, for staff


def web_size(width: int, height: int, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """Display size scaled to fit ``max_side`` (never up), both sides even for yuv420p."""
    scale = min(1.0, max_side / max(width, height))
    return max(2, round(width * scale) // 2 * 2), max(2, round(height * scale) // 2 * 2)


def make_web_clip(
    source: Path,
    out_dir: Path,
    stem: str,
    *,
    start: float | None = None,
    end: float | None = None,
    mute: bool = False,
    max_side: int = MAX_SIDE,
) -> WebClip:
    """Write ``out_dir/<stem>.mp4`` and its poster ``out_dir/<stem>.webp``.

    Raises MediaUnreadable for a bad source or a trim outside the clip.
    """
    info = probe_media(source)
    if info.kind != "clip":
        raise MediaUnreadable(f"không phải tệp video: {source.name}")
    begin, length = _trim(info, start, end, source.name)
    width, height = web_size(info.width, info.height, max_side)
    keep_audio = info.has_audio and not mute
    video_rel, poster_rel = Path(f"{stem}.mp4"), Path(f"{stem}.webp")
    video = out_dir / video_rel
    with atomic_path(video) as tmp:
        args = _encode_args(source, tmp, begin, length, (width, height), keep_audio)
        ffmpeg.run(args, source=source, doing="chuyển video")
    poster = _best_frame(video, length)
    poster.info = {}  # no metadata in the poster either
    with atomic_path(out_dir / poster_rel) as tmp:
        poster.save(tmp, format="WEBP", quality=80, method=2)
    return WebClip(video_rel, poster_rel, width, height, round(length, 3), keep_audio)


def _trim(
    info: MediaInfo, start: float | None, end: float | None, name: str
) -> tuple[float, float]:
    """(start, length) in seconds within the source; length 0 means "to the end"."""
    begin = max(0.0, start or 0.0)
    if info.duration <= 0:  # the container did not say: trust the trim, ffmpeg stops at the end
        return begin, max(0.0, (end or 0.0) - begin)
    finish = info.duration if end is None or end > info.duration else end
    if begin >= info.duration or finish <= begin:
        raise MediaUnreadable(
            f"đoạn cắt của {name} nằm ngoài clip (clip dài {info.duration:.1f} giây)"
        )
    return begin, finish - begin


def _encode_args(
    source: Path, target: Path, begin: float, length: float, size: tuple[int, int], audio: bool
) -> list[str]:
    width, height = size
    args = ffmpeg.head(writes=True)
    if begin > 0:
        args += ["-ss", f"{begin:.3f}"]  # before -i: fast seek, still frame-exact when encoding
    args += ["-i", str(source), "-map", "0:v:0"]
    if length > 0:
        args += ["-t", f"{length:.3f}"]
    if audio:
        args += ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2"]
    else:
        args += ["-an"]
    return [
        *args,
        "-vf",
        f"scale={width}:{height}:flags=lanczos,setsar=1,format=yuv420p",
        "-fpsmax",
        str(MAX_FPS),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        str(CRF),
        "-pix_fmt",
        "yuv420p",
        # No GPS/location atoms, titles or dates from the phone; no version strings (determinism).
        "-map_metadata",
        "-1",
        "-map_chapters",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(target),
    ]


def _best_frame(video: Path, length: float) -> Image.Image:
    """The most detailed of a few candidate frames, skipping dark ones (fade-ins, lens caps)."""
    candidates = [_frame_at(video, length * at) for at in POSTER_AT]
    frames = [f for f in candidates if f is not None]
    if not frames:
        first = _frame_at(video, 0.0)
        if first is None:
            raise MediaUnreadable(f"không lấy được khung hình nào từ {video.name}")
        frames = [first]
    return max(frames, key=_poster_score)


def _poster_score(frame: Image.Image) -> float:
    stat = ImageStat.Stat(frame.convert("L"))
    mean, spread = stat.mean[0], stat.stddev[0]
    return spread + 0.25 * mean - (1000.0 if mean < _DARK else 0.0)


def _frame_at(video: Path, at: float) -> Image.Image | None:
    data = frame_png(video, at)
    if not data:  # seeking past the last frame yields nothing
        return None
    with Image.open(io.BytesIO(data)) as frame:
        rgb: Image.Image = frame.convert("RGB")
    return rgb


# --- many clips: cache and progress -------------------------------------------------------


def clip_params(job: ClipJob) -> dict[str, Any]:
    """What, besides the source's bytes, decides the copy (the cache key's other half): the
    job's trim and sound, and the code and the ffmpeg that make it (``generator.codehash``)."""
    return {
        "code": code_digest(__name__),
        "ffmpeg": ffmpeg.build(),
        "start": job.start,
        "end": job.end,
        "mute": job.mute,
    }


def make_web_clips(
    jobs: Sequence[ClipJob], cache: MediaCache | None = None, on_progress: ProgressFn | None = None
) -> list[WebClip | ClipFailure]:
    """Make each job's web copy, one at a time (x264 already uses every core); job order.

    With a cache, an unchanged clip is hard-linked from it and does no ffmpeg work.
    """
    results: list[WebClip | ClipFailure] = []
    if on_progress:
        on_progress(0, len(jobs))
    for job in jobs:
        try:
            results.append(_one_clip(job, cache))
        except MediaUnreadable as exc:
            results.append(ClipFailure(job.source, str(exc)))
        if on_progress:
            on_progress(len(results), len(jobs))
    if cache:
        cache.save_index()
    return results


def _one_clip(job: ClipJob, cache: MediaCache | None) -> WebClip:
    def copy(out_dir: Path, stem: str) -> WebClip:
        return make_web_clip(job.source, out_dir, stem, start=job.start, end=job.end, mute=job.mute)

    if cache is None:
        return copy(job.out_dir, job.stem)
    if not job.source.is_file():
        raise MediaUnreadable(f"không tìm thấy tệp: {job.source.name}")

    def make(folder: Path) -> dict[str, Any]:
        made = copy(folder, "clip")
        return {
            "video": made.video.as_posix(),
            "poster": made.poster.as_posix(),
            "size": [made.width, made.height],
            "duration": made.duration,
            "has_audio": made.has_audio,
        }

    entry = cache.get_or_make(job.source, clip_params(job), make)
    return _export(cache, entry, job)


def _export(cache: MediaCache, entry: CacheEntry, job: ClipJob) -> WebClip:
    meta: Any = entry.meta
    video, poster = Path(f"{job.stem}.mp4"), Path(f"{job.stem}.webp")
    cache.export_file(entry, meta["video"], job.out_dir / video)
    cache.export_file(entry, meta["poster"], job.out_dir / poster)
    width, height = meta["size"]
    return WebClip(video, poster, width, height, meta["duration"], meta["has_audio"])
