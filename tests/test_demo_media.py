"""The demo project's committed media match what its content says about them.

These check the files a user gets out of the box (media/, written by
scripts/make_demo_media.py): they exist, open, carry the metadata the site must strip, and
the clips and audio have the streams and lengths the highlights refer to.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import ExifTags, Image, ImageOps

from generator.tools import ffmpeg_exe

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "media"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}


def _items() -> list[dict]:
    items = []
    for path in sorted((ROOT / "content" / "periods").glob("*/highlights/*.yml")):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["media"])
    return items


ITEMS = _items()
PHOTOS = [i for i in ITEMS if Path(i["file"]).suffix.lower() in PHOTO_SUFFIXES]
CLIPS = [i for i in ITEMS if Path(i["file"]).suffix.lower() == ".mp4"]


def probe(path: Path) -> str:
    """What ``ffmpeg -i`` says about a file (it exits 1 without an output: that is expected)."""
    run = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True)
    return run.stderr.decode("utf-8", "replace")


def duration(info: str) -> float:
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", info).groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_every_referenced_file_exists() -> None:
    video = yaml.safe_load((ROOT / "content/periods/2021-h1/video.yml").read_text("utf-8"))
    site = yaml.safe_load((ROOT / "content/site.yml").read_text("utf-8"))
    referenced = [i["file"] for i in ITEMS] + [i["voiceover"] for i in ITEMS if "voiceover" in i]
    referenced += [video["music"], site["logo"]]
    assert [f for f in referenced if not (MEDIA / f).is_file()] == []


def test_media_folder_stays_small() -> None:
    total = sum(p.stat().st_size for p in MEDIA.rglob("*") if p.is_file())
    assert total < 20_000_000


@pytest.mark.parametrize(
    "item", [p for p in PHOTOS if p["file"].endswith(".jpg")], ids=lambda i: i["file"]
)
def test_photo_exif_date_matches_the_item(item: dict) -> None:
    with Image.open(MEDIA / item["file"]) as img:
        exif = img.getexif()
        taken = exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal]
        assert exif[ExifTags.Base.Make]
        assert dt.datetime.strptime(taken, "%Y:%m:%d %H:%M:%S").date() == item["date"]


def test_photos_cover_the_cases_the_site_must_handle() -> None:
    sizes, orientations, with_gps = [], [], 0
    for item in PHOTOS:
        with Image.open(MEDIA / item["file"]) as img:
            exif = img.getexif()
            orientations.append(exif.get(ExifTags.Base.Orientation, 1))
            with_gps += bool(exif.get_ifd(ExifTags.IFD.GPSInfo))
            sizes.append(ImageOps.exif_transpose(img).size)
    assert 6 in orientations
    assert with_gps >= 3
    assert any(w < 1280 for w, h in sizes if w > h)  # a small one, for the warning
    assert sum(h > w for w, h in sizes) >= 2  # portraits
    assert any(p["file"].endswith(".png") for p in PHOTOS)


def test_sideways_photo_is_upright_after_orientation() -> None:
    with Image.open(MEDIA / "2021-h1/song-hinh/kiem-sat-nha-tam-giu.jpg") as img:
        assert img.size == (1067, 1600)
        assert ImageOps.exif_transpose(img).size == (1600, 1067)


@pytest.mark.parametrize("item", CLIPS, ids=lambda i: i["file"])
def test_clip_is_h264_and_long_enough(item: dict) -> None:
    info = probe(MEDIA / item["file"])
    assert "Video: h264" in info
    if "clip" in item:
        assert duration(info) >= item["clip"]["end"]
    has_audio = "Audio: aac" in info
    assert has_audio == (item["file"] != "2021-h1/phu-hoa/hoi-nghi-truc-tuyen.mp4")


def test_phone_clip_is_stored_sideways_with_rotation() -> None:
    info = probe(MEDIA / "2021-h1/son-hoa/trao-qua-vung-cao.mp4")
    assert "640x360" in info
    assert re.search(r"rotation of -?90", info)


def test_voiceover_fits_its_clip_and_music_is_long_enough() -> None:
    (item,) = [i for i in ITEMS if "voiceover" in i]
    spoken = duration(probe(MEDIA / item["voiceover"]))
    assert 2 < spoken <= item["clip"]["end"] - item["clip"]["start"]
    assert 30 <= duration(probe(MEDIA / "2021-h1/nhac-nen.mp3")) <= 60


def test_the_generator_script_still_starts() -> None:
    """scripts/make_demo_media.py drives the scripts/demo_media package (run it to regenerate)."""
    script = ROOT / "scripts" / "make_demo_media.py"
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "--out" in done.stdout
