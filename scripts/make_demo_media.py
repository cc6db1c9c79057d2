"""Generate the demo project's stand-in media under media/ (the output is committed).

Every photo and clip named in content/periods/*/highlights/*.yml is drawn procedurally: halls,
courtrooms, meeting rooms and outdoor scenes with Vietnamese banners, each marked "Ảnh minh họa".
Photos carry real EXIF (date, camera, GPS on outdoor shots) so the site's stripping can be
tested; clips are H.264 + AAC with speech from espeak-ng. Fixed seeds: the same run gives the
same files.

    python scripts/make_demo_media.py [--project DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import functools
import os
import subprocess
import sys
import tempfile
import wave
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.fsutil import atomic_path
from generator.tools import ffmpeg_exe, font_path

RATE = 48_000
PHOTO_SIZE = (1600, 1067)
SMALL_SIZE = (1024, 683)  # below the site's 1280 px warning threshold
PORTRAIT = {"2021-h1/tuy-an/trao-khen-thuong.jpg", "2021-h1/tay-hoa/kiem-sat-vien-tranh-luan.jpg"}
SIDEWAYS = {"2021-h1/song-hinh/kiem-sat-nha-tam-giu.jpg"}  # stored rotated, EXIF Orientation=6
SMALL = {"2021-h1/son-hoa/hien-mau-nhan-dao.jpg"}
CAMERAS = [
    ("Canon", "Canon EOS 80D"),
    ("NIKON CORPORATION", "NIKON D7200"),
    ("samsung", "SM-A515F"),
    ("Apple", "iPhone XR"),
    ("SONY", "ILCE-6400"),
]
# Approximate centres of the districts, for GPS tags on outdoor photos.
PLACES = {
    "tuy-hoa": (13.0955, 109.3209),
    "song-cau": (13.4560, 109.2230),
    "dong-hoa": (12.9830, 109.3500),
    "tuy-an": (13.3100, 109.2500),
    "son-hoa": (13.0500, 108.9800),
    "song-hinh": (12.9200, 108.9400),
    "tay-hoa": (12.9500, 109.1900),
    "phu-hoa": (13.0700, 109.1800),
    "dong-xuan": (13.4100, 108.9300),
    "vks-tinh": (13.0900, 109.3100),
}
SCENE_RULES = [
    (("truc-tuyen", "phan-mem", "thiet-bi", "phong-hop"), "office"),
    (("hoi-nghi", "tong-ket", "dai-hoi", "hoi-thi", "tap-huan", "trao-", "lien-nganh"), "hall"),
    (("phien-toa", "xet-xu", "tranh-luan"), "court"),
    (("hien-truong", "chot-"), "road"),
    (("nha-tam-giu", "giam-giu", "loi-khai", "phuc-cung"), "detention"),
    (
        (
            "tang-qua",
            "trong-cay",
            "ngu-dan",
            "cuong-che",
            "chot",
            "khu-khuan",
            "tru-so",
            "hien-mau",
        ),
        "outdoor",
    ),
]


@dataclass(frozen=True)
class Shot:
    """One photo to draw: where it goes and what the content says about it."""

    rel: str  # path relative to media/
    unit: str
    unit_name: str
    caption: str
    date: dt.date

    @property
    def scene(self) -> str:
        if self.rel in PORTRAIT:
            return "podium"
        if self.rel.endswith(".png"):
            return "screenshot"
        slug = Path(self.rel).stem
        return next((s for keys, s in SCENE_RULES if any(k in slug for k in keys)), "meeting")


@contextlib.contextmanager
def output(target: Path) -> Iterator[Path]:
    """atomic_path, plus the ordinary 0644 mode (mkstemp's 0600 would surprise a web server)."""
    with atomic_path(target) as tmp:
        yield tmp
        os.chmod(tmp, 0o644)


def seed_of(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@functools.cache
def font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), size)


# --- drawing helpers ------------------------------------------------------------------------


def gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    w, h = size
    t = np.linspace(0, 1, h)[:, None, None]
    rows = np.array(top, float) * (1 - t) + np.array(bottom, float) * t
    return Image.fromarray(np.repeat(rows, w, axis=1).astype(np.uint8))


def person(
    d: ImageDraw.ImageDraw, x: float, y: float, s: float, shirt: tuple, rng, back: bool = False
) -> None:
    """A figure seen from the front (or from behind): (x, y) is the top of the head, s its size."""
    skin = tuple(int(c) for c in rng.integers([180, 130, 100], [225, 175, 140]))
    hair = (25, 22, 20) if rng.random() < 0.85 else (90, 90, 90)
    d.rounded_rectangle([x - 0.9 * s, y + 1.05 * s, x + 0.9 * s, y + 3.2 * s], 0.45 * s, fill=shirt)
    d.ellipse([x - 0.42 * s, y, x + 0.42 * s, y + 1.05 * s], fill=hair if back else skin)
    if not back:
        d.chord([x - 0.45 * s, y - 0.05 * s, x + 0.45 * s, y + 0.7 * s], 180, 360, fill=hair)


