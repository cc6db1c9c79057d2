from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest
from mutagen.mp4 import MP4, AtomDataType, MP4FreeForm
from PIL import Image

from generator.media import ffmpeg, limits
from generator.media.probe import (
    WORDS_TAG,
    MediaInfo,
    MediaUnreadable,
    media_kind,
    parse_creation_time,
    probe_media,
)
from generator.tools import ffmpeg_exe


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.jpg", "photo"),
        ("A.JPEG", "photo"),
        ("b.Png", "photo"),
        ("c.webp", "photo"),
        ("d.MP4", "clip"),
        ("e.mov", "clip"),
        ("f.m4v", "clip"),
        ("g.mp3", "audio"),
        ("h.M4A", "audio"),
        ("i.wav", "audio"),
        ("notes.txt", None),
        ("no-suffix", None),
    ],
)
def test_media_kind_by_extension_in_any_case(name: str, kind: str | None) -> None:
    assert media_kind(Path(name)) == kind


def _ffmpeg(*args: str) -> None:
    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    subprocess.run(command, check=True)


def _jpeg(path: Path, size: tuple[int, int] = (320, 180), orientation: int = 1) -> Path:
    img = Image.new("RGB", size, (200, 40, 40))
    exif = img.getexif()
    exif[0x0112] = orientation
    img.save(path, quality=90, exif=exif)
    return path


def test_photo_size_is_display_size_after_exif_orientation(tmp_path: Path) -> None:
    info = probe_media(_jpeg(tmp_path / "phone.jpg", orientation=6))
    assert info == MediaInfo("photo", 180, 320, 0.0, has_audio=False, rotation=0)


def test_photo_created_is_exif_date_time_original_with_its_offset(tmp_path: Path) -> None:
    img = Image.new("RGB", (32, 24), (1, 2, 3))
    exif = img.getexif()
    exif.get_ifd(0x8769)[0x9003] = "2021:03:14 09:15:00"  # DateTimeOriginal
    img.save(tmp_path / "camera.jpg", exif=exif)
    exif.get_ifd(0x8769)[0x9011] = "+07:00"  # OffsetTimeOriginal
    img.save(tmp_path / "phone.jpg", exif=exif)

    assert probe_media(tmp_path / "camera.jpg").created == dt.datetime(2021, 3, 14, 9, 15)
    vietnam = dt.timezone(dt.timedelta(hours=7))
    assert probe_media(tmp_path / "phone.jpg").created == dt.datetime(
        2021, 3, 14, 9, 15, tzinfo=vietnam
    )
    assert probe_media(_jpeg(tmp_path / "none.jpg")).created is None


def test_png_with_alpha_and_webp_are_read(tmp_path: Path) -> None:
    Image.new("RGBA", (64, 48), (0, 0, 0, 0)).save(tmp_path / "logo.png")
    Image.new("RGB", (30, 20), "white").save(tmp_path / "x.webp")
    logo = probe_media(tmp_path / "logo.png")
    assert (logo.kind, logo.width, logo.height) == ("photo", 64, 48)
    assert probe_media(tmp_path / "x.webp").width == 30


def test_cmyk_jpeg_is_read(tmp_path: Path) -> None:
    Image.new("CMYK", (40, 30), (0, 255, 255, 0)).save(tmp_path / "print.jpg")
    assert probe_media(tmp_path / "print.jpg").width == 40


@pytest.mark.parametrize("name", ["cut.jpg", "cut.png", "cut.webp"])
def test_truncated_photo_is_unreadable(tmp_path: Path, name: str) -> None:
    whole = tmp_path / f"whole{Path(name).suffix}"
    Image.effect_noise((200, 150), 60).convert("RGB").save(whole)
    data = whole.read_bytes()
    (tmp_path / name).write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaUnreadable) as caught:
        probe_media(tmp_path / name)
    assert str(caught.value).startswith(f"không đọc được tệp ảnh: {name}")


def test_jpeg_with_camera_trailer_after_end_marker_is_fine(tmp_path: Path) -> None:
    source = _jpeg(tmp_path / "cam.jpg")
    source.write_bytes(source.read_bytes() + b"SEFH\x00\x01trailer-from-a-phone")
    assert probe_media(source).width == 320


