"""Narration: spoken once and cached; without speaking, real lengths where known and an
estimate elsewhere (what the site's contact sheet uses, so a build runs no speech engine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from video.narration.engines import CountingEngine

from generator import pipeline
from generator.model import SectionId, Visibility
from generator.video.narration import narrate as narration
from generator.video.narration.tts import Speech
from generator.video.storyboard.plan import Shot

TEXT = "Toàn tỉnh đạt 3 trên 3 chỉ tiêu nghiệp vụ, vượt chỉ tiêu đề ra."


class MuteEngine:
    fingerprint = "test-voice/1"

    def synthesize(self, text: str) -> Speech:
        raise AssertionError(f"the speech engine ran for {text!r}")


def _shot(text: str = TEXT) -> Shot:
    return Shot("tong-hop-1", SectionId.INDICATORS, "Kết quả", text)


def test_each_text_is_spoken_once_then_read_from_the_cache(tmp_path: Path) -> None:
    engine = CountingEngine()
    first = narration.narrate([_shot()], engine, tmp_path)[0]
    again = narration.narrate([_shot()], engine, tmp_path)[0]
    assert len(engine.said) == 1
    assert first.audio is not None and first.audio == again.audio
    assert first.seconds == pytest.approx(2.0)
    assert first.cues[-1].end == pytest.approx(2.0)


def test_without_speaking_a_spoken_text_keeps_its_real_length(tmp_path: Path) -> None:
    narration.narrate([_shot()], CountingEngine(), tmp_path)
    known = narration.narrate([_shot()], MuteEngine(), tmp_path, speak=False)[0]
    assert known.seconds == pytest.approx(2.0) and known.audio is not None


def test_without_speaking_a_new_text_gets_an_estimate_and_no_audio(tmp_path: Path) -> None:
    estimate = narration.narrate([_shot()], MuteEngine(), tmp_path, speak=False)[0]
    assert estimate.audio is None
    # 15 words and 2 pauses at the measured rate of the espeak-ng voice
    assert estimate.seconds == pytest.approx(15 * 0.234 + 2 * 0.47)
    assert estimate.cues and estimate.cues[-1].end == pytest.approx(estimate.seconds)
    assert not (tmp_path / "narration").exists()


def test_site_build_draws_the_contact_sheet_without_the_speech_engine(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "engine_for", lambda root, site: MuteEngine())
    pipeline.build(tiny_project, Visibility.INTERNAL, tiny_project / "site")
    sheet = (tiny_project / "site" / "ky-bao-cao" / "2021-h1" / "video.html").read_text("utf-8")
    assert "Mở đầu" in sheet and "Trang chiếu" in sheet  # the opening card, with its length
    assert not (pipeline.cache_dir(tiny_project) / "video" / "narration").exists()