def shirts(rng, n: int) -> list[tuple]:
    palette = [(40, 62, 110), (52, 78, 130), (215, 225, 235), (150, 180, 210), (60, 70, 80)]
    return [palette[int(i)] for i in rng.integers(0, len(palette), n)]


def centred_text(d, box, lines: list[str], fill, max_size: int) -> None:
    """Draw lines centred in box, shrinking the font until the widest line fits."""
    x0, y0, x1, y1 = box
    size = max_size
    while size > 8:
        f = font(size)
        widths = [d.textlength(line, font=f) for line in lines]
        if max(widths) <= (x1 - x0) * 0.92 and size * 1.3 * len(lines) <= (y1 - y0):
            break
        size -= 2
    total = size * 1.3 * len(lines)
    y = y0 + ((y1 - y0) - total) / 2
    for line, width in zip(lines, widths, strict=True):
        d.text((x0 + ((x1 - x0) - width) / 2, y), line, font=f, fill=fill)
        y += size * 1.3


def wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


BANNERS = [(170, 25, 30), (150, 20, 40), (25, 65, 140)]


def banner(d, box, shot: Shot, colour=BANNERS[0]) -> None:
    d.rectangle(box, fill=colour)
    caption = shot.caption.split(" của VKSND")[0].split(" (")[0]
    lines = [shot.unit_name.upper(), *wrap(caption.upper(), 48)[:2]]
    centred_text(d, box, lines, (250, 215, 90), int((box[3] - box[1]) / 3.2))


def rows_of_heads(d, rng, w: int, top: float, bottom: float, rows: int, chair) -> None:
    """Audience seen from behind, in perspective: rows grow toward the camera."""
    for r in range(rows):
        t = r / max(rows - 1, 1)
        y, s = top + (bottom - top) * t, w * (0.014 + 0.022 * t)
        step = 2.4 * s
        for i, shirt in enumerate(shirts(rng, int(w / step) + 2)):
            if rng.random() < 0.85:
                person(d, -step / 2 + i * step + rng.uniform(-4, 4), y, s, shirt, rng, back=True)
        d.rectangle([0, y + 2.2 * s, w, y + 3.4 * s], fill=chair)


# --- scenes ---------------------------------------------------------------------------------