def test_garbage_and_empty_files_are_unreadable(tmp_path: Path) -> None:
    (tmp_path / "fake.jpg").write_bytes(b"this is not a picture at all")
    (tmp_path / "empty.mp4").write_bytes(b"")
    (tmp_path / "fake.mp4").write_bytes(b"not a video, just text " * 50)
    with pytest.raises(
        MediaUnreadable, match=r"^không đọc được tệp ảnh: fake.jpg \(định dạng lạ\)"
    ):
        probe_media(tmp_path / "fake.jpg")
    with pytest.raises(MediaUnreadable, match=r"^tệp rỗng: empty.mp4$"):
        probe_media(tmp_path / "empty.mp4")
    with pytest.raises(MediaUnreadable, match=r"^không đọc được tệp video: fake.mp4"):
        probe_media(tmp_path / "fake.mp4")


def test_clip_with_sound(tmp_path: Path, make_clip) -> None:
    info = probe_media(make_clip(tmp_path / "c.mp4", seconds=1.0))
    assert (info.kind, info.width, info.height, info.has_audio, info.rotation) == (
        "clip",
        640,
        360,
        True,
        0,
    )
    assert info.duration == pytest.approx(1.0, abs=0.1)


def test_clip_created_is_its_creation_time(tmp_path: Path, make_clip) -> None:
    recorded = make_clip(
        tmp_path / "c.mp4", seconds=0.5, metadata={"creation_time": "2021-05-31T18:30:00Z"}
    )
    assert probe_media(recorded).created == dt.datetime(2021, 5, 31, 18, 30, tzinfo=dt.UTC)
    assert probe_media(make_clip(tmp_path / "plain.mp4", seconds=0.5)).created is None


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2021-04-20T02:30:00.000000Z", dt.datetime(2021, 4, 20, 2, 30, tzinfo=dt.UTC)),
        ("2021-04-20T09:30:00+07:00", dt.datetime(2021, 4, 20, 2, 30, tzinfo=dt.UTC)),
        ("2021-04-20 02:30:00", dt.datetime(2021, 4, 20, 2, 30, tzinfo=dt.UTC)),  # no zone: UTC
        ("not a date", None),
    ],
)
def test_creation_time_text(text: str, moment: dt.datetime | None) -> None:
    assert parse_creation_time(text) == moment


def test_silent_clip(tmp_path: Path, make_clip) -> None:
    info = probe_media(make_clip(tmp_path / "c.MOV", seconds=1.0, audio=False))
    assert info.has_audio is False


def test_phone_clip_reports_portrait_display_size_and_rotation(tmp_path: Path, make_clip) -> None:
    info = probe_media(make_clip(tmp_path / "phone.mp4", seconds=1.0, rotation=90))
    assert (info.width, info.height, info.rotation) == (360, 640, 90)


def test_non_square_pixels_are_widened_to_the_display_size(tmp_path: Path) -> None:
    sar = tmp_path / "dv.mp4"
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x72:rate=25:duration=0.5", "-vf", "setsar=4/3",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(sar))  # fmt: skip
    info = probe_media(sar)
    assert (info.width, info.height) == (128, 72)
    assert info.aspect == pytest.approx(16 / 9)


def _song(tmp_path: Path, name: str, codecs: list[str]) -> Path:
    """A short tone with a 32x32 cover picture, as music players store album art."""
    cover = tmp_path / "cover.png"
    Image.new("RGB", (32, 32), "red").save(cover)
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=0.5", "-i", str(cover),
            "-map", "0", "-map", "1", *codecs, "-disposition:v", "attached_pic",
            str(tmp_path / name))  # fmt: skip
    return tmp_path / name


@pytest.mark.parametrize(
    ("name", "codecs"),
    [
        ("song.m4a", ["-c:a", "aac", "-c:v", "png"]),
        ("song.mp3", ["-c:a", "libmp3lame", "-c:v", "mjpeg", "-id3v2_version", "3"]),
    ],
)
def test_audio_with_cover_art(tmp_path: Path, name: str, codecs: list[str]) -> None:
    info = probe_media(_song(tmp_path, name, codecs))
    assert (info.kind, info.width, info.height, info.has_audio) == ("audio", 0, 0, True)
    assert info.duration == pytest.approx(0.5, abs=0.1)
    assert info.aspect == 0.0


