"""The day a photo was taken or a clip recorded, from what the media probe read in the file.

Photos: EXIF DateTimeOriginal (local time as the camera was set). Clips: the container's
``creation_time``, which phones write in UTC; every aware moment is read in Vietnam's time
(UTC+7), so a clip recorded at 01:00 on 1 June is not filed under 31 May. Missing or implausible
values (cameras never set, the 1904/1970 epochs) give None. Zalo and e-mail often strip these:
staff then fill the date in themselves. The parsing itself lives in generator.media.probe.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.media.probe import MediaInfo, MediaUnreadable, probe_media

VIETNAM = dt.timezone(dt.timedelta(hours=7))
_EARLIEST_YEAR = 1990


def capture_date(path: Path) -> dt.date | None:
    """The day ``path`` was shot, or None when the file does not say (or cannot be read)."""
    try:
        return capture_day(probe_media(path))
    except MediaUnreadable:
        return None


def capture_day(info: MediaInfo) -> dt.date | None:
    """The day of ``info.created`` in Vietnam, or None when absent or implausible."""
    if info.kind == "audio" or info.created is None:
        return None
    moment = info.created
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM)
    day = moment.date()
    return day if day.year >= _EARLIEST_YEAR else None
