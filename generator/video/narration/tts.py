"""Offline Vietnamese narration: text in, mono float32 samples out.

The narration stage sees only the ``SpeechEngine`` protocol. ``EspeakEngine`` drives the
libespeak-ng that the ``espeakng-loader`` wheel ships (with its ``vi`` voice) through ctypes.
Text should already be in spoken form (``generator.video.narration.spoken.spoken_text``): the engine
reads exactly what it is given.

Why a fresh process per utterance: libespeak-ng keeps synthesis state in C statics (pitch
flutter position, cycle counter, gain control) that neither ``espeak_Terminate`` nor a new
``espeak_Initialize`` resets, so in one process the same sentence comes out slightly different
depending on what was said before. The first utterance of a process is always the same, so
each call runs a tiny stdlib-only worker (``python -I -S``, ~0.05 s) that initialises the
library, synthesises once and exits. That also makes the process-global, non-thread-safe
library safe to use from several threads at once.

The same worker, asked for ``phonemes`` instead of ``speak``, returns the IPA of each clause
(``espeak_TextToPhonemes``): what an office's own Piper voice reads (``piper.py``; which engine
a project gets is decided in ``voice.py``).
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import unicodedata
import wave
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from generator.codehash import code_digest
from generator.errors import EnvironmentProblem
from generator.fsutil import atomic_path

LOAD_FAILED = (
    "Không nạp được bộ đọc tiếng Việt espeak-ng (gói espeakng-loader); "
    "hãy chạy lại bước cài đặt trong README."
)

# Samples quieter than this (about -46 dBFS) count as silence when trimming the ends.
SILENCE_THRESHOLD = 0.005
# Kept before the first and after the last loud sample so soft onsets and releases survive.
TRIM_PADDING_SECONDS = 0.02
WORKER_TIMEOUT_SECONDS = 120
# libespeak-ng always synthesises at this rate (espeak_Initialize returns it); known here so
# blank text needs no worker.
ESPEAK_SAMPLE_RATE = 22050

_WORKER_EXIT_LOAD = 3
_WORKER_EXIT_VOICE = 4
_WORKER_EXIT_SYNTH = 5

# Runs in a fresh `python -I -S`: stdlib only; the task, paths and settings in argv, text on
# stdin. `speak` writes a 4-byte sample rate then native int16 samples on stdout; `phonemes`
# writes JSON: one [byte offset where espeak stopped reading, IPA] pair per clause.
_WORKER_SOURCE = r"""
import ctypes, json, struct, sys

task, lib_path, data_path, voice = sys.argv[1:5]
try:
    lib = ctypes.CDLL(lib_path)
except OSError as exc:
    sys.stderr.write(str(exc))
    sys.exit(3)
AUDIO_OUTPUT_SYNCHRONOUS, INITIALIZE_DONT_EXIT = 2, 0x8000
ESPEAK_RATE, ESPEAK_VOLUME, POS_CHARACTER, CHARS_UTF8, PHONEMES_IPA = 1, 2, 1, 1, 2
lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
sample_rate = lib.espeak_Initialize(
    AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), INITIALIZE_DONT_EXIT
)
if sample_rate <= 0:
    sys.exit(3)
lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
if lib.espeak_SetVoiceByName(voice.encode()) != 0:
    sys.exit(4)
text = sys.stdin.buffer.read()

if task == "phonemes":
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int,
    ]
    buffer = ctypes.create_string_buffer(text)
    start = ctypes.addressof(buffer)
    pointer = ctypes.c_void_p(start)
    clauses, read = [], 0
    while pointer.value and read < len(text):
        ipa = lib.espeak_TextToPhonemes(ctypes.byref(pointer), CHARS_UTF8, PHONEMES_IPA)
        now = pointer.value - start if pointer.value else len(text)
        if now <= read:
            break
        clauses.append([min(now, len(text)), (ipa or b"").decode("utf-8", "replace")])
        read = now
    sys.stdout.write(json.dumps(clauses))
    sys.exit(0)

rate, volume = sys.argv[5:7]
lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
lib.espeak_SetParameter(ESPEAK_RATE, int(rate), 0)
lib.espeak_SetParameter(ESPEAK_VOLUME, int(volume), 0)
chunks = []
CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

@CALLBACK
def collect(wav, count, events):
    if wav and count > 0:
        chunks.append(ctypes.string_at(wav, count * 2))
    return 0

lib.espeak_SetSynthCallback(collect)
text += b"\0"
lib.espeak_Synth.argtypes = [
    ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
    ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
]
if lib.espeak_Synth(text, len(text), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None) != 0:
    sys.exit(5)
