"""The FFMETADATA chapter file handed to ffmpeg."""

from __future__ import annotations

from pathlib import Path

import pytest
from video.render import media

from generator.model import SectionId
from generator.video.render.mux import ffmetadata, track_seconds
from generator.video.render.timeline import ChapterSpan


def test_chapters_in_milliseconds_with_escaped_titles() -> None:
    spans = [ChapterSpan(SectionId.INDICATORS, "Chỉ tiêu = 100%; #1", 1.5, 12.25)]
    assert ffmetadata(spans, "Báo cáo") == (
        ";FFMETADATA1\ntitle=Báo cáo\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1500\nEND=12250\n"
        "title=Chỉ tiêu \\= 100%\\; \\#1\n"
    )


def test_track_lengths_are_read_from_the_moov_box(tmp_path: Path) -> None:
    out = tmp_path / "x.mp4"
    media.run_ffmpeg(
        "-f", "lavfi", "-i", "color=s=64x36:r=10:d=1.5", "-f", "lavfi", "-i", "sine=d=1.5",
        "-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart", str(out),
    )  # fmt: skip
    lengths = track_seconds(out)
    assert lengths["video"] == pytest.approx(1.5) and lengths["audio"] == pytest.approx(
        1.5, abs=0.03
    )
