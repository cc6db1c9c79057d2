"""Narration: each shot's text spoken by the speech engine (or its recorded voice-over),
cached by a hash of the spoken text and the voice, with subtitle cues timed to the speech."""

from __future__ import annotations

import hashlib
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.video.scenes import Cue
from generator.video.spoken import split_sentences, spoken_text
from generator.video.storyboard import Shot
from generator.video.tts import SpeechEngine


@dataclass(frozen=True)
class Narration:
    """The sound said over one shot: an audio file and how long it lasts."""

    audio: Path | None
    seconds: float
    cues: tuple[Cue, ...]  # relative to the start of the speech


SILENT = Narration(None, 0.0, ())


def narrate(
    shots: Sequence[Shot],
    engine: SpeechEngine,
    cache_dir: Path,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Narration]:
    """Speak every shot (in parallel: each utterance is its own small process)."""
    done = 0

    def one(shot: Shot) -> Narration:
        nonlocal done
        result = _narrate_shot(shot, engine, cache_dir)
        done += 1
        if on_progress:
            on_progress(done, len(shots))
        return result

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, shots))


def _narrate_shot(shot: Shot, engine: SpeechEngine, cache_dir: Path) -> Narration:
    if shot.voiceover is not None:
        seconds = shot.voiceover_seconds or 0.0
        return Narration(shot.voiceover, seconds, timed_cues(shot.narration, seconds))
    if not shot.narration.strip():
        return SILENT
    spoken = spoken_text(shot.narration)
    key = hashlib.sha256(f"{engine.fingerprint}\n{spoken}".encode()).hexdigest()[:24]
    path = cache_dir / "narration" / f"{key}.wav"
    if not path.is_file():
        engine.synthesize(spoken).write_wav(path)
    seconds = _wav_seconds(path)
    return Narration(path, seconds, timed_cues(shot.narration, seconds))


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
