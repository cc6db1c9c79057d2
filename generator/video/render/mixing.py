"""Building the soundtrack's mix: speech and clip-sound tracks, music, ducking.

Sounds of one kind never overlap (each stays inside its scene), so each kind becomes one
track by concatenating silences and sounds, sample-exact. A track is rendered once to PCM in
chunks of at most ``MAX_INPUTS`` files per ffmpeg process (ffmpeg buffers every open input,
so one process for 170 narrations measured 124 MB where a chunk stays near 30 MB), and the
chunks are joined by ffmpeg's concat demuxer. The mix then has at most three inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.video.render import ffmpeg
from generator.video.render.scenes import RenderSettings

RATE = 48_000
MAX_INPUTS = 24
_FORMAT = f"aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"


@dataclass(frozen=True)
class Source:
    """One sound placed on the timeline (all in samples at 48 kHz)."""

    path: Path
    offset: int
    length: int
    seek: float = 0.0
    kind: str = "speech"  # speech | clip


def render_tracks(
    sources: Sequence[Source], total: int, settings: RenderSettings, work: Path
) -> dict[str, Path]:
    """Render the speech and clip tracks (those that have sounds) as concat lists of PCM."""
    tracks: dict[str, Path] = {}
    for kind in ("speech", "clip"):
        placed = sorted((s for s in sources if s.kind == kind), key=lambda s: s.offset)
        if placed:
            tracks[kind] = _render_track(placed, total, kind, settings, work)
    return tracks


def _render_track(
    placed: Sequence[Source], total: int, kind: str, settings: RenderSettings, work: Path
) -> Path:
    chunks = [placed[i : i + MAX_INPUTS] for i in range(0, len(placed), MAX_INPUTS)]
    files: list[Path] = []
    for number, chunk in enumerate(chunks):
        begin = chunk[0].offset if number else 0
        end = chunks[number + 1][0].offset if number + 1 < len(chunks) else total
        shifted = [replace(s, offset=s.offset - begin) for s in chunk]
        inputs: list[str] = []
        graph = ";".join(track_graph(shifted, end - begin, kind, inputs, settings))
        files.append(work / f"{kind}-{number:03d}.wav")
        ffmpeg.run([
            *ffmpeg.base_args(), *inputs, "-filter_complex", graph, "-map", f"[{kind}]",
            "-c:a", "pcm_s16le", str(files[-1]),
        ])  # fmt: skip
    listing = work / f"{kind}.ffconcat"
    listing.write_text(ffmpeg.concat_list(files), encoding="utf-8")
    return listing


def track_graph(
    placed: Sequence[Source], total: int, label: str, inputs: list[str], settings: RenderSettings
) -> list[str]:
    """Silence, sound, silence, sound… concatenated to exactly ``total`` samples, as filter
    chains ending in ``[label]``; appends each sound's input arguments to ``inputs``."""
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


def mix_graph(
    tracks: dict[str, Path], total: int, settings: RenderSettings
) -> tuple[list[str], str]:
    """Input arguments and a filter graph ending in ``[mix]``: exactly ``total`` samples of
    speech over the beds (clip sound, music), the beds ducked while someone speaks."""
    inputs: list[str] = []
    chains: list[str] = []
    for kind, listing in tracks.items():
        inputs += ["-f", "concat", "-safe", "0", "-i", str(listing)]
        chains.append(f"[{inputs.count('-i') - 1}:a]{_FORMAT}[{kind}]")
    beds = ["[clip]"] if "clip" in tracks else []
    if settings.music is not None:
        number = _input(inputs, settings.music, loop=True)
        tail = max(0.0, total / RATE - 3.0)
        chains.append(
            f"[{number}:a]{_FORMAT},volume={settings.music_gain_db}dB,atrim=end_sample={total},"
            f"afade=t=out:st={tail:.3f}:d=3[music]"
        )
        beds.append("[music]")
    return inputs, ";".join(chains + _final("speech" in tracks, beds, total))


def _final(speech: bool, beds: Sequence[str], total: int) -> list[str]:
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


def _input(inputs: list[str], path: Path, seek: float = 0.0, loop: bool = False) -> int:
    """Append an input's arguments; return its ffmpeg input index."""
    number = inputs.count("-i")
    inputs += ["-stream_loop", "-1"] if loop else []
    inputs += ["-ss", f"{seek:.3f}"] if seek else []
    inputs += ["-vn", "-i", str(path)]
    return number


def _silence(chains: list[str], label: str, samples: int) -> str:
    chains.append(f"anullsrc=r={RATE}:cl=stereo,atrim=end_sample={samples}[{label}]")
    return f"[{label}]"
