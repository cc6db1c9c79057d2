"""Pictures to raw yuv420p frames: loading, framing on 16:9, Ken Burns, overlays.

Why yuv420p planes drawn with Pillow rather than moviepy or RGB frames (bench/bench_video.py):
moviepy measured 14.7x the encode floor and a naive RGB pipe 3.2x. Here the picture, scaled
once to slightly more than the frame, is converted ONCE to BT.709 limited-range Y/Cb/Cr and,
when it moves, upsampled twice on its own pixel grid (bicubic); each frame then samples those
planes by nearest neighbour (~1 ms of CPU at 1080p against ~8 ms for sub-pixel ``resize(box=…,
BOX)``), half the bytes of RGB go through the pipe, and no colour conversion is left for
ffmpeg. Pillow releases the GIL while sampling, so a worker thread draws frames while x264
encodes."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
from PIL import Image, ImageCms, ImageFilter, ImageOps

from generator.errors import InputError, Problem
from generator.video.render.overlays import Overlay
from generator.video.render.scenes import Fill, KenBurns

Size = tuple[int, int]
TRANSPARENT_BACKDROP = (240, 240, 240)
"""What transparent pixels (logos, screenshots) are shown over."""
AUTO_COVER = (1.3, 2.4)
"""Aspect ratios ``fill="auto"`` crops to the frame; anything else is contained over a blur."""
_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}


def load_picture(path: Path, fill: Fill, size: Size) -> tuple[Image.Image, Fill]:
    """Open a photo upright (EXIF), in RGB, no bigger than the frame needs; pick cover/contain."""
    try:
        image: Image.Image = Image.open(path)
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
        if orientation in _SWAPPING_ORIENTATIONS:
            width, height = height, width
        mode = _resolve_fill(fill, width / height, size)
        if image.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 when that still fills the frame at zoom 1: 4-16x less
            # work and memory; the closest zoom may then enlarge by up to ``zoom`` (≤ 10%).
            scale = _fit_scale(mode, (width, height), size, 1.0)
            request = (round(image.width * scale), round(image.height * scale))
            image.draft(image.mode, request)
        image = ImageOps.exif_transpose(image)
        return _to_rgb(image), mode
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(Problem(path=str(path), message=f"Không đọc được ảnh: {exc}")) from exc


def _resolve_fill(fill: Fill, aspect: float, size: Size) -> Fill:
    if fill != "auto":
        return fill
    low, high = AUTO_COVER
    return "cover" if low <= aspect <= high and size[0] >= size[1] else "contain"


def _fit_scale(mode: Fill, picture: Size, size: Size, zoom: float) -> float:
    """Scale that makes the picture cover (or fit inside) the frame enlarged by ``zoom``."""
    sx, sy = size[0] * zoom / picture[0], size[1] * zoom / picture[1]
    return max(sx, sy) if mode == "cover" else min(sx, sy)


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "CMYK":
        icc = image.info.get("icc_profile")
        if icc:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
            assert converted is not None  # a new image (not converted in place)
            return converted
        return image.convert("RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode == "P" or "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, (*TRANSPARENT_BACKDROP, 255))
        return Image.alpha_composite(backdrop, rgba).convert("RGB")
    return image.convert("RGB")


def build_canvas(picture: Image.Image, mode: Fill, size: Size, zoom: float) -> Image.Image:
    """The area Ken Burns travels over, at the resolution of the closest zoom.

    ``cover``: the picture scaled so a frame-shaped window at ``zoom`` is 1:1 with the output.
    ``contain``: a frame-shaped canvas holding the whole picture over a blurred, darkened fill
    of itself, so portrait and phone pictures are never stretched nor cropped.
    """
    canvas_size = (round(size[0] * zoom), round(size[1] * zoom))
    scale = _fit_scale(mode, picture.size, size, zoom)
    scaled_size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    if mode == "cover":
        scaled_size = (max(scaled_size[0], canvas_size[0]), max(scaled_size[1], canvas_size[1]))
        return picture.resize(scaled_size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    canvas = _blurred_fill(picture, canvas_size)
    scaled = picture.resize(scaled_size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    canvas.paste(
        scaled, ((canvas_size[0] - scaled.width) // 2, (canvas_size[1] - scaled.height) // 2)
    )
    return canvas


def _blurred_fill(picture: Image.Image, size: Size) -> Image.Image:
    # Blurring a small copy and enlarging it is ~100x cheaper than blurring at full size.
    small = (max(1, size[0] // 16), max(1, size[1] // 16))
    thumb = ImageOps.fit(picture, small, Image.Resampling.BILINEAR)
    thumb = thumb.filter(ImageFilter.GaussianBlur(max(1, small[0] // 40)))
    thumb = thumb.point(lambda v: round(v * 0.45))
    return thumb.resize(size, Image.Resampling.BILINEAR)


@dataclass(frozen=True)
class Planes:
    """An image as BT.709 limited-range yuv420p planes (8-bit 'L' images)."""

    y: Image.Image
    cb: Image.Image
    cr: Image.Image
    alpha: Image.Image | None = None
    alpha_half: Image.Image | None = None


# BT.709, limited range: Y' in 16..235, Cb/Cr in 16..240, as Pillow's RGB→"RGB" matrix rows
# (r, g, b, offset); Pillow computes them in C with rounding and clipping.
_KY, _KC = 219 / 255, 224 / 255
_YCBCR_709 = (
    0.2126 * _KY, 0.7152 * _KY, 0.0722 * _KY, 16.0,
    -0.2126 * _KC / 1.8556, -0.7152 * _KC / 1.8556, 0.9278 * _KC / 1.8556, 128.0,
    0.7874 * _KC / 1.5748, -0.7152 * _KC / 1.5748, -0.0722 * _KC / 1.5748, 128.0,
)  # fmt: skip


def to_planes(image: Image.Image) -> Planes:
    """Convert an image to yuv420p planes (chroma: 2x2 box average)."""
    if image.mode in ("RGBA", "LA") and cast("tuple[int, int]", image.getextrema()[-1])[0] < 255:
        return _to_planes_alpha(image)
    y, cb, cr = image.convert("RGB").convert("RGB", _YCBCR_709).split()
    return Planes(y, cb.reduce(2), cr.reduce(2))


def _to_planes_alpha(image: Image.Image) -> Planes:
    """With alpha, chroma is averaged weighted by alpha, so transparent pixels do not bleed
    their (meaningless) colour into the edges of overlays."""
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
    rgb = rgba[..., :3] / 255.0
    alpha = rgba[..., 3] / 255.0
    luma = rgb @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
    cb = (rgb[..., 2] - luma) / 1.8556
    cr = (rgb[..., 0] - luma) / 1.5748
    return Planes(
        _to_l(16 + 219 * luma),
        _to_l(128 + 224 * _half(cb, alpha)),
        _to_l(128 + 224 * _half(cr, alpha)),
        _to_l(255 * alpha),
        _to_l(255 * _half(alpha)),
    )


def _half(values: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """2x2 box average (odd edges padded by repetition), optionally weighted."""
    h, w = values.shape
    pad = ((0, h % 2), (0, w % 2))
    if weight is None:
        v = np.pad(values, pad, mode="edge")
        mean: np.ndarray = v.reshape(v.shape[0] // 2, 2, v.shape[1] // 2, 2).mean(axis=(1, 3))
        return mean
    v = np.pad(values * weight, pad, mode="edge")
    wt = np.pad(weight, pad, mode="edge")
    sums = v.reshape(v.shape[0] // 2, 2, v.shape[1] // 2, 2).sum(axis=(1, 3))
    weights = wt.reshape(wt.shape[0] // 2, 2, wt.shape[1] // 2, 2).sum(axis=(1, 3))
    weighted: np.ndarray = np.divide(sums, weights, out=np.zeros_like(sums), where=weights > 0)
    return weighted


def _to_l(values: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))


@dataclass(frozen=True)
class TimedOverlay:
    """An overlay shown on frames ``first`` to ``last`` inclusive, as planes with alpha."""

    planes: Planes
    x: int
    y: int
    first: int
    last: int


def timed(overlay: Overlay, first: int, last: int) -> TimedOverlay:
    return TimedOverlay(to_planes(overlay.image), overlay.x, overlay.y, first, last)


@dataclass(frozen=True)
class Canvas:
    """The area Ken Burns travels over, as planes upsampled ``factor`` times on its grid."""

    planes: Planes
    size: Size
    """At the canvas' own resolution (before upsampling)."""
    factor: int


