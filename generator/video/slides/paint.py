"""Paint for every slide: the palette, the background gradient with its gold frame, and
antialiased shapes (PIL shapes have none, so they are drawn at 4x and scaled down)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from generator.video.slides.text import Color, Size

# Draws into a 4× tile: (draw, scale, x offset, y offset) of the box inside the tile.
Painter = Callable[[ImageDraw.ImageDraw, int, float, float], None]

RED = ((124, 20, 24), (52, 6, 10))
NAVY = ((22, 40, 74), (7, 14, 32))
GOLD: Color = (222, 178, 82)
CREAM: Color = (246, 236, 214)


# --------------------------------------------------------------------------- backgrounds


@functools.lru_cache(maxsize=8)
def gradient(size: Size, colors: tuple[Color, Color]) -> Image.Image:
    """A diagonal two-colour gradient with a soft light near the top centre."""
    width, height = size
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    t = np.clip(0.8 * y + 0.2 * x, 0.0, 1.0)[..., None]
    top, bottom = (np.array(c, dtype=np.float32) for c in colors)
    rgb = top * (1 - t) + bottom * t
    glow = np.exp(-(((x - 0.5) / 0.45) ** 2 + ((y - 0.15) / 0.5) ** 2))[..., None]
    rgb = rgb + glow * 18.0
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    _frame(image)
    return image


def _frame(image: Image.Image) -> None:
    """A thin gold frame outside the safe area: decoration, never behind text."""
    width, height = image.size
    unit = height / 1080
    inset = round(height * 0.022)
    ImageDraw.Draw(image, "RGBA").rectangle(
        (inset, inset, width - 1 - inset, height - 1 - inset),
        outline=(*GOLD, 110),
        width=max(1, round(2 * unit)),
    )


def canvas(size: Size, colors: tuple[Color, Color]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = gradient(size, colors).copy()
    # An RGB image drawn through an "RGBA" Draw blends translucent fills instead of replacing.
    return image, ImageDraw.Draw(image, "RGBA")


def antialiased(image: Image.Image, box: tuple[float, float, float, float], paint: Painter) -> None:
    """Draw shapes at 4× into ``box`` and scale down, since PIL shapes have no antialiasing."""
    scale = 4
    left, top = math.floor(box[0]), math.floor(box[1])
    width, height = math.ceil(box[2]) - left, math.ceil(box[3]) - top
    if width <= 0 or height <= 0:
        return
    tile = Image.new("RGBA", (width * scale, height * scale), (0, 0, 0, 0))
    paint(ImageDraw.Draw(tile), scale, (box[0] - left) * scale, (box[1] - top) * scale)
    small = tile.resize((width, height), Image.Resampling.LANCZOS)
    image.paste(small, (left, top), small)


def draw_star(image: Image.Image, cx: float, cy: float, radius: float) -> None:
    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        r = radius * scale
        points = [
            (
                ox + r + (r if i % 2 == 0 else r * 0.38) * math.sin(i * math.pi / 5),
                oy + r - (r if i % 2 == 0 else r * 0.38) * math.cos(i * math.pi / 5),
            )
            for i in range(10)
        ]
        draw.polygon(points, fill=GOLD)

    antialiased(image, (cx - radius, cy - radius, cx + radius, cy + radius), paint)


def draw_rule(image: Image.Image, cx: float, y: float, width: float) -> None:
    thickness = max(1.0, 3 * image.height / 1080)

    def paint(draw: ImageDraw.ImageDraw, scale: int, ox: float, oy: float) -> None:
        draw.rectangle((ox, oy, ox + width * scale, oy + thickness * scale), fill=GOLD)

    antialiased(image, (cx - width / 2, y, cx + width / 2, y + thickness), paint)
