"""The soundtrack: clip sound kept or muted, ducked under the narration, music, loudness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from video.render import media

from generator.model import SECTION_TITLES, SectionId
from generator.video.render.engine import render_video
from generator.video.render.mixing import Source, mix_graph, render_tracks, track_graph
from generator.video.render.scenes import Card, Chapter, ClipShot, RenderSettings, Scene

SETTINGS = dict(size=(160, 90), fps=10)

CHAPTERS = [Chapter(section, SECTION_TITLES[section]) for section in SectionId]


def _band_level(video: Path, start: float, seconds: float, frequency: int) -> float:
    """Mean level (dB) of one frequency band over a stretch of the video's soundtrack."""
    text = media.run_ffmpeg(
        "-ss", f"{start}", "-t", f"{seconds}", "-i", str(video), "-map", "0:a",
        "-af", f"bandpass=f={frequency}:width_type=q:w=8,volumedetect", "-f", "null", "-",
    )  # fmt: skip
    found = re.findall(r"mean_volume: (-?[\d.]+|-inf) dB", text)
    return float(found[-1]) if found and found[-1] != "-inf" else -120.0


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("audio")
    return {
        "card": media.plain_photo(folder / "card.png", (160, 90), (0, 0, 80)),
        "clip": media.clip(folder / "clip.mp4", (64, 36), 4.0),  # a 300 Hz tone
        "voice": media.tone(folder / "voice.wav", 1.5, frequency=1000, volume=0.5),
        "music": media.tone(folder / "music.wav", 1.0, frequency=150, volume=0.5),
    }


def test_clip_sound_is_kept_and_ducked_under_narration(sources, tmp_path: Path) -> None:
    clip = ClipShot(sources["clip"], 0.0, 2.0, "keep")
    scenes = [
        Scene("alone", SectionId.UNITS, "", clip, 2.0),
        Scene("spoken", SectionId.UNITS, "", clip, 2.0, sources["voice"], 0.2),
    ]
    out = tmp_path / "v.mp4"
    render_video(scenes, CHAPTERS, out, RenderSettings(**SETTINGS, cache_dir=tmp_path / "c"))
    alone = _band_level(out, 0.5, 1.0, 300)
    under_voice = _band_level(out, 2.5, 1.0, 300)
    assert alone > -40
    assert under_voice < alone - 8


def test_muted_clip_adds_no_sound(sources, tmp_path: Path) -> None:
    scenes = [
        Scene("voice", SectionId.OPENING, "", Card(sources["card"]), 2.0, sources["voice"]),
        Scene("mute", SectionId.UNITS, "", ClipShot(sources["clip"], 0, 2, "mute"), 2.0),
    ]
    out = tmp_path / "m.mp4"
    render_video(scenes, CHAPTERS, out, RenderSettings(**SETTINGS, cache_dir=tmp_path / "c"))
    assert _band_level(out, 2.5, 1.0, 300) < -70


def test_music_loops_under_the_whole_video_and_loudness_is_normalised(sources, tmp_path) -> None:
    scenes = [Scene("voice", SectionId.OPENING, "", Card(sources["card"]), 4.0, sources["voice"])]
    settings = RenderSettings(**SETTINGS, music=sources["music"], cache_dir=tmp_path / "c")
    out = tmp_path / "music.mp4"
    report = render_video(scenes, CHAPTERS, out, settings)
    assert _band_level(out, 2.2, 0.6, 150) > -50  # the 1 s music file is still playing at 2 s
    integrated, peak = media.loudness(out)
    assert integrated == pytest.approx(-16, abs=1) and peak <= -1.3
    assert report.loudness["output"]["normalization_type"] == "linear"  # a tone has low peaks


def test_peaks_the_gain_would_push_over_the_ceiling_are_limited(tmp_path: Path) -> None:
    # A quiet tone with loud clicks: the gain to -16 LUFS would take the clicks far over -1.5.
    voice = tmp_path / "clicks.wav"
    media.run_ffmpeg(
        "-f", "lavfi", "-i",
        "aevalsrc=0.03*sin(2*PI*1000*t)+0.9*lt(mod(n\\,5512)\\,3):s=22050:d=4", str(voice),
    )  # fmt: skip
    card = media.plain_photo(tmp_path / "card.png", (160, 90), (0, 0, 80))
    scenes = [Scene("clicks", SectionId.OPENING, "", Card(card), 4.0, voice)]
    out = tmp_path / "clicks.mp4"
    report = render_video(
        scenes, CHAPTERS, out, RenderSettings(**SETTINGS, cache_dir=tmp_path / "c")
    )
    output = report.loudness["output"]
    assert output["normalization_type"] == "limited" and output["gain_db"] > 15
    integrated, peak = media.loudness(out)
    assert integrated == pytest.approx(-16, abs=1) and peak <= -1.5


def test_silent_video_still_has_an_exact_stereo_track(sources, tmp_path: Path) -> None:
    scenes = [Scene("card", SectionId.OPENING, "", Card(sources["card"]), 1.5)]
    out = tmp_path / "silent.mp4"
    render_video(scenes, CHAPTERS, out, RenderSettings(**SETTINGS, cache_dir=tmp_path / "c"))
    assert "48000 Hz, stereo" in media.describe(out)
    assert media.stream_seconds(out, "a") == pytest.approx(1.5, abs=0.1)


def test_track_places_sounds_by_sample() -> None:
    speech = Source(Path("v.wav"), offset=48_000, length=24_000)
    inputs: list[str] = []
    graph = ";".join(track_graph([speech], 96_000, "speech", inputs, RenderSettings()))
    assert inputs == ["-vn", "-i", "v.wav"]
    # silence until the voice, the voice padded to its place, silence to the end
    assert "anullsrc=r=48000:cl=stereo,atrim=end_sample=48000[speechgap0]" in graph
    assert "atrim=end_sample=24000,asetpts=N/SR/TB,apad=whole_len=24000[speech1]" in graph
    assert "atrim=end_sample=24000[speechgap2]" in graph
    assert graph.endswith("concat=n=3:v=0:a=1[speech]")


def test_long_tracks_are_rendered_in_chunks_that_join_exactly(sources, tmp_path: Path) -> None:
    voice = [Source(sources["voice"], offset=n * 9_600, length=4_800) for n in range(30)]
    listing = render_tracks(voice, 300_000, RenderSettings(), tmp_path)["speech"]
    assert listing.read_text().count("file ") == 2  # 24 + 6 sounds
    joined = media.run_ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-f", "null", "-")
    seconds = re.findall(r"time=00:00:(\d+\.\d+)", joined)[-1]
    assert float(seconds) == pytest.approx(300_000 / 48_000, abs=0.001)


def test_only_beds_are_ducked_under_speech(tmp_path: Path) -> None:
    tracks = {"speech": tmp_path / "speech.ffconcat", "clip": tmp_path / "clip.ffconcat"}
    inputs, graph = mix_graph(tracks, 96_000, RenderSettings())
    assert inputs.count("-i") == 2
    assert "[clip][key]sidechaincompress" in graph and graph.endswith("normalize=0[mix]")
    _, speech_only = mix_graph({"speech": tracks["speech"]}, 96_000, RenderSettings())
    assert "sidechaincompress" not in speech_only
