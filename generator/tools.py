"""Locations of the external programs and data the stages use: ffmpeg, the font, espeak-ng.

All come from installed Python packages (DESIGN.md's component table); nothing is downloaded.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.errors import EnvironmentProblem

FFMPEG_MISSING = (
    "Không tìm thấy ffmpeg (gói imageio-ffmpeg); hãy chạy lại bước cài đặt trong README."
)


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped by the ``imageio-ffmpeg`` wheel."""
    try:
        import imageio_ffmpeg

        exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # the wheel is missing or has no binary for this platform
        raise EnvironmentProblem(FFMPEG_MISSING) from exc
    return exe


def font_path(weight: str = "Regular", italic: bool = False) -> Path:
    """Path of a Be Vietnam Pro TTF from ``fontpkg-be-vietnam-pro`` (e.g. weight="Bold")."""
    import fontpkg_be_vietnam_pro

    name = f"BeVietnamPro-{weight}{'Italic' if italic else ''}.ttf"
    if weight == "Regular" and italic:
        name = "BeVietnamPro-Italic.ttf"
    path = Path(fontpkg_be_vietnam_pro.ROOT) / "files" / name
    if not path.is_file():
        raise EnvironmentProblem(f"Thiếu phông chữ {name} (gói fontpkg-be-vietnam-pro).")
    return path
