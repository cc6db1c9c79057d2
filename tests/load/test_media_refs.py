"""MediaIndex: paths under media/ resolved without following links out or into loops, and the
name limit that keeps every derived name within the file system's 255 bytes."""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from generator.fsutil import link_or_copy
from generator.load import media_refs
from generator.load.media_refs import MediaIndex, limit_reason
from generator.media import limits
from generator.media.image import make_photo_set
from generator.media.probe import MediaInfo
from generator.site.paths import media_stems


def _photo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1700, 900), (10, 20, 30)).save(path)
    return path


def test_links_are_listed_not_followed(tmp_path: Path) -> None:
    media = tmp_path / "media"
    _photo(media / "2021-h1/a.jpg")
    os.symlink(".", media / "2021-h1/loop")
    os.symlink("a.jpg", media / "2021-h1/alias.jpg")
    os.symlink("missing.jpg", media / "2021-h1/broken.jpg")
    index = MediaIndex(media)
    assert sorted(index.files) == ["2021-h1/a.jpg", "2021-h1/alias.jpg"]
    assert sorted(index.links) == ["2021-h1/broken.jpg", "2021-h1/loop"]
    path, reason = index.resolve("2021-h1/loop/loop/loop/a.jpg")
    assert path is None
    assert reason is not None and reason.startswith("thư mục «2021-h1/loop» là liên kết")


def test_nfd_names_on_disk_are_found_by_their_nfc_spelling(tmp_path: Path) -> None:
    typed = "Hội nghị.jpg"  # NFC, as staff type it
    stored = unicodedata.normalize("NFD", typed)  # as a Mac writes it
    assert len(stored.encode()) > len(typed.encode())
    _photo(tmp_path / "media" / stored)
    path, reason = MediaIndex(tmp_path / "media").resolve(typed)
    assert reason is None and path is not None and path.name == stored


def _ascii_name(size: int) -> str:
    return "a" * (size - len(".jpg")) + ".jpg"


def test_a_name_at_the_limit_makes_every_derivative(tmp_path: Path) -> None:
    """The derivative step with its temporary names, and the archive's copy of the original."""
    name = _ascii_name(limits.MAX_NAME_BYTES)
    source = _photo(tmp_path / "media/2021-h1" / name)
    assert limit_reason(f"2021-h1/{name}", source) is None
    # Two sources whose stems collide: the second one's stem carries "-2".
    _photo(tmp_path / "media/2021-h1" / name.replace(".jpg", ".png"))
    stems = media_stems([f"2021-h1/{name}", f"2021-h1/{name[:-4]}.png"])
    out = tmp_path / "site"
    for key, stem in stems.items():
        made = make_photo_set(tmp_path / "media" / key, out, f"media/anh/{stem}")
        assert [d.width for d in made.derivatives] == [480, 960, 1600]
    link_or_copy(source, tmp_path / "bag" / name)
    assert (tmp_path / "bag" / name).is_file()


def test_a_longer_name_the_file_system_allows_breaks_the_derivatives(tmp_path: Path) -> None:
    """Why the limit exists: 250 bytes is a legal name whose ``-1600.webp`` is not."""
    name = _ascii_name(250)
    source = _photo(tmp_path / "media" / name)
    reason = limit_reason(name, source)
    assert reason == limits.NAME_TOO_LONG.format(name=name, actual=250, limit=200)
    with pytest.raises(OSError) as caught:
        make_photo_set(source, tmp_path / "site", name[:-4])
    assert caught.value.errno == errno.ENAMETOOLONG


def test_vietnamese_names_are_measured_in_bytes(tmp_path: Path) -> None:
    stem = "Kiểm sát việc tạm giữ, tạm giam tại nhà tạm giữ Công an thành phố Tuy Hòa"
    name = f"{stem} — {stem}.jpg"
    assert len(name) < limits.MAX_NAME_BYTES < len(name.encode())
    source = _photo(tmp_path / "media" / name)
    assert limit_reason(name, source) == limits.NAME_TOO_LONG.format(
        name=name, actual=len(name.encode()), limit=limits.MAX_NAME_BYTES
    )


def test_a_long_folder_name_is_refused_too(tmp_path: Path) -> None:
    folder = "đ" * 101  # 202 bytes
    source = _photo(tmp_path / "media" / folder / "a.jpg")
    reason = limit_reason(f"{folder}/a.jpg", source)
    assert reason is not None and reason.startswith(f"tên «{folder}» dài 202 byte")


def test_a_file_is_probed_once_until_it_changes(tmp_path: Path, monkeypatch) -> None:
    """A long-lived process (studio, live preview) checks at every save: an unchanged file
    is not opened again, under any path that leads to it; a changed one is."""
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (1600, 900)).save(photo)
    link = tmp_path / "copy"
    link.symlink_to(tmp_path)
    opened: list[Path] = []
    real = media_refs.probe_media

    def counting(path: Path) -> MediaInfo:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(media_refs, "probe_media", counting)
    first = media_refs.probe_all({photo})[photo]
    assert isinstance(first, MediaInfo) and first.width == 1600
    again = media_refs.probe_all({link / "a.jpg"})  # the same file, another path
    assert again[link / "a.jpg"] == first and opened == [photo]
    Image.new("RGB", (800, 600)).save(photo)
    os.utime(photo, ns=(1, 1))
    changed = media_refs.probe_all({photo})[photo]
    assert isinstance(changed, MediaInfo) and changed.width == 800 and len(opened) == 2
