"""The espeak-ng narration engine: audible, plausible, deterministic, atomic WAV output."""

from __future__ import annotations

import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import espeakng_loader
import numpy as np
import pytest

from generator.errors import EnvironmentProblem
from generator.video.narration.tts import SILENCE_THRESHOLD, EspeakEngine, Speech, default_engine

# Twelve words (syllables), as a narrator would read them.
SENTENCE = "Viện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị sơ kết."
LONGER = SENTENCE + " Toàn ngành đã hoàn thành tốt các chỉ tiêu nghiệp vụ được giao."


@pytest.fixture(scope="module")
def sentence() -> Speech:
    return default_engine().synthesize(SENTENCE)


def test_sentence_is_audible_and_of_plausible_length(sentence: Speech) -> None:
    assert sentence.samples.dtype == np.float32
    assert sentence.sample_rate == 22050
    assert 1.5 <= sentence.duration <= 8.0
    rms = float(np.sqrt(np.mean(sentence.samples**2)))
    assert rms > 0.03
    assert np.abs(sentence.samples).max() <= 1.0


def test_leading_and_trailing_silence_is_trimmed(sentence: Speech) -> None:
    edge = int(0.03 * sentence.sample_rate)
    assert np.abs(sentence.samples[:edge]).max() > SILENCE_THRESHOLD
    assert np.abs(sentence.samples[-edge:]).max() > SILENCE_THRESHOLD


def test_same_text_gives_same_samples_whatever_came_before(sentence: Speech) -> None:
    engine = default_engine()
    engine.synthesize("Một câu khác hẳn, để trạng thái của bộ đọc thay đổi.")
    again = engine.synthesize(SENTENCE)
    assert np.array_equal(again.samples, sentence.samples)


def test_threads_may_share_the_engine(sentence: Speech) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(default_engine().synthesize, [SENTENCE, SENTENCE]))
    assert all(np.array_equal(r.samples, sentence.samples) for r in results)


def test_longer_text_gives_longer_audio(sentence: Speech) -> None:
    assert default_engine().synthesize(LONGER).duration > sentence.duration + 1.0


def test_slower_rate_gives_longer_audio(sentence: Speech) -> None:
    slow = EspeakEngine(rate_wpm=110).synthesize(SENTENCE)
    assert slow.duration > sentence.duration * 1.2


@pytest.mark.parametrize("text", ["", "   \n "])
def test_blank_text_gives_empty_speech(text: str) -> None:
    speech = default_engine().synthesize(text)
    assert speech.duration == 0
    assert len(speech.samples) == 0


def test_write_wav_gives_a_16_bit_mono_file(sentence: Speech, tmp_path: Path) -> None:
    target = tmp_path / "loi-dan" / "mo-dau.wav"
    sentence.write_wav(target)
    with wave.open(str(target), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert wav.getframerate() == sentence.sample_rate
        assert wav.getnframes() == len(sentence.samples)
    assert [p.name for p in target.parent.iterdir()] == ["mo-dau.wav"]


def test_speech_samples_are_read_only(sentence: Speech) -> None:
    with pytest.raises(ValueError):
        sentence.samples[0] = 0.5


def test_missing_library_is_an_environment_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(espeakng_loader, "get_library_path", lambda: "/khong-co/libespeak-ng.so")
    with pytest.raises(EnvironmentProblem) as caught:
        EspeakEngine().synthesize(SENTENCE)
    assert caught.value.exit_code == 2
    assert "espeak-ng" in str(caught.value)
    assert "README" in str(caught.value)


def test_broken_library_is_an_environment_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "libespeak-ng.so"
    broken.write_bytes(b"not a shared library")
    monkeypatch.setattr(espeakng_loader, "get_library_path", lambda: str(broken))
    with pytest.raises(EnvironmentProblem) as caught:
        EspeakEngine().synthesize(SENTENCE)
    assert caught.value.exit_code == 2


def test_unknown_voice_is_an_environment_problem() -> None:
    with pytest.raises(EnvironmentProblem, match="giọng “xx-khong-co”"):
        EspeakEngine(voice="xx-khong-co").synthesize(SENTENCE)


def test_fingerprint_changes_with_the_settings() -> None:
    assert EspeakEngine().fingerprint == default_engine().fingerprint
    assert EspeakEngine(rate_wpm=140).fingerprint != default_engine().fingerprint
