"""A recorded take, cleaned: what the narrator's booth stores for a line, measured independently
with Debian's ffmpeg/ffprobe (ebur128 is the reference), and the words it was recorded for."""

from __future__ import annotations

import json
import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp4 import MP4

from generator.media.loudness import AAC_HEADROOM
from generator.media.probe import MediaUnreadable, probe_media
from generator.tools import ffmpeg_exe
from generator.video.narration import takes
from generator.video.narration.takes import (
    TAKE_LOUDNESS,
    TAKE_TRUE_PEAK,
    TakeRefused,
    clean_take,
    read_words,
)
from generator.video.narration.tts import default_engine

RATE = 48_000
SENTENCE = "Viện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị sơ kết."
PARAGRAPH = (
    "Trong sáu tháng đầu năm, Viện kiểm sát nhân dân hai cấp tỉnh Phú Yên đã thực hiện tốt "
    "chức năng thực hành quyền công tố và kiểm sát hoạt động tư pháp; tỷ lệ giải quyết tố "
    "giác, tin báo về tội phạm đạt 95,62%, vượt chỉ tiêu Nghị quyết 96/2019/QH14 đề ra.\n"
)
WORDS = PARAGRAPH * 4 + "Xin trân trọng cảm ơn!"  # NFC, with line breaks: kept exactly
PADDING = 0.15  # seconds kept either side of the voice


# --- inputs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voice() -> np.ndarray:
    """An espeak-ng line at 48 kHz (its own silence trimmed), peak 1.0."""
    speech = default_engine().synthesize(SENTENCE)
    times = np.arange(round(speech.duration * RATE)) * speech.sample_rate / RATE
    samples = np.interp(times, np.arange(len(speech.samples)), speech.samples)
    return samples / np.abs(samples).max()


def _voiced_tones(seconds: float) -> np.ndarray:
    """Syllables of a 140 Hz voice-like tone (harmonics, rounded onsets), peak 1.0."""
    t = np.arange(round(seconds * RATE)) / RATE
    tone = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 6))
    syllable = np.clip(np.sin(np.pi * (t % 0.3) / 0.22), 0, None) * ((t % 0.3) < 0.22)
    shaped = tone * syllable
    return shaped / np.abs(shaped).max()


def _take(line: np.ndarray, peak_db: float, noise_db: float, seed: int = 1) -> np.ndarray:
    """``line`` at ``peak_db`` dBFS with 1 s of room noise (RMS ``noise_db``) before and after."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 10 ** (noise_db / 20), round(2 * RATE) + len(line))
    return noise + np.concatenate([np.zeros(RATE), line * 10 ** (peak_db / 20), np.zeros(RATE)])


def _key_click(samples: np.ndarray, at: float) -> None:
    """A recorder's start or stop key: 5 ms of a loud, quickly decaying burst."""
    k = np.arange(240)
    start = round(at * RATE)
    samples[start : start + 240] += 0.8 * np.exp(-k / 40) * np.sin(1.3 * k)


def _wav(path: Path, samples: np.ndarray) -> Path:
    pcm = np.clip(np.round(samples * 32768), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


def _encode(source: Path, target: Path, *args: str) -> Path:
    command = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(source), *args, str(target)]
    subprocess.run(command, check=True)
    return target


def _webm(path: Path, samples: np.ndarray, *args: str) -> Path:
    """What Chromium's MediaRecorder makes: Opus in WebM, 48 kHz."""
    raw = _wav(path.with_suffix(".raw.wav"), samples)
    return _encode(raw, path, "-c:a", "libopus", "-b:a", "64k", *args)


# --- what the tests read, with Debian's tools ---------------------------------------------


