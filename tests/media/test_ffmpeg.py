"""Running ffmpeg: one command head, and one message for each way it fails."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.errors import EnvironmentProblem
from generator.fsutil import atomic_path
from generator.media import ffmpeg
from generator.media.probe import MediaUnreadable
from generator.tools import FFMPEG_MISSING, ffmpeg_exe

TONE = ["-f", "lavfi", "-i", "sine=duration=0.5"]


def test_every_call_starts_alike_and_overwrites_only_when_it_writes() -> None:
    assert ffmpeg.head() == [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error"]
    assert ffmpeg.head("quiet", writes=True)[1:] == [
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "quiet",
        "-y",
    ]


def test_a_finished_run_gives_its_output_and_messages() -> None:
    done = ffmpeg.run([*ffmpeg.head("info"), *TONE, "-f", "wav", "pipe:1"])
    assert done.code == 0 and done.stdout.startswith(b"RIFF")
    assert "Stream #0:0" in done.stderr


def test_a_missing_ffmpeg_is_the_environment_s_problem(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        ffmpeg.run([str(tmp_path / "ffmpeg"), "-version"])
    assert str(caught.value) == FFMPEG_MISSING


def test_a_file_ffmpeg_cannot_read_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "hong.mp4"
    bad.write_bytes(b"not a clip" * 100)
    with pytest.raises(MediaUnreadable, match=r"^không đọc được tệp: hong\.mp4 \(ffmpeg: .+\)$"):
        ffmpeg.run([*ffmpeg.head(), "-i", str(bad), "-f", "null", "-"], source=bad)


def test_a_failed_job_without_one_file_to_blame_says_what_failed() -> None:
    args = [*ffmpeg.head(), *TONE, "-af", "khong-co-bo-loc", "-f", "null", "-"]
    with pytest.raises(EnvironmentProblem, match=r"^ffmpeg thất bại khi dựng video: .*khong-co"):
        ffmpeg.run(args, doing="dựng video")


def test_a_full_disk_is_the_environment_s_problem_in_the_product_s_sentence() -> None:
    args = [*ffmpeg.head(writes=True), *TONE, "-f", "wav", "/dev/full"]
    with pytest.raises(EnvironmentProblem) as caught:
        ffmpeg.run(args, source=Path("tieng.wav"), doing="chuyển bản thu")
    assert str(caught.value) == (
        "Không thể chuyển bản thu: ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại."
    )


def test_a_run_over_its_time_is_stopped_and_the_file_named(tmp_path: Path) -> None:
    slow = ["-re", "-f", "lavfi", "-i", "sine=duration=30", "-f", "null", "-"]
    began = time.monotonic()
    with pytest.raises(MediaUnreadable, match=r"^không đọc được tệp: cham\.wav \(quá thời gian\)$"):
        ffmpeg.run([*ffmpeg.head(), *slow], source=tmp_path / "cham.wav", timeout=0.5)
    assert time.monotonic() - began < 10  # killed, not waited for


def test_a_failed_run_leaves_no_output_behind(tmp_path: Path) -> None:
    bad = tmp_path / "hong.m4a"
    bad.write_bytes(b"\0" * 1000)
    target = tmp_path / "out" / "ra.m4a"
    with pytest.raises(MediaUnreadable), atomic_path(target) as tmp:
        ffmpeg.run([*ffmpeg.head(writes=True), "-i", str(bad), str(tmp)], source=bad)
    assert list((tmp_path / "out").iterdir()) == []


def test_describe_is_what_ffmpeg_says_of_a_file(tmp_path: Path) -> None:
    tone = tmp_path / "tieng.wav"
    ffmpeg.run([*ffmpeg.head(writes=True), *TONE, str(tone)])
    text = ffmpeg.describe(tone)
    assert "Input #0, wav, from" in text and "Audio: pcm_s16le" in text
