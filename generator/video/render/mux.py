"""Join the segments without re-encoding, add the soundtrack and the chapters, move the index
to the front (+faststart): one ffmpeg call, written atomically."""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.fsutil import atomic_path
from generator.video.render import ffmpeg
from generator.video.render.timeline import ChapterSpan


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


def track_seconds(path: Path) -> dict[str, float]:
    """Presentation length of the video and audio tracks, read from the MP4's ``moov`` box
    (track header durations, edit lists applied): no process, no decoding."""
    data = _read_top_level(path, b"moov")
    if data is None:
        return {}
    moov = (0, len(data))
    mvhd = _child(data, *moov, b"mvhd")
    assert mvhd is not None
    version = data[mvhd[0]]
    timescale = struct.unpack_from(">I", data, mvhd[0] + (20 if version else 12))[0]
    found: dict[str, float] = {}
    for trak in _children(data, *moov, b"trak"):
        tkhd, mdia = _child(data, *trak, b"tkhd"), _child(data, *trak, b"mdia")
        hdlr = _child(data, *mdia, b"hdlr") if mdia else None
        if tkhd is None or hdlr is None:
            continue
        kind = {b"vide": "video", b"soun": "audio"}.get(data[hdlr[0] + 8 : hdlr[0] + 12])
        version = data[tkhd[0]]
        fmt, at = (">Q", tkhd[0] + 28) if version else (">I", tkhd[0] + 20)
        if kind:
            found[kind] = struct.unpack_from(fmt, data, at)[0] / timescale
    return found


def _read_top_level(path: Path, name: bytes) -> bytes | None:
    """The payload of a top-level box, seeking past the others (``mdat`` is most of the file)."""
    with path.open("rb") as handle:
        while len(header := handle.read(8)) == 8:
            size, kind = struct.unpack(">I4s", header)
            header_size = 8
            if size == 1:
                size, header_size = struct.unpack(">Q", handle.read(8))[0], 16
            if kind == name:
                return handle.read(size - header_size) if size else handle.read()
            if size < header_size:
                return None
            handle.seek(size - header_size, 1)
    return None


def _children(data: bytes, start: int, end: int, name: bytes) -> list[tuple[int, int]]:
    """(payload start, end) of each box called ``name`` directly inside ``start:end``."""
    boxes, at = [], start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, at + 8)[0], 16
        elif size == 0:
            size = end - at
        if size < header:
            break
        if kind == name:
            boxes.append((at + header, at + size))
        at += size
    return boxes


def _child(data: bytes, start: int, end: int, name: bytes) -> tuple[int, int] | None:
    found = _children(data, start, end, name)
    return found[0] if found else None


def _escape(value: str) -> str:
    # FFMETADATA: '=', ';', '#', '\' and newlines are escaped with a backslash.
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value
