"""The whole soundtrack, mixed once: narration at scene offsets, clip sound and music ducked
under speech, loudness-normalised (two-pass loudnorm) and encoded AAC 48 kHz stereo.

Mixing the track in one piece (rather than per segment) keeps audio continuous across the
joins, and AAC is encoded once. ffmpeg streams the mix, so memory does not grow with length.
The result is cached like a segment: a caption edit re-renders no audio.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.fsutil import atomic_path
from generator.video import ffmpeg
from generator.video.clips import clip_cut
from generator.video.probe import probe
from generator.video.scenes import ClipShot, RenderSettings
from generator.video.segments import ENGINE_VERSION, file_digest
from generator.video.timeline import Placed

RATE = 48_000
MIX_VERSION = "4"
"""Bump when the mix changes the sound of unchanged inputs (part of the cache key)."""
AAC_HEADROOM = 0.5
"""dB kept below the true-peak ceiling: AAC encoding adds small overshoots."""


@dataclass(frozen=True)
class Source:
    """One sound placed on the timeline (all in samples at 48 kHz)."""

    path: Path
    offset: int
    length: int
    seek: float = 0.0
    kind: str = "speech"  # speech | clip


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
            info = probe(shot.path)
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
        loudness = json.loads(report_path.read_text()) if report_path.is_file() else {}
        return Soundtrack(path, True, 0.0, loudness)
    inputs, graph = mix_graph(sources, total, settings)
    loudness: dict[str, object] = {}
    label = "mix"
    if inputs:
        measured = _measure(inputs, graph)
        if _audible(measured):
            graph += f";[mix]{_loudnorm(settings, measured)},aresample={RATE}[normalised]"
            loudness["measured"] = measured
            label = "normalised"
    with atomic_path(path) as tmp:
        stderr = ffmpeg.run([
            *ffmpeg.base_args("info"), *inputs,
            "-filter_complex", graph, "-map", f"[{label}]",
            "-c:a", "aac", "-b:a", settings.audio_bitrate, "-ar", str(RATE), "-ac", "2",
            "-f", "mp4", str(tmp),
        ])  # fmt: skip
    if label == "normalised":
        loudness["output"] = _last_json(stderr)
    with atomic_path(report_path) as tmp:
        tmp.write_text(json.dumps(loudness, sort_keys=True))
    return Soundtrack(path, False, time.perf_counter() - began, loudness)


def mix_graph(
    sources: Sequence[Source], total: int, settings: RenderSettings
) -> tuple[list[str], str]:
    """Input arguments and a filter graph ending in ``[mix]``: exactly ``total`` samples.

    Sounds of one kind never overlap (each stays inside its scene), so each kind becomes one
    track by concatenating silences and sounds: the work grows with the video's length, where
    mixing every sound delayed to its place would grow with length times the number of scenes.
    """
    inputs: list[str] = []
    chains: list[str] = []
    kinds = {s.kind for s in sources}
    for kind in ("speech", "clip"):
        placed = sorted((s for s in sources if s.kind == kind), key=lambda s: s.offset)
        if placed:
            chains += _track(placed, total, kind, inputs, settings)
    beds = ["[clip]"] if "clip" in kinds else []
    if settings.music is not None:
        chains.append(_music(_input(inputs, settings.music, loop=True), total, settings))
        beds.append("[music]")
    return inputs, ";".join(chains + _final("speech" in kinds, beds, total))


def _input(inputs: list[str], path: Path, seek: float = 0.0, loop: bool = False) -> int:
    """Append an input's arguments; return its ffmpeg input index."""
    number = inputs.count("-i")
    inputs += ["-stream_loop", "-1"] if loop else []
    inputs += ["-ss", f"{seek:.3f}"] if seek else []
    inputs += ["-vn", "-i", str(path)]
    return number


