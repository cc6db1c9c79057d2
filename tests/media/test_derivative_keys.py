"""One cache rule for every derivative: the key holds the code that makes it (``codehash``), so
editing that code makes the derivative again, and nobody bumps a recipe string by hand.

The end-to-end check edits a copy of the package and reads the keys through it in a fresh
process, as a maintainer who changes the encoder settings and builds again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

import generator
from generator.codehash import code_digest
from generator.media import clip, frame, image
from generator.media.cache import MediaCache
from generator.media.clip import ClipJob
from generator.media.image import PhotoJob, make_photo_sets

PACKAGE = Path(generator.__file__).parent

_KEYS = """
import json
from pathlib import Path
from generator.media import clip, frame, image
print(json.dumps({
    "photo": image.photo_params((480, 960)),
    "clip": clip.clip_params(clip.ClipJob(Path("c.mp4"), Path("out"), "c", start=1.0)),
    "frame": frame.frame_params(1.0),
}))
"""


def _keys_with(package_root: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _KEYS],
        capture_output=True,
        text=True,
        check=True,
        cwd=package_root,
        env={"PYTHONPATH": str(package_root), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    keys: dict[str, object] = json.loads(done.stdout)
    return keys


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(PACKAGE, root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _edited(tmp_path: Path, name: str, module: str, old: str, new: str) -> Path:
    root = _copy(tmp_path, name)
    path = root / "generator" / "media" / module
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return root


def test_editing_the_code_that_makes_a_derivative_changes_its_key_and_only_its(
    tmp_path: Path,
) -> None:
    original = _keys_with(_copy(tmp_path, "original"))
    webp = _keys_with(_edited(tmp_path, "webp", "image.py", '"quality": 80', '"quality": 81'))
    crf = _keys_with(_edited(tmp_path, "crf", "clip.py", "CRF = 23", "CRF = 24"))
    grab = _keys_with(_edited(tmp_path, "grab", "frame.py", '"-c:v", "png"', '"-c:v", "apng"'))
    comment = _keys_with(_edited(tmp_path, "comment", "clip.py", "CRF = 23", "CRF = 23  # x"))

    assert webp["photo"] != original["photo"]
    assert (webp["clip"], webp["frame"]) == (original["clip"], original["frame"])
    assert crf["clip"] != original["clip"]
    assert (crf["photo"], crf["frame"]) == (original["photo"], original["frame"])
    # The poster of a web copy is one of these frames: its code is the copy's too.
    assert grab["frame"] != original["frame"] and grab["clip"] != original["clip"]
    assert grab["photo"] == original["photo"]
    assert comment == original  # a comment is not code


def test_no_recipe_string_is_left_to_bump() -> None:
    assert not hasattr(image, "RECIPE") and not hasattr(clip, "RECIPE")
    job = ClipJob(Path("c.mp4"), Path("out"), "c")
    for params, module in [
        (image.photo_params((480,)), image),
        (clip.clip_params(job), clip),
        (frame.frame_params(0.0), frame),
    ]:
        assert "recipe" not in params
        assert params["code"] == code_digest(module.__name__)


def _photo(path: Path) -> Path:
    Image.new("RGB", (400, 300), (30, 90, 200)).save(path)
    an_hour_ago = time.time_ns() - 3600 * 10**9  # older than "racily clean": remembered
    os.utime(path, ns=(an_hour_ago, an_hour_ago))
    return path


def test_an_unchanged_build_hits_the_cache_and_a_code_change_misses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _photo(tmp_path / "anh.jpg")
    root = tmp_path / ".cache"

    def build(out: str) -> MediaCache:
        cache = MediaCache(root)
        make_photo_sets([PhotoJob(source, tmp_path / out, "anh", (120,))], cache, workers=1)
        return cache

    first = build("a")
    assert (first.hits, first.misses) == (0, 1)
    unchanged = build("b")
    assert (unchanged.hits, unchanged.misses) == (1, 0)
    monkeypatch.setattr(image, "code_digest", lambda *modules: "the code was edited")
    edited = build("c")
    assert (edited.hits, edited.misses) == (0, 1)