def _loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP), by Debian's ffmpeg's ebur128."""
    done = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true",
         "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    integrated = re.findall(r"I:\s+(-?[\d.]+) LUFS", done.stderr)[-1]
    peak = re.findall(r"Peak:\s+(-?[\d.]+|-inf) dBFS", done.stderr)[-1]
    return float(integrated), float(peak)


def _probe(path: Path) -> dict[str, str]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(done.stdout)
    (stream,) = found["streams"]
    return {**stream, "duration": found["format"]["duration"], "format": found["format"]}


# --- cleaning -------------------------------------------------------------------------------


# name, line, its peak (dBFS), room noise (dBFS RMS), key clicks, hot pops in the line
CASES = {
    "quiet.webm": ("speech", -40.0, -80.0, False, False),
    "hot.wav": ("speech", -0.1, -50.0, False, True),
    "clicks.webm": ("speech", -20.0, -65.0, True, False),
    "tones.wav": ("tones", -30.0, -75.0, False, False),
}


@pytest.mark.parametrize("name", CASES)
def test_a_take_is_trimmed_brought_to_the_target_and_carries_its_words(
    name: str, voice: np.ndarray, tmp_path: Path
) -> None:
    kind, peak_db, noise_db, clicks, pops = CASES[name]
    line = voice.copy() if kind == "speech" else _voiced_tones(3.0)
    if pops:  # a breath into the microphone: full scale, mid-line
        for at in (0.3, 0.6):
            line[round(at * len(line)) : round(at * len(line)) + 24] = 10 ** (0.1 / 20)
    samples = _take(line, peak_db, noise_db)
    if clicks:
        _key_click(samples, 0.35)
        _key_click(samples, len(samples) / RATE - 0.35)
    source = tmp_path / name
    if name.endswith(".webm"):
        _webm(source, samples, "-metadata", "comment=Ghi bằng điện thoại")
    else:
        _wav(source, samples)
    target = tmp_path / "media" / "loi-dan.m4a"

    take = clean_take(source, target, WORDS)

    integrated, peak = _loudness(target)
    assert integrated == pytest.approx(TAKE_LOUDNESS, abs=1.0)
    assert take.loudness == pytest.approx(TAKE_LOUDNESS, abs=1.0)
    assert peak <= TAKE_TRUE_PEAK
    stream = _probe(target)
    assert (stream["codec_name"], stream["channels"], stream["sample_rate"]) == ("aac", 1, "48000")
    # the room's silence and the key clicks are gone: the voice and its padding remain
    voiced = len(line) / RATE
    assert float(stream["duration"]) == pytest.approx(voiced + 2 * PADDING, abs=0.2)
    assert take.seconds == pytest.approx(voiced + 2 * PADDING, abs=0.2)
    assert (take.path, take.words) == (target, WORDS)
    assert read_words(target) == WORDS
    assert "comment" not in stream["format"].get("tags", {})  # the recorder's tags stay behind
    assert sorted(p.name for p in target.parent.iterdir()) == ["loi-dan.m4a"]


def test_gain_alone_when_peaks_allow_a_limiter_when_they_do_not(
    voice: np.ndarray, tmp_path: Path
) -> None:
    """The two cases above that take each way: the gain to the target would leave the tones'
    peaks under the ceiling, and push the hot take's breath far over it."""
    ceiling = TAKE_TRUE_PEAK - AAC_HEADROOM
    tones = _wav(tmp_path / "tones.wav", _take(_voiced_tones(3.0), -30.0, -75.0))
    integrated, peak = _loudness(tones)
    assert peak + (TAKE_LOUDNESS - integrated) < ceiling - 3
    quiet_with_pops = voice.copy()
    quiet_with_pops[len(voice) // 2 : len(voice) // 2 + 24] = 30.0
    hot = _wav(tmp_path / "pops.wav", _take(quiet_with_pops / 30.0, -0.1, -70.0))
    integrated, peak = _loudness(hot)
    assert peak + (TAKE_LOUDNESS - integrated) > ceiling + 15
    clean_take(hot, tmp_path / "pops.m4a", SENTENCE)
    after, after_peak = _loudness(tmp_path / "pops.m4a")
    assert after == pytest.approx(TAKE_LOUDNESS, abs=1.0) and after_peak <= TAKE_TRUE_PEAK


def test_a_new_take_replaces_the_old_one_whole(voice: np.ndarray, tmp_path: Path) -> None:
    target = tmp_path / "loi-dan.m4a"
    source = _webm(tmp_path / "take.webm", _take(voice, -12.0, -70.0))
    clean_take(source, target, "Lời cũ.")
    clean_take(source, target, SENTENCE)
    assert read_words(target) == SENTENCE
    assert probe_media(target).words == SENTENCE
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "loi-dan.m4a",
        "take.raw.wav",
        "take.webm",
    ]


