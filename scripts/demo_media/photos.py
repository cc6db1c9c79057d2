"""Photos as cameras write them (EXIF date, camera, GPS, orientation) and the logo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from .common import output, seed_of
from .drawing import centred_text, finish
from .scenes import PAINTERS
from .shots import SIDEWAYS, SMALL, Shot

PHOTO_SIZE = (1600, 1067)
SMALL_SIZE = (1024, 683)  # below the site's 1280 px warning threshold
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