def paint_hall(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    wall = tuple(int(c) for c in rng.integers([215, 205, 180], [245, 235, 215]))
    img.paste(gradient((w, int(h * 0.62)), wall, tuple(c - 35 for c in wall)))
    d.rectangle([0, 0.05 * h, w, 0.1 * h], fill=(150, 20, 25))
    banner(d, (0.12 * w, 0.12 * h, 0.88 * w, 0.33 * h), shot, BANNERS[int(rng.integers(0, 3))])
    d.ellipse([0.47 * w, 0.015 * h, 0.53 * w, 0.09 * h], fill=(200, 30, 30))
    d.rectangle([0.05 * w, 0.42 * h, 0.95 * w, 0.5 * h], fill=(110, 70, 45))  # presidium table
    d.rectangle([0.05 * w, 0.41 * h, 0.95 * w, 0.425 * h], fill=(190, 40, 40))
    for i, shirt in enumerate(shirts(rng, 7)):
        person(d, 0.14 * w + i * 0.12 * w, 0.33 * h, 0.022 * w, shirt, rng)
    d.rectangle([0.05 * w, 0.42 * h, 0.95 * w, 0.5 * h], fill=(110, 70, 45))
    for x in np.arange(0.07, 0.8, 0.035) * w:  # flowers along the presidium table
        colour = [(250, 210, 60), (235, 110, 140), (240, 240, 235)][int(rng.integers(0, 3))]
        d.ellipse([x, 0.48 * h, x + 0.03 * w, 0.52 * h], fill=colour)
    d.polygon(
        [(0.84 * w, 0.4 * h), (0.93 * w, 0.4 * h), (0.91 * w, 0.6 * h), (0.86 * w, 0.6 * h)],
        fill=(140, 90, 55),
    )  # lectern
    d.rectangle([0, 0.6 * h, w, h], fill=(120, 40, 40))
    rows_of_heads(d, rng, w, 0.62 * h, 0.9 * h, 4, (95, 30, 30))


def paint_meeting(img: Image.Image, shot: Shot, rng) -> None:
    """A working session: people behind a long table, two colleagues seen from behind."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    wall = tuple(int(c) for c in rng.integers([215, 210, 195], [240, 235, 225]))
    img.paste(gradient((w, h), wall, tuple(c - 40 for c in wall)))
    for i in range(3):  # windows with daylight
        x = 0.03 * w + i * 0.11 * w
        light = gradient((int(0.09 * w), int(0.36 * h)), (235, 245, 255), (170, 205, 235))
        img.paste(light, (int(x), int(0.06 * h)))
    banner(d, (0.38 * w, 0.06 * h, 0.97 * w, 0.27 * h), shot, BANNERS[int(rng.integers(0, 3))])
    seated = int(rng.integers(5, 8))
    for i, shirt in enumerate(shirts(rng, seated)):
        x = 0.1 * w + (i + 0.5) * 0.8 * w / seated
        person(d, x + rng.uniform(-10, 10), 0.33 * h + rng.uniform(0, 12), 0.04 * w, shirt, rng)
    d.rectangle([0.03 * w, 0.5 * h, 0.97 * w, 0.54 * h], fill=(150, 100, 65))  # table top
    d.rectangle([0.03 * w, 0.54 * h, 0.97 * w, 0.66 * h], fill=(115, 72, 45))
    for i in range(seated):  # papers and name plates in front of each seat
        x = 0.1 * w + (i + 0.5) * 0.8 * w / seated
        d.rectangle([x - 0.03 * w, 0.505 * h, x + 0.02 * w, 0.525 * h], fill=(245, 245, 240))
        d.polygon(
            [
                (x + 0.025 * w, 0.51 * h),
                (x + 0.055 * w, 0.51 * h),
                (x + 0.058 * w, 0.53 * h),
                (x + 0.022 * w, 0.53 * h),
            ],
            fill=(240, 240, 240),
        )
    d.rectangle([0, 0.66 * h, w, h], fill=(165, 140, 110))  # floor
    for x, shirt in zip((0.22, 0.78), shirts(rng, 2), strict=True):
        person(d, x * w, 0.6 * h, 0.1 * w, shirt, rng, back=True)


def paint_court(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, h), (120, 75, 45), (70, 40, 25)))
    for x in range(0, w, w // 16):  # wood panelling
        d.line([x, 0, x, 0.55 * h], fill=(95, 58, 35), width=4)
    d.ellipse(
        [0.45 * w, 0.04 * h, 0.55 * w, 0.19 * h],
        fill=(200, 30, 30),
        outline=(230, 190, 60),
        width=6,
    )
    cx, cy, r = 0.5 * w, 0.115 * h, 0.035 * w
    star = [
        (
            cx + (r if k % 2 == 0 else r * 0.4) * np.sin(k * np.pi / 5),
            cy - (r if k % 2 == 0 else r * 0.4) * np.cos(k * np.pi / 5),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=(250, 215, 60))
    for i, shirt in enumerate(shirts(rng, 3)):
        person(d, 0.35 * w + i * 0.15 * w, 0.3 * h, 0.03 * w, shirt, rng)
    d.rectangle([0.2 * w, 0.4 * h, 0.8 * w, 0.56 * h], fill=(150, 30, 30))  # judges' bench
    for x, label in ((0.03, "KIỂM SÁT VIÊN"), (0.75, "LUẬT SƯ")):
        person(d, (x + 0.11) * w, 0.44 * h, 0.028 * w, (40, 62, 110), rng)
        d.rectangle([x * w, 0.56 * h, (x + 0.22) * w, 0.68 * h], fill=(130, 85, 50))
        d.rectangle([(x + 0.04) * w, 0.57 * h, (x + 0.18) * w, 0.61 * h], fill=(240, 235, 220))
        centred_text(
            d, ((x + 0.04) * w, 0.57 * h, (x + 0.18) * w, 0.61 * h), [label], (150, 20, 25), 28
        )
    d.rectangle([0.38 * w, 0.72 * h, 0.62 * w, 0.76 * h], fill=(110, 70, 45))  # dock rail
    person(d, 0.5 * w, 0.62 * h, 0.035 * w, (200, 200, 200), rng)
    d.rectangle([0.38 * w, 0.74 * h, 0.62 * w, 0.9 * h], fill=(110, 70, 45))
    d.rectangle([0, 0.9 * h, w, h], fill=(90, 55, 35))


def paint_detention(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, int(0.5 * h)), (150, 190, 225), (215, 230, 240)))
    d.rectangle([0, 0.3 * h, w, 0.8 * h], fill=(205, 200, 185))  # outer wall
    d.rectangle([0, 0.26 * h, w, 0.3 * h], fill=(120, 120, 115))
    d.rectangle([0.3 * w, 0.08 * h, 0.7 * w, 0.2 * h], fill=(25, 60, 120))
    place = shot.unit_name.replace("Viện kiểm sát nhân dân ", "")
    centred_text(
        d,
        (0.3 * w, 0.08 * h, 0.7 * w, 0.2 * h),
        ["NHÀ TẠM GIỮ", f"CÔNG AN {place.upper()}"],
        (250, 250, 250),
        44,
    )
    d.rectangle([0.35 * w, 0.36 * h, 0.65 * w, 0.8 * h], fill=(70, 85, 75))  # barred gate
    for x in np.linspace(0.36 * w, 0.64 * w, 14):
        d.line([x, 0.36 * h, x, 0.8 * h], fill=(35, 40, 38), width=6)
    d.rectangle([0, 0.8 * h, w, h], fill=(150, 145, 135))
    for i, shirt in enumerate([(40, 62, 110), (40, 62, 110), (90, 110, 70), (40, 62, 110)]):
        person(
            d, 0.12 * w + i * 0.08 * w + (0.5 * w if i > 1 else 0), 0.55 * h, 0.04 * w, shirt, rng
        )


def paint_outdoor(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, int(0.6 * h)), (90, 150, 215), (200, 225, 240)))
    xs = np.linspace(0, w, 60)
    phase = rng.uniform(0, 6)
    hills = [(x, 0.42 * h - 0.08 * h * np.sin(x / w * 5 + phase) ** 2) for x in xs]
    d.polygon([*hills, (w, 0.6 * h), (0, 0.6 * h)], fill=(95, 135, 100))
    d.rectangle([0.08 * w, 0.2 * h, 0.62 * w, 0.6 * h], fill=(240, 220, 160))  # office building
    for c in range(8):
        for r in range(3):
            x, y = 0.11 * w + c * 0.064 * w, 0.32 * h + r * 0.09 * h
            d.rectangle([x, y, x + 0.035 * w, y + 0.055 * h], fill=(80, 120, 150))
    banner(d, (0.1 * w, 0.22 * h, 0.6 * w, 0.3 * h), shot)
    d.line([0.7 * w, 0.05 * h, 0.7 * w, 0.6 * h], fill=(200, 200, 200), width=6)  # flagpole
    d.rectangle([0.7 * w, 0.05 * h, 0.78 * w, 0.11 * h], fill=(215, 30, 30))
    d.rectangle([0, 0.6 * h, w, h], fill=(120, 150, 90))
    for _ in range(6):  # trees
        x, y, r = rng.uniform(0.6, 1.0) * w, rng.uniform(0.4, 0.55) * h, rng.uniform(0.04, 0.08) * w
        d.rectangle([x - 0.008 * w, y, x + 0.008 * w, 0.65 * h], fill=(90, 60, 40))
        d.ellipse([x - r, y - r, x + r, y + r], fill=(50, 110 + int(rng.integers(0, 40)), 55))
    for i, shirt in enumerate(shirts(rng, 9)):
        person(d, 0.1 * w + i * 0.095 * w, 0.58 * h + (i % 2) * 0.03 * h, 0.045 * w, shirt, rng)


def paint_road(img: Image.Image, shot: Shot, rng) -> None:
    """A national road in the countryside: a scene inspection or a checkpoint."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, int(0.5 * h)), (110, 165, 220), (215, 230, 240)))
    xs = np.linspace(0, w, 60)
    phase = rng.uniform(0, 6)
    hills = [(x, 0.36 * h - 0.07 * h * np.sin(x / w * 4 + phase) ** 2) for x in xs]
    d.polygon([*hills, (w, 0.5 * h), (0, 0.5 * h)], fill=(85, 125, 95))
    d.rectangle([0, 0.45 * h, w, h], fill=(125, 150, 85))
    d.polygon(
        [(0.45 * w, 0.45 * h), (0.55 * w, 0.45 * h), (0.95 * w, h), (0.05 * w, h)],
        fill=(95, 95, 100),
    )  # the road in perspective
    for k in range(7):  # centre dashes
        t0, t1 = (k / 7) ** 1.6, ((k + 0.5) / 7) ** 1.6
        y0, y1 = 0.45 * h + t0 * 0.55 * h, 0.45 * h + t1 * 0.55 * h
        d.polygon(
            [
                (0.5 * w - 2 - 8 * t0, y0),
                (0.5 * w + 2 + 8 * t0, y0),
                (0.5 * w + 2 + 8 * t1, y1),
                (0.5 * w - 2 - 8 * t1, y1),
            ],
            fill=(240, 240, 235),
        )
    d.rectangle([0.56 * w, 0.56 * h, 0.74 * w, 0.68 * h], fill=(200, 40, 40))  # the car
    d.rectangle([0.59 * w, 0.5 * h, 0.71 * w, 0.57 * h], fill=(170, 205, 230))
    for x in (0.6, 0.7):
        d.ellipse([x * w - 22, 0.66 * h, x * w + 22, 0.66 * h + 44], fill=(30, 30, 30))
    d.line(
        [(0.08 * w, 0.8 * h), (0.5 * w, 0.6 * h), (0.95 * w, 0.75 * h)],
        fill=(250, 210, 40),
        width=5,
    )  # cordon tape
    d.rectangle([0.8 * w, 0.3 * h, 0.92 * w, 0.38 * h], fill=(30, 90, 170))
    centred_text(d, (0.8 * w, 0.3 * h, 0.92 * w, 0.38 * h), ["QL1"], (255, 255, 255), 40)
    d.line([0.86 * w, 0.38 * h, 0.86 * w, 0.5 * h], fill=(160, 160, 160), width=6)
    for i, shirt in enumerate(shirts(rng, 5)):
        person(d, 0.08 * w + i * 0.08 * w, 0.52 * h + (i % 2) * 0.05 * h, 0.04 * w, shirt, rng)


def paint_office(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, h), (225, 230, 235), (170, 175, 180)))
    d.rectangle([0.25 * w, 0.06 * h, 0.75 * w, 0.4 * h], fill=(20, 25, 35))  # wall screen
    d.rectangle([0.26 * w, 0.08 * h, 0.74 * w, 0.38 * h], fill=(30, 90, 160))
    for k in range(6):  # video-conference tiles
        x, y = 0.27 * w + (k % 3) * 0.155 * w, 0.1 * h + (k // 3) * 0.14 * h
        d.rectangle([x, y, x + 0.15 * w, y + 0.13 * h], fill=(60, 110, 170))
        person(d, x + 0.075 * w, y + 0.03 * h, 0.012 * w, (40, 62, 110), rng)
    centred_text(
        d, (0.26 * w, 0.36 * h, 0.74 * w, 0.4 * h), [shot.caption.upper()[:60]], (255, 255, 255), 22
    )
    for i, shirt in enumerate(shirts(rng, 4)):  # desks with monitors
        x = 0.05 * w + i * 0.24 * w
        person(d, x + 0.1 * w, 0.5 * h, 0.04 * w, shirt, rng)
        d.rectangle([x, 0.72 * h, x + 0.2 * w, 0.76 * h], fill=(110, 80, 55))
        d.rectangle([x + 0.05 * w, 0.58 * h, x + 0.15 * w, 0.7 * h], fill=(25, 25, 30))
        d.rectangle([x + 0.055 * w, 0.59 * h, x + 0.145 * w, 0.69 * h], fill=(70, 140, 200))
        d.rectangle([x + 0.09 * w, 0.7 * h, x + 0.11 * w, 0.72 * h], fill=(25, 25, 30))
    d.rectangle([0, 0.76 * h, w, h], fill=(150, 120, 90))


def paint_podium(img: Image.Image, shot: Shot, rng) -> None:
    """Portrait: one speaker at a lectern in front of a red backdrop."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, h), (170, 25, 30), (110, 15, 20)))
    centred_text(
        d,
        (0.05 * w, 0.05 * h, 0.95 * w, 0.28 * h),
        [shot.unit_name.upper(), *wrap(shot.caption.upper(), 26)[:3]],
        (250, 215, 90),
        48,
    )
    person(d, 0.5 * w, 0.36 * h, 0.16 * w, (40, 62, 110), rng)
    d.polygon(
        [(0.2 * w, 0.62 * h), (0.8 * w, 0.62 * h), (0.72 * w, h), (0.28 * w, h)], fill=(140, 90, 55)
    )
    d.ellipse([0.42 * w, 0.7 * h, 0.58 * w, 0.8 * h], fill=(230, 190, 60))
    d.line([0.5 * w, 0.62 * h, 0.47 * w, 0.5 * h], fill=(30, 30, 30), width=8)  # microphone


def paint_screenshot(img: Image.Image, shot: Shot, rng) -> None:
    """A flat UI screenshot of the case-management software (hence PNG)."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=(245, 247, 250))
    d.rectangle([0, 0, w, 70], fill=(25, 70, 140))
    d.text(
        (24, 18),
        "PHẦN MỀM QUẢN LÝ ÁN HÌNH SỰ – " + shot.unit_name.upper(),
        font=font(28),
        fill=(255, 255, 255),
    )
    d.rectangle([0, 70, 260, h], fill=(230, 235, 242))
    for i, item in enumerate(["Tin báo", "Vụ án", "Bị can", "Thời hạn", "Báo cáo", "Thống kê"]):
        d.text((24, 100 + i * 52), item, font=font(24, "Medium"), fill=(30, 50, 80))
    head = ["STT", "Số thụ lý", "Tội danh", "Giai đoạn", "Kiểm sát viên", "Hạn"]
    cols = [290, 370, 560, 900, 1130, 1400]
    crimes = [
        "Trộm cắp tài sản",
        "Cố ý gây thương tích",
        "Lừa đảo chiếm đoạt tài sản",
        "Mua bán trái phép chất ma túy",
        "Vi phạm quy định về giao thông",
        "Đánh bạc",
    ]
    stages = ["Điều tra", "Truy tố", "Xét xử", "Điều tra bổ sung"]
    for c, x in zip(cols, head, strict=True):
        d.text((c, 100), x, font=font(22), fill=(25, 70, 140))
    for r in range(15):
        y = 150 + r * 56
        d.rectangle(
            [280, y - 8, w - 20, y + 40], fill=(255, 255, 255) if r % 2 else (238, 242, 248)
        )
        cells = [
            str(r + 1),
            f"{int(rng.integers(1, 120)):03d}/2021",
            crimes[r % 6],
            stages[int(rng.integers(0, 4))],
            f"KSV {chr(65 + int(rng.integers(0, 20)))}.",
            f"{int(rng.integers(1, 28)):02d}/{int(rng.integers(1, 6)):02d}/2021",
        ]
        for c, text in zip(cols, cells, strict=True):
            d.text((c, y), text, font=font(21, "Regular"), fill=(40, 40, 40))


PAINTERS: dict[str, Callable] = {
    "hall": paint_hall,
    "meeting": paint_meeting,
    "court": paint_court,
    "detention": paint_detention,
    "outdoor": paint_outdoor,
    "road": paint_road,
    "office": paint_office,
    "podium": paint_podium,
    "screenshot": paint_screenshot,
}


def finish(img: Image.Image, rng, mark: str = "Ảnh minh họa", grain: bool = True) -> Image.Image:
    """Soften edges, add light and film grain, and stamp the illustration mark."""
    if grain:
        w, h = img.size
        img = img.filter(ImageFilter.GaussianBlur(1.0))
        coarse = Image.fromarray(rng.normal(0, 1, (3, 4)).astype(np.float32))
        light = np.asarray(coarse.resize((w, h), Image.BICUBIC))  # uneven room lighting
        yy, xx = np.mgrid[0:h, 0:w]
        vignette = 1 - 0.35 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2)
        px = np.asarray(img, float) * vignette[..., None] + 10 * light[..., None]
        px += rng.normal(0, 3, px.shape)  # sensor grain
        img = Image.fromarray(np.clip(px, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img, "RGBA")
    f = font(max(14, max(img.size) // 60), "SemiBold")
    tw = d.textlength(mark, font=f)
    x, y = img.width - tw - 24, img.height - f.size - 26
    d.rounded_rectangle([x - 10, y - 6, x + tw + 10, y + f.size + 10], 6, fill=(0, 0, 0, 120))
    d.text((x, y), mark, font=f, fill=(255, 255, 255, 230))
    return img


# --- photos ---------------------------------------------------------------------------------


def exif_for(shot: Shot, rng, orientation: int, gps: bool) -> Image.Exif:
    from PIL import ExifTags
    from PIL.TiffImagePlugin import IFDRational

    make, model = CAMERAS[int(rng.integers(0, len(CAMERAS)))]
    when = dt.datetime.combine(
        shot.date,
        dt.time(int(rng.integers(7, 17)), int(rng.integers(0, 60)), int(rng.integers(0, 60))),
    )
    stamp = when.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = make, model
    exif[ExifTags.Base.DateTime] = stamp
    exif[ExifTags.Base.Orientation] = orientation
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = sub[ExifTags.Base.DateTimeDigitized] = stamp
    sub[ExifTags.Base.OffsetTimeOriginal] = "+07:00"
    if gps:
        lat, lon = PLACES.get(shot.unit, PLACES["vks-tinh"])
        lat, lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.02, 0.02)

        def dms(v: float) -> tuple:
            deg, rest = int(v), (v - int(v)) * 60
            return (
                IFDRational(deg),
                IFDRational(int(rest)),
                IFDRational(round(rest % 1 * 6000), 100),
            )

        g = exif.get_ifd(ExifTags.IFD.GPSInfo)
        g[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
        g[ExifTags.GPS.GPSLatitudeRef], g[ExifTags.GPS.GPSLatitude] = "N", dms(lat)
        g[ExifTags.GPS.GPSLongitudeRef], g[ExifTags.GPS.GPSLongitude] = "E", dms(lon)
    return exif


def make_photo(shot: Shot, out: Path) -> None:
    rng = np.random.default_rng(seed_of(shot.rel))
    size = SMALL_SIZE if shot.rel in SMALL else PHOTO_SIZE
    if shot.scene == "podium":
        size = (size[1], size[0])
    img = Image.new("RGB", size, (128, 128, 128))
    PAINTERS[shot.scene](img, shot, rng)
    img = finish(img, rng, grain=shot.scene != "screenshot")
    target = out / shot.rel
    with output(target) as tmp:
        if shot.scene == "screenshot":  # a screen capture: PNG, no camera metadata
            img.save(tmp, "PNG", optimize=True)
            return
        orientation = 6 if shot.rel in SIDEWAYS else 1
        if orientation == 6:  # stored 90° counter-clockwise; viewers turn it back clockwise
            img = img.transpose(Image.Transpose.ROTATE_90)
        exif = exif_for(shot, rng, orientation, gps=shot.scene == "outdoor")
        img.save(tmp, "JPEG", quality=80, optimize=True, exif=exif)


def make_logo(out: Path) -> None:
    """A simple emblem-like mark (not the official emblem): red disc, gold ring, star, text."""
    s = 4 * 256
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse([16, 16, s - 16, s - 16], fill=(230, 185, 50))
    d.ellipse([60, 60, s - 60, s - 60], fill=(190, 25, 30))
    cx, cy, r = s / 2, s * 0.42, s * 0.26
    star = [
        (
            cx + (r if k % 2 == 0 else r * 0.4) * np.sin(k * np.pi / 5),
            cy - (r if k % 2 == 0 else r * 0.4) * np.cos(k * np.pi / 5),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=(250, 215, 60))
    centred_text(d, (150, s * 0.66, s - 150, s * 0.84), ["VKSND"], (250, 215, 60), 150)
    with output(out / "logo.png") as tmp:
        img.resize((256, 256), Image.LANCZOS).save(tmp, "PNG", optimize=True)


# --- audio ----------------------------------------------------------------------------------


def tts(text: str, speed: int = 150) -> np.ndarray:
    """Vietnamese speech from espeak-ng (espeakng-loader's library), as floats at RATE."""
    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    rate = lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0)  # synchronous
    chunks: list[np.ndarray] = []
    callback_type = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
    )

    def collect(wav, n, _events) -> int:
        if wav and n > 0:
            chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).astype(np.float32) / 32768)
        return 0

    callback = callback_type(collect)  # kept alive until synthesis ends
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_SetVoiceByName(b"vi")
    lib.espeak_SetParameter(1, speed, 0)
    data = text.encode("utf-8")
    lib.espeak_Synth(ctypes.create_string_buffer(data), len(data) + 1, 0, 0, 0, 1, None, None)
    lib.espeak_Synchronize()
    voice = np.concatenate(chunks)
    return np.interp(
        np.arange(int(len(voice) * RATE / rate)) * rate / RATE, np.arange(len(voice)), voice
    ).astype(np.float32)


