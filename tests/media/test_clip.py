from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from generator.media.clip import (
    ClipFailure,
    ClipJob,
    WebClip,
    make_web_clip,
    make_web_clips,
    web_size,
)
from generator.media.probe import MediaUnreadable, probe_media
from generator.tools import ffmpeg_exe


def test_web_size_fits_never_upscales_and_stays_even() -> None:
    assert web_size(1920, 1080) == (1280, 720)
    assert web_size(1080, 1920) == (720, 1280)
    assert web_size(640, 360) == (640, 360)
    assert web_size(641, 361) == (640, 360)
    assert web_size(1918, 1078, max_side=320) == (320, 180)


def test_phone_clip_comes_out_portrait_without_rotation_tag(
    tmp_path: Path, make_clip, describe
) -> None:
    source = make_clip(
        tmp_path / "phone.mp4",
        seconds=1.0,
        rotation=90,
        metadata={"location": "+13.0955+109.3209/", "title": "IMG_0042"},
    )
    assert "location" in describe(source)

    clip = make_web_clip(source, tmp_path / "web", "phone")

    out = tmp_path / "web" / clip.video
    info = probe_media(out)
    assert (info.width, info.height, info.rotation) == (360, 640, 0)
    assert (clip.width, clip.height, clip.has_audio) == (360, 640, True)
    text = describe(out)
    assert "rotation" not in text.lower() and "rotate" not in text
    assert "location" not in text and "IMG_0042" not in text
    assert "Video: h264" in text and "yuv420p" in text
    assert "Audio: aac" in text and "48000 Hz" in text
    assert b"109.3209" not in out.read_bytes()
    data = out.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart: playable while loading
    poster = Image.open(tmp_path / "web" / clip.poster)
    assert poster.size == (360, 640)


def test_silent_clip_and_downscale(tmp_path: Path, make_clip, describe) -> None:
    source = make_clip(tmp_path / "quiet.MOV", seconds=1.0, audio=False)
    clip = make_web_clip(source, tmp_path / "web", "quiet", max_side=320)
    out = tmp_path / "web" / clip.video
    assert (clip.width, clip.height, clip.has_audio) == (320, 180, False)
    info = probe_media(out)
    assert (info.width, info.height, info.has_audio) == (320, 180, False)


def test_trim_and_mute(tmp_path: Path, make_clip) -> None:
    source = make_clip(tmp_path / "talk.mp4", seconds=2.0)
    clip = make_web_clip(source, tmp_path / "web", "talk", start=0.5, end=1.5, mute=True)
    info = probe_media(tmp_path / "web" / clip.video)
    assert info.duration == pytest.approx(1.0, abs=0.1)
    assert info.has_audio is False and clip.has_audio is False


def test_trim_outside_the_clip_is_refused(tmp_path: Path, make_clip) -> None:
    source = make_clip(tmp_path / "short.mp4", seconds=1.0, audio=False)
    with pytest.raises(MediaUnreadable, match=r"^đoạn cắt của short.mp4 nằm ngoài clip"):
        make_web_clip(source, tmp_path / "web", "short", start=5.0, end=8.0)
    assert not (tmp_path / "web").exists() or not list((tmp_path / "web").iterdir())


def test_poster_is_not_the_black_fade_in(tmp_path: Path, make_clip) -> None:
    source = make_clip(tmp_path / "fade.mp4", seconds=2.0, audio=False, fade_in=1.0)
    first = tmp_path / "first.png"
    grab = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(source), "-frames:v", "1"]
    subprocess.run([*grab, str(first)], check=True)
    assert ImageStat.Stat(Image.open(first).convert("L")).mean[0] < 10  # it really starts black

    clip = make_web_clip(source, tmp_path / "web", "fade")

    poster = Image.open(tmp_path / "web" / clip.poster)
    assert ImageStat.Stat(poster.convert("L")).mean[0] > 60
    assert not {"exif", "xmp", "icc_profile"} & set(poster.info)


def test_many_clips_report_failures_in_order(tmp_path: Path, make_clip) -> None:
    good = make_clip(tmp_path / "good.mp4", seconds=1.0, audio=False)
    (tmp_path / "bad.mp4").write_bytes(b"not a clip" * 100)
    seen: list[tuple[int, int]] = []
    jobs = [
        ClipJob(tmp_path / "bad.mp4", tmp_path / "w", "bad"),
        ClipJob(good, tmp_path / "w", "g"),
    ]
    results = make_web_clips(jobs, on_progress=lambda d, t: seen.append((d, t)))
    assert isinstance(results[0], ClipFailure) and isinstance(results[1], WebClip)
    assert results[0].reason.startswith("không đọc được tệp video: bad.mp4")
    assert seen == [(0, 2), (1, 2), (2, 2)]