def motion_canvas(image: Image.Image, motion: KenBurns) -> Canvas:
    """A canvas ready for :func:`ken_burns_frames`: upsampled 2x when the picture moves.

    Frames sample it by nearest neighbour, so positions are exact to 1/4 pixel. Measured
    against an exact sub-pixel resample (bicubic or bilinear), that is closer, and changes less
    from frame to frame, than Pillow's ``resize(box=…, BOX)`` (whose blur varies with the
    sub-pixel phase), at 1/8 of its CPU; it holds 4x the planes (~20 MB at 1080p).
    """
    planes = to_planes(image)
    if _still(motion):
        return Canvas(planes, image.size, 1)
    doubled = Planes(_upsample2(planes.y), _upsample2(planes.cb), _upsample2(planes.cr))
    return Canvas(doubled, image.size, 2)


def _still(motion: KenBurns) -> bool:
    return motion.zoom_start == motion.zoom_end and motion.focus_start == motion.focus_end


def _upsample2(plane: Image.Image) -> Image.Image:
    """Twice the size on the same grid: even pixels are the originals, odd ones are bicubic
    samples half-way between, so a picture at rest (1:1, whole-pixel offset) stays exact."""
    w, h = plane.size
    if w < 2 or h < 2:
        return plane.resize((2 * w, 2 * h), Image.Resampling.NEAREST)
    source = np.asarray(plane)
    wide = np.empty((h, 2 * w), np.uint8)
    wide[:, 0::2] = source
    wide[:, 1:-1:2] = np.asarray(
        plane.resize((w - 1, h), Image.Resampling.BICUBIC, box=(0.5, 0, w - 0.5, h))
    )
    wide[:, -1] = source[:, -1]
    rows = Image.fromarray(wide).resize(
        (2 * w, h - 1), Image.Resampling.BICUBIC, box=(0, 0.5, 2 * w, h - 0.5)
    )
    out = np.empty((2 * h, 2 * w), np.uint8)
    out[0::2] = wide
    out[1:-1:2] = np.asarray(rows)
    out[-1] = wide[-1]
    return Image.fromarray(out)


