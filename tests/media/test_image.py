from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from generator.media.image import (
    PhotoFailure,
    PhotoJob,
    PhotoSet,
    derivative_sizes,
    make_photo_set,
    make_photo_sets,
)
from generator.media.probe import MediaUnreadable, probe_media

RED, BLUE = (220, 20, 20), (20, 20, 220)


def _quadrant_photo(size: tuple[int, int]) -> Image.Image:
    """Blue, with the top-left quarter red: shows which way the picture was turned."""
    img = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(img).rectangle([0, 0, size[0] // 2 - 1, size[1] // 2 - 1], fill=RED)
    return img


def _outputs(out: Path, photos: PhotoSet) -> list[Image.Image]:
    return [Image.open(out / d.path) for d in photos.derivatives]


def _close(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def test_sizes_never_upscale_and_keep_aspect() -> None:
    assert derivative_sizes((4000, 3000), (480, 960, 1600)) == [
        (480, 360),
        (960, 720),
        (1600, 1200),
    ]
    assert derivative_sizes((3000, 4000), (480, 960, 1600)) == [
        (360, 480),
        (720, 960),
        (1200, 1600),
    ]
    # 960 is within 10 % of the source: the source's own size replaces it.
    assert derivative_sizes((1000, 500), (480, 960, 1600)) == [(480, 240), (1000, 500)]
    assert derivative_sizes((300, 200), (480, 960, 1600)) == [(300, 200)]


def test_exif_orientation_6_comes_out_upright(tmp_path: Path) -> None:
    stored = _quadrant_photo((800, 600))
    exif = stored.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display", as a phone held upright writes
    source = tmp_path / "upright.jpg"
    stored.save(source, quality=92, exif=exif)

    photos = make_photo_set(source, tmp_path / "out", "upright", widths=(200, 400))

    assert (photos.width, photos.height) == (600, 800)
    assert [(d.width, d.height) for d in photos.derivatives] == [(150, 200), (300, 400)]
    for img in _outputs(tmp_path / "out", photos):
        assert img.size[1] > img.size[0]
        w = img.size[0]
        assert _close(img.getpixel((w - 5, 5)), RED)  # stored top-left is now top-right
        assert _close(img.getpixel((5, 5)), BLUE)


def test_large_jpeg_is_decoded_small_and_sized_exactly(tmp_path: Path) -> None:
    source = tmp_path / "big.jpg"
    _quadrant_photo((2400, 1800)).save(source, quality=85)
    photos = make_photo_set(source, tmp_path / "out", "a/b/big", widths=(300,))
    assert photos.derivatives[0].path == Path("a/b/big-300.webp")
    (img,) = _outputs(tmp_path / "out", photos)
    assert img.size == (300, 225)
    assert _close(img.getpixel((10, 10)), RED) and _close(img.getpixel((290, 215)), BLUE)


@pytest.mark.parametrize("icc", [None, b"not a real ICC profile"])
def test_cmyk_becomes_rgb_with_sane_colour(tmp_path: Path, icc: bytes | None) -> None:
    source = tmp_path / "print.jpg"
    cmyk = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # process red
    cmyk.save(source, quality=95, **({"icc_profile": icc} if icc else {}))
    photos = make_photo_set(source, tmp_path / "out", "print", widths=(200,))
    (img,) = _outputs(tmp_path / "out", photos)
    assert img.mode == "RGB"
    r, g, b = img.getpixel((100, 75))
    assert r > 200 and g < 60 and b < 60


def test_png_transparency_is_kept_and_opaque_alpha_dropped(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse([100, 20, 300, 180], fill=(200, 30, 30, 255))
    logo.save(tmp_path / "logo.png")
    Image.new("RGBA", (400, 200), (10, 200, 10, 255)).save(tmp_path / "opaque.png")
    palette = Image.new("RGB", (400, 200), (10, 10, 200)).convert("P")
    palette.save(tmp_path / "palette.png")

    def derive(name: str) -> Image.Image:
        photos = make_photo_set(tmp_path / name, tmp_path / "o", name, (200,))
        return Image.open(tmp_path / "o" / photos.derivatives[0].path)

    logo_out = derive("logo.png")
    assert logo_out.mode == "RGBA"
    assert logo_out.getpixel((2, 2))[3] == 0
    assert logo_out.getpixel((100, 50))[3] == 255
    assert derive("opaque.png").mode == "RGB"
    assert _close(derive("palette.png").getpixel((50, 50)), (10, 10, 200), 20)


def test_no_metadata_survives(tmp_path: Path) -> None:
    img = _quadrant_photo((640, 480))
    exif = img.getexif()
    exif[0x010F] = "Samsung"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (13.0, 5.0, 43.8), 3: "E", 4: (109.0, 19.0, 15.2)})
    exif[0x8825] = gps
    source = tmp_path / "gps.jpg"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>Tuy Hoa</secret></x:xmpmeta>'
    img.save(source, exif=exif, xmp=xmp, icc_profile=b"")
    assert Image.open(source).getexif().get_ifd(0x8825)  # the source really has GPS

    photos = make_photo_set(source, tmp_path / "out", "gps", widths=(160, 320))
    for d in photos.derivatives:
        data = (tmp_path / "out" / d.path).read_bytes()
        out = Image.open(tmp_path / "out" / d.path)
        assert not out.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(out.info)
        assert b"EXIF" not in data and b"XMP " not in data and b"Tuy Hoa" not in data


def test_same_source_gives_identical_bytes(tmp_path: Path) -> None:
    source = tmp_path / "s.jpg"
    Image.effect_noise((500, 400), 40).convert("RGB").save(source)
    a = make_photo_set(source, tmp_path / "a", "s", (200,))
    b = make_photo_set(source, tmp_path / "b", "s", (200,))
    assert (tmp_path / "a" / a.derivatives[0].path).read_bytes() == (
        tmp_path / "b" / b.derivatives[0].path
    ).read_bytes()


def test_truncated_photo_raises_unreadable(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.effect_noise((400, 300), 60).convert("RGB").save(whole)
    (tmp_path / "cut.jpg").write_bytes(whole.read_bytes()[:3000])
    with pytest.raises(MediaUnreadable, match=r"^không đọc được tệp ảnh: cut.jpg"):
        make_photo_set(tmp_path / "cut.jpg", tmp_path / "out", "cut")
    assert not list((tmp_path / "out").glob("*"))  # nothing half-written


@pytest.mark.parametrize("workers", [1, 2])
def test_many_photos_in_order_with_progress_and_failures(tmp_path: Path, workers: int) -> None:
    jobs = []
    for i in range(3):
        source = tmp_path / f"p{i}.jpg"
        _quadrant_photo((400 + i * 40, 300)).save(source)
        jobs.append(PhotoJob(source, tmp_path / "out", f"p{i}", (200,)))
    (tmp_path / "bad.jpg").write_bytes(b"garbage")
    jobs.insert(1, PhotoJob(tmp_path / "bad.jpg", tmp_path / "out", "bad", (200,)))
    seen: list[tuple[int, int]] = []

    results = make_photo_sets(jobs, on_progress=lambda d, t: seen.append((d, t)), workers=workers)

    assert [type(r) for r in results] == [PhotoSet, PhotoFailure, PhotoSet, PhotoSet]
    assert [r.source for r in results] == [j.source for j in jobs]
    assert results[1].reason == "không đọc được tệp ảnh: bad.jpg (định dạng lạ)"
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "p0-200.webp",
        "p1-200.webp",
        "p2-200.webp",
    ]


def _phone_heic(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    """An iPhone-like HEIC: stored sideways with EXIF orientation 6, GPS and a capture date."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (13.0, 5.0, 30.0), 3: "E", 4: (109.0, 18.0, 0.0)}
    exif.get_ifd(0x8769)[0x9003] = "2021:03:14 09:15:00"
    _quadrant_photo(size).save(path, format="HEIF", quality=90, exif=exif.tobytes())
    return path


def test_phone_heic_is_probed_upright_and_derived_without_metadata(tmp_path: Path) -> None:
    source = _phone_heic(tmp_path / "IMG_0001.HEIC")

    info = probe_media(source)
    photos = make_photo_set(source, tmp_path / "out", "iphone", widths=(200, 1600))

    assert (info.kind, info.width, info.height) == ("photo", 600, 800)
    assert info.created is not None and info.created.date().isoformat() == "2021-03-14"
    assert (photos.width, photos.height) == (600, 800)
    assert [(d.width, d.height) for d in photos.derivatives] == [(150, 200), (600, 800)]
    for img in _outputs(tmp_path / "out", photos):
        assert img.format == "WEBP" and img.size[1] > img.size[0]
        w = img.size[0]
        assert _close(img.getpixel((w - 5, 5)), RED)  # stored top-left is now top-right
        assert _close(img.getpixel((5, 5)), BLUE)
        assert dict(img.getexif()) == {}
        assert not {"exif", "xmp", "icc_profile"} & set(img.info)
    # the original stays as it was: the archive keeps it
    assert Image.open(source).getexif().get_ifd(0x8825)
