"""One scene → one cached, video-only H.264 segment, in three steps:

``plan`` (cheap: cache key, hit or miss) → ``prepare`` (CPU: decode and frame the picture,
draw the overlays; runs one scene ahead in a worker) → ``encode`` (ffmpeg).

A segment's file name is a hash of everything its pixels depend on (source bytes, framing,
caption, burned cues, size, fps, codec settings, and the source of the code that frames,
draws and encodes them: ``codehash``), so an edit re-renders exactly the scenes it touches. Segments are written under a temporary name and
renamed when ffmpeg succeeds: a killed render never leaves a partial segment to be reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from generator.codehash import code_digest
from generator.errors import EnvironmentProblem
from generator.fsutil import atomic_path
from generator.media import ffmpeg as media_ffmpeg
from generator.media.probe import MediaInfo
from generator.video.render import digests, ffmpeg, frames, overlays
from generator.video.render.clips import OverlayFile, clip_segment_args, edge_fades, probe_clip
from generator.video.render.scenes import (
    STATIC,
    Card,
    ClipShot,
    Fill,
    KenBurns,
    RenderSettings,
    Scene,
    Still,
)

FramesDone = Callable[[int], None]
Placement = tuple[overlays.Overlay, int, int]  # overlay, first frame, last frame


@dataclass(frozen=True)
class Job:
    """A scene's segment: where it lives in the cache and whether it is already there."""

    scene: Scene
    frames: int
    path: Path

    @property
    def cached(self) -> bool:
        return self.path.is_file()


@dataclass(frozen=True)
class PictureWork:
    job: Job
    canvas: frames.Canvas
    motion: KenBurns
    overlays: tuple[frames.TimedOverlay, ...]


@dataclass(frozen=True)
class ClipWork:
    job: Job
    shot: ClipShot
    info: MediaInfo
    overlays: tuple[Placement, ...]


@dataclass(frozen=True)
class Segment:
    scene_id: str
    path: Path
    frames: int
    cached: bool
    seconds: float


def plan(scene: Scene, frame_count: int, settings: RenderSettings) -> Job:
    key = segment_key(scene, frame_count, settings)
    return Job(scene, frame_count, settings.cache_dir / "segments" / f"{key}.mp4")


def prepare(job: Job, settings: RenderSettings) -> PictureWork | ClipWork:
    """The CPU-heavy part before encoding: safe to run in a worker thread."""
    placed = scene_overlays(job.scene, job.frames, settings)
    visual = job.scene.visual
    if isinstance(visual, ClipShot):
        return ClipWork(job, visual, probe_clip(visual.path), tuple(placed))
    path, motion, fill = _picture_source(visual)
    picture, mode = frames.load_picture(path, fill, settings.size)
    canvas = frames.build_canvas(picture, mode, settings.size, motion.max_zoom)
    timed = tuple(frames.timed(o, first, last) for o, first, last in placed)
    return PictureWork(job, frames.motion_canvas(canvas, motion), motion, timed)


def encode(
    work: PictureWork | ClipWork, settings: RenderSettings, on_frames: FramesDone
) -> Segment:
    """Encode to a temporary name and rename into the cache; check the frame count."""
    began = time.perf_counter()
    job = work.job
    encoded = [0]

    def track(done: int) -> None:
        encoded[0] = done
        on_frames(done)

    with atomic_path(job.path) as tmp:
        if isinstance(work, ClipWork):
            _encode_clip(work, settings, tmp, track)
        else:
            _encode_picture(work, settings, tmp, track)
        if encoded[0] != job.frames:  # a short segment would shift every later scene
            raise EnvironmentProblem(
                f"Cảnh {job.scene.id}: ffmpeg dựng {encoded[0]} khung hình thay vì {job.frames}."
            )
    return Segment(job.scene.id, job.path, job.frames, False, time.perf_counter() - began)


def segment_key(scene: Scene, frame_count: int, settings: RenderSettings) -> str:
    visual = scene.visual
    described = {
        "code": code_digest(__name__),
        "ffmpeg": media_ffmpeg.build(),
        "kind": type(visual).__name__,
        "source": digests.file_digest(visual.path, settings.cache_dir),
        "visual": {k: v for k, v in asdict(visual).items() if k not in ("path", "audio")},
        "cues": _burned_cues(scene, settings),
        "frames": frame_count,
        "video": [settings.size, settings.fps, settings.crf, settings.preset, settings.dip],
    }
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _burned_cues(scene: Scene, settings: RenderSettings) -> list[tuple[float, float, str]]:
    if not settings.burn_subtitles:
        return []
    return [(cue.start, cue.end, cue.text) for cue in scene.cues]