def noise(rng, seconds: float, colour: float) -> np.ndarray:
    """Coloured noise: colour 0 is white, 1 pink-ish, 2 brown-ish (wind, room tone)."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.maximum(np.fft.rfftfreq(n, 1 / RATE), 20)
    signal = np.fft.irfft(spectrum / freqs ** (colour / 2), n)
    return (signal / np.abs(signal).max()).astype(np.float32)


def place(track: np.ndarray, sound: np.ndarray, at: float, gain: float) -> None:
    start = int(at * RATE)
    end = min(len(track), start + len(sound))
    track[start:end] += gain * sound[: end - start]


def music(seconds: float) -> np.ndarray:
    """Soft background music: slow sine pads on C–G–Am–F with a plucked arpeggio, stereo."""
    t = np.arange(int(seconds * RATE)) / RATE
    chords = [
        (261.63, 329.63, 392.0),
        (196.0, 246.94, 293.66),
        (220.0, 261.63, 329.63),
        (174.61, 220.0, 261.63),
    ]
    bar = 3.0
    left, right = np.zeros_like(t), np.zeros_like(t)
    for k in range(int(seconds / bar) + 1):
        chord = chords[k % 4]
        seg = (t >= k * bar) & (t < (k + 1) * bar + 0.8)
        local = t[seg] - k * bar
        env = np.minimum(local / 0.8, 1) * np.exp(-np.maximum(local - bar, 0) * 4)
        for i, f in enumerate(chord):
            tone = env * (np.sin(2 * np.pi * f * local) + 0.3 * np.sin(4 * np.pi * f * local))
            left[seg] += tone * (0.6 if i != 2 else 0.4)
            right[seg] += tone * (0.4 if i != 0 else 0.6)
        for j in range(6):  # arpeggio, one note every half second
            f, on = chord[j % 3] * 2, k * bar + j * 0.5
            sel = (t >= on) & (t < on + 1.5)
            pluck = np.sin(2 * np.pi * f * (t[sel] - on)) * np.exp(-(t[sel] - on) * 3.5)
            left[sel] += 0.35 * pluck
            right[sel] += 0.35 * pluck
    fade = np.minimum(1, np.minimum(t / 3, (seconds - t) / 4))
    stereo = np.stack([left, right], axis=1) * fade[:, None]
    return (0.25 * stereo / np.abs(stereo).max()).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> None:
    samples = samples if samples.ndim == 2 else samples[:, None]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(samples.shape[1])
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def ffmpeg(*args: str | Path, stdin: bytes | None = None) -> None:
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *map(str, args)]
    subprocess.run(cmd, input=stdin, check=True)


BITEXACT = [
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-flags:a",
    "+bitexact",
]


def encode_audio(samples: np.ndarray, target: Path, codec: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, output(target) as out:
        wav = Path(tmp) / "a.wav"
        write_wav(wav, samples)
        ffmpeg("-i", wav, *codec, *BITEXACT, out)


# --- clips ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clip:
    rel: str
    size: tuple[int, int]  # as displayed (upright)
    seconds: float
    scene: str
    sound: Callable[[np.random.Generator, float], np.ndarray] | None
    phone: bool = False  # stored sideways with a display-rotation tag, like a phone recording


def sound_court(rng, s: float) -> np.ndarray:
    track = 0.03 * noise(rng, s, 2)
    place(
        track,
        tts("Đề nghị Hội đồng xét xử tuyên bố bị cáo phạm tội cố ý gây thương tích."),
        1.0,
        0.8,
    )
    place(track, tts("Bị cáo có ý kiến gì về lời luận tội của Kiểm sát viên không?", 165), 7.2, 0.7)
    return track


def sound_roadside(rng, s: float) -> np.ndarray:
    t = np.arange(int(s * RATE)) / RATE
    track = 0.25 * noise(rng, s, 2) + 0.05 * np.sin(2 * np.pi * 80 * t) * (1 + np.sin(t))
    car = np.exp(-(((t - 5.5) / 1.2) ** 2))
    return (track + 0.3 * car * noise(rng, s, 1)).astype(np.float32)


def sound_training(rng, s: float) -> np.ndarray:
    track = 0.02 * noise(rng, s, 2)
    place(track, tts("Các đồng chí chọn mục vụ án, nhập số thụ lý, rồi bấm lưu."), 0.8, 0.8)
    for at in rng.uniform(0.3, s - 0.2, 14):  # keyboard clicks
        place(track, noise(rng, 0.02, 0) * np.hanning(int(0.02 * RATE)), float(at), 0.15)
    return track


def sound_crowd(rng, s: float) -> np.ndarray:
    t = np.arange(int(s * RATE)) / RATE
    track = 0.12 * noise(rng, s, 1) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t))
    place(track, tts("Chúc các em đón Tết vui vẻ và học thật giỏi."), 1.5, 0.8)
    clap = noise(rng, 2.0, 0) * np.minimum(1, np.linspace(3, 0, int(2.0 * RATE)))
    place(track, clap, 5.8, 0.25)
    return track.astype(np.float32)


CLIPS = [
    Clip("2021-h1/tuy-hoa/phien-toa-rut-kinh-nghiem.mp4", (854, 480), 12, "court", sound_court),
    Clip("2021-h1/song-cau/kiem-sat-hien-truong.mp4", (640, 360), 10, "road", sound_roadside),
    Clip("2021-h1/dong-hoa/tap-huan-phan-mem.mp4", (640, 360), 8, "office", sound_training),
    Clip(
        "2021-h1/son-hoa/trao-qua-vung-cao.mp4", (360, 640), 9, "outdoor", sound_crowd, phone=True
    ),
    Clip("2021-h1/phu-hoa/hoi-nghi-truc-tuyen.mp4", (640, 360), 6, "office", None),  # no audio
]
FPS = 25


def clip_frames(clip: Clip, shot: Shot) -> bytes:
    """Pan across a scene wider (or taller) than the frame: moving content, cheap to draw."""
    rng = np.random.default_rng(seed_of(clip.rel))
    w, h = clip.size
    big = (int(w * 1.3) * 2, h * 2) if w > h else (w * 2, int(h * 1.3) * 2)
    img = Image.new("RGB", big)
    PAINTERS[clip.scene](img, shot, rng)
    img = img.resize((big[0] // 2, big[1] // 2), Image.LANCZOS).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    frames = []
    n = int(clip.seconds * FPS)
    for i in range(n):
        ease = 0.5 - 0.5 * np.cos(np.pi * i / (n - 1))
        dx, dy = int((img.width - w) * ease), int((img.height - h) * ease)
        frame = finish(img.crop((dx, dy, dx + w, dy + h)), rng, "Video minh họa", grain=False)
        if clip.phone:  # the phone stored it sideways: 90° clockwise
            frame = frame.transpose(Image.Transpose.ROTATE_270)
        frames.append(frame.tobytes())
    return b"".join(frames)


def make_clip(clip: Clip, shot: Shot, out: Path) -> None:
    rng = np.random.default_rng(seed_of(clip.rel) + 1)
    w, h = (clip.size[1], clip.size[0]) if clip.phone else clip.size
    video_in = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(FPS), "-i", "-"]
    video_out = [
        "-c:v",
        "libx264",
        "-preset",
        "medium",
        "-crf",
        "27",
        "-pix_fmt",
        "yuv420p",
        "-threads",
        "1",
        "-movflags",
        "+faststart",
    ]
    target = out / clip.rel
    with tempfile.TemporaryDirectory() as tmp, output(target) as done:
        tmpdir = Path(tmp)
        audio: list[str | Path] = ["-an"]
        if clip.sound:
            write_wav(tmpdir / "a.wav", clip.sound(rng, clip.seconds)[: int(clip.seconds * RATE)])
            audio = [
                "-i",
                tmpdir / "a.wav",
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-ar",
                str(RATE),
                "-ac",
                "2",
            ]
        encoded = tmpdir / "v.mp4" if clip.phone else done
        ffmpeg(*video_in, *audio, *video_out, *BITEXACT, encoded, stdin=clip_frames(clip, shot))
        if clip.phone:  # players turn it back 90° counter-clockwise: displayed 360x640
            ffmpeg(
                "-display_rotation:v:0",
                "90",
                "-i",
                encoded,
                "-c",
                "copy",
                *BITEXACT,
                "-movflags",
                "+faststart",
                done,
            )


# --- content --------------------------------------------------------------------------------


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def collect(project: Path) -> list[tuple[Shot, dict]]:
    """Every media item of every highlights file, with its unit's name for the banners."""
    names = {u["id"]: u["name"] for u in load_yaml(project / "content" / "units.yml")}
    items = []
    for path in sorted((project / "content" / "periods").glob("*/highlights/*.yml")):
        data = load_yaml(path)
        name = names[data["unit"]].replace("VKSND", "Viện kiểm sát nhân dân")
        if path.parts[-3] < "2020-h2" and data["unit"] == "dong-hoa":
            name = name.replace("thị xã", "huyện")  # Đông Hòa became a town in 2020
        for item in data["media"]:
            date = item.get("date") or dt.date(2021, 1, 1)
            items.append((Shot(item["file"], data["unit"], name, item["caption"], date), item))
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--out", type=Path, help="default: <project>/media")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    out = (args.out or project / "media").resolve()
    items = collect(project)
    clips = {c.rel: c for c in CLIPS}
    make_logo(out)
    for shot, item in items:
        suffix = Path(shot.rel).suffix.lower()
        if suffix in (".jpg", ".jpeg", ".png"):
            make_photo(shot, out)
        elif shot.rel in clips:
            make_clip(clips[shot.rel], shot, out)
        else:
            sys.exit(f"no recipe for {shot.rel}")
        if item.get("voiceover"):
            encode_audio(
                0.9 * tts(item["narration"], 140),
                out / item["voiceover"],
                ["-c:a", "aac", "-b:a", "64k", "-ac", "1"],
            )
        print(shot.rel)
    encode_audio(
        music(45), out / "2021-h1" / "nhac-nen.mp3", ["-c:a", "libmp3lame", "-b:a", "112k"]
    )
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{len(items)} media items, {total / 1e6:.1f} MB under {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
