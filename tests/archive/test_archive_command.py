"""`baocao archive` end to end: a public-only bag that verifies, deterministically."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import bagit
import numpy as np
from PIL import ExifTags, Image
from projectfactory import write_project

from generator.cli import main
from generator.tools import ffmpeg_exe


def _archive(root: Path, out: Path) -> int:
    args = ["--project", str(root), "--quiet", "archive", "2021-h1", "--out", str(out)]
    return main([*args, "--size", "320x180", "--fps", "12"])


def test_archive_is_public_only_verifiable_and_deterministic(tmp_path: Path, capsys) -> None:
    root = write_project(tmp_path / "p")
    first, second = tmp_path / "bag1", tmp_path / "bag2"
    assert _archive(root, first) == 0
    assert _archive(root, second) == 0
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "bag-info.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    data = first / "data"
    assert (data / "site/index.html").is_file()
    assert (data / "video/2021-h1.mp4").is_file()
    original = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    assert (
        data / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    ).read_bytes() == original.read_bytes()
    # results, the restricted case and the (internal) report stay out of the public bag
    everything = b"".join(p.read_bytes() for p in first.rglob("*") if p.is_file())
    for secret in ("tham ô tài sản", "Còn 8 tin báo đang xác minh", "toàn ngành đã hoàn thành tốt"):
        assert secret.encode() not in everything, secret
    assert main(["verify", str(first)]) == 0

    page = next(data.glob("site/**/*.html"))
    raw = bytearray(page.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    page.write_bytes(bytes(raw))
    capsys.readouterr()
    assert main(["verify", str(first)]) == 1
    assert page.relative_to(first).as_posix() in capsys.readouterr().err


def _photo_with_gps_and_comment(path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (13.0, 5.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (109.0, 18.0, 0.0),
    }
    pixels = np.random.default_rng(3).integers(0, 255, (900, 1600, 3), dtype=np.uint8)
    comment = "Chụp tại nhà riêng bị can".encode()
    Image.fromarray(pixels).save(path, quality=80, exif=exif, comment=comment)


def _clip_with_location(path: Path) -> None:
    args = [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=12:d=1"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    args += ["-metadata", "location=+13.0833+109.3000/", "-metadata", "description=Nhà bị can"]
    subprocess.run([*args, str(path)], check=True)


def _probe_tags(path: Path) -> dict[str, str]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)["format"].get("tags", {})


def _packets_md5(path: Path) -> str:
    args = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:v", "-c", "copy"]
    return subprocess.run(
        [*args, "-f", "md5", "-"], capture_output=True, check=True
    ).stdout.decode()


HIGHLIGHTS = """
    unit: tuy-hoa
    visibility: public
    media:
      - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
        caption: Kiểm sát việc tạm giữ, tạm giam
        category: nghiep-vu
        date: 2021-03-12
      - file: 2021-h1/tuy-hoa/hien-truong.mp4
        caption: Khám nghiệm hiện trường
        category: nghiep-vu
        date: 2021-03-20
"""


def test_archive_strips_location_and_free_text_from_originals(tmp_path: Path, capsys) -> None:
    root = tmp_path / "p"
    photo = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    clip = root / "media/2021-h1/tuy-hoa/hien-truong.mp4"
    photo.parent.mkdir(parents=True)
    _photo_with_gps_and_comment(photo)
    _clip_with_location(clip)
    write_project(root, {"content/periods/2021-h1/highlights/tuy-hoa.yml": HIGHLIGHTS})
    originals = {p: p.read_bytes() for p in (photo, clip)}
    bag = tmp_path / "bag"

    assert _archive(root, bag) == 0

    assert {p: p.read_bytes() for p in (photo, clip)} == originals  # media/ untouched
    archived = bag / "data/media/2021-h1/tuy-hoa"
    with Image.open(archived / photo.name) as img, Image.open(photo) as original:
        exif = img.getexif()
        assert ExifTags.IFD.GPSInfo not in exif and "comment" not in img.info
        assert exif[ExifTags.Base.Orientation] == 6  # still displays upright
        assert np.array_equal(np.asarray(img), np.asarray(original))  # pixels identical
    tags = _probe_tags(archived / clip.name)
    assert not {"location", "location-eng", "description"} & set(tags)
    assert _packets_md5(archived / clip.name) == _packets_md5(clip)

    info = (bag / "bag-info.txt").read_text(encoding="utf-8")
    assert (
        f"Metadata-Removed: data/media/2021-h1/tuy-hoa/{photo.name}: vị trí GPS, chú thích JPEG\n"
        in info
    )
    assert (
        f"Metadata-Removed: data/media/2021-h1/tuy-hoa/{clip.name}: vị trí GPS, văn bản tự do\n"
        in info
    )
    assert "Metadata-Removed-Note: Đã xóa vị trí GPS" in info
    record = json.loads((bag / "metadata-removed.json").read_text(encoding="utf-8"))
    by_path = {f["path"]: {r["kind"]: r["tags"] for r in f["removed"]} for f in record["files"]}
    assert by_path[f"data/media/2021-h1/tuy-hoa/{clip.name}"] == {
        "location": ["location-eng", "location"],
        "text": ["description"],
    }
    staff = (bag / "metadata-removed.txt").read_text(encoding="utf-8-sig")
    assert "vị trí (GPS) — lộ nơi chụp" in staff and photo.name in staff
    assert "metadata-removed.txt" in (bag / "README.txt").read_text(encoding="utf-8-sig")
    assert "metadata-removed.json" in (bag / "tagmanifest-sha256.txt").read_text()

    capsys.readouterr()
    assert main(["verify", str(bag)]) == 0
    assert capsys.readouterr().err == ""
    assert bagit.Bag(str(bag)).is_valid()  # and for LoC's own validator, as README.txt says
