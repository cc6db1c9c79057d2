"""A recorded narration take, cleaned, and the words it was recorded for.

In the narrator's booth a person reads every spoken line of the conference video. Whatever the
recorder made (a browser's WebM/Opus, a phone's M4A, a WAV, MP3, OGG or FLAC), the take is
decoded once to mono 48 kHz, its silent ends cut, brought to :data:`TAKE_LOUDNESS` and encoded
AAC in an ``.m4a`` that carries, in a tag of baocao's own (``probe.WORDS_TAG``), the exact words
it was recorded for. The storyboard uses a take only for those words (:func:`same_words`): a
line whose figures changed since is read anew, and a line written for another audience is never
heard in this one.

Cutting the ends: a room is never silent and a recorder's start and stop are often a key
click. The level is followed in 10 ms frames and smoothed by a running median over 150 ms,
through which a click (a few ms to ~70 ms) cannot pass; what counts as voice is relative to
the take's own loudest part, never quieter than its room noise plus a margin nor than an
absolute floor. 150 ms are kept before the first and after the last voiced frame, with a
10 ms fade at each cut. A take with no part clearly above its room noise has no voice, and is
refused, as is one whose voice lasts longer than :data:`MAX_SPEECH_SECONDS`.

Loudness is ``generator.media.loudness``'s, the video's own: measured with ffmpeg's ebur128, a
gain alone when the peaks allow, else the gain and an oversampled true-peak limiter, measured
again until the take lands on the target.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from mutagen.mp4 import MP4, AtomDataType, MP4FreeForm

from generator.fsutil import atomic_path
from generator.media import ffmpeg
from generator.media import loudness as level
from generator.media.errors import MediaUnreadable
from generator.media.probe import WORDS_TAG
from generator.media.probe import read_words as read_words  # a take's words, read from here too

TAKE_LOUDNESS = -18.0
"""LUFS (integrated, EBU R128) of every take. The middle of the −16…−20 LUFS that AES TD1004
recommends for speech played from files, and 2 LU under the video's −16, so the soundtrack's
one gain moves a take little and every line keeps its level against the others. It leaves
16 dB up to the AAC ceiling: unprocessed speech peaks 15–20 dB over its loudness, so the
limiter holds only a take's loudest few peaks (at −16 it would hold 2 dB more of each)."""
TAKE_TRUE_PEAK = -1.5
"""dBTP: no take's true peak goes over this once encoded (the video's own ceiling)."""
RATE = 48_000
BITRATE = "128k"
MAX_SPEECH_SECONDS = 180
"""A line read longer than 3 minutes is a chapter, not a line: it is refused."""
MAX_RECORDING_SECONDS = 600
"""Of a recording, only this much is read: a longer one is refused before it fills the disk."""
PADDING_SECONDS = 0.15
FADE_SECONDS = 0.01
FRAME = RATE // 100  # 10 ms of samples: the level is followed frame by frame
SMOOTHING_FRAMES = 15  # the running median's 150 ms: a click under ~70 ms never counts as voice
BELOW_LOUDEST_DB = 35.0  # voice: within this of the take's loudest part…
ABOVE_NOISE_DB = 6.0  # … and this far above its room noise (the quietest tenth of its frames)…
FLOOR_DBFS = -70.0  # … and never quieter than this
MIN_CONTRAST_DB = 12.0  # a loudest part less than this above the room noise is no voice
_DIGITAL_SILENCE_DBFS = -100.0
DECODE_TIMEOUT_S = 300
DOING = "làm sạch bản thu"  # «ffmpeg thất bại khi làm sạch bản thu: …»

UNREADABLE = "không đọc được bản thu: {name} (tệp hỏng, hoặc không có âm thanh); hãy thu lại"
NO_VOICE = (
    "bản thu {name} không có tiếng nói (chỉ có khoảng lặng hoặc tiếng ồn nền); "
    "hãy kiểm tra micrô rồi thu lại"
)
SPEECH_TOO_LONG = (
    "lời đọc trong bản thu {name} dài {length}, quá {limit} cho một lời dẫn; "
    "hãy chia lời dẫn thành các đoạn ngắn hơn"
)
RECORDING_TOO_LONG = (
    "bản thu {name} dài hơn {limit}; một lời dẫn chỉ dài tối đa {speech}, hãy thu từng lời dẫn"
)


