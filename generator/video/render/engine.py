"""The video render engine: scenes in, MP4 (+ subtitles, chapters, report) out.

    validate sources → timeline (whole frames) → soundtrack (one mix, background thread)
    → one cached video-only segment per scene → join by copy + mux + chapters → sidecar files
      (subtitles, chapters, a poster frame for the player, the render report)

Design, decided by bench/bench_video.py:
- No composition library: composing a 42 s 1080p slideshow through moviepy took 14.7x the
  ffmpeg encode floor. Pictures become yuv420p planes drawn with Pillow (frames.py) piped to
  x264; clips stay inside ffmpeg (clips.py).
- Transitions are short dips through black inside each segment, not crossfades: a crossfade
  would tie each segment to its neighbours' pixels and defeat per-scene caching.
- Every segment has a whole number of frames and identical codec parameters, so the concat
  demuxer joins them with ``-c copy`` and the soundtrack, mixed against the same frame clock,
  stays in sync at every join.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from generator.codehash import code_digest
from generator.errors import EnvironmentProblem, InputError, Problem
from generator.fsutil import atomic_path, atomic_write_text, link_or_copy
from generator.outputs import sidecar_paths
from generator.video.render import digests, ffmpeg, segments, subtitles, timeline
from generator.video.render.audio import render_soundtrack
from generator.video.render.mux import mux, track_seconds
from generator.video.render.scenes import Card, Chapter, RenderSettings, Scene
from generator.video.render.segments import Segment

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class SceneReport:
    id: str
    section: str
    title: str
    kind: str
    start: float
    duration: float
    frames: int
    cached: bool
    seconds: float
    segment: str


@dataclass
class RenderReport:
    """What was rendered, from where, and how long it took (written as ``.render.json``)."""

    out: Path
    duration: float
    total_frames: int
    scenes: list[SceneReport]
    chapters: list[dict[str, object]]
    settings: dict[str, object]
    cache_hits: int
    cache_misses: int
    audio_cached: bool
    loudness: dict[str, object]
    streams: dict[str, float]
    """Length of the video and audio tracks in the finished MP4, seconds."""
    elapsed: float
    files: dict[str, str] = field(default_factory=dict)
    engine: str = field(default_factory=lambda: code_digest(__package__ or "generator.video"))
    """The digest of the render engine's source (``codehash``)."""

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def render_video(
    scenes: Sequence[Scene],
    chapters: Sequence[Chapter],
    out: Path,
    settings: RenderSettings,
    on_progress: ProgressCallback | None = None,
) -> RenderReport:
    """Render ``scenes`` to ``out`` (MP4) with its subtitles, chapters and render report."""
    began = time.perf_counter()
    check_sources(scenes, settings)
    placed = timeline.place(scenes, settings.fps)
    total = timeline.total_frames(placed)
    spans = timeline.chapter_spans(placed, chapters)
    progress = _Progress(total, on_progress)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="baocao-audio") as pool:
        soundtrack_job = pool.submit(render_soundtrack, placed, total, settings)
        encoded = _render_segments(placed, settings, progress)
        soundtrack = soundtrack_job.result()
    digests.save(settings.cache_dir)
    mux([s.path for s in encoded], soundtrack.path, spans, out, settings.title)
    streams = _check_sync(out, total, settings.fps)
    files = _write_sidecars(placed, encoded, spans, out, settings.size)
    report = RenderReport(
        out=out,
        duration=total / settings.fps,
        total_frames=total,
        scenes=[_scene_report(p, s) for p, s in zip(placed, encoded, strict=True)],
        chapters=[{"title": c.title, "start": c.start, "end": c.end} for c in spans],
        settings={k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items()},
        cache_hits=sum(s.cached for s in encoded),
        cache_misses=sum(not s.cached for s in encoded),
        audio_cached=soundtrack.cached,
        loudness=soundtrack.loudness,
        streams=streams,
        elapsed=round(time.perf_counter() - began, 3),
        files={kind: str(path) for kind, path in files.items()},
    )
    atomic_write_text(sidecar_paths(out)["report"], report.to_json())
    return report


def _check_sync(out: Path, total_frames: int, fps: int) -> dict[str, float]:
    """Both streams must reach the end of the timeline (within a couple of frames): a
    segment of the wrong length or a short soundtrack would show up here."""
    streams = track_seconds(out)
    expected = total_frames / fps
    slack = 1 / fps + 0.05  # a frame, plus an AAC frame of priming or padding
    if len(streams) != 2 or any(abs(s - expected) > slack for s in streams.values()):
        raise EnvironmentProblem(
            f"Video và âm thanh lệch nhau: hình {streams.get('video', 0):.2f} s, "
            f"tiếng {streams.get('audio', 0):.2f} s, cần {expected:.2f} s."
        )
    return streams


