"""The loader's deeper look at a clip: decode its first frames and sound and its last seconds.

``probe_media`` reads only the header (``ffmpeg -i``): a clip cut short while copying, a single
picture saved as a clip or an undecodable stream pass it and would break the render later.
Three short ffmpeg runs per clip (header, head, tail) whatever its length: the tail is reached
by seeking, not by reading the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.formatting import format_number
from generator.media import ffmpeg
from generator.media.probe import MediaInfo, MediaUnreadable

_TIMEOUT_S = 60
_HEAD_SECONDS = 2.0
_HEAD_FRAMES = 2  # a moving picture has two frames within its first two seconds
_TAIL_SECONDS = 2.0
_TAIL_TOLERANCE_S = 0.5  # the picture may stop a little before the sound does
_TIME_BASE = re.compile(r"^#tb (\d+): (\d+)/(\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class _Decoded:
    frames: int
    end: float  # seconds: where the last decoded frame ends, in the file's own timestamps


def check_decodes(path: Path, info: MediaInfo) -> None:
    """Decode a clip's first frames (and first sound) and its last seconds; raise
    MediaUnreadable when either fails. ``ffmpeg -i`` reads only the header: a clip cut short
    while copying, a single picture or an undecodable stream pass it and break the render later.
    """
    head = ["-t", f"{_HEAD_SECONDS}", "-i", str(path), "-map", "0:v:0"]
    frames = ["-frames:v", str(_HEAD_FRAMES)]
    decoded = _decode(path, [*head, *(["-map", "0:a:0"] if info.has_audio else []), *frames])
    sound_fails = info.has_audio and 1 not in decoded
    if sound_fails and 0 not in decoded:  # an undecodable sound stops ffmpeg altogether
        decoded = _decode(path, [*head, *frames])
    picture = decoded.get(0, _Decoded(0, 0.0))
    if picture.frames == 0:
        raise MediaUnreadable(
            f"không đọc được tệp video: {path.name} (không giải mã được hình ở đầu video)"
        )
    if picture.frames < _HEAD_FRAMES:
        raise MediaUnreadable(
            f"tệp {path.name} chỉ có một khung hình, không phải video; hãy dùng tệp ảnh"
        )
    if sound_fails:
        raise MediaUnreadable(
            f"không đọc được tệp video: {path.name} (không giải mã được tiếng ở đầu video; "
            "hãy xuất lại video với tiếng AAC)"
        )
    seek = ["-sseof", f"-{_TAIL_SECONDS}", "-copyts", "-i", str(path), "-map", "0:v:0"]
    tail = _decode(path, seek).get(0, _Decoded(0, 0.0))
    if tail.end < info.duration - _TAIL_TOLERANCE_S:
        stop = format_number(tail.end, 1)
        raise MediaUnreadable(
            f"không đọc được tệp video: {path.name} (hình dừng ở giây {stop}, trước khi video "
            f"hết ({format_number(info.duration, 1)} giây): tệp không đầy đủ ở cuối, có thể bị "
            "cắt khi sao chép; hãy chép lại tệp gốc)"
        )


def _decode(path: Path, args: list[str]) -> dict[int, _Decoded]:
    """Frames of ``path`` decoded per output stream, from ffmpeg's framecrc (one line per frame:
    ``stream, dts, pts, duration, size, crc`` in the stream's ``#tb`` time base). What failed
    to decode is missing from it: the exit code says no more."""
    command = [*ffmpeg.head("quiet"), *args, "-f", "framecrc", "-"]
    done = ffmpeg.run(command, source=path, timeout=_TIMEOUT_S, check=False)
    text = done.stdout.decode("ascii", errors="replace")
    bases = {int(m[1]): int(m[2]) / int(m[3]) for m in _TIME_BASE.finditer(text) if int(m[3])}
    decoded: dict[int, _Decoded] = {}
    for line in text.splitlines():
        fields = [field.strip() for field in line.split(",")]
        if len(fields) < 4 or not all(f.lstrip("-").isdigit() for f in fields[:4]):
            continue
        stream, _dts, pts, duration = (int(f) for f in fields[:4])
        end = (pts + duration) * bases.get(stream, 0.0)
        known = decoded.get(stream, _Decoded(0, 0.0))
        decoded[stream] = _Decoded(known.frames + 1, max(known.end, end))
    return decoded
