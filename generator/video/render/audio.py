"""The whole soundtrack, mixed once: narration at scene offsets, clip sound and music ducked
under speech, brought to the loudness target by one linear gain (a true-peak limiter only
when that gain would push peaks over the ceiling) and encoded AAC 48 kHz stereo. How loudness
is measured and reached is ``generator.media.loudness``'s, shared with the recorded takes.

Mixing the track in one piece (rather than per segment) keeps audio continuous across the
joins, and AAC is encoded once. The tracks are rendered to PCM once (mixing.py), then measured
and encoded; memory does not grow with the video's length. The result is cached like a
segment: a caption edit re-renders no audio.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.codehash import code_digest
from generator.fsutil import atomic_path
from generator.media import loudness as level
from generator.video.render import ffmpeg
from generator.video.render.clips import clip_cut, probe_clip
from generator.video.render.digests import file_digest
from generator.video.render.mixing import RATE, Source, mix_graph, render_tracks
from generator.video.render.scenes import ClipShot, RenderSettings
from generator.video.render.timeline import Placed


@dataclass(frozen=True)
class Soundtrack:
    path: Path
    cached: bool
    seconds: float
    loudness: dict[str, object] = field(default_factory=dict)


def collect_sources(placed: Sequence[Placed], settings: RenderSettings) -> list[Source]:
    """Narration and kept clip sound, each cut at its scene's end."""
    sources: list[Source] = []
    for item in placed:
        start = round(item.start * RATE)
        end = round(item.end * RATE)
        scene = item.scene
        if scene.narration is not None:
            offset = start + round(max(0.0, scene.narration_at) * RATE)
            if offset < end:
                sources.append(Source(scene.narration, offset, end - offset))
        shot = scene.visual
        if isinstance(shot, ClipShot) and shot.audio == "keep":
            info = probe_clip(shot.path)
            seek, length = clip_cut(shot, info)
            samples = min(end - start, round(length * RATE))
            if info.has_audio and samples > 0:
                sources.append(Source(shot.path, start, samples, seek, "clip"))
    return sources


def render_soundtrack(
    placed: Sequence[Placed], total_frames: int, settings: RenderSettings
) -> Soundtrack:
    began = time.perf_counter()
    sources = collect_sources(placed, settings)
    total = round(total_frames * RATE / settings.fps)
    key = _key(sources, total, settings)
    path = settings.cache_dir / "audio" / f"{key}.m4a"
    report_path = path.with_suffix(".json")
    if path.is_file():
        recorded = json.loads(report_path.read_text()) if report_path.is_file() else {}
        return Soundtrack(path, True, 0.0, recorded)
    with tempfile.TemporaryDirectory(prefix=".mix-", dir=_mkdir(settings.cache_dir)) as work:
        tracks = render_tracks(sources, total, settings, Path(work))
        inputs, graph = mix_graph(tracks, total, settings)
        label, gain = "mix", None
        measured = level.measure(inputs, graph, "mix", doing=ffmpeg.DOING) if tracks else {}
        if level.audible(measured):
            gain = level.normalisation(
                inputs, graph, "mix", measured,
                target=settings.loudness, true_peak=settings.true_peak, rate=RATE,
                doing=ffmpeg.DOING,
            )  # fmt: skip
            graph += f";[mix]{gain.chain},ebur128=peak=true[normalised]"
            label = "normalised"
        with atomic_path(path) as tmp:
            stderr = ffmpeg.run([
                *ffmpeg.base_args("info"), *inputs,
                "-filter_complex", graph, "-map", f"[{label}]",
                "-c:a", "aac", "-b:a", settings.audio_bitrate, "-ar", str(RATE), "-ac", "2",
                "-f", "mp4", str(tmp),
            ])  # fmt: skip
    loudness = {} if gain is None else gain.report(measured, level.summary(stderr))
    with atomic_path(report_path) as tmp:
        tmp.write_text(json.dumps(loudness, sort_keys=True))
    return Soundtrack(path, False, time.perf_counter() - began, loudness)


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _key(sources: Sequence[Source], total: int, settings: RenderSettings) -> str:
    described = {
        "code": code_digest(__name__),
        "total": total,
        "sources": [
            [file_digest(s.path, settings.cache_dir), s.offset, s.length, s.seek, s.kind]
            for s in sources
        ],
        "music": file_digest(settings.music, settings.cache_dir) if settings.music else None,
        "settings": [
            settings.music_gain_db, settings.loudness, settings.true_peak,
            settings.audio_bitrate, settings.dip,
        ],
    }  # fmt: skip
    text = json.dumps(described, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
