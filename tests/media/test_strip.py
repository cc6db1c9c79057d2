"""strip_metadata: location and free text out, pictures and sound untouched, photos upright."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageOps

from generator.media.probe import probe_media
from generator.media.strip import StripError, strip_metadata
from generator.tools import ffmpeg_exe

SECRET = "Ghi chú nội bộ: nhà anh Nguyễn Văn A"
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (13.0, 5.0, 30.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (109.0, 18.0, 0.0),
}
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:description>{SECRET}</dc:description></x:xmpmeta>'


def _noise(size: tuple[int, int]) -> Image.Image:
    rng = np.random.default_rng(7)
    return Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8))


def _photo_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shot with the phone turned: display turned 90°
    exif[ExifTags.Base.ImageDescription] = "Hiện trường vụ án"
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.IFD.GPSInfo] = GPS
    exif[ExifTags.IFD.Exif] = {
        ExifTags.Base.DateTimeOriginal: "2021:03:01 09:30:00",
        ExifTags.Base.UserComment: b"ASCII\0\0\0" + b"ghi chu noi bo",
    }
    return exif


@pytest.fixture
def jpeg(tmp_path: Path) -> Path:
    path = tmp_path / "ảnh gốc.jpg"
    _noise((64, 48)).save(
        path, quality=90, exif=_photo_exif(), comment=SECRET.encode(), xmp=XMP.encode()
    )
    raw = path.read_bytes()  # and an IPTC block, as Photoshop writes it after the EXIF
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02x\x00\x08Tuy Hoa!"
    app13 = b"\xff\xed" + (len(iptc) + 2).to_bytes(2, "big") + iptc
    path.write_bytes(raw[:2] + app13 + raw[2:] + b"trailing data after the picture")
    return path


def test_jpeg_loses_location_and_text_but_keeps_pixels_and_orientation(
    jpeg: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sạch.jpg"

    removed = {r.kind: r.detail for r in strip_metadata(jpeg, out)}

    with Image.open(out) as img:
        exif = img.getexif()
        assert ExifTags.IFD.GPSInfo not in exif and not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.ImageDescription not in exif
        assert ExifTags.Base.UserComment not in exif.get_ifd(ExifTags.IFD.Exif)
        assert "comment" not in img.info and "xmp" not in img.info and "photoshop" not in img.info
        assert exif[ExifTags.Base.Orientation] == 6
        assert exif[ExifTags.Base.Make] == "Phone"  # technical tags stay
        assert exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal].startswith("2021")
        assert ImageOps.exif_transpose(img).size == (48, 64)  # still displays upright
        stripped = np.asarray(img.convert("RGB"))
    with Image.open(jpeg) as img:
        assert np.array_equal(np.asarray(img.convert("RGB")), stripped)  # not re-encoded
    raw = out.read_bytes()
    for secret in (SECRET.encode(), "Hiện trường".encode(), b"Tuy Hoa", b"trailing"):
        assert secret not in raw
    assert removed["location"].startswith("GPSInfo, GPSLatitudeRef")
    assert removed["text"] == "ImageDescription, UserComment"
    assert set(removed) >= {"comment", "xmp", "iptc", "trailer"}


@pytest.mark.parametrize(
    "options",
    [{"progressive": True}, {"restart_marker_rows": 1}, {"subsampling": 0, "quality": 100}],
    ids=["progressive", "restart-markers", "4:4:4"],
)
def test_every_kind_of_jpeg_scan_survives_byte_for_byte(tmp_path: Path, options: dict) -> None:
    source = tmp_path / "a.jpg"
    _noise((96, 80)).save(source, exif=_photo_exif(), comment=b"x", **options)
    out = tmp_path / "out.jpg"

    strip_metadata(source, out)

    with Image.open(out) as img, Image.open(source) as original:
        assert np.array_equal(np.asarray(img), np.asarray(original))
        assert ExifTags.IFD.GPSInfo not in img.getexif()
    # the compressed picture itself is copied: everything from the first DQT on is the same
    assert (
        out.read_bytes()[out.read_bytes().index(b"\xff\xdb") :]
        == source.read_bytes()[source.read_bytes().index(b"\xff\xdb") :]
    )


def test_jpeg_without_metadata_is_copied_as_it_is(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jpg"
    _noise((32, 32)).save(plain, quality=85)
    out = tmp_path / "out.jpg"
    assert strip_metadata(plain, out) == []
    assert out.read_bytes() == plain.read_bytes()


def test_png_text_chunks_go_and_pixels_stay(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_itxt("Description", SECRET, lang="vi")
    source = tmp_path / "sơ đồ.png"
    _noise((40, 30)).save(source, pnginfo=info, exif=_photo_exif())
    out = tmp_path / "out.png"

    removed = {r.kind: r.detail for r in strip_metadata(source, out)}

    assert (
        SECRET.encode() not in out.read_bytes() and SECRET.encode("utf-8") not in out.read_bytes()
    )
    with Image.open(out) as img, Image.open(source) as original:
        assert "Comment" not in img.info and "Description" not in img.info
        assert ExifTags.IFD.GPSInfo not in img.getexif()
        assert img.getexif()[ExifTags.Base.Orientation] == 6
        assert np.array_equal(np.asarray(img), np.asarray(original))
    assert removed["text"] == "Comment, Description, ImageDescription, UserComment"
    assert "location" in removed


def test_webp_loses_xmp_and_gps(tmp_path: Path) -> None:
    source = tmp_path / "a.webp"
    _noise((40, 30)).save(source, lossless=True, exif=_photo_exif(), xmp=XMP.encode())
    out = tmp_path / "out.webp"

    removed = {r.kind for r in strip_metadata(source, out)}

    assert {"xmp", "location", "text"} <= removed
    with Image.open(out) as img, Image.open(source) as original:
        assert "xmp" not in img.info
        assert ExifTags.IFD.GPSInfo not in img.getexif()
        assert img.getexif()[ExifTags.Base.Orientation] == 6
        assert np.array_equal(np.asarray(img), np.asarray(original))


def test_a_phone_heic_loses_its_location_and_keeps_every_pixel(tmp_path: Path) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    source = tmp_path / "IMG_0001.heic"
    _noise((64, 48)).save(source, format="HEIF", quality=80, exif=_photo_exif())
    out = tmp_path / "out.heic"

    removed = {r.kind for r in strip_metadata(source, out)}

    assert "location" in removed
    with Image.open(out) as img, Image.open(source) as original:
        assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert img.size == original.size  # shown the same way up
        assert np.array_equal(np.asarray(img.convert("RGB")), np.asarray(original.convert("RGB")))


def _ffprobe(path: Path) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         "-show_chapters", str(path)],
        capture_output=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def _packets_md5(path: Path, stream: str) -> str:
    done = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", stream, "-c", "copy",
         "-f", "md5", "-"],
        capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout.decode().strip()


def test_clip_loses_location_and_text_keeps_streams_rotation_and_date(
    tmp_path: Path, make_clip: Callable[..., Path]
) -> None:
    source = make_clip(
        tmp_path / "clip gốc.mp4",
        seconds=1.0,
        rotation=90,
        metadata={
            "location": "+13.0833+109.3000/",
            "description": SECRET,
            "comment": "quay tại nhà riêng",
            "title": "Buổi làm việc",
            "creation_time": "2021-03-01T09:30:00Z",
        },
    )
    out = tmp_path / "out.mp4"

    removed = {r.kind: r.detail for r in strip_metadata(source, out)}

    tags = _ffprobe(out)["format"].get("tags", {})
    assert not {"location", "location-eng", "description", "comment", "title"} & set(tags)
    assert tags["creation_time"].startswith("2021-03-01T09:30:00")
    assert SECRET.encode() not in out.read_bytes()
    assert probe_media(out).rotation == 90
    for stream in ("0:v", "0:a"):
        assert _packets_md5(out, stream) == _packets_md5(source, stream)
    assert removed["location"].startswith("location")
    assert {"description", "comment", "title"} <= set(removed["text"].split(", "))
    again = tmp_path / "again.mp4"
    strip_metadata(source, again)
    assert again.read_bytes() == out.read_bytes()  # same input, same bytes


@pytest.mark.parametrize(
    ("name", "codec"),
    [("lời dẫn.mp3", "libmp3lame"), ("lời dẫn.m4a", "aac"), ("lời dẫn.wav", "pcm_s16le")],
)
def test_audio_loses_its_tags(tmp_path: Path, name: str, codec: str) -> None:
    source = tmp_path / name
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", codec,
         "-metadata", f"comment={SECRET}", "-metadata", "artist=Phóng viên", str(source)],
        check=True,
    )  # fmt: skip
    assert "artist" in _ffprobe(source)["format"].get("tags", {})
    out = tmp_path / f"out{source.suffix}"

    removed = {r.kind: r.detail for r in strip_metadata(source, out)}

    tags = _ffprobe(out)["format"].get("tags", {})
    assert "comment" not in tags and "artist" not in tags
    assert SECRET.encode() not in out.read_bytes()
    assert {"comment", "artist"} <= set(removed["text"].split(", "))
    assert _packets_md5(out, "0:a") == _packets_md5(source, "0:a")


def test_quicktime_location_key_goes(tmp_path: Path, make_clip: Callable[..., Path]) -> None:
    plain = make_clip(tmp_path / "plain.mp4", seconds=0.5, audio=False)
    source = tmp_path / "iphone.mov"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(plain), "-c", "copy", "-movflags",
         "use_metadata_tags", "-metadata", "com.apple.quicktime.location.ISO6709=+13.08+109.30/",
         "-metadata", "com.apple.quicktime.make=Apple", str(source)],
        check=True,
    )  # fmt: skip
    assert "com.apple.quicktime.location.ISO6709" in _ffprobe(source)["format"]["tags"]
    out = tmp_path / "out.mov"

    removed = {r.kind: r.detail for r in strip_metadata(source, out)}

    assert b"+13.08+109.30" not in out.read_bytes()
    assert removed["location"] == "com.apple.quicktime.location.ISO6709"
    assert _packets_md5(out, "0:v") == _packets_md5(source, "0:v")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cut.jpg", b"\xff\xd8\xff\xe1\x10\x00Exif", "bị cắt cụt"),
        ("fake.jpg", b"GIF89a", "không phải tệp JPEG"),
        ("a.tiff", b"II*\0", "không biết cách xóa siêu dữ liệu"),
        ("hong.heic", b"\0\0\0\x18ftypheic", "không đọc được ảnh HEIC"),
    ],
)
def test_files_that_cannot_be_cleaned_are_refused(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(StripError, match=reason):
        strip_metadata(source, tmp_path / "out")
    assert not (tmp_path / "out").exists()
