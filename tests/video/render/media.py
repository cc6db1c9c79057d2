"""Tiny media for the render engine's tests, and ffmpeg-based looks at what it produced.

Not a test module: imported as ``video.render_media`` (pyproject puts tests/ on sys.path).
Everything is made on the fly with Pillow and ffmpeg's lavfi sources, a few KB each.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

from generator.tools import ffmpeg_exe


def run_ffmpeg(*args: str) -> str:
    """Run ffmpeg; return stderr (where it reports everything)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args], capture_output=True, check=False
    )
    return proc.stderr.decode("utf-8", "replace")


def describe(path: Path) -> str:
    """``ffmpeg -i``'s description of a file (streams, chapters, metadata)."""
    return run_ffmpeg("-i", str(path))


def split_photo(path: Path, size: tuple[int, int], orientation: int = 1) -> Path:
    """Top half red, bottom half blue (as stored), optionally with an EXIF orientation tag."""
    image = Image.new("RGB", size, (0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, size[0], size[1] // 2 - 1), fill=(255, 0, 0))
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    image.save(path, quality=95, exif=exif)
    return path


def plain_photo(path: Path, size: tuple[int, int], color: tuple[int, int, int]) -> Path:
    Image.new("RGB", size, color).save(path)
    return path


def tone(path: Path, seconds: float, frequency: int = 440, volume: float = 0.3) -> Path:
    """A mono sine wav standing in for narration (speech-like loudness once normalised)."""
    run_ffmpeg(
        "-f", "lavfi", "-i", f"sine=f={frequency}:r=22050:d={seconds}",
        "-af", f"volume={volume}", "-ac", "1", str(path),
    )  # fmt: skip
    return path


def clip(
    path: Path, size: tuple[int, int], seconds: float, rotation: int = 0, audio: bool = True
) -> Path:
    """A clip stored red-over-blue (with a tone), optionally tagged as filmed rotated (phone)."""
    raw = path.with_name(f"raw-{path.name}")
    sound = ["-f", "lavfi", "-i", f"sine=f=300:r=44100:d={seconds}"] if audio else []
    w, h = size[0], size[1] // 2
    picture = (
        f"color=c=red:s={w}x{h}:r=25:d={seconds}[top];"
        f"color=c=blue:s={w}x{h}:r=25:d={seconds}[bottom];[top][bottom]vstack"
    )
    run_ffmpeg(
        "-f", "lavfi", "-i", picture, *sound,
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
        str(raw),
    )  # fmt: skip
    run_ffmpeg("-display_rotation", str(rotation), "-i", str(raw), "-c", "copy", str(path))
    raw.unlink()
    return path


def frame_at(video: Path, seconds: float) -> Image.Image:
    """The decoded frame at ``seconds`` as an RGB image."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(video),
         "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"],
        capture_output=True, check=True,
    )  # fmt: skip
    return Image.open(io.BytesIO(proc.stdout)).convert("RGB")


def decoded_frames(video: Path) -> int:
    text = run_ffmpeg("-i", str(video), "-map", "0:v", "-f", "null", "-")
    return int(re.findall(r"frame=\s*(\d+)", text)[-1])


def stream_seconds(video: Path, stream: str) -> float:
    """Decoded length of the first video (``v``) or audio (``a``) stream."""
    text = run_ffmpeg("-i", str(video), "-map", f"0:{stream}", "-f", "null", "-")
    h, m, s = re.findall(r"time=(\d+):(\d+):(\d+\.\d+)", text)[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) measured by ffmpeg's ebur128."""
    text = run_ffmpeg("-i", str(path), "-map", "0:a", "-af", "ebur128=peak=true", "-f", "null", "-")
    integrated = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", text)[-1])
    peak = float(re.findall(r"Peak:\s+(-?[\d.]+) dBFS", text)[-1])
    return integrated, peak


def top_level_atoms(path: Path) -> list[str]:
    """The MP4's top-level box names in file order (faststart puts moov before mdat)."""
    names, data, offset = [], path.read_bytes(), 0
    while offset + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        names.append(name.decode("latin-1"))
        if size < 8:
            break
        offset += size
    return names