class TakeRefused(MediaUnreadable):
    """A take that was read but cannot be used: no voice in it, or too long a voice."""


@dataclass(frozen=True)
class Take:
    """A cleaned take: where it is, the words it was recorded for, how long it lasts (seconds)
    and its integrated loudness (LUFS, as ebur128 measured it while it was encoded)."""

    path: Path
    words: str
    seconds: float
    loudness: float


def clean_take(source: Path, target: Path, words: str) -> Take:
    """Clean the recording ``source`` into ``target`` (AAC, mono 48 kHz, in an MP4) carrying
    ``words``, exactly (read back in NFC, as all text is); ``target`` is replaced atomically and
    durably, and nothing of the recorder's own tags is carried over.

    Raises MediaUnreadable (:data:`UNREADABLE`) when ``source`` cannot be decoded, and
    TakeRefused when it holds no voice or too long a voice.
    """
    with tempfile.TemporaryDirectory(prefix="baocao-take-") as work:
        pcm = Path(work) / "take.f32"
        _decode(source, pcm)
        start, end = _voiced(pcm, source.name)
        inputs = ["-f", "f32le", "-ar", str(RATE), "-ch_layout", "mono", "-i", str(pcm)]
        graph = _cut(start, end)
        measured = level.measure(inputs, graph, "take", doing=DOING)
        if not level.audible(measured):  # under 0.4 s of sound: ebur128 cannot measure it
            raise TakeRefused(NO_VOICE.format(name=source.name))
        gain = level.normalisation(
            inputs, graph, "take", measured,
            target=TAKE_LOUDNESS, true_peak=TAKE_TRUE_PEAK, rate=RATE, corrections=3,
            doing=DOING,
        )  # fmt: skip
        with atomic_path(target, durable=True) as tmp:
            encoded = ffmpeg.run(
                [
                    *ffmpeg.head("info", writes=True), *inputs,
                    "-filter_complex", f"{graph};[take]{gain.chain},ebur128=peak=true[clean]",
                    "-map", "[clean]", "-c:a", "aac", "-b:a", BITRATE,
                    "-ar", str(RATE), "-ac", "1", "-movflags", "+faststart", "-f", "mp4", str(tmp),
                ],
                doing=DOING,
            )  # fmt: skip
            _write_words(tmp, words)
    loudness = level.integrated(level.summary(encoded.stderr))
    return Take(target, words, (end - start) / RATE, loudness)


def _decode(source: Path, pcm: Path) -> None:
    """The first sound of ``source``, mono 48 kHz, as raw float samples (never clipped: a hot
    Opus take decodes over full scale), at most :data:`MAX_RECORDING_SECONDS` of it."""
    args = [
        *ffmpeg.head(writes=True), "-i", str(source),
        "-map", "0:a:0", "-t", str(MAX_RECORDING_SECONDS),
        "-ac", "1", "-ar", str(RATE), "-c:a", "pcm_f32le", "-f", "f32le", str(pcm),
    ]  # fmt: skip
    try:
        ffmpeg.run(args, source=source, doing=DOING, timeout=DECODE_TIMEOUT_S)
    except MediaUnreadable as exc:
        raise MediaUnreadable(UNREADABLE.format(name=source.name)) from exc
    if pcm.stat().st_size // 4 >= MAX_RECORDING_SECONDS * RATE:
        raise TakeRefused(
            RECORDING_TOO_LONG.format(
                name=source.name,
                limit=_minutes(MAX_RECORDING_SECONDS),
                speech=_minutes(MAX_SPEECH_SECONDS),
            )
        )


