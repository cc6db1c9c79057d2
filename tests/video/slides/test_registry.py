"""Slide kinds map to drawers; an unknown kind is an error; drawn slides are cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.video.slides import registry
from generator.video.slides.slide import Slide

SIZE = (320, 180)


def test_an_unknown_kind_is_an_error_not_an_indicator_table(tmp_path: Path) -> None:
    slide = Slide("chart", "Biểu đồ")
    with pytest.raises(registry.UnknownSlideKind, match=r"'chart'.*closing, indicators"):
        registry.draw(slide, SIZE)
    with pytest.raises(registry.UnknownSlideKind):
        registry.drawn_slide(slide, SIZE, tmp_path)
    assert not (tmp_path / "slides").exists()


@pytest.mark.parametrize("kind", sorted(registry.DRAWERS))
def test_every_registered_kind_draws_at_the_requested_size(kind: str) -> None:
    image = registry.draw(Slide(kind, "Kết quả", ("VKSND tỉnh Phú Yên", "Tuy Hòa"), 2), SIZE)
    assert image.size == SIZE and image.mode == "RGB"


def test_adding_a_kind_is_one_registry_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    def plain(slide: Slide, size: tuple[int, int]) -> Image.Image:
        return Image.new("RGB", size, (1, 2, 3))

    monkeypatch.setitem(registry.DRAWERS, "plain", plain)
    assert registry.draw(Slide("plain", ""), SIZE).getpixel((0, 0)) == (1, 2, 3)


def test_a_drawn_slide_is_reused_until_what_it_shows_changes(tmp_path: Path) -> None:
    slide = Slide("section", "Kết quả thực hiện chỉ tiêu", number=2)
    first = registry.drawn_slide(slide, SIZE, tmp_path)
    stamp = first.stat().st_mtime_ns
    assert registry.drawn_slide(slide, SIZE, tmp_path) == first
    assert first.stat().st_mtime_ns == stamp
    other = registry.drawn_slide(Slide("section", "Kết thúc", number=4), SIZE, tmp_path)
    assert other != first
    assert registry.drawn_slide(slide, (640, 360), tmp_path) not in (first, other)