# --- refusals -------------------------------------------------------------------------------


def test_garbage_is_unreadable_and_leaves_the_old_take(tmp_path: Path) -> None:
    source = tmp_path / "ghi-am.webm"
    source.write_bytes(b"\x1aE\xdf\xa3 not a recording " * 200)
    target = tmp_path / "loi-dan.m4a"
    target.write_bytes(b"the take recorded before")
    with pytest.raises(MediaUnreadable) as raised:
        clean_take(source, target, SENTENCE)
    assert str(raised.value) == (
        "không đọc được bản thu: ghi-am.webm (tệp hỏng, hoặc không có âm thanh); hãy thu lại"
    )
    assert not isinstance(raised.value, TakeRefused)
    assert target.read_bytes() == b"the take recorded before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ghi-am.webm", "loi-dan.m4a"]


@pytest.mark.parametrize("noise_db", [-60.0, None], ids=["room-noise", "digital-zeros"])
def test_a_take_without_a_voice_is_refused(noise_db: float | None, tmp_path: Path) -> None:
    silence = np.zeros(3 * RATE)
    if noise_db is not None:
        silence = _take(silence, 0.0, noise_db)
        _key_click(silence, 0.3)  # the recorder's start key is not a voice
    source = _webm(tmp_path / "im-lang.webm", silence)
    with pytest.raises(TakeRefused) as raised:
        clean_take(source, tmp_path / "loi-dan.m4a", SENTENCE)
    assert str(raised.value) == (
        "bản thu im-lang.webm không có tiếng nói (chỉ có khoảng lặng hoặc tiếng ồn nền); "
        "hãy kiểm tra micrô rồi thu lại"
    )
    assert not (tmp_path / "loi-dan.m4a").exists()


def test_a_voice_longer_than_three_minutes_is_refused(voice: np.ndarray, tmp_path: Path) -> None:
    line = np.tile(voice, int(184 * RATE / len(voice)) + 1)[: 184 * RATE]
    source = _wav(tmp_path / "dai.wav", _take(line, -6.0, -70.0))
    with pytest.raises(TakeRefused) as raised:
        clean_take(source, tmp_path / "loi-dan.m4a", SENTENCE)
    assert re.fullmatch(
        "lời đọc trong bản thu dai.wav dài 3 phút [345] giây, quá 3 phút cho một lời dẫn; "
        "hãy chia lời dẫn thành các đoạn ngắn hơn",
        str(raised.value),
    )


def test_a_recording_longer_than_is_read_is_refused(
    voice: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(takes, "MAX_RECORDING_SECONDS", 3)
    source = _wav(tmp_path / "quen-tat.wav", _take(voice, -6.0, -70.0))
    with pytest.raises(TakeRefused) as raised:
        clean_take(source, tmp_path / "loi-dan.m4a", SENTENCE)
    assert str(raised.value) == (
        "bản thu quen-tat.wav dài hơn 3 giây; "
        "một lời dẫn chỉ dài tối đa 3 phút, hãy thu từng lời dẫn"
    )


# --- the words ------------------------------------------------------------------------------


def test_a_file_without_our_tag_has_no_words(tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=d=1", str(tone)], check=True
    )
    plain = _encode(tone, tmp_path / "chep-tay.m4a", "-c:a", "aac")
    phone = _encode(tone, tmp_path / "dien-thoai.m4a", "-c:a", "aac", "-metadata",
                    f"comment={SENTENCE}")  # fmt: skip
    assert MP4(phone).tags["©cmt"] == [SENTENCE]  # the phone's comment is there…
    assert read_words(phone) is None  # … and is not the words of a take
    assert read_words(plain) is None
    assert read_words(tone) is None  # not an MP4 at all
    assert read_words(tmp_path / "khong-co.m4a") is None
    assert probe_media(phone).words is None