lib.espeak_Synchronize()
sys.stdout.buffer.write(struct.pack("=I", sample_rate) + b"".join(chunks))
"""


@dataclass(frozen=True, eq=False)
class Speech:
    """Mono narration audio: float32 samples in [-1, 1] at ``sample_rate`` Hz (read-only)."""

    samples: np.ndarray
    sample_rate: int

    def __post_init__(self) -> None:
        samples = np.array(self.samples, dtype=np.float32).reshape(-1)
        samples.setflags(write=False)
        object.__setattr__(self, "samples", samples)

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate

    def pcm16(self) -> bytes:
        """The samples as little-endian signed 16-bit PCM (what WAV files and ffmpeg take)."""
        clipped = np.clip(self.samples, -1.0, 32767 / 32768)
        return bytes(np.round(clipped * 32768).astype("<i2").tobytes())

    def write_wav(self, path: Path) -> None:
        """Write a 16-bit mono WAV file atomically."""
        with atomic_path(Path(path)) as tmp, wave.open(str(tmp), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.sample_rate)
            out.writeframes(self.pcm16())


class SpeechEngine(Protocol):
    """Anything that turns spoken-form Vietnamese text into ``Speech``.

    ``synthesize`` must be deterministic (same text, same samples): the render stage caches
    narration by a hash of the text and ``fingerprint``.
    """

    @property
    def fingerprint(self) -> str:
        """Names the voice, its version and settings; changes whenever the output would."""
        ...

    def synthesize(self, text: str) -> Speech: ...


@dataclass(frozen=True)
class EspeakEngine:
    """espeak-ng's Vietnamese voice.

    150 words per minute gives about 3.5 syllables a second, a little slower than news
    reading: espeak's formant voice is harder to follow in a large hall than a human one.
    Volume 85 of 100 leaves headroom: at 100 espeak's own limiter engages on loud vowels.
    """

    voice: str = "vi"
    rate_wpm: int = 150
    volume: int = 85
    timeout: float = field(default=WORKER_TIMEOUT_SECONDS, compare=False)

    @property
    def fingerprint(self) -> str:
        return (
            f"espeak-ng/espeakng-loader {espeak_version()} "
            f"voice={self.voice} rate={self.rate_wpm} volume={self.volume} "
            f"code={code_digest(__name__)}"
        )

    def synthesize(self, text: str) -> Speech:
        """Speak ``text``; leading and trailing silence is trimmed. Blank text gives no audio."""
        text = _worker_text(text)
        if not text:
            _library_paths()  # a missing library is reported even for blank text
            return Speech(np.zeros(0, dtype=np.float32), ESPEAK_SAMPLE_RATE)
        settings = [str(self.rate_wpm), str(self.volume)]
        raw = run_worker("speak", self.voice, settings, text, self.timeout)
        if len(raw) < 4:
            raise EnvironmentProblem(LOAD_FAILED)
        sample_rate = int(np.frombuffer(raw[:4], dtype=np.uint32)[0])
        pcm = np.frombuffer(raw[4:], dtype=np.int16).astype(np.float32) / 32768
        return Speech(trim_silence(pcm, sample_rate), sample_rate)


def espeak_clauses(
    text: str, voice: str = "vi", timeout: float = WORKER_TIMEOUT_SECONDS
) -> list[tuple[str, str]]:
    """``text`` as espeak-ng reads it, one ``(clause as written, its IPA)`` pair per clause.

    espeak reads one character past a clause's end before it stops, so each written clause
    ends with the first character of the next (what follows its punctuation mark)."""
    text = _worker_text(text)
    if not text:
        return []
    raw = text.encode("utf-8")
    try:
        found = json.loads(run_worker("phonemes", voice, [], text, timeout))
        clauses, read = [], 0
        for end, ipa in found:
            clauses.append((raw[read:end].decode("utf-8", "ignore"), str(ipa)))
            read = end
    except (ValueError, TypeError) as exc:
        raise EnvironmentProblem(LOAD_FAILED) from exc
    return clauses


def run_worker(task: str, voice: str, settings: list[str], text: str, timeout: float) -> bytes:
    """Run one ``task`` (``speak`` or ``phonemes``) in a fresh worker process; its stdout."""
    library, data = _library_paths()
    command = [sys.executable, "-I", "-S", "-c", _WORKER_SOURCE, task, library, data, voice]
    try:
        done = subprocess.run(
            [*command, *settings],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EnvironmentProblem(LOAD_FAILED) from exc
    if done.returncode == _WORKER_EXIT_VOICE:
        raise EnvironmentProblem(
            f"Bộ đọc espeak-ng không có giọng “{voice}”; hãy chạy lại bước cài đặt trong README."
        )
    if done.returncode != 0:
        raise EnvironmentProblem(LOAD_FAILED)
    return done.stdout


def _worker_text(text: str) -> str:
    # A NUL would end the C string early; espeak reads only NFC reliably.
    return unicodedata.normalize("NFC", text.replace("\0", " ")).strip()


def trim_silence(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Cut the quiet ends of ``samples``, keeping a short pad; all-quiet input gives nothing."""
    loud = np.flatnonzero(np.abs(samples) > SILENCE_THRESHOLD)
    if len(loud) == 0:
        return samples[:0]
    pad = int(TRIM_PADDING_SECONDS * sample_rate)
    return samples[max(0, loud[0] - pad) : loud[-1] + pad + 1]


@functools.cache
def default_engine() -> EspeakEngine:
    """The shared engine the narration stage uses unless given another."""
    return EspeakEngine()


def _library_paths() -> tuple[str, str]:
    """Paths of libespeak-ng and its data folder, or EnvironmentProblem if they are missing."""
    try:
        import espeakng_loader

        library, data = espeakng_loader.get_library_path(), espeakng_loader.get_data_path()
    except Exception as exc:  # not installed, or a wheel without data for this platform
        raise EnvironmentProblem(LOAD_FAILED) from exc
    if not Path(library).is_file():
        raise EnvironmentProblem(LOAD_FAILED)
    return library, data


@functools.cache
def espeak_version() -> str:
    try:
        return metadata.version("espeakng-loader")
    except metadata.PackageNotFoundError:
        return "unknown"
