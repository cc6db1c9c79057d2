"""Probing a clip for the engine, clip cuts and the dips at segment edges."""

from __future__ import annotations

from pathlib import Path

import pytest
from video.render import media

from generator.errors import InputError
from generator.media.probe import MediaInfo
from generator.video.render.clips import clip_cut, edge_fades, probe_clip
from generator.video.render.scenes import ClipShot, RenderSettings

INFO = MediaInfo("clip", 1920, 1080, 10.0, has_audio=True, rotation=0)


def test_a_real_rotated_clip_is_probed_at_its_display_size(tmp_path: Path) -> None:
    info = probe_clip(media.clip(tmp_path / "phone.mp4", (64, 36), 1.0, rotation=90))
    assert (info.width, info.height, info.has_audio) == (36, 64, True)
    assert info.aspect == pytest.approx(36 / 64)
    assert info.duration == pytest.approx(1.0, abs=0.1)


def test_an_unreadable_clip_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "hong.mp4"
    bad.write_bytes(b"not a video " * 50)
    with pytest.raises(InputError) as caught:
        probe_clip(bad)
    assert str(caught.value) == (
        f"{bad}: Không đọc được tệp video: hong.mp4 (tệp hỏng hoặc định dạng lạ)"
    )


def test_a_sound_file_given_as_a_clip_is_an_input_error(tmp_path: Path) -> None:
    song = media.tone(tmp_path / "song.wav", 0.5)
    with pytest.raises(InputError, match=r"song\.wav: Không phải tệp video: song\.wav$"):
        probe_clip(song)


def test_cut_is_clamped_to_the_file() -> None:
    assert clip_cut(ClipShot(Path("c.mp4"), 3.0, 12.5), INFO) == (3.0, 7.0)
    assert clip_cut(ClipShot(Path("c.mp4"), -1.0, None), INFO) == (0.0, 10.0)


def test_dips_fit_inside_short_segments() -> None:
    settings = RenderSettings(fps=20, dip=0.25)
    assert edge_fades(100, settings) == ["fade=t=in:s=0:n=5", "fade=t=out:s=95:n=5"]
    assert edge_fades(4, settings) == ["fade=t=in:s=0:n=2", "fade=t=out:s=2:n=2"]
    assert edge_fades(1, settings) == []