def _track(
    placed: Sequence[Source], total: int, label: str, inputs: list[str], settings: RenderSettings
) -> list[str]:
    """Silence, sound, silence, sound… concatenated to exactly ``total`` samples."""
    chains: list[str] = []
    pieces: list[str] = []
    cursor = 0
    fade = max(0.01, settings.dip)
    for source in placed:
        if source.offset > cursor:
            pieces.append(_silence(chains, f"{label}gap{len(pieces)}", source.offset - cursor))
        number = _input(inputs, source.path, source.seek)
        chain = (
            f"[{number}:a]{_FORMAT},atrim=end_sample={source.length},asetpts=N/SR/TB,"
            f"apad=whole_len={source.length}"  # a shorter file still fills its place
        )
        if source.kind == "clip":
            seconds = source.length / RATE
            chain += f",afade=t=in:d={fade:.3f},afade=t=out:st={max(0, seconds - fade):.3f}"
            chain += f":d={fade:.3f}"
        pieces.append(f"[{label}{len(pieces)}]")
        chains.append(f"{chain}{pieces[-1]}")
        cursor = source.offset + source.length
    if cursor < total:
        pieces.append(_silence(chains, f"{label}gap{len(pieces)}", total - cursor))
    chains.append(f"{''.join(pieces)}concat=n={len(pieces)}:v=0:a=1[{label}]")
    return chains


_FORMAT = f"aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"


def _silence(chains: list[str], label: str, samples: int) -> str:
    chains.append(f"anullsrc=r={RATE}:cl=stereo,atrim=end_sample={samples}[{label}]")
    return f"[{label}]"


def _music(number: int, total: int, settings: RenderSettings) -> str:
    tail = max(0.0, total / RATE - 3.0)
    return (
        f"[{number}:a]{_FORMAT},volume={settings.music_gain_db}dB,atrim=end_sample={total},"
        f"afade=t=out:st={tail:.3f}:d=3[music]"
    )


def _final(speech: bool, beds: Sequence[str], total: int) -> list[str]:
    """Speech over the beds (clip sound, music), the beds ducked while someone speaks."""
    chains = [f"anullsrc=r={RATE}:cl=stereo,atrim=end_sample={total}[base]"]
    parts = ["[base]"]
    bed = beds[0] if len(beds) == 1 else "[bed]"
    if len(beds) > 1:
        chains.append(f"{''.join(beds)}amix=inputs={len(beds)}:normalize=0[bed]")
    if speech and beds:
        chains += [
            "[speech]asplit=2[voice][key]",
            f"{bed}[key]sidechaincompress=threshold=0.015:ratio=12:attack=15:release=450"
            ":makeup=1[ducked]",
        ]
        parts += ["[voice]", "[ducked]"]
    elif speech:
        parts.append("[speech]")
    elif beds:
        parts.append(bed)
    chains.append(f"{''.join(parts)}amix=inputs={len(parts)}:duration=first:normalize=0[mix]")
    return chains


def _loudnorm(settings: RenderSettings, measured: dict[str, str]) -> str:
    """Second pass: a linear gain to the target (loudnorm falls back to its dynamic mode
    only when that gain would push true peaks over the ceiling)."""
    return (
        f"loudnorm=I={settings.loudness}:TP={settings.true_peak - AAC_HEADROOM}:LRA=20"
        f":measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
        f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
        ":linear=true:print_format=json"
    )


def _measure(inputs: list[str], graph: str) -> dict[str, str]:
    """First pass: the mix's loudness as ebur128 measures it (loudnorm's own first pass
    misjudges short, sparse tracks by more than 1 LU; ebur128 is the reference)."""
    stderr = ffmpeg.run([
        *ffmpeg.base_args("info"), *inputs,  # the summary is printed at info level
        "-filter_complex", f"{graph};[mix]ebur128=peak=true[measured]",
        "-map", "[measured]", "-f", "null", "-",
    ])  # fmt: skip
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


def _audible(measured: dict[str, str]) -> bool:
    """ebur128 reports -70 LUFS (its gate) for silence: nothing to normalise then."""
    try:
        return float(measured["input_i"]) > -69.0 and measured.get("input_tp") != "-inf"
    except (KeyError, ValueError):
        return False


def _last_json(text: str) -> dict[str, str]:
    found = re.findall(r"\{[^{}]*\}", text)
    return json.loads(found[-1]) if found else {}


def _key(sources: Sequence[Source], total: int, settings: RenderSettings) -> str:
    described = {
        "engine": [ENGINE_VERSION, MIX_VERSION],
        "total": total,
        "sources": [
            [file_digest(s.path), s.offset, s.length, s.seek, s.kind] for s in sources
        ],
        "music": file_digest(settings.music) if settings.music else None,
        "settings": [
            settings.music_gain_db, settings.loudness, settings.true_peak,
            settings.audio_bitrate, settings.dip,
        ],
    }  # fmt: skip
    text = json.dumps(described, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
