"""Capture dates: EXIF for photos, creation_time (UTC, read in Vietnam's time) for clips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.workflow.capture_date import capture_date, parse_creation_time


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2021-03-12T02:00:00.000000Z", dt.date(2021, 3, 12)),
        ("2021-05-31T18:00:00.000000Z", dt.date(2021, 6, 1)),  # 01:00 on 1 June in Vietnam
        ("2021-05-31T18:00:00+07:00", dt.date(2021, 5, 31)),
        ("not a date", None),
    ],
)
def test_creation_time(text: str, day: dt.date | None) -> None:
    assert parse_creation_time(text) == day


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
