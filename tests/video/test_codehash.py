"""The one cache rule: editing the code that draws or renders changes the key of what it made.

The end-to-end check edits a copy of the package (a colour in ``slides/paint.py``) and draws
through it in a fresh process, exactly as a user who changes a colour and renders again.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator import codehash

PACKAGE = Path(generator.__file__).parent

# Draws the title card through the package found on PYTHONPATH; prints the cache key, the PNG
# and its modification time, and the keys of a captioned photo segment and of a soundtrack.
_SCRIPT = """
import json, sys
from pathlib import Path
from generator.video.render import audio, segments
from generator.video.render.scenes import RenderSettings, Scene, Still
from generator.video.slides.registry import drawn_slide, slide_key
from generator.video.slides.slide import Slide

cache, photo = Path(sys.argv[1]), Path(sys.argv[2])
slide = Slide("title", "Báo cáo sơ kết", ("VKSND tỉnh Phú Yên", "Tuy Hòa"))
path = drawn_slide(slide, (320, 180), cache)
settings = RenderSettings(size=(320, 180), fps=10, cache_dir=cache)
scene = Scene("anh", "don-vi", "Ảnh", Still(photo, "Tuy Hòa: kiểm sát"), 2.0)
print(json.dumps({
    "key": slide_key(slide, (320, 180)),
    "png": str(path),
    "mtime": path.stat().st_mtime_ns,
    "segment": segments.segment_key(scene, 20, settings),
    "audio": audio._key([], 96000, settings),
}))
"""


def _draw_with(package_root: Path, cache: Path, photo: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(cache), str(photo)],
        capture_output=True,
        text=True,
        check=True,
        cwd=package_root,
        env={"PYTHONPATH": str(package_root), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout)


def _copy_package(dest: Path) -> Path:
    shutil.copytree(PACKAGE, dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_editing_a_colour_redraws_the_slide_and_re_encodes_captioned_scenes(
    tmp_path: Path,
) -> None:
    from PIL import Image

    photo = tmp_path / "anh.png"
    Image.new("RGB", (64, 36), (10, 90, 40)).save(photo)
    cache = tmp_path / "cache"
    original = _copy_package(tmp_path / "original")
    edited = _copy_package(tmp_path / "edited")
    paint = edited / "generator" / "video" / "slides" / "paint.py"
    source = paint.read_text(encoding="utf-8")
    assert "GOLD: Color = (222, 178, 82)" in source
    paint.write_text(source.replace("(222, 178, 82)", "(222, 178, 90)"), encoding="utf-8")

    before = _draw_with(original, cache, photo)
    after = _draw_with(edited, cache, photo)
    again = _draw_with(original, cache, photo)

    assert after["key"] != before["key"]
    assert after["png"] != before["png"]
    old, new = Image.open(str(before["png"])), Image.open(str(after["png"]))
    assert old.size == new.size == (320, 180)
    assert old.tobytes() != new.tobytes()  # drawn again, in the new gold
    # The caption band is painted with the same gold: its segment is encoded again too.
    assert after["segment"] != before["segment"]
    # The soundtrack does not depend on the slides' code: it stays cached.
    assert after["audio"] == before["audio"]
    # Back to the original code: the original card is reused, not drawn again.
    assert again["key"] == before["key"] and again["mtime"] == before["mtime"]


def test_digest_follows_every_module_a_package_imports_from_generator() -> None:
    modules = codehash.closure(["generator.video.slides"])
    assert {
        "generator.video.slides.paint",
        "generator.video.slides.text",
        "generator.video.slides.indicators",
        "generator.video.slides.registry",
        "generator.evaluation",  # the Status the tables are drawn from
        "generator.tools",  # the font files' location
    } <= modules.keys()
    assert "generator.video.render.engine" not in modules


def test_imports_for_the_type_checker_alone_are_not_part_of_the_code() -> None:
    # scenes.py names the model's SectionId only under TYPE_CHECKING: editing the content
    # model must not re-encode every segment.
    modules = codehash.closure(["generator.video.render.segments"])
    assert "generator.video.render.scenes" in modules
    assert "generator.video.slides.cards" in modules  # the caption band
    assert not any(name.startswith("generator.model") for name in modules)


def test_comments_and_docstrings_are_not_code_but_values_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "generator"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = package / "drawing.py"

    def digest(source: str) -> str:
        module.write_text(source, encoding="utf-8")
        codehash._code_sha.cache_clear()
        codehash._code_digest.cache_clear()
        return codehash.code_digest("generator.drawing")

    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "generator")
    original = digest('"""Cards."""\nGOLD = (222, 178, 82)  # the frame\n')
    assert digest('"""Cards, reworded."""\n\n# a comment\nGOLD = (222, 178, 82)\n') == original
    assert digest('"""Cards."""\nGOLD = (222, 178, 90)  # the frame\n') != original


def test_file_digest_changes_with_the_bytes(tmp_path: Path) -> None:
    font = tmp_path / "a.ttf"
    font.write_bytes(b"one")
    first = codehash.file_digest([font])
    codehash._file_sha.cache_clear()
    font.write_bytes(b"two")
    assert codehash.file_digest([font]) != first
