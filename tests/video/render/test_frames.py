"""Pictures to yuv420p frames: orientation, colour modes, framing, Ken Burns, overlays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from video.render import media

from generator.video.render import frames
from generator.video.render.overlays import Overlay
from generator.video.render.scenes import STATIC, KenBurns

SIZE = (320, 180)
FRAME_BYTES = 320 * 180 + 2 * 160 * 90


def test_exif_orientation_is_applied_before_anything_else(tmp_path: Path) -> None:
    path = media.split_photo(tmp_path / "p.jpg", (160, 120), orientation=6)
    picture, mode = frames.load_picture(path, "auto", SIZE)
    assert picture.width < picture.height and mode == "contain"
    assert picture.getpixel((10, 60))[2] > 200  # blue on the left
    assert picture.getpixel((110, 60))[0] > 200  # red on the right


def test_cmyk_photo_keeps_its_colours(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(path)
    picture, _ = frames.load_picture(path, "auto", SIZE)
    r, g, b = picture.getpixel((32, 24))
    assert picture.mode == "RGB" and r > 200 and g < 60 and b < 60


def test_transparent_pixels_show_the_light_backdrop(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (10, 10, 30, 30))
    image.save(path)
    picture, _ = frames.load_picture(path, "auto", SIZE)
    assert picture.getpixel((0, 0)) == frames.TRANSPARENT_BACKDROP
    assert picture.getpixel((20, 20)) == (200, 0, 0)


def test_sixteen_bit_greyscale_loads(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    Image.new("I;16", (30, 20), 40000).save(path)
    picture, _ = frames.load_picture(path, "auto", SIZE)
    assert picture.mode == "RGB" and picture.getpixel((5, 5))[0] == pytest.approx(156, abs=2)


def test_big_jpeg_is_decoded_at_a_reduced_scale(tmp_path: Path) -> None:
    path = media.plain_photo(tmp_path / "big.jpg", (2000, 1500), (90, 120, 150))
    picture, mode = frames.load_picture(path, "auto", SIZE)
    assert mode == "cover" and picture.width <= 500 and picture.width >= 320


@pytest.mark.parametrize(
    ("size", "fill", "expected"),
    [((400, 300), "auto", "cover"), ((300, 400), "auto", "contain"), ((900, 300), "auto", "contain"),
     ((300, 400), "cover", "cover")],
)  # fmt: skip
def test_fill_mode(tmp_path: Path, size: tuple[int, int], fill: str, expected: str) -> None:
    path = media.plain_photo(tmp_path / "p.png", size, (1, 2, 3))
    assert frames.load_picture(path, fill, SIZE)[1] == expected  # type: ignore[arg-type]


def test_contain_canvas_is_frame_shaped_with_the_whole_picture_centred() -> None:
    picture = Image.new("RGB", (90, 120), (250, 250, 250))
    canvas = frames.build_canvas(picture, "contain", SIZE, 1.1)
    assert canvas.size == (352, 198)
    row = [canvas.getpixel((x, 99)) for x in range(352)]
    bright = [x for x, p in enumerate(row) if p[0] > 240]
    assert len(bright) == pytest.approx(198 * 90 / 120, abs=2)  # 3:4 kept, not stretched
    assert max(row[0]) < 130  # the darkened fill


def test_cover_canvas_covers_the_closest_zoom() -> None:
    canvas = frames.build_canvas(Image.new("RGB", (400, 300)), "cover", SIZE, 1.1)
    assert canvas.width >= 352 and canvas.height >= 198
    assert canvas.width / canvas.height == pytest.approx(4 / 3, abs=0.01)


def test_bt709_limited_range_planes() -> None:
    planes = frames.to_planes(Image.new("RGB", (4, 4), (255, 0, 0)))
    assert (planes.y.getpixel((0, 0)), planes.cb.getpixel((0, 0)), planes.cr.getpixel((0, 0))) == (
        63,
        102,
        240,
    )
    assert planes.cb.size == (2, 2)
    white = frames.to_planes(Image.new("RGB", (2, 2), (255, 255, 255)))
    assert white.y.getpixel((0, 0)) == 235 and white.cb.getpixel((0, 0)) == 128


def test_transparent_overlay_pixels_do_not_tint_chroma() -> None:
    layer = Image.new("RGBA", (4, 2), (0, 255, 0, 0))  # invisible green
    layer.paste((255, 255, 255, 255), (0, 0, 1, 2))  # one opaque white column
    planes = frames.to_planes(layer)
    assert planes.alpha is not None
    assert planes.cb.getpixel((0, 0)) == 128 and planes.cr.getpixel((0, 0)) == 128


def _frames(motion: KenBurns, count: int, overlays=()) -> list[bytes]:
    picture = Image.linear_gradient("L").convert("RGB").resize((360, 240))
    canvas = frames.motion_canvas(picture, motion)
    return [b"".join(f) for f in frames.ken_burns_frames(canvas, SIZE, motion, count, overlays)]


def test_static_picture_gives_identical_frames_of_the_right_size() -> None:
    out = _frames(STATIC, 3)
    assert len(out) == 3 and all(len(f) == FRAME_BYTES for f in out) and len(set(out)) == 1


def test_ken_burns_moves_a_little_every_frame() -> None:
    out = _frames(KenBurns(1.0, 1.1, (0.5, 0.0), (0.5, 1.0)), 4)
    assert len(set(out)) == 4


def test_moving_picture_is_exact_at_rest_and_sampled_between_pixels() -> None:
    # Steep but smooth stripes: a misplaced sample shows as a large error.
    x = np.arange(352)[None, :] + 0.3 * np.arange(198)[:, None]
    stripes = Image.fromarray((128 + 100 * np.sin(x * np.pi / 8)).astype(np.uint8)).convert("RGB")
    motion = KenBurns(1.1, 1.0)  # starts 1:1 at the centre, (16, 9): whole pixels
    canvas = frames.motion_canvas(stripes, motion)
    assert canvas.factor == 2
    out = list(frames.ken_burns_frames(canvas, SIZE, motion, 9))
    luma = frames.to_planes(stripes).y
    assert out[0][0] == luma.crop((16, 9, 336, 189)).tobytes()
    box = frames._viewport(stripes.size, SIZE, motion, 1.1, 4 / 8)  # 8.19 px from the left
    exact = np.asarray(luma.resize(SIZE, Image.BICUBIC, box=box), dtype=float)
    drawn = np.frombuffer(out[4][0], np.uint8).reshape(180, 320)
    assert np.abs(drawn - exact).mean() < 3.5  # whole-pixel sampling: 5.5, Pillow BOX: 5.1


def test_overlay_shows_only_on_its_frames() -> None:
    white = Image.new("RGBA", (20, 10), (255, 255, 255, 255))
    timed = frames.timed(Overlay(white, 10, 10), first=1, last=1)
    out = _frames(STATIC, 3, [timed])
    assert out[0] == out[2] != out[1]
    assert out[1][10 * 320 + 10] == 235  # white luma at (10, 10)
