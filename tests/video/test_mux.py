"""The FFMETADATA chapter file handed to ffmpeg."""

from __future__ import annotations

from generator.video.mux import ffmetadata
from generator.video.scenes import Section
from generator.video.timeline import ChapterSpan


def test_chapters_in_milliseconds_with_escaped_titles() -> None:
    spans = [ChapterSpan(Section.CHI_TIEU, "Chỉ tiêu = 100%; #1", 1.5, 12.25)]
    assert ffmetadata(spans, "Báo cáo") == (
        ";FFMETADATA1\ntitle=Báo cáo\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1500\nEND=12250\n"
        "title=Chỉ tiêu \\= 100%\\; \\#1\n"
    )