def ken_burns_frames(
    canvas: Canvas,
    size: Size,
    motion: KenBurns,
    frames: int,
    overlays: Sequence[TimedOverlay] = (),
) -> Iterator[Sequence[bytes]]:
    """Yield each frame as (Y, Cb, Cr) plane bytes, ready for ``-pix_fmt yuv420p``."""
    zoom_max = motion.max_zoom
    still = _still(motion)
    base: tuple[Image.Image, ...] | None = None
    base_bytes: list[bytes] | None = None  # a still frame is converted to bytes once
    for index in range(frames):
        if base is None or not still:
            t = index / (frames - 1) if frames > 1 else 0.0
            box = _viewport(canvas.size, size, motion, zoom_max, t)
            base, base_bytes = _resample(canvas, size, box), None
        active = [o for o in overlays if o.first <= index <= o.last]
        if not active:
            base_bytes = base_bytes or [p.tobytes() for p in base]
            yield base_bytes
            continue
        y, cb, cr = (p.copy() for p in base) if still else base
        for overlay in active:
            _paste(overlay, y, cb, cr)
        yield [y.tobytes(), cb.tobytes(), cr.tobytes()]


def _viewport(
    canvas: Size, size: Size, motion: KenBurns, zoom_max: float, t: float
) -> tuple[float, float, float, float]:
    # Geometric zoom interpolation: the picture grows at a constant perceived rate.
    zoom = motion.zoom_start * (motion.zoom_end / motion.zoom_start) ** t
    width = min(canvas[0], size[0] * zoom_max / zoom)
    height = min(canvas[1], size[1] * zoom_max / zoom)
    fx = motion.focus_start[0] + (motion.focus_end[0] - motion.focus_start[0]) * t
    fy = motion.focus_start[1] + (motion.focus_end[1] - motion.focus_start[1]) * t
    left = min(max(fx, 0.0), 1.0) * (canvas[0] - width)
    top = min(max(fy, 0.0), 1.0) * (canvas[1] - height)
    return (left, top, left + width, top + height)


def _resample(
    canvas: Canvas, size: Size, box: tuple[float, float, float, float]
) -> tuple[Image.Image, Image.Image, Image.Image]:
    half_size = ((size[0] + 1) // 2, (size[1] + 1) // 2)
    half_box = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
    planes, k = canvas.planes, canvas.factor
    return (
        _sample(planes.y, size, box, k),
        _sample(planes.cb, half_size, half_box, k),
        _sample(planes.cr, half_size, half_box, k),
    )


def _sample(
    plane: Image.Image, size: Size, box: tuple[float, float, float, float], k: int
) -> Image.Image:
    """The output pixel whose centre falls at canvas position u takes the upsampled pixel
    nearest to u: pixel j of a grid upsampled k times sits at canvas centre j/k, and Pillow's
    affine nearest reads pixel floor(a2 + a0 * (x + 0.5)) for output column x."""
    left, top, right, bottom = box
    shift = 0.5 - k / 2
    matrix = (
        k * (right - left) / size[0], 0.0, k * left + shift,
        0.0, k * (bottom - top) / size[1], k * top + shift,
    )  # fmt: skip
    return plane.transform(size, Image.Transform.AFFINE, matrix, Image.Resampling.NEAREST)


def _paste(overlay: TimedOverlay, y: Image.Image, cb: Image.Image, cr: Image.Image) -> None:
    p = overlay.planes
    y.paste(p.y, (overlay.x, overlay.y), p.alpha)
    half = (overlay.x // 2, overlay.y // 2)
    cb.paste(p.cb, half, p.alpha_half)
    cr.paste(p.cr, half, p.alpha_half)
