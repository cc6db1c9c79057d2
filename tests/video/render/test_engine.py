"""The render engine end to end, on a 7-second 320x180 video made of tiny generated media."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pytest
from PIL import Image
from video.render import media

from generator.errors import InputError
from generator.model import SectionId
from generator.video.render import frames
from generator.video.render.engine import RenderReport, render_video
from generator.video.render.scenes import (
    STATIC,
    Card,
    Chapter,
    ClipShot,
    Cue,
    KenBurns,
    RenderSettings,
    Scene,
    Still,
)

FPS = 12
CHAPTERS = [
    Chapter(SectionId.OPENING, "Mở đầu"),
    Chapter(SectionId.INDICATORS, "Kết quả thực hiện chỉ tiêu"),
    Chapter(SectionId.UNITS, "Hoạt động của các đơn vị"),
    Chapter(SectionId.CLOSING, "Kết thúc"),
]


def make_scenes(folder: Path) -> list[Scene]:
    card = media.plain_photo(folder / "card.png", (320, 180), (20, 40, 90))
    landscape = media.split_photo(folder / "ngang.jpg", (400, 300))
    portrait = media.split_photo(folder / "doc.jpg", (160, 120), orientation=6)
    phone = media.clip(folder / "dien-thoai.mp4", (96, 54), 3.0, rotation=90)
    voice = media.tone(folder / "loi-dan.wav", 1.2)
    return [
        Scene("mo-dau", SectionId.OPENING, "Mở đầu", Card(card), 1.5, voice, 0.1,
              (Cue(0.1, 1.3, "Kính thưa các đồng chí"),)),
        Scene("chi-tieu", SectionId.INDICATORS, "Chỉ tiêu",
              Still(landscape, "Tỷ lệ giải quyết tin báo đạt 95,62%", KenBurns(1.0, 1.1)),
              1.5, voice, 0.2, (Cue(0.2, 1.0, "Vượt chỉ tiêu Nghị quyết 96"),)),
        Scene("anh-doc", SectionId.UNITS, "Ảnh dọc", Still(portrait, "", STATIC), 1.5),
        Scene("phien-toa", SectionId.UNITS, "Phiên tòa",
              ClipShot(phone, 0.5, 2.0, "keep", "Phiên tòa rút kinh nghiệm"), 1.5),
        Scene("ket-thuc", SectionId.CLOSING, "Kết thúc", Card(card), 1.0),
    ]  # fmt: skip


class Rendered(NamedTuple):
    out: Path
    scenes: list[Scene]
    report: RenderReport
    settings: RenderSettings
    progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("render")
    scenes = make_scenes(folder)
    settings = RenderSettings(size=(320, 180), fps=FPS, cache_dir=folder / "cache")
    out = folder / "dist" / "2021-h1.mp4"
    progress: list[tuple[int, int]] = []
    report = render_video(scenes, CHAPTERS, out, settings, lambda d, t: progress.append((d, t)))
    return Rendered(out, scenes, report, settings, progress)


def test_video_is_h264_yuv420p_with_aac_48k_stereo(rendered: Rendered) -> None:
    out = rendered.out
    text = media.describe(out)
    assert re.search(r"Video: h264 .*yuv420p", text)
    assert re.search(r"Audio: aac .*48000 Hz, stereo", text)
    assert ", 320x180" in text


def test_chapters_one_per_section_with_vietnamese_titles(rendered: Rendered) -> None:
    out = rendered.out
    meta = out.with_name("meta.txt")
    media.run_ffmpeg("-i", str(out), "-f", "ffmetadata", str(meta))
    text = meta.read_text(encoding="utf-8")
    titles = re.findall(r"^title=(.*)$", text, re.MULTILINE)
    assert titles[-4:] == [c.title for c in CHAPTERS]
    starts = [
        round(int(start) * int(num) / int(den), 3)
        for num, den, start in re.findall(r"TIMEBASE=(\d+)/(\d+)\nSTART=(\d+)", text)
    ]
    assert starts == [0, 1.5, 3.0, 6.0]


def test_moov_comes_before_mdat(rendered: Rendered) -> None:
    out = rendered.out
    atoms = media.top_level_atoms(out)
    assert atoms.index("moov") < atoms.index("mdat")


def test_duration_is_the_sum_of_the_scenes_and_audio_matches(rendered: Rendered) -> None:
    out, scenes = rendered.out, rendered.scenes
    expected_frames = sum(round(s.duration * FPS) for s in scenes)
    assert media.decoded_frames(out) == expected_frames
    video = media.stream_seconds(out, "v")
    audio = media.stream_seconds(out, "a")
    assert video == pytest.approx(expected_frames / FPS, abs=1 / FPS)
    assert audio == pytest.approx(video, abs=1 / FPS)


def test_all_segments_share_one_set_of_codec_parameters(rendered: Rendered) -> None:
    # Joined by copy, the video plays with the first segment's SPS/PPS: they must all match.
    configs = set()
    for segment in (rendered.settings.cache_dir / "segments").glob("*.mp4"):
        data = segment.read_bytes()
        at = data.find(b"avcC")
        configs.add(data[at : at - 4 + int.from_bytes(data[at - 4 : at], "big")])
    assert len(configs) == 1


def test_speech_is_normalised_to_minus_16_lufs(rendered: Rendered) -> None:
    out = rendered.out
    integrated, peak = media.loudness(out)
    assert integrated == pytest.approx(-16.0, abs=1.0)
    assert peak <= -1.5 + 0.2  # ebur128's true-peak estimate is coarser than loudnorm's


def test_portrait_photo_is_upright_unstretched_over_a_blurred_fill(rendered: Rendered) -> None:
    out = rendered.out
    frame = media.frame_at(out, 3.75)  # middle of "anh-doc", after the dip
    # Stored 160x120 red-over-blue with EXIF 6: shown 120x160, blue left and red right.
    # Fitted to 180 px high it is 135 px wide, centred: x from 92 to 227.
    assert _is(frame.getpixel((120, 90)), "blue")
    assert _is(frame.getpixel((200, 90)), "red")
    left_fill, right_fill = frame.getpixel((40, 90)), frame.getpixel((290, 90))
    assert max(left_fill) < 150 and max(right_fill) < 150  # darkened, not the photo itself
    row = [frame.getpixel((x, 90)) for x in range(320)]
    photo_columns = [x for x, p in enumerate(row) if _is(p, "blue") or _is(p, "red")]
    assert 128 <= len(photo_columns) <= 142  # 135 px: the 3:4 aspect is kept


def test_phone_clip_is_shown_upright_over_a_blurred_fill(rendered: Rendered) -> None:
    out = rendered.out
    frame = media.frame_at(out, 5.25)
    # Stored 96x54 red-over-blue, tagged "rotation 90" (turn counter-clockwise to show): shown
    # 54x96 with red on the left, fitted to 180 px high: 102 px wide from x=109 to x=211.
    assert _is(frame.getpixel((130, 60)), "red")
    assert _is(frame.getpixel((190, 60)), "blue")
    assert max(frame.getpixel((40, 60))) < 150 and max(frame.getpixel((290, 60))) < 150
    row = [frame.getpixel((x, 60)) for x in range(320)]
    clip_columns = [x for x, p in enumerate(row) if _is(p, "blue") or _is(p, "red")]
    assert 96 <= len(clip_columns) <= 108


def test_caption_band_is_drawn_inside_the_frame(rendered: Rendered) -> None:
    out = rendered.out
    frame = media.frame_at(out, 2.25)
    band = frame.crop((0, 140, 320, 171))
    white_text = sum(1 for p in band.getdata() if min(p) > 200)
    assert white_text > 20
    assert all(max(frame.getpixel((x, 179))) < 200 for x in range(0, 320, 8))  # nothing at the edge


def test_subtitle_files_use_absolute_times(rendered: Rendered) -> None:
    out = rendered.out
    assert out.with_suffix(".srt").read_text(encoding="utf-8") == (
        "1\n00:00:00,100 --> 00:00:01,300\nKính thưa các đồng chí\n\n"
        "2\n00:00:01,700 --> 00:00:02,500\nVượt chỉ tiêu Nghị quyết 96\n"
    )
    assert out.with_suffix(".vtt").read_text(encoding="utf-8") == (
        "WEBVTT\n\n00:00:00.100 --> 00:00:01.300\nKính thưa các đồng chí\n\n"
        "00:00:01.700 --> 00:00:02.500\nVượt chỉ tiêu Nghị quyết 96\n"
    )
    chapters = out.with_name("2021-h1.chapters.vtt").read_text(encoding="utf-8")
    assert "00:00:03.000 --> 00:00:06.000\nHoạt động của các đơn vị" in chapters


def test_poster_is_a_frame_of_the_opening_card(rendered: Rendered) -> None:
    poster = rendered.out.with_name("2021-h1.poster.jpg")
    assert rendered.report.files["poster"] == str(poster)
    with Image.open(poster) as image:
        assert image.format == "JPEG" and image.size == (320, 180)
        assert not image.getexif() and "icc_profile" not in image.info  # no metadata
        mean = image.convert("RGB").resize((1, 1), Image.BOX).getpixel((0, 0))
    assert mean == pytest.approx((20, 40, 90), abs=6)  # the card's blue, not black
    assert not list(poster.parent.glob(".*.tmp*"))  # written under a temporary name, renamed


def test_render_report_and_progress(rendered: Rendered) -> None:
    out, scenes, progress = rendered.out, rendered.scenes, rendered.progress
    data = json.loads(out.with_name("2021-h1.render.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["scenes"]] == [s.id for s in scenes]
    assert data["total_frames"] == 84 and data["cache_misses"] == 5
    assert data["scenes"][3]["start"] == 4.5
    done = [d for d, _ in progress]
    assert done == sorted(done) and progress[-1] == (84, 84)


def test_second_render_reuses_every_segment_and_the_audio(
    rendered: Rendered, tmp_path: Path
) -> None:
    scenes, settings = rendered.scenes, rendered.settings
    report = render_video(scenes, CHAPTERS, tmp_path / "again.mp4", settings)
    assert (report.cache_hits, report.cache_misses, report.audio_cached) == (5, 0, True)
    assert media.decoded_frames(tmp_path / "again.mp4") == 84
    poster = rendered.out.with_name("2021-h1.poster.jpg").read_bytes()
    assert (tmp_path / "again.poster.jpg").read_bytes() == poster  # kept with its segment


def test_caption_edit_rerenders_only_that_scene(rendered: Rendered, tmp_path: Path) -> None:
    scenes, settings = rendered.scenes, rendered.settings
    edited = list(scenes)
    edited[1] = replace(scenes[1], visual=replace(scenes[1].visual, caption="Đã sửa chú thích"))
    report = render_video(edited, CHAPTERS, tmp_path / "edited.mp4", settings)
    assert [s.id for s in report.scenes if not s.cached] == ["chi-tieu"]
    assert report.audio_cached


def test_burned_subtitles_appear_in_the_picture(rendered: Rendered, tmp_path: Path) -> None:
    scenes, settings = rendered.scenes, rendered.settings
    burned = replace(settings, burn_subtitles=True)
    render_video(scenes[:1], CHAPTERS, tmp_path / "burned.mp4", burned)
    render_video(scenes[:1], CHAPTERS, tmp_path / "plain.mp4", settings)
    with_text = media.frame_at(tmp_path / "burned.mp4", 0.75).crop((0, 120, 320, 180))
    without = media.frame_at(tmp_path / "plain.mp4", 0.75).crop((0, 120, 320, 180))
    assert sum(1 for p in with_text.getdata() if min(p) > 200) > 30
    assert sum(1 for p in without.getdata() if min(p) > 200) == 0


def test_a_failed_segment_leaves_nothing_to_reuse(
    rendered: Rendered, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenes, settings = rendered.scenes, rendered.settings
    settings = replace(settings, cache_dir=tmp_path / "cache")
    real = frames.ken_burns_frames

    def failing(*args, **kwargs):
        for number, planes in enumerate(real(*args, **kwargs)):
            if number == 5:
                raise RuntimeError("power cut")
            yield planes

    monkeypatch.setattr(frames, "ken_burns_frames", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        render_video(scenes[:2], CHAPTERS, tmp_path / "broken.mp4", settings)
    assert list((tmp_path / "cache" / "segments").iterdir()) == []
    assert not (tmp_path / "broken.mp4").exists()
    monkeypatch.undo()
    report = render_video(scenes[:2], CHAPTERS, tmp_path / "fixed.mp4", settings)
    assert report.cache_misses == 2


def test_missing_files_are_all_reported(tmp_path: Path) -> None:
    scenes = [
        Scene("a", SectionId.OPENING, "A", Card(tmp_path / "khong-co.png"), 1.0),
        Scene("b", SectionId.UNITS, "B", Still(tmp_path / "mat.jpg"), 1.0, tmp_path / "x.wav"),
    ]
    with pytest.raises(InputError) as caught:
        render_video(scenes, [], tmp_path / "out.mp4", RenderSettings(cache_dir=tmp_path))
    assert len(caught.value.problems) == 3
    assert all(p.message == "Không tìm thấy tệp." for p in caught.value.problems)


def _is(pixel: tuple[int, int, int], colour: str) -> bool:
    r, g, b = pixel
    return r > 180 and g < 80 and b < 80 if colour == "red" else b > 180 and r < 80 and g < 80
