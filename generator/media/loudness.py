"""Loudness, measured and reached: ffmpeg's ebur128 (EBU R128) is the one reference, and a
sound is brought to a target by one linear gain, with a true-peak limiter only when that gain
would push its peaks over the ceiling.

Two stages use it: the video's soundtrack (``video/render/audio.py``), mixed once and brought
to the video's target, and every recorded narration take (``video/narration/takes.py``),
brought to the takes' own target line by line. Both then encode AAC, hence the headroom kept
below the ceiling.

A sound is named the way ffmpeg's ``-filter_complex`` names it: ``inputs`` (``-i`` arguments),
a ``graph`` and the ``label`` of the graph's output to measure or bring to the target.
Measurements are ebur128's summary, its fields named as loudnorm names them (``input_i``,
``input_thresh``, ``input_lra``, ``input_tp``), as ffmpeg printed them: the video's
``.render.json`` records them so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.media import ffmpeg

AAC_HEADROOM = 0.5
"""dB kept below the true-peak ceiling: AAC encoding adds small overshoots."""
LIMITER_OVERSAMPLING = 4
"""The limiter runs at 4 x the sound's rate, so it catches the peaks between samples (true
peak)."""
LOUDNESS_TOLERANCE = 0.3
"""LU: when the limiter costs more integrated loudness than this, the gain is raised again."""
SILENT_LUFS = -69.0
"""ebur128 reports -70 LUFS (its absolute gate) for silence, and for a sound too short to
measure (under 0.4 s): anything at or below this is not audible."""

Measured = dict[str, str]

_FIELDS = {
    "input_i": r"I:\s+(-?[\d.]+) LUFS",
    "input_thresh": r"Threshold:\s+(-?[\d.]+) LUFS",
    "input_lra": r"LRA:\s+(-?[\d.]+) LU",
    "input_tp": r"Peak:\s+(-?[\d.]+|-inf) dBFS",
}


@dataclass(frozen=True)
class Gain:
    """How a sound is brought to its target: ``linear`` (a gain) or ``limited`` (a gain and
    the true-peak limiter); ``chain`` is the filters that do it."""

    kind: str
    db: float
    chain: str

    def report(self, measured: Measured, output: Measured) -> dict[str, object]:
        """For ``.render.json``: the sound as measured, and the encoded sound (before AAC) as
        ebur128 measured it while encoding, named as loudnorm names its fields."""
        values = {name.replace("input_", "output_"): value for name, value in output.items()}
        kind = {"normalization_type": self.kind, "gain_db": round(self.db, 2)}
        return {"measured": measured, "output": {**kind, **values}}


def measure(
    inputs: Sequence[str],
    graph: str,
    label: str,
    *,
    source: Path | None = None,
    doing: str = ffmpeg.DOING,
) -> Measured:
    """A pass over ``[label]``: its loudness as ebur128 measures it (loudnorm's own first pass
    misjudges short, sparse sounds by more than 1 LU; ebur128 is the reference). ``source``
    and ``doing`` say whom ffmpeg's failure is blamed on (``generator.media.ffmpeg.run``)."""
    finished = ffmpeg.run(
        [
            *ffmpeg.head("info"), *inputs,  # the summary is printed at info level
            "-filter_complex", f"{graph};[{label}]ebur128=peak=true[measured]",
            "-map", "[measured]", "-f", "null", "-",
        ],
        source=source,
        doing=doing,
    )  # fmt: skip
    return summary(finished.stderr)


def summary(stderr: str) -> Measured:
    """The last ebur128 summary in ffmpeg's log, as loudnorm names its fields."""
    text = stderr[stderr.rfind("Summary:") :]
    found = {name: re.search(pattern, text) for name, pattern in _FIELDS.items()}
    return {name: match.group(1) for name, match in found.items() if match}


def integrated(measured: Measured) -> float:
    """The integrated loudness (LUFS); -70 (ebur128's silence) when none was measured."""
    try:
        return float(measured["input_i"])
    except (KeyError, ValueError):
        return -70.0


def audible(measured: Measured) -> bool:
    """Whether there is anything to bring to a target: not silence, not too short to measure."""
    return integrated(measured) > SILENT_LUFS and measured.get("input_tp") != "-inf"


def normalisation(
    inputs: Sequence[str],
    graph: str,
    label: str,
    measured: Measured,
    *,
    target: float,
    true_peak: float,
    rate: int,
    corrections: int = 1,
    source: Path | None = None,
    doing: str = ffmpeg.DOING,
) -> Gain:
    """The filters that bring ``[label]`` (``measured`` already, at ``rate`` Hz) to ``target``
    LUFS with its true peaks at most ``true_peak`` dBTP once encoded AAC.

    A gain alone when the peaks allow it (what loudnorm's linear mode does, without its
    fallback to a dynamic mode that can pump); otherwise the same gain and a true-peak limiter,
    measured again and the gain raised by what the limiter cost, at most ``corrections`` times,
    so the integrated loudness still lands on the target.
    """
    ceiling = true_peak - AAC_HEADROOM
    gain = target - float(measured["input_i"])
    if float(measured["input_tp"]) + gain <= ceiling:
        return Gain("linear", gain, f"volume={gain:.2f}dB")
    for _ in range(corrections):
        chain = limited(gain, ceiling, rate)
        limiting = f"{graph};[{label}]{chain}[limited]"
        after = measure(inputs, limiting, "limited", source=source, doing=doing)
        shortfall = target - float(after.get("input_i", target))
        if abs(shortfall) <= LOUDNESS_TOLERANCE:
            break
        gain += shortfall
    return Gain("limited", gain, limited(gain, ceiling, rate))


def limited(gain: float, ceiling: float, rate: int) -> str:
    """A gain, then a look-ahead limiter at the ceiling, run oversampled so it sees the true
    peaks; ``latency=1`` removes its look-ahead delay, so sound stays in sync with the picture."""
    oversampled = rate * LIMITER_OVERSAMPLING
    return (
        f"volume={gain:.2f}dB,aresample={oversampled},"
        f"alimiter=limit={10 ** (ceiling / 20):.4f}:attack=5:release=100:level=0:latency=1,"
        f"aresample={rate}"
    )
