"""Drawing helpers for the painted scenes: gradients, people, banners, the finishing touches."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .common import font
from .shots import Shot


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
