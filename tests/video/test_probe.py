"""Reading a clip's displayed geometry from ``ffmpeg -i`` (no ffprobe in the product)."""

from __future__ import annotations

from pathlib import Path

import pytest
from video import render_media as media

from generator.errors import InputError
from generator.video.probe import parse_probe, probe

PHONE = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 235 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1920x1080 [SAR 1:1 DAR 16:9], 155 kb/s, 30 fps
    Side data:
      Display Matrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC), 44100 Hz, mono, fltp, 69 kb/s (default)
"""


def test_rotation_swaps_the_displayed_size() -> None:
    info = parse_probe(PHONE)
    assert info is not None
    assert (info.width, info.height, info.rotation) == (1080, 1920, 270)
    assert info.duration == 62.5 and info.has_audio


def test_anamorphic_pixels_are_squared_and_cover_art_ignored() -> None:
    text = (
        "  Duration: 00:00:05.00, start: 0.0\n"
        "  Stream #0:0: Video: mjpeg, yuvj420p, 600x600, 90k tbr (attached pic)\n"
        "  Stream #0:1: Video: mpeg2video, yuv420p, 720x576 [SAR 64:45 DAR 16:9], 25 fps\n"
    )
    info = parse_probe(text)
    assert info is not None
    assert (info.width, info.height, info.has_audio) == (1024, 576, False)


def test_a_real_rotated_clip(tmp_path: Path) -> None:
    info = probe(media.clip(tmp_path / "phone.mp4", (64, 36), 1.0, rotation=90))
    assert (info.width, info.height, info.rotation, info.has_audio) == (36, 64, 90, True)
    assert info.duration == pytest.approx(1.0, abs=0.1)


def test_not_a_video_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "hong.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(InputError, match=r"hong\.mp4"):
        probe(bad)
