"""When a photo was taken or a clip recorded, from the file's own metadata.

Photos: EXIF DateTimeOriginal (local time as the camera was set). Clips: the container's
``creation_time``, which phones write in UTC; it is read in Vietnam's time (UTC+7), so a clip
recorded at 01:00 on 1 June is not filed under 31 May. Missing or implausible values (cameras
never set, the 1904/1970 epochs) give None. Zalo and e-mail often strip these: staff then fill
the date in themselves.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from PIL import Image

from generator.media.probe import media_kind
from generator.tools import ffmpeg_exe

VIETNAM = dt.timezone(dt.timedelta(hours=7))
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_EARLIEST_YEAR = 1990
_CREATION_TIME = re.compile(r"^\s*creation_time\s*:\s*(\S+)", re.MULTILINE)
_TIMEOUT_S = 60


def capture_date(path: Path) -> dt.date | None:
    """The day ``path`` was shot, or None when the file does not say (or says nonsense)."""
    kind = media_kind(path)
    if kind == "photo":
        return _photo_date(path)
    if kind == "clip":
        return _clip_date(path)
    return None


def _photo_date(path: Path) -> dt.date | None:
    try:
        with Image.open(path) as img:
            value = img.getexif().get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL)
    except (OSError, ValueError, SyntaxError):
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="ignore")
    if not isinstance(value, str):
        return None
    try:
        day = dt.datetime.strptime(value.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S").date()
    except ValueError:
        return None
    return _plausible(day)


def _clip_date(path: Path) -> dt.date | None:
    try:
        done = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
            capture_output=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    match = _CREATION_TIME.search(done.stderr.decode("utf-8", errors="replace"))
    if match is None:
        return None
    return _plausible(parse_creation_time(match.group(1)))


def parse_creation_time(text: str) -> dt.date | None:
    """``2021-05-31T18:30:00.000000Z`` → 1 June 2021 (UTC read as Vietnam's time)."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).date()


def _plausible(day: dt.date | None) -> dt.date | None:
    if day is None or day.year < _EARLIEST_YEAR:
        return None
    return day
