"""Clip cuts and the dips at segment edges."""

from __future__ import annotations

from pathlib import Path

from generator.video.clips import clip_cut, edge_fades
from generator.video.probe import MediaInfo
from generator.video.scenes import ClipShot, RenderSettings

INFO = MediaInfo(width=1920, height=1080, duration=10.0, has_audio=True)


def test_cut_is_clamped_to_the_file() -> None:
    assert clip_cut(ClipShot(Path("c.mp4"), 3.0, 12.5), INFO) == (3.0, 7.0)
    assert clip_cut(ClipShot(Path("c.mp4"), -1.0, None), INFO) == (0.0, 10.0)


def test_dips_fit_inside_short_segments() -> None:
    settings = RenderSettings(fps=20, dip=0.25)
    assert edge_fades(100, settings) == ["fade=t=in:s=0:n=5", "fade=t=out:s=95:n=5"]
    assert edge_fades(4, settings) == ["fade=t=in:s=0:n=2", "fade=t=out:s=2:n=2"]
    assert edge_fades(1, settings) == []
