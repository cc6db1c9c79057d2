"""The media step, on the session's built site and on small projects of their own."""

from pathlib import Path

import pytest
from PIL import Image, ImageStat

import generator.media.clip
import generator.media.image
from generator.media.probe import probe_media
from generator.model import Visibility
from generator.site import build_site


def test_photos_are_turned_upright_and_stripped_of_exif_and_gps(built_site):
    folder = built_site.out / "media/anh/2021-h1/tuy-hoa"
    derivatives = sorted(folder.glob("anh-xoay-*.webp"))
    assert len(derivatives) >= 2
    for path in derivatives:
        with Image.open(path) as img:
            assert img.height > img.width  # stored landscape, EXIF said: turn it
            assert len(img.getexif()) == 0
            assert not {"exif", "xmp", "icc_profile"} & set(img.info)
            top, bottom = (
                img.getpixel((img.width // 2, 5)),
                img.getpixel((img.width // 2, img.height - 5)),
            )
        assert top[0] > top[2] and bottom[2] > bottom[0]  # left half (red) is now on top


def test_phone_clip_keeps_portrait_shape_and_gets_a_lit_poster(built_site):
    folder = built_site.out / "media/clip/2021-h1/tuy-hoa"
    phone = probe_media(folder / "dien-thoai.mp4")
    assert phone.height > phone.width and phone.rotation == 0
    assert not phone.has_audio  # audio: mute
    with Image.open(folder / "dien-thoai.webp") as poster:
        assert poster.height > poster.width
        assert ImageStat.Stat(poster.convert("L")).mean[0] > 40
    trimmed = probe_media(folder / "phien-toa.mp4")
    assert trimmed.width > trimmed.height and 1.8 < trimmed.duration < 2.3  # clip: 0.5 → 2.5


def _add_photo(root: Path, name: str, colour: tuple[int, int, int]) -> None:
    Image.new("RGB", (1200, 900), colour).save(root / f"media/2021-h1/tuy-hoa/{name}.jpg")
    highlights = root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    highlights.write_text(
        highlights.read_text(encoding="utf-8")
        + f"  - file: 2021-h1/tuy-hoa/{name}.jpg\n    caption: Ảnh {name}\n    category: cntt\n",
        encoding="utf-8",
    )


@pytest.fixture
def build(load_filtered):
    def run(root: Path, **options):
        return build_site(
            load_filtered(root),
            root / "site",
            project_root=root,
            cache_dir=root / ".cache",
            **options,
        )

    return run


def test_rebuild_with_nothing_changed_does_no_media_work(tiny_project: Path, monkeypatch, build):
    _add_photo(tiny_project, "them", (10, 120, 30))
    first = build(tiny_project)
    assert (first.cache_misses, first.photos) == (2, 2)

    def forbidden(*args, **kwargs):
        raise AssertionError("media work on a no-op rebuild")

    monkeypatch.setattr(generator.media.image, "make_photo_set", forbidden)
    monkeypatch.setattr(generator.media.clip, "make_web_clip", forbidden)
    second = build(tiny_project)
    assert (second.cache_hits, second.cache_misses) == (2, 0)
    assert len(list((tiny_project / "site/media/anh/2021-h1/tuy-hoa").glob("*.webp"))) >= 4


def test_removed_source_leaves_no_stale_output(tiny_project: Path, build):
    _add_photo(tiny_project, "se-xoa", (200, 200, 30))
    build(tiny_project)
    site_media = tiny_project / "site/media/anh/2021-h1/tuy-hoa"
    assert list(site_media.glob("se-xoa-*.webp"))
    highlights = tiny_project / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    text = highlights.read_text(encoding="utf-8")
    highlights.write_text(
        text[: text.index("  - file: 2021-h1/tuy-hoa/se-xoa.jpg")], encoding="utf-8"
    )
    (tiny_project / "media/2021-h1/tuy-hoa/se-xoa.jpg").unlink()
    report = build(tiny_project)
    assert not list(site_media.glob("se-xoa-*")) and list(site_media.glob("kiem-sat-giam-giu-*"))
    assert report.cache_pruned == 1
    pages = "".join(p.read_text(encoding="utf-8") for p in (tiny_project / "site").rglob("*.html"))
    assert "se-xoa" not in pages


def test_media_step_reports_progress(tiny_project: Path, build):
    calls: list[tuple[str, int, int]] = []
    build(tiny_project, on_progress=lambda step, done, total: calls.append((step, done, total)))
    assert calls[-2:] == [("Ảnh", 1, 1), ("Video", 0, 0)]


def test_a_public_build_does_not_evict_what_the_internal_site_uses(
    tiny_project: Path, load_filtered, build
):
    _add_photo(tiny_project, "noi-bo", (90, 90, 200))  # internal: the file's default level
    assert build(tiny_project).photos == 2
    public = build_site(
        load_filtered(tiny_project, Visibility.PUBLIC),
        tiny_project / "public",
        project_root=tiny_project,
        cache_dir=tiny_project / ".cache",
    )
    assert (public.photos, public.cache_pruned) == (1, 0)
    assert build(tiny_project).cache_misses == 0