def _scene_report(placed: timeline.Placed, segment: Segment) -> SceneReport:
    return SceneReport(
        id=placed.scene.id,
        section=str(placed.scene.section),
        title=placed.scene.title,
        kind=type(placed.scene.visual).__name__,
        start=round(placed.start, 3),
        duration=round(placed.duration, 3),
        frames=placed.frames,
        cached=segment.cached,
        seconds=round(segment.seconds, 3),
        segment=segment.path.name,
    )


def _render_segments(
    placed: Sequence[timeline.Placed], settings: RenderSettings, progress: _Progress
) -> list[Segment]:
    """Encode the missing segments in order, preparing the next one while one encodes."""
    jobs = [segments.plan(p.scene, p.frames, settings) for p in placed]
    done: dict[int, Segment] = {}
    for index, job in enumerate(jobs):
        if job.cached:
            done[index] = Segment(job.scene.id, job.path, job.frames, True, 0.0)
            progress.segment(job.frames)(job.frames)
    todo = [i for i in range(len(jobs)) if i not in done]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="baocao-prepare") as pool:
        ahead = [pool.submit(segments.prepare, jobs[i], settings) for i in todo[:1]]
        for position, index in enumerate(todo):
            work = ahead.pop(0).result()
            if position + 1 < len(todo):
                ahead.append(pool.submit(segments.prepare, jobs[todo[position + 1]], settings))
            done[index] = segments.encode(work, settings, progress.segment(jobs[index].frames))
            del work  # let the decoded picture go before the next one is prepared
    return [done[i] for i in range(len(jobs))]


def check_sources(scenes: Sequence[Scene], settings: RenderSettings) -> None:
    """Every file the render reads exists: all missing ones reported at once (exit 1)."""
    if not scenes:
        raise InputError("Không có cảnh nào để dựng video.")
    needed = [s.visual.path for s in scenes] + [s.narration for s in scenes if s.narration]
    if settings.music is not None:
        needed.append(settings.music)
    missing = sorted({str(p) for p in needed if not p.is_file()})
    if missing:
        raise InputError([Problem(path=p, message="Không tìm thấy tệp.") for p in missing])


def _write_sidecars(
    placed: Sequence[timeline.Placed],
    encoded: Sequence[Segment],
    spans: Sequence[timeline.ChapterSpan],
    out: Path,
    size: tuple[int, int],
) -> dict[str, Path]:
    paths = sidecar_paths(out)
    cues = subtitles.absolute_cues(placed)
    atomic_write_text(paths["srt"], subtitles.srt(cues))
    atomic_write_text(paths["vtt"], subtitles.vtt(cues))
    atomic_write_text(paths["chapters"], subtitles.chapters_vtt(spans))
    link_or_copy(_poster(placed, encoded, size), paths["poster"])
    return {"video": out, **paths}


def _poster(
    placed: Sequence[timeline.Placed], encoded: Sequence[Segment], size: tuple[int, int]
) -> Path:
    """The middle frame of the opening title card (of the first scene when there is none), as
    a JPEG without metadata: what the site's player shows before play. It is decoded from that
    scene's segment (the video joins segments by copy: same pixels) and kept beside it in the
    cache, so a render that reuses the segment reuses the poster."""
    index = next((i for i, p in enumerate(placed) if isinstance(p.scene.visual, Card)), 0)
    segment = encoded[index].path
    poster = segment.with_suffix(".poster.jpg")
    if not poster.is_file():
        with tempfile.TemporaryDirectory(prefix="baocao-poster-") as work:
            raw = Path(work) / "frame.rgb"
            ffmpeg.run([
                *ffmpeg.base_args(), "-ss", f"{placed[index].duration / 2:.3f}",
                "-i", str(segment), "-frames:v", "1",
                "-vf", "scale=in_color_matrix=bt709:in_range=tv,format=rgb24",
                "-f", "rawvideo", str(raw),
            ])  # fmt: skip
            frame = Image.frombytes("RGB", size, raw.read_bytes())
        with atomic_path(poster) as tmp:
            frame.save(tmp, "JPEG", quality=85, optimize=True, progressive=True)
    return poster


class _Progress:
    """Turns each segment's frame count into ``on_progress(done, total)`` for the whole video;
    segments are reported in the order they are handled, so ``done`` only grows."""

    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.callback = callback
        self.completed = 0
        self.last = -1

    def segment(self, frames: int) -> Callable[[int], None]:
        base = self.completed
        self.completed += frames

        def advance(done_in_segment: int) -> None:
            done = min(self.total, base + min(done_in_segment, frames))
            if self.callback is not None and done > self.last:
                self.last = done
                self.callback(done, self.total)

        return advance
