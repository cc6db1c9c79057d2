"""Join the segments without re-encoding, add the soundtrack and the chapters, move the index
to the front (+faststart): one ffmpeg call, written atomically."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.fsutil import atomic_path
from generator.video import ffmpeg
from generator.video.timeline import ChapterSpan


def ffmetadata(spans: Sequence[ChapterSpan], title: str = "") -> str:
    """An FFMETADATA1 file: the title and one chapter per span, in milliseconds."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={_escape(title)}")
    for span in spans:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(span.start * 1000)}",
            f"END={round(span.end * 1000)}",
            f"title={_escape(span.title)}",
        ]
    return "\n".join(lines) + "\n"


def mux(
    segments: Sequence[Path],
    soundtrack: Path,
    spans: Sequence[ChapterSpan],
    out: Path,
    title: str = "",
) -> None:
    with tempfile.TemporaryDirectory(prefix="baocao-mux-") as work:
        concat = Path(work) / "segments.ffconcat"
        concat.write_text(ffmpeg.concat_list(segments), encoding="utf-8")
        metadata = Path(work) / "chapters.ffmeta"
        metadata.write_text(ffmetadata(spans, title), encoding="utf-8")
        with atomic_path(out) as tmp:
            ffmpeg.run([
                *ffmpeg.base_args(),
                "-f", "concat", "-safe", "0", "-i", str(concat),
                "-i", str(soundtrack),
                "-f", "ffmetadata", "-i", str(metadata),
                "-map", "0:v", "-map", "1:a",
                "-map_metadata", "2", "-map_chapters", "2",
                "-c", "copy",
                "-metadata:s:a:0", "language=vie",
                "-movflags", "+faststart",
                "-f", "mp4", str(tmp),
            ])  # fmt: skip


def _escape(value: str) -> str:
    # FFMETADATA: '=', ';', '#', '\' and newlines are escaped with a backslash.
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value
