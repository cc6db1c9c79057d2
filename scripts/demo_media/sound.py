"""Sound: Vietnamese speech from espeak-ng, coloured noise, background music, encoding."""

from __future__ import annotations

import ctypes
import tempfile
import wave
from pathlib import Path

import numpy as np

from .common import BITEXACT, RATE, ffmpeg, output


def tts(text: str, speed: int = 150) -> np.ndarray:
    """Vietnamese speech from espeak-ng (espeakng-loader's library), as floats at RATE."""
    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    rate = lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0)  # synchronous
    chunks: list[np.ndarray] = []
    callback_type = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
    )

    def collect(wav, n, _events) -> int:
        if wav and n > 0:
            chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).astype(np.float32) / 32768)
        return 0

    callback = callback_type(collect)  # kept alive until synthesis ends
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_SetVoiceByName(b"vi")
    lib.espeak_SetParameter(1, speed, 0)
    data = text.encode("utf-8")
    lib.espeak_Synth(ctypes.create_string_buffer(data), len(data) + 1, 0, 0, 0, 1, None, None)
    lib.espeak_Synchronize()
    voice = np.concatenate(chunks)
    return np.interp(
        np.arange(int(len(voice) * RATE / rate)) * rate / RATE, np.arange(len(voice)), voice
    ).astype(np.float32)


def noise(rng, seconds: float, colour: float) -> np.ndarray:
    """Coloured noise: colour 0 is white, 1 pink-ish, 2 brown-ish (wind, room tone)."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.maximum(np.fft.rfftfreq(n, 1 / RATE), 20)
    signal = np.fft.irfft(spectrum / freqs ** (colour / 2), n)
    return (signal / np.abs(signal).max()).astype(np.float32)


def place(track: np.ndarray, sound: np.ndarray, at: float, gain: float) -> None:
    start = int(at * RATE)
    end = min(len(track), start + len(sound))
    track[start:end] += gain * sound[: end - start]


def music(seconds: float) -> np.ndarray:
    """Soft background music: slow sine pads on C–G–Am–F with a plucked arpeggio, stereo."""
    t = np.arange(int(seconds * RATE)) / RATE
    chords = [
        (261.63, 329.63, 392.0),
        (196.0, 246.94, 293.66),
        (220.0, 261.63, 329.63),
        (174.61, 220.0, 261.63),
    ]
    bar = 3.0
    left, right = np.zeros_like(t), np.zeros_like(t)
    for k in range(int(seconds / bar) + 1):
        chord = chords[k % 4]
        seg = (t >= k * bar) & (t < (k + 1) * bar + 0.8)
        local = t[seg] - k * bar
        env = np.minimum(local / 0.8, 1) * np.exp(-np.maximum(local - bar, 0) * 4)
        for i, f in enumerate(chord):
            tone = env * (np.sin(2 * np.pi * f * local) + 0.3 * np.sin(4 * np.pi * f * local))
            left[seg] += tone * (0.6 if i != 2 else 0.4)
            right[seg] += tone * (0.4 if i != 0 else 0.6)
        for j in range(6):  # arpeggio, one note every half second
            f, on = chord[j % 3] * 2, k * bar + j * 0.5
            sel = (t >= on) & (t < on + 1.5)
            pluck = np.sin(2 * np.pi * f * (t[sel] - on)) * np.exp(-(t[sel] - on) * 3.5)
            left[sel] += 0.35 * pluck
            right[sel] += 0.35 * pluck
    fade = np.minimum(1, np.minimum(t / 3, (seconds - t) / 4))
    stereo = np.stack([left, right], axis=1) * fade[:, None]
    return (0.25 * stereo / np.abs(stereo).max()).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> None:
    samples = samples if samples.ndim == 2 else samples[:, None]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(samples.shape[1])
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def encode_audio(samples: np.ndarray, target: Path, codec: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, output(target) as out:
        wav = Path(tmp) / "a.wav"
        write_wav(wav, samples)
        ffmpeg("-i", wav, *codec, *BITEXACT, out)
