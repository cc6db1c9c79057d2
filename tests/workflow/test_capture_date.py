"""Capture dates: the probe's EXIF or creation_time, read as a day in Vietnam's time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.media.probe import MediaInfo
from generator.workflow.capture_date import capture_date, capture_day

UTC, PLUS_9 = dt.UTC, dt.timezone(dt.timedelta(hours=9))


def _info(created: dt.datetime | None) -> MediaInfo:
    return MediaInfo("clip", 640, 360, 1.0, has_audio=False, rotation=0, created=created)


@pytest.mark.parametrize(
    ("created", "day"),
    [
        (dt.datetime(2021, 3, 12, 2, 0, tzinfo=UTC), dt.date(2021, 3, 12)),
        (dt.datetime(2021, 5, 31, 18, 0, tzinfo=UTC), dt.date(2021, 6, 1)),  # 01:00 in Vietnam
        (dt.datetime(2021, 6, 1, 1, 0, tzinfo=PLUS_9), dt.date(2021, 5, 31)),  # 23:00 in Vietnam
        (dt.datetime(2021, 5, 31, 23, 30), dt.date(2021, 5, 31)),  # a camera's clock: as is
        (dt.datetime(1970, 1, 1, tzinfo=UTC), None),  # a clock never set
        (dt.datetime(1904, 1, 1, tzinfo=UTC), None),
        (None, None),
    ],
)
def test_capture_day_is_the_day_in_vietnam(
    created: dt.datetime | None, day: dt.date | None
) -> None:
    assert capture_day(_info(created)) == day


def test_photo_and_clip_dates(
    tmp_path: Path, photo: Callable[..., Path], clip: Callable[..., Path]
) -> None:
    assert capture_date(photo(tmp_path / "a.JPG", (1, 1, 1), "2021:03:14 09:15:00")) == dt.date(
        2021, 3, 14
    )
    assert capture_date(photo(tmp_path / "b.jpg", (1, 1, 1))) is None
    assert capture_date(photo(tmp_path / "c.jpg", (1, 1, 1), "0000:00:00 00:00:00")) is None
    assert capture_date(clip(tmp_path / "d.mp4", "2021-04-20T02:30:00Z")) == dt.date(2021, 4, 20)
    assert capture_date(clip(tmp_path / "e.mp4", "1970-01-01T00:00:00Z")) is None
    (tmp_path / "broken.mp4").write_bytes(b"not a clip")
    assert capture_date(tmp_path / "broken.mp4") is None
