"""One scene → one cached, video-only H.264 segment.

A segment's file name is a hash of everything its pixels depend on (source bytes, framing,
caption, burned cues, size, fps, codec settings, the caption drawing and ENGINE_VERSION), so an
edit re-renders exactly the scenes it touches. Segments are written under a temporary name and
renamed when ffmpeg succeeds: a killed render never leaves a partial segment to be reused.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.errors import EnvironmentProblem, InputError, Problem
from generator.fsutil import atomic_path
from generator.tools import ffmpeg_exe
from generator.video import ffmpeg, frames, overlays
from generator.video.clips import OverlayFile, clip_segment_args, edge_fades
from generator.video.probe import probe
from generator.video.scenes import STATIC, Card, ClipShot, KenBurns, RenderSettings, Scene, Still

ENGINE_VERSION = "1"
"""Bump when a change to the engine alters the pixels of an unchanged scene."""

FramesDone = Callable[[int], None]


@dataclass(frozen=True)
class Segment:
    scene_id: str
    path: Path
    frames: int
    cached: bool
    seconds: float


def render_segment(
    scene: Scene, frame_count: int, settings: RenderSettings, on_frames: FramesDone
) -> Segment:
    """Return the scene's segment, encoding it only when the cache has no such file."""
    began = time.perf_counter()
    key = segment_key(scene, frame_count, settings)
    path = settings.cache_dir / "segments" / f"{key}.mp4"
    if path.is_file():
        on_frames(frame_count)
        return Segment(scene.id, path, frame_count, True, 0.0)
    encoded = [0]

    def track(done: int) -> None:
        encoded[0] = done
        on_frames(done)

    with atomic_path(path) as tmp, tempfile.TemporaryDirectory(prefix="baocao-seg-") as work:
        if isinstance(scene.visual, ClipShot):
            _encode_clip(scene, scene.visual, frame_count, settings, Path(work), tmp, track)
        else:
            _encode_picture(scene, frame_count, settings, tmp, track)
        if encoded[0] != frame_count:  # a short segment would shift every later scene
            raise EnvironmentProblem(
                f"Cảnh {scene.id}: ffmpeg dựng {encoded[0]} khung hình thay vì {frame_count}."
            )
    return Segment(scene.id, path, frame_count, False, time.perf_counter() - began)


def segment_key(scene: Scene, frame_count: int, settings: RenderSettings) -> str:
    visual = scene.visual
    _, caption_id = overlays.caption_renderer()
    described = {
        "engine": ENGINE_VERSION,
        "ffmpeg": Path(ffmpeg_exe()).name,
        "kind": type(visual).__name__,
        "source": file_digest(visual.path),
        "visual": {k: v for k, v in asdict(visual).items() if k not in ("path", "audio")},
        "caption_renderer": caption_id,
        "cues": _burned_cues(scene, settings),
        "frames": frame_count,
        "video": [settings.size, settings.fps, settings.crf, settings.preset, settings.dip],
    }
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes; memoised on (path, size, mtime) within the process."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(Problem(path=str(path), message="Không tìm thấy tệp.")) from exc
    return _digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def _burned_cues(scene: Scene, settings: RenderSettings) -> list[tuple[float, float, str]]:
    if not settings.burn_subtitles:
        return []
    return [(cue.start, cue.end, cue.text) for cue in scene.cues]


def scene_overlays(
    scene: Scene, frame_count: int, settings: RenderSettings
) -> list[tuple[overlays.Overlay, int, int]]:
    """The caption for the whole scene, then each burned cue on its frames."""
    caption_text = getattr(scene.visual, "caption", "")
    placed: list[tuple[overlays.Overlay, int, int]] = []
    band = overlays.caption(settings.size, caption_text)
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


def _picture_source(visual: Still | Card) -> tuple[Path, KenBurns, frames.Fill]:
    if isinstance(visual, Card):
        motion = STATIC if visual.zoom_end <= 1.0 else KenBurns(1.0, visual.zoom_end)
        return visual.path, motion, "cover"
    return visual.path, visual.ken_burns, visual.fill


def _encode_picture(
    scene: Scene, frame_count: int, settings: RenderSettings, dest: Path, on_frames: FramesDone
) -> None:
    assert isinstance(scene.visual, Still | Card)
    path, motion, fill = _picture_source(scene.visual)
    picture, mode = frames.load_picture(path, fill, settings.size, motion.max_zoom)
    canvas = frames.build_canvas(picture, mode, settings.size, motion.max_zoom)
    del picture
    timed = [frames.timed(o, a, b) for o, a, b in scene_overlays(scene, frame_count, settings)]
    stream = frames.ken_burns_frames(canvas, settings.size, motion, frame_count, timed)
    w, h = settings.size
    args = [
        *ffmpeg.base_args(),
        "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{w}x{h}", "-r", str(settings.fps),
        "-color_range", "tv", "-colorspace", "bt709",
        "-color_primaries", "bt709", "-color_trc", "bt709",
        "-i", "pipe:0",
        "-vf", ",".join([*edge_fades(frame_count, settings), ffmpeg.COLOR_TAGS]),
        *ffmpeg.x264_args(settings),
        "-frames:v", str(frame_count),
        str(dest),
    ]  # fmt: skip
    proc = ffmpeg.start(args, stdin=True, on_frame=on_frames)
    writer = _Writer(proc.stdin, stream)  # type: ignore[arg-type]
    writer.start()
    try:
        ffmpeg.finish(proc, on_frames)
    finally:
        writer.join()
    if writer.error is not None:
        raise writer.error


class _Writer(threading.Thread):
    """Draws frames and feeds them to ffmpeg while the main thread follows its progress."""

    def __init__(self, pipe: object, stream: Iterator[Sequence[bytes]]) -> None:
        super().__init__(daemon=True, name="baocao-frames")
        self.pipe = pipe
        self.stream = stream
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for planes in self.stream:
                for plane in planes:
                    self.pipe.write(plane)  # type: ignore[attr-defined]
        except BrokenPipeError:
            pass  # ffmpeg stopped early; its own error message is the useful one
        except BaseException as exc:  # reported by the caller after ffmpeg exits
            self.error = exc
        finally:
            try:
                self.pipe.close()  # type: ignore[attr-defined]
            except BrokenPipeError:
                pass


def _encode_clip(
    scene: Scene,
    shot: ClipShot,
    frame_count: int,
    settings: RenderSettings,
    work: Path,
    dest: Path,
    on_frames: FramesDone,
) -> None:
    info = probe(shot.path)
    files: list[OverlayFile] = []
    for number, (overlay, first, last) in enumerate(scene_overlays(scene, frame_count, settings)):
        png = work / f"overlay-{number}.png"
        overlay.image.save(png)
        files.append(OverlayFile(png, overlay.x, overlay.y, first, last))
    ffmpeg.run(clip_segment_args(shot, info, settings, frame_count, files, dest), on_frames)
