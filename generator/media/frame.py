"""A clip's frame as a still picture: the poster candidates of a web copy (``clip.py``) and the
contact sheet's picture of a clip shot, kept in the media cache (``site/contact_sheet.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.codehash import code_digest
from generator.media import ffmpeg
from generator.media.cache import MediaCache
from generator.media.errors import MediaUnreadable

_FRAME = "frame.png"


def frame_png(video: Path, at: float) -> bytes:
    """The frame shown ``at`` seconds into ``video``, as PNG bytes without metadata; empty when
    ``at`` lies past the last frame. Raises MediaUnreadable."""
    args = [*ffmpeg.head(), "-ss", f"{at:.3f}", "-i", str(video), "-frames:v", "1"]
    args += ["-map_metadata", "-1", "-f", "image2pipe", "-c:v", "png", "pipe:1"]
    return ffmpeg.run(args, source=video, doing="lấy khung hình").stdout


def clip_frame(cache: MediaCache, source: Path, at: float) -> Path:
    """A PNG of the clip's frame at ``at`` seconds (the first frame if ``at`` is past the end),
    kept in the cache. Raises MediaUnreadable."""
    if not source.is_file():
        raise MediaUnreadable(f"không tìm thấy tệp: {source.name}")

    def make(folder: Path) -> dict[str, Any]:
        data = frame_png(source, at) or frame_png(source, 0.0)
        if not data:
            raise MediaUnreadable(f"không lấy được khung hình nào từ {source.name}")
        (folder / _FRAME).write_bytes(data)
        return {"frame": _FRAME}

    return cache.get_or_make(source, frame_params(at), make).dir / _FRAME


def frame_params(at: float) -> dict[str, Any]:
    """What, besides the clip's bytes, decides the frame (the cache key's other half): the
    time, and the code and the ffmpeg that take it."""
    return {"code": code_digest(__name__), "ffmpeg": ffmpeg.build(), "at": round(at, 3)}
