"""The whole soundtrack, mixed once: narration at scene offsets, clip sound and music ducked
under speech, brought to the loudness target by one linear gain (a true-peak limiter only
when that gain would push peaks over the ceiling) and encoded AAC 48 kHz stereo.

Mixing the track in one piece (rather than per segment) keeps audio continuous across the
joins, and AAC is encoded once. The tracks are rendered to PCM once (mixing.py), then measured
and encoded; memory does not grow with the video's length. The result is cached like a
segment: a caption edit re-renders no audio.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.codehash import code_digest
from generator.fsutil import atomic_path
from generator.video.render import ffmpeg
from generator.video.render.clips import clip_cut, probe_clip
from generator.video.render.digests import file_digest
from generator.video.render.mixing import RATE, Source, mix_graph, render_tracks
from generator.video.render.scenes import ClipShot, RenderSettings
from generator.video.render.timeline import Placed

AAC_HEADROOM = 0.5
"""dB kept below the true-peak ceiling: AAC encoding adds small overshoots."""
LIMITER_OVERSAMPLING = 4
"""The limiter runs at 4 x 48 kHz, so it catches the peaks between samples (true peak)."""
LOUDNESS_TOLERANCE = 0.3
"""LU: when the limiter costs more integrated loudness than this, the gain is raised once."""


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
        measured = _measure(inputs, graph) if tracks else {}
        if _audible(measured):
            gain = _normalisation(inputs, graph, measured, settings)
            graph += f";[mix]{gain.chain},ebur128=peak=true[normalised]"
            label = "normalised"
        with atomic_path(path) as tmp:
            stderr = ffmpeg.run([
                *ffmpeg.base_args("info"), *inputs,
                "-filter_complex", graph, "-map", f"[{label}]",
                "-c:a", "aac", "-b:a", settings.audio_bitrate, "-ar", str(RATE), "-ac", "2",
                "-f", "mp4", str(tmp),
            ])  # fmt: skip
    loudness = {} if gain is None else gain.report(measured, _summary(stderr))
    with atomic_path(report_path) as tmp:
        tmp.write_text(json.dumps(loudness, sort_keys=True))
    return Soundtrack(path, False, time.perf_counter() - began, loudness)


@dataclass(frozen=True)
class Gain:
    """How the mix is brought to the loudness target: ``linear`` (a gain) or ``limited``."""

    kind: str
    db: float
    chain: str

    def report(self, measured: dict[str, str], output: dict[str, str]) -> dict[str, object]:
        """For ``.render.json``: the mix as measured, and the encoded track (before AAC)
        as ebur128 measured it while encoding, named as loudnorm names its fields."""
        values = {name.replace("input_", "output_"): value for name, value in output.items()}
        kind = {"normalization_type": self.kind, "gain_db": round(self.db, 2)}
        return {"measured": measured, "output": {**kind, **values}}


def _normalisation(
    inputs: list[str], graph: str, measured: dict[str, str], settings: RenderSettings
) -> Gain:
    """The filters that bring the mix to the target.

    A gain alone when the peaks allow it (what loudnorm's linear mode does, without its
    fallback to a dynamic mode that can pump); otherwise the same gain and a true-peak limiter,
    measured once more so the integrated loudness still lands on the target.
    """
    ceiling = settings.true_peak - AAC_HEADROOM
    gain = settings.loudness - float(measured["input_i"])
    if float(measured["input_tp"]) + gain <= ceiling:
        return Gain("linear", gain, f"volume={gain:.2f}dB")
    after = _measure(inputs, f"{graph};[mix]{_limited(gain, ceiling)}[limited]", "limited")
    shortfall = settings.loudness - float(after.get("input_i", settings.loudness))
    if abs(shortfall) > LOUDNESS_TOLERANCE:
        gain += shortfall
    return Gain("limited", gain, _limited(gain, ceiling))


def _limited(gain: float, ceiling: float) -> str:
    """A gain, then a look-ahead limiter at the ceiling, run oversampled so it sees the true
    peaks; ``latency=1`` removes its look-ahead delay, so sound stays in sync with the picture."""
    rate = RATE * LIMITER_OVERSAMPLING
    return (
        f"volume={gain:.2f}dB,aresample={rate},"
        f"alimiter=limit={10 ** (ceiling / 20):.4f}:attack=5:release=100:level=0:latency=1,"
        f"aresample={RATE}"
    )


def _measure(inputs: list[str], graph: str, label: str = "mix") -> dict[str, str]:
    """A pass over ``[label]``: its loudness as ebur128 measures it (loudnorm's own first pass
    misjudges short, sparse tracks by more than 1 LU; ebur128 is the reference)."""
    stderr = ffmpeg.run([
        *ffmpeg.base_args("info"), *inputs,  # the summary is printed at info level
        "-filter_complex", f"{graph};[{label}]ebur128=peak=true[measured]",
        "-map", "[measured]", "-f", "null", "-",
    ])  # fmt: skip
    return _summary(stderr)


def _summary(stderr: str) -> dict[str, str]:
    """The last ebur128 summary in ffmpeg's log, as loudnorm names its fields."""
    summary = stderr[stderr.rfind("Summary:") :]
    found = {
        name: re.search(pattern, summary)
        for name, pattern in {
            "input_i": r"I:\s+(-?[\d.]+) LUFS",
            "input_thresh": r"Threshold:\s+(-?[\d.]+) LUFS",
            "input_lra": r"LRA:\s+(-?[\d.]+) LU",
            "input_tp": r"Peak:\s+(-?[\d.]+|-inf) dBFS",
        }.items()
    }
    return {name: match.group(1) for name, match in found.items() if match}


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _audible(measured: dict[str, str]) -> bool:
    """ebur128 reports -70 LUFS (its gate) for silence: nothing to normalise then."""
    try:
        return float(measured["input_i"]) > -69.0 and measured.get("input_tp") != "-inf"
    except (KeyError, ValueError):
        return False


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