def scene_overlays(scene: Scene, frame_count: int, settings: RenderSettings) -> list[Placement]:
    """The caption for the whole scene, then each burned cue on its frames, above the caption."""
    placed: list[Placement] = []
    band = overlays.caption(settings.size, getattr(scene.visual, "caption", ""))
    if band is not None:
        placed.append((band, 0, frame_count - 1))
    bottom = band.top - settings.height // 40 if band is not None else None
    for cue in scene.cues if settings.burn_subtitles else ():
        first = max(0, round(cue.start * settings.fps))
        last = min(frame_count - 1, round(cue.end * settings.fps) - 1)
        line = overlays.subtitle(settings.size, cue.text, bottom)
        if line is not None and first <= last:
            placed.append((line, first, last))
    return placed


def _picture_source(visual: Still | Card) -> tuple[Path, KenBurns, Fill]:
    if isinstance(visual, Card):
        motion = STATIC if visual.zoom_end <= 1.0 else KenBurns(1.0, visual.zoom_end)
        return visual.path, motion, "cover"
    return visual.path, visual.ken_burns, visual.fill


def _encode_picture(
    work: PictureWork, settings: RenderSettings, dest: Path, on_frames: FramesDone
) -> None:
    count = work.job.frames
    stream = frames.ken_burns_frames(work.canvas, settings.size, work.motion, count, work.overlays)
    w, h = settings.size
    args = [
        *ffmpeg.base_args(),
        "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{w}x{h}", "-r", str(settings.fps),
        "-color_range", "tv", "-colorspace", "bt709",
        "-color_primaries", "bt709", "-color_trc", "bt709",
        "-i", "pipe:0",
        "-vf", ",".join([*edge_fades(count, settings), ffmpeg.SEGMENT_TAGS]),
        *ffmpeg.x264_args(settings),
        "-frames:v", str(count),
        str(dest),
    ]  # fmt: skip
    proc = ffmpeg.start(args, stdin=True, on_frame=on_frames)
    assert proc.stdin is not None
    _widen_pipe(proc.stdin)
    writer = _Writer(proc.stdin, stream)
    writer.start()
    try:
        ffmpeg.finish(proc, on_frames)
    finally:
        writer.join()
    if writer.error is not None:
        raise writer.error


def _widen_pipe(pipe: IO[bytes]) -> None:
    # A 1 MiB pipe (Linux's default ceiling) instead of 64 KiB: a 1080p frame crosses in 3
    # writes rather than 48, which the bench measured as ~1.4 ms less CPU a frame.
    with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux only
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


class _Writer(threading.Thread):
    """Draws frames and feeds them to ffmpeg while the caller follows ffmpeg's progress."""

    def __init__(self, pipe: IO[bytes], stream: Iterator[Sequence[bytes]]) -> None:
        super().__init__(daemon=True, name="baocao-frames")
        self.pipe = pipe
        self.stream = stream
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for planes in self.stream:
                for plane in planes:
                    self.pipe.write(plane)
        except BrokenPipeError:
            pass  # ffmpeg stopped early; its own message is the useful one
        except BaseException as exc:  # re-raised by the caller once ffmpeg has exited
            self.error = exc
        finally:
            with contextlib.suppress(BrokenPipeError):
                self.pipe.close()


def _encode_clip(
    work: ClipWork, settings: RenderSettings, dest: Path, on_frames: FramesDone
) -> None:
    with tempfile.TemporaryDirectory(prefix="baocao-clip-") as folder:
        files: list[OverlayFile] = []
        for number, (overlay, first, last) in enumerate(work.overlays):
            png = Path(folder) / f"overlay-{number}.png"
            overlay.image.save(png)
            files.append(OverlayFile(png, overlay.x, overlay.y, first, last))
        args = clip_segment_args(work.shot, work.info, settings, work.job.frames, files, dest)
        ffmpeg.run(args, on_frames)
