"""Fixtures for the staff workflow: a messy media inbox as staff receive it, and tree digests."""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from generator.tools import ffmpeg_exe

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative path → sha256), to prove nothing changed."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def make_photo(path: Path, color: tuple[int, int, int], taken: str | None = None) -> Path:
    """A small JPEG/PNG; ``taken`` ("2021:03:14 09:15:00") becomes EXIF DateTimeOriginal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (64, 48), color)
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(_EXIF_IFD)[_DATETIME_ORIGINAL] = taken
    if path.suffix.lower() == ".png":
        image.save(path)
    else:
        image.save(path, format="JPEG", exif=exif)
    return path


def make_clip(path: Path, creation_time: str | None = None) -> Path:
    """A one-second test clip; ``creation_time`` as a phone writes it (UTC, ISO 8601)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    args += ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=1"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "mp4"]
    if creation_time is not None:
        args += ["-metadata", f"creation_time={creation_time}"]
    subprocess.run([*args, str(path)], check=True)
    return path


@pytest.fixture
def messy_inbox(tmp_path: Path) -> Path:
    """What staff collect from Zalo, e-mail and USB sticks for the 2021-h1 period.

    Tuy Hoa/        (unaccented unit name)
      Ảnh Hội nghị 01.JPG     NFD name, upper-case extension, EXIF date 14/03/2021
      IMG 0002.jpeg           space in the name, no EXIF
      copy of anh.jpg         the same bytes as "Ảnh Hội nghị 01.JPG"
      Phiên tòa.MP4           a clip recorded 20/04/2021 (creation_time in UTC)
      Báo cáo.docx            not media
    VKS Sông Cầu/   (NFD folder name with a prefix)
      anh zalo.png
    Khác/           (no such unit)
      a.jpg
    """
    inbox = tmp_path / "inbox"
    tuy_hoa = inbox / "Tuy Hoa"
    first = make_photo(tuy_hoa / nfd("Ảnh Hội nghị 01.JPG"), (200, 30, 30), "2021:03:14 09:15:00")
    make_photo(tuy_hoa / "IMG 0002.jpeg", (30, 200, 30))
    (tuy_hoa / "copy of anh.jpg").write_bytes(first.read_bytes())
    make_clip(tuy_hoa / nfd("Phiên tòa.MP4"), "2021-04-20T02:30:00.000000Z")
    (tuy_hoa / nfd("Báo cáo.docx")).write_bytes(b"PK\x03\x04 not a photo")
    make_photo(inbox / nfd("VKS Sông Cầu") / "anh zalo.png", (30, 30, 200))
    make_photo(inbox / nfd("Khác") / "a.jpg", (1, 2, 3))
    return inbox


@pytest.fixture
def digest() -> Callable[[Path], dict[str, str]]:
    return tree_digest


@pytest.fixture
def photo() -> Callable[..., Path]:
    return make_photo


@pytest.fixture
def clip() -> Callable[..., Path]:
    return make_clip
