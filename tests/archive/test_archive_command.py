"""`baocao archive` end to end: a public-only bag that verifies, deterministically."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import bagit
import numpy as np
import pytest
from PIL import ExifTags, Image
from projectfactory import write_project

from generator.archive import package
from generator.cli import main
from generator.load.loader import load_project
from generator.tools import ffmpeg_exe


def _archive(root: Path, out: Path) -> int:
    args = ["--project", str(root), "--quiet", "archive", "2021-h1", "--out", str(out)]
    return main([*args, "--size", "320x180", "--fps", "12"])


TAG_FILES = (
    "bagit.txt",
    "bag-info.txt",
    "README.txt",
    "manifest-sha256.txt",
    "manifest-sha512.txt",
    "tagmanifest-sha256.txt",
    "tagmanifest-sha512.txt",
)


def test_archive_is_public_only_verifiable_and_deterministic(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With SOURCE_DATE_EPOCH set, as reproducible builds do, two bags of the same content are
    byte-identical, the day they were made included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    root = write_project(tmp_path / "p")
    first, second = tmp_path / "bag1", tmp_path / "bag2"
    assert _archive(root, first) == 0
    assert _archive(root, second) == 0
    for name in TAG_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert "Bagging-Date: 2023-11-14\n" in (first / "bag-info.txt").read_text(encoding="utf-8")
    readme = (first / "README.txt").read_text(encoding="utf-8-sig")
    assert "Ngày đóng gói:     14/11/2023" in readme
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


def test_the_bag_is_dated_the_day_it_is_made_not_by_the_period(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(tiny_project).project
    content = project.period("2021-h1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = date.today()
    assert package.bag_info(project, content).bagging_date in {before, date.today()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1626307200")
    assert package.bag_info(project, content).bagging_date == date(2021, 7, 15)
    assert package.bag_info(project, content, date(2030, 1, 2)).bagging_date == date(2030, 1, 2)


def test_a_wrong_source_date_epoch_stops_the_archive_before_any_work(
    tiny_project: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hôm nay")
    assert _archive(tiny_project, tmp_path / "bag") == 2
    err = capsys.readouterr().err
    assert "SOURCE_DATE_EPOCH=«hôm nay» không phải số giây" in err and "Traceback" not in err
    assert not (tmp_path / "bag").exists()
    assert not (tiny_project / ".cache/baocao/video/archive").exists()  # nothing rendered


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