def _voiced(pcm: Path, name: str) -> tuple[int, int]:
    """The samples to keep: the voice, with :data:`PADDING_SECONDS` either side."""
    levels = _levels(pcm)
    if len(levels) < SMOOTHING_FRAMES:
        raise TakeRefused(NO_VOICE.format(name=name))
    half = SMOOTHING_FRAMES // 2
    padded = np.pad(levels, half, constant_values=levels.min())
    smooth = np.median(np.lib.stride_tricks.sliding_window_view(padded, SMOOTHING_FRAMES), axis=1)
    loudest = float(smooth.max())
    heard = levels[levels > _DIGITAL_SILENCE_DBFS]  # a recorder's zeros are not the room
    noise = float(np.percentile(heard, 10)) if len(heard) else _DIGITAL_SILENCE_DBFS
    if loudest < FLOOR_DBFS or loudest - noise < MIN_CONTRAST_DB:
        raise TakeRefused(NO_VOICE.format(name=name))
    threshold = max(loudest - BELOW_LOUDEST_DB, noise + ABOVE_NOISE_DB, FLOOR_DBFS)
    voiced = np.flatnonzero(smooth >= threshold)
    first, last = int(voiced[0]), int(voiced[-1])
    # The median moved each edge inward by up to half its window: take back the loud frames.
    for _ in range(half):
        if first > 0 and levels[first - 1] >= threshold:
            first -= 1
        if last + 1 < len(levels) and levels[last + 1] >= threshold:
            last += 1
    speech = (last + 1 - first) * FRAME / RATE
    if speech > MAX_SPEECH_SECONDS:
        length, limit = _minutes(round(speech)), _minutes(MAX_SPEECH_SECONDS)
        raise TakeRefused(SPEECH_TOO_LONG.format(name=name, length=length, limit=limit))
    padding = round(PADDING_SECONDS * RATE)
    total = pcm.stat().st_size // 4
    return max(0, first * FRAME - padding), min(total, (last + 1) * FRAME + padding)


def _levels(pcm: Path) -> np.ndarray:
    """The level (dBFS, mean power) of each 10 ms frame, read a minute at a time."""
    count = pcm.stat().st_size // 4 // FRAME
    levels = np.empty(count, dtype=np.float64)
    if count == 0:
        return levels
    samples = np.memmap(pcm, dtype="<f4", mode="r", shape=(count * FRAME,))
    step = 6000  # frames: one minute
    for at in range(0, count, step):
        block = np.asarray(samples[at * FRAME : (at + step) * FRAME], dtype=np.float64)
        power = np.mean(np.square(block.reshape(-1, FRAME)), axis=1)
        levels[at : at + len(power)] = 10 * np.log10(np.maximum(power, 1e-12))
    return levels


def _cut(start: int, end: int) -> str:
    """The filter graph of the take: its samples from ``start`` to ``end``, faded in and out."""
    fade_out = (end - start) / RATE - FADE_SECONDS
    return (
        f"[0:a]atrim=start_sample={start}:end_sample={end},asetpts=N/SR/TB,"
        f"afade=t=in:d={FADE_SECONDS},afade=t=out:st={fade_out:.4f}:d={FADE_SECONDS}[take]"
    )


def _write_words(path: Path, words: str) -> None:
    """Tag the MP4 ``path`` with ``words``, exactly, in baocao's own atom."""
    file: Any = MP4(path)  # type: ignore[no-untyped-call]  # mutagen's files are not annotated
    if file.tags is None:
        file.add_tags()
    file.tags[WORDS_TAG] = [
        MP4FreeForm(words.encode(), dataformat=AtomDataType.UTF8)  # type: ignore[no-untyped-call]
    ]
    file.save()


def _minutes(seconds: int) -> str:
    """``185`` → «3 phút 5 giây», ``180`` → «3 phút», ``40`` → «40 giây»."""
    minutes, rest = divmod(int(seconds), 60)
    parts = [f"{minutes} phút"] if minutes else []
    parts += [f"{rest} giây"] if rest or not minutes else []
    return " ".join(parts)
