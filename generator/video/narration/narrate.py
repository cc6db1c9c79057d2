"""Narration: each shot's text spoken by the speech engine (or its recorded voice-over),
cached by a hash of the spoken text and the voice, with subtitle cues timed to the speech.

The key holds nothing of the picture (size, frame rate, quality): given the same ``cache_dir``
(the project's ``.cache/baocao/video``), the studio's 640×360 drafts, ``baocao video --plan``,
``--preview``, the conference video and the archive's all find a line any of them spoke.

Without speaking (``speak=False``: the site's contact sheet, which must not run the speech
engine for every period on every build), a shot already spoken keeps its real length and the
others get an estimate from their words.
"""

from __future__ import annotations

import hashlib
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.video.narration.spoken import split_sentences, spoken_text
from generator.video.narration.tts import SpeechEngine
from generator.video.render.scenes import Cue
from generator.video.storyboard.plan import Shot


@dataclass(frozen=True)
class Narration:
    """The sound said over one shot: an audio file and how long it lasts."""

    audio: Path | None
    seconds: float
    cues: tuple[Cue, ...]  # relative to the start of the speech


SILENT = Narration(None, 0.0, ())

# Measured on espeak-ng's vi voice at 150 words a minute over the demo's 41 narrations:
# seconds ≈ 0.234 a word + 0.47 a pause (. , ; : ! ?), 4.8 % off on average, 13 % at worst.
WORD_SECONDS = 0.234
PAUSE_SECONDS = 0.47


def narrate(
    shots: Sequence[Shot],
    engine: SpeechEngine,
    cache_dir: Path,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    speak: bool = True,
) -> list[Narration]:
    """Speak every shot (in parallel: each utterance is its own small process); with
    ``speak=False``, speak none and estimate the length of what was never spoken."""
    done = 0

    def one(shot: Shot) -> Narration:
        nonlocal done
        result = _narrate_shot(shot, engine, cache_dir, speak)
        done += 1
        if on_progress:
            on_progress(done, len(shots))
        return result

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, shots))


def _narrate_shot(shot: Shot, engine: SpeechEngine, cache_dir: Path, speak: bool) -> Narration:
    if shot.voiceover is not None:
        seconds = shot.voiceover_seconds or 0.0
        return Narration(shot.voiceover, seconds, timed_cues(shot.narration, seconds))
    if not shot.narration.strip():
        return SILENT
    spoken = spoken_text(shot.narration)
    key = hashlib.sha256(f"{engine.fingerprint}\n{spoken}".encode()).hexdigest()[:24]
    path = cache_dir / "narration" / f"{key}.wav"
    if not path.is_file():
        if not speak:
            seconds = estimated_seconds(spoken)
            return Narration(None, seconds, timed_cues(shot.narration, seconds))
        engine.synthesize(spoken).write_wav(path)
    seconds = _wav_seconds(path)
    return Narration(path, seconds, timed_cues(shot.narration, seconds))


def estimated_seconds(spoken: str) -> float:
    """How long ``spoken`` would take to say, without saying it."""
    pauses = sum(spoken.count(mark) for mark in ".,;:!?")
    return round(len(spoken.split()) * WORD_SECONDS + pauses * PAUSE_SECONDS, 3)


def timed_cues(text: str, seconds: float) -> tuple[Cue, ...]:
    """Subtitle cues for ``text`` spread over ``seconds`` in proportion to their length."""
    sentences = split_sentences(text) if text.strip() else []
    if not sentences or seconds <= 0:
        return ()
    total = sum(len(s) for s in sentences)
    cues, start = [], 0.0
    for sentence in sentences:
        end = start + seconds * len(sentence) / total
        cues.append(Cue(round(start, 3), round(end, 3), sentence))
        start = end
    return tuple(cues)


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()