def test_cover_art_is_not_the_picture_of_a_clip(tmp_path: Path) -> None:
    song = _song(tmp_path, "song.m4a", ["-c:a", "aac", "-c:v", "png"])
    clip = tmp_path / "bai-hat.mp4"  # a song saved under a video name: a 32x32 still is no clip
    clip.write_bytes(song.read_bytes())
    with pytest.raises(
        MediaUnreadable, match=r"^không đọc được tệp video: bai-hat.mp4 \(không có hình\)$"
    ):
        probe_media(clip)


def test_truncated_clip_is_unreadable(tmp_path: Path, make_clip) -> None:
    whole = make_clip(tmp_path / "whole.mp4", seconds=1.0)
    (tmp_path / "cut.mp4").write_bytes(whole.read_bytes()[:4000])
    with pytest.raises(MediaUnreadable, match=r"^không đọc được tệp video: cut.mp4 \(tệp"):
        probe_media(tmp_path / "cut.mp4")


def test_audio(tmp_path: Path, make_clip) -> None:
    clip = make_clip(tmp_path / "c.mp4", seconds=1.0)
    (tmp_path / "voice.m4a").write_bytes(clip.read_bytes())  # video in an audio name: has sound
    info = probe_media(tmp_path / "voice.m4a")
    assert (info.kind, info.width, info.has_audio) == ("audio", 0, True)
    silent = make_clip(tmp_path / "s.mp4", seconds=1.0, audio=False)
    (tmp_path / "silent.wav").write_bytes(silent.read_bytes())
    with pytest.raises(MediaUnreadable, match="không có tiếng"):
        probe_media(tmp_path / "silent.wav")


def test_audio_carries_the_words_of_our_tag_only(tmp_path: Path) -> None:
    song = _song(tmp_path, "song.m4a", ["-c:a", "aac", "-c:v", "png"])
    assert probe_media(song).words is None  # no tag of ours: no words
    tagged = MP4(song)
    tagged.tags[WORDS_TAG] = [MP4FreeForm("Lời dẫn.\n".encode(), AtomDataType.UTF8)]
    tagged.tags["©cmt"] = ["Ghi bằng điện thoại"]  # a phone's comment is not the words
    tagged.save()
    assert probe_media(song).words == "Lời dẫn.\n"
    nfd = unicodedata.normalize("NFD", "Lời dẫn")
    tagged.tags[WORDS_TAG] = [MP4FreeForm(nfd.encode(), AtomDataType.UTF8)]
    tagged.save()
    assert probe_media(song).words == unicodedata.normalize("NFC", "Lời dẫn")  # read in NFC


OLD_FFMPEG_PHONE = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'IMG_0001.MOV':
  Metadata:
    creation_time   : 2021-03-12T02:15:00.000000Z
    location        : +13.0955+109.3209/
  Duration: 00:00:12.34, start: 0.000000, bitrate: 8000 kb/s
    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1920x1080, 29.97 fps
    Metadata:
      rotate          : 90
    Side data:
      displaymatrix: rotation of -90.00 degrees
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 96 kb/s
"""

NEW_FFMPEG_PHONE = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 235 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), \
1920x1080 [SAR 1:1 DAR 16:9], 155 kb/s, 30 fps
    Side data:
      Display Matrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC), 44100 Hz, mono, fltp, 69 kb/s (default)
"""

COVER_ART_FIRST = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'trailer.m4v':
  Duration: 00:00:05.00, start: 0.000000, bitrate: 28000 kb/s
  Stream #0:0: Video: mjpeg, yuvj420p, 600x600, 90k tbr (attached pic)
  Stream #0:1: Video: mpeg2video, yuv420p, 720x576 [SAR 64:45 DAR 16:9], 25 fps
"""

ANAMORPHIC_DV = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'dv.mov':
  Duration: 00:00:05.00, start: 0.000000, bitrate: 28000 kb/s
  Stream #0:0: Video: dvvideo (dvcp / 0x70637664), yuv420p, 720x576 [SAR 64:45 DAR 16:9], 25 fps
"""


