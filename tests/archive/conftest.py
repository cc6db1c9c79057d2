"""Shared sample for the archive tests: a few files like a real period's bag, made in tmp."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.archive.bag import BagInfo, make_bag


@pytest.fixture
def bag_info() -> BagInfo:
    return BagInfo(
        organization="Viện kiểm sát nhân dân tỉnh Phú Yên",
        description="Tư liệu sơ kết công tác 6 tháng đầu năm 2021 cho phòng truyền thống.",
        bagging_date=date(2021, 7, 15),
        period_id="2021-h1",
        period_title="Sơ kết công tác 6 tháng đầu năm 2021",
        period_start=date(2020, 12, 1),
        period_end=date(2021, 5, 31),
        identifier="vksnd-phu-yen-2021-h1",
    )


@pytest.fixture
def payload(tmp_path: Path) -> dict[str, Path | bytes]:
    originals = tmp_path / "media"
    originals.mkdir()
    photo = originals / "kiểm sát giam giữ.jpg"
    photo.write_bytes(bytes(range(256)) * 40)
    return {
        "site/index.html": "<!doctype html><h1>Sơ kết 6 tháng</h1>\n".encode(),
        "site/assets/style.css": b"body { color: #222; }\n",
        "video/2021-h1.mp4": b"\0\0\0\x18ftypisom" + b"\1" * 5000,
        "video/2021-h1.srt": "1\n00:00:00,000 --> 00:00:02,000\nXin chào\n".encode(),
        "media/2021-h1/tuy-hoa/kiểm sát giam giữ.jpg": photo,
        "records/periods/2021-h1/period.yml": "title: Sơ kết\n".encode(),
    }


@pytest.fixture
def bag(tmp_path: Path, payload: dict[str, Path | bytes], bag_info: BagInfo) -> Path:
    return make_bag(payload, tmp_path / "bag", bag_info)
