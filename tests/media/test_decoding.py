"""check_decodes: clips decoded at both ends, so what the header hides is found by check."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.media import decoding
from generator.media.decoding import check_decodes
from generator.media.probe import MediaInfo, MediaUnreadable, probe_media
from generator.tools import ffmpeg_exe


def _ffmpeg(*args: str) -> None:
    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    subprocess.run(command, check=True)


def test_check_decodes_passes_a_whole_clip_and_refuses_a_cut_one(tmp_path: Path, make_clip) -> None:
    whole = make_clip(tmp_path / "whole.mp4", seconds=2.0)
    check_decodes(whole, probe_media(whole))  # no exception
    _ffmpeg("-i", str(whole), "-c", "copy", "-movflags", "+faststart", str(tmp_path / "fs.mp4"))
    data = (tmp_path / "fs.mp4").read_bytes()
    (tmp_path / "cut.mp4").write_bytes(data[: len(data) // 2])
    info = probe_media(tmp_path / "cut.mp4")  # the header is intact: the probe cannot tell
    assert info.duration == pytest.approx(2.0, abs=0.1)
    with pytest.raises(MediaUnreadable, match=r"tệp không đầy đủ ở cuối"):
        check_decodes(tmp_path / "cut.mp4", info)


def test_a_single_frame_is_not_a_clip(tmp_path: Path) -> None:
    still = tmp_path / "mot-khung.mp4"
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-frames:v", "1", str(still))
    with pytest.raises(MediaUnreadable, match=r"^tệp mot-khung.mp4 chỉ có một khung hình"):
        check_decodes(still, probe_media(still))


def test_an_undecodable_sound_is_told_apart_from_the_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ffmpeg stops at once when one mapped stream cannot be decoded: decode the picture alone."""
    calls: list[list[str]] = []

    def decode(path: Path, args: list[str]) -> dict[int, decoding._Decoded]:
        calls.append(args)
        if "0:a:0" in args:
            return {}  # the sound's decoder failed: nothing at all came out
        return {0: decoding._Decoded(2, 10.0)}

    monkeypatch.setattr(decoding, "_decode", decode)
    info = MediaInfo("clip", 640, 360, 10.0, has_audio=True, rotation=0)
    with pytest.raises(MediaUnreadable, match=r"\(không giải mã được tiếng ở đầu video; hãy"):
        check_decodes(tmp_path / "am-thanh-la.mp4", info)
    assert len(calls) == 2  # the tail is not reached