@pytest.mark.parametrize(
    ("stderr", "expected"),
    [
        (
            OLD_FFMPEG_PHONE,
            MediaInfo(
                "clip",
                1080,
                1920,
                12.34,
                has_audio=True,
                rotation=90,
                created=dt.datetime(2021, 3, 12, 2, 15, tzinfo=dt.UTC),
                gps=True,  # the phone's «location» tag
            ),
        ),
        (
            NEW_FFMPEG_PHONE,
            MediaInfo("clip", 1080, 1920, 62.5, has_audio=True, rotation=90),
        ),
        (ANAMORPHIC_DV, MediaInfo("clip", 1024, 576, 5.0, has_audio=False, rotation=0)),
        (COVER_ART_FIRST, MediaInfo("clip", 1024, 576, 5.0, has_audio=False, rotation=0)),
    ],
)
def test_ffmpeg_reports_old_and_new_non_square_pixels_and_cover_art(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stderr: str, expected: MediaInfo
) -> None:
    source = tmp_path / "x.mov"
    source.write_bytes(b"stand-in")
    monkeypatch.setattr(ffmpeg, "describe", lambda path: stderr)
    assert probe_media(source) == expected


# --- limits, location, decoding ----------------------------------------------------------------


def _png_claiming(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width``×``height``: all a decompression bomb needs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    return path


def test_photo_pixel_limit_is_inclusive_and_pillow_follows_it(tmp_path: Path) -> None:
    assert Image.MAX_IMAGE_PIXELS == limits.MAX_PHOTO_PIXELS
    Image.new("1", (10_000, 10_000)).save(tmp_path / "ok.png")  # 100 MP exactly, 12 MB a bit
    at_limit = probe_media(tmp_path / "ok.png")
    assert (at_limit.width, at_limit.height) == (10_000, 10_000)
    with pytest.raises(MediaUnreadable, match=r"^ảnh «over.png» có 100 triệu điểm ảnh, quá"):
        probe_media(_png_claiming(tmp_path / "over.png", 10_000, 10_001))


def test_pillow_bomb_warning_becomes_the_limit_message(tmp_path: Path, recwarn) -> None:
    with pytest.raises(MediaUnreadable, match=r"^ảnh «bomb.png» có 150 triệu điểm ảnh, quá"):
        probe_media(_png_claiming(tmp_path / "bomb.png", 15_000, 10_000))
    with pytest.raises(MediaUnreadable, match=r"^ảnh «huge.png» có 900 triệu điểm ảnh, quá"):
        probe_media(_png_claiming(tmp_path / "huge.png", 30_000, 30_000))
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_photo_gps_needs_a_position_not_just_the_block(tmp_path: Path) -> None:
    img = Image.new("RGB", (32, 24))
    exif = img.getexif()
    exif.get_ifd(0x8825)[0] = b"\x02\x03\x00\x00"  # GPSVersionID alone: no position
    img.save(tmp_path / "version-only.jpg", exif=exif)
    exif.get_ifd(0x8825).update({1: "N", 2: (13.0, 5.0, 43.8), 3: "E", 4: (109.0, 19.0, 15.2)})
    img.save(tmp_path / "located.jpg", exif=exif)
    assert probe_media(tmp_path / "version-only.jpg").gps is False
    assert probe_media(tmp_path / "located.jpg").gps is True
    assert probe_media(_jpeg(tmp_path / "plain.jpg")).gps is False


def test_clip_location_tags(tmp_path: Path, make_clip) -> None:
    tagged = make_clip(tmp_path / "tagged.mp4", seconds=1.0, metadata={"location": "+13.1+109.3/"})
    assert probe_media(tagged).gps is True
    assert probe_media(make_clip(tmp_path / "plain.mp4", seconds=1.0)).gps is False


def test_a_picture_named_as_a_clip_is_not_a_clip(tmp_path: Path) -> None:
    Image.new("RGB", (64, 48)).save(tmp_path / "anh.mp4", format="PNG")
    with pytest.raises(MediaUnreadable, match=r"^tệp anh.mp4 là ảnh, không phải video"):
        probe_media(tmp_path / "anh.mp4")
