from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from generator.media import clip as clip_module
from generator.media import image as image_module
from generator.media.cache import MediaCache
from generator.media.clip import ClipJob, make_web_clips
from generator.media.image import PhotoJob, PhotoSet, make_photo_sets


def _photo(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (400, 300)) -> Path:
    Image.new("RGB", size, colour).save(path)
    an_hour_ago = time.time_ns() - 3600 * 10**9  # older than "racily clean": remembered
    os.utime(path, ns=(an_hour_ago, an_hour_ago))
    return path


def _jobs(sources: list[Path], out: Path) -> list[PhotoJob]:
    return [PhotoJob(s, out, s.stem, (120, 240)) for s in sources]


def _no_image_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("media work on a warm rebuild")

    monkeypatch.setattr(image_module, "make_photo_set", refuse)
    monkeypatch.setattr(clip_module, "make_web_clip", refuse)


def test_warm_rebuild_does_no_media_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [_photo(tmp_path / f"p{i}.jpg", (40 * i, 90, 200)) for i in range(3)]
    root = tmp_path / ".cache"
    cold = MediaCache(root)
    first = make_photo_sets(_jobs(sources, tmp_path / "site1"), cache=cold, workers=1)
    assert (cold.hits, cold.misses) == (0, 3)

    _no_image_work(monkeypatch)
    warm = MediaCache(root)  # a later build: a new process, the same cache folder
    second = make_photo_sets(_jobs(sources, tmp_path / "site2"), cache=warm, workers=1)

    assert (warm.hits, warm.misses) == (3, 0)
    assert [(r.width, r.height, r.derivatives) for r in second if isinstance(r, PhotoSet)] == [
        (r.width, r.height, r.derivatives) for r in first if isinstance(r, PhotoSet)
    ]
    for name in ("p0-120.webp", "p2-240.webp"):
        assert (tmp_path / "site2" / name).read_bytes() == (tmp_path / "site1" / name).read_bytes()


def test_unchanged_sources_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _photo(tmp_path / "p.jpg", (10, 120, 10))
    root = tmp_path / ".cache"
    make_photo_sets(_jobs([source], tmp_path / "out"), cache=MediaCache(root), workers=1)
    assert str(source.resolve()) in json.loads((root / "index.json").read_text())["files"]

    def no_hashing(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged source was hashed again")

    monkeypatch.setattr(hashlib, "file_digest", no_hashing)
    warm = MediaCache(root)
    make_photo_sets(_jobs([source], tmp_path / "out"), cache=warm, workers=1)
    assert (warm.hits, warm.misses) == (1, 0)


def test_changed_source_is_made_again(tmp_path: Path) -> None:
    source = _photo(tmp_path / "p.jpg", (10, 120, 10))
    root = tmp_path / ".cache"
    make_photo_sets(_jobs([source], tmp_path / "out"), cache=MediaCache(root), workers=1)
    _photo(source, (200, 10, 10), size=(300, 300))  # same name, new picture

    again = MediaCache(root)
    (result,) = make_photo_sets(_jobs([source], tmp_path / "out"), cache=again, workers=1)

    assert (again.hits, again.misses) == (0, 1)
    assert (result.width, result.height) == (300, 300)
    assert Image.open(tmp_path / "out" / "p-240.webp").getpixel((5, 5))[0] > 150


def test_just_written_file_is_hashed_again_next_time(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.jpg"
    Image.new("RGB", (40, 30), "white").save(fresh)
    cache = MediaCache(tmp_path / ".cache")
    cache.source_hash(fresh)
    cache.save_index()
    # Modified within the file system's time resolution, it could change again unnoticed.
    assert not (tmp_path / ".cache" / "index.json").exists()


def test_removed_source_is_pruned(tmp_path: Path) -> None:
    keep = _photo(tmp_path / "keep.jpg", (10, 10, 200))
    gone = _photo(tmp_path / "gone.jpg", (200, 10, 10))
    root = tmp_path / ".cache"
    make_photo_sets(_jobs([keep, gone], tmp_path / "out"), cache=MediaCache(root), workers=1)
    assert len(list((root / "entries").glob("*/*"))) == 2
    gone.unlink()

    cache = MediaCache(root)
    make_photo_sets(_jobs([keep], tmp_path / "out2"), cache=cache, workers=1)
    assert cache.prune() == 1

    assert len(list((root / "entries").glob("*/*"))) == 1
    files = json.loads((root / "index.json").read_text())["files"]
    assert list(files) == [str(keep.resolve())]
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == [
        "keep-120.webp",
        "keep-240.webp",
    ]


def test_failed_make_leaves_no_entry(tmp_path: Path) -> None:
    source = _photo(tmp_path / "p.jpg", (1, 2, 3))
    cache = MediaCache(tmp_path / ".cache")

    def broken(folder: Path) -> dict[str, str]:
        (folder / "half.webp").write_bytes(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        cache.get_or_make(source, {"recipe": "x"}, broken)
    assert not list((tmp_path / ".cache").glob("entries/*/*"))
    assert not list((tmp_path / ".cache").glob("staging/*"))
    made = cache.get_or_make(source, {"recipe": "x"}, lambda folder: {"ok": True})
    assert made.meta == {"ok": True}
    assert cache.get_or_make(source, {"recipe": "x"}, broken).meta == {"ok": True}  # a hit
    assert cache.get_or_make(source, {"recipe": "y"}, lambda f: {"y": 1}).meta == {"y": 1}


def test_clips_are_cached_too(tmp_path: Path, make_clip, monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_clip(tmp_path / "c.mp4", seconds=1.0, audio=False)
    root = tmp_path / ".cache"
    job = ClipJob(source, tmp_path / "out", "c", start=0.2)
    (first,) = make_web_clips([job], cache=MediaCache(root))

    _no_image_work(monkeypatch)
    warm = MediaCache(root)
    (second,) = make_web_clips([ClipJob(source, tmp_path / "out2", "c", start=0.2)], cache=warm)

    assert (warm.hits, warm.misses) == (1, 0)
    assert second == first
    assert (tmp_path / "out2" / "c.mp4").read_bytes() == (tmp_path / "out" / "c.mp4").read_bytes()
    assert (tmp_path / "out2" / "c.webp").is_file()


def test_identical_sources_are_made_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _photo(tmp_path / "a.jpg", (90, 90, 9))
    b = tmp_path / "copy-of-a.jpg"
    b.write_bytes(a.read_bytes())
    made: list[Path] = []
    real = image_module.make_photo_set

    def counting(source: Path, *args: object) -> PhotoSet:
        made.append(source)
        return real(source, *args)

    monkeypatch.setattr(image_module, "make_photo_set", counting)
    jobs = _jobs([a, b, tmp_path / "missing.jpg"], tmp_path / "out")
    results = make_photo_sets(jobs, cache=MediaCache(tmp_path / ".cache"), workers=1)

    assert made == [a]
    assert [r.source for r in results] == [a, b, tmp_path / "missing.jpg"]
    assert (tmp_path / "out" / "copy-of-a-240.webp").is_file()
    assert results[2].reason == "không tìm thấy tệp: missing.jpg"
