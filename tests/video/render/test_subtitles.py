"""SRT, WebVTT and WebVTT-chapter files from the timeline."""

from __future__ import annotations

from pathlib import Path

from generator.model import SectionId
from generator.video.render import subtitles
from generator.video.render.scenes import Card, Cue, Scene
from generator.video.render.timeline import ChapterSpan, place


def _scenes(*cues: tuple[Cue, ...]) -> list[Scene]:
    return [
        Scene(f"s{n}", SectionId.UNITS, "", Card(Path("c.png")), 2.0, cues=c)
        for n, c in enumerate(cues)
    ]


def test_cues_move_to_the_video_clock_and_stop_at_their_scene() -> None:
    placed = place(_scenes((Cue(0.5, 1.5, "Một"),), (Cue(0.25, 9.0, "Hai"),)), 30)
    cues = subtitles.absolute_cues(placed)
    assert [(c.start_ms, c.end_ms, c.text) for c in cues] == [
        (500, 1500, "Một"),
        (2250, 4000, "Hai"),
    ]


def test_srt_numbers_cues_and_uses_commas() -> None:
    placed = place(_scenes((Cue(0, 1.234, "Kính thưa"),), (Cue(0, 61, "các đồng chí"),)), 25)
    text = subtitles.srt(subtitles.absolute_cues(placed))
    assert text == (
        "1\n00:00:00,000 --> 00:00:01,234\nKính thưa\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\ncác đồng chí\n"
    )


def test_vtt_escapes_markup_and_drops_blank_lines_inside_a_cue() -> None:
    placed = place(_scenes((Cue(0, 1, "A < B & C\n\n--> D"),)), 25)
    text = subtitles.vtt(subtitles.absolute_cues(placed))
    assert text == "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA &lt; B &amp; C\n→ D\n"


def test_text_is_nfc() -> None:
    decomposed = "Ho\u0300a"  # "Hòa" with a combining grave accent
    placed = place(_scenes((Cue(0, 1, decomposed),)), 25)
    assert subtitles.absolute_cues(placed)[0].text == "Hòa"


def test_chapters_vtt_has_one_numbered_cue_per_chapter() -> None:
    spans = [
        ChapterSpan(SectionId.OPENING, "Mở đầu", 0.0, 4.5),
        ChapterSpan(SectionId.CLOSING, "Kết thúc", 4.5, 3725.25),
    ]
    assert subtitles.chapters_vtt(spans) == (
        "WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:04.500\nMở đầu\n\n"
        "chapter-2\n00:00:04.500 --> 01:02:05.250\nKết thúc\n"
    )
