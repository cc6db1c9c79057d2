"""The archive bag: valid for bagit's own validator, deterministic, atomic, never overwriting."""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import date
from pathlib import Path

import bagit
import pytest

from generator.archive import bag as bag_module
from generator.archive.bag import (
    BagInfo,
    bagging_date,
    format_size,
    make_bag,
    readme_values,
    render_readme,
)
from generator.archive.verify import verify_bag
from generator.errors import EnvironmentProblem, InputError

TAG_FILES = (
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "manifest-sha512.txt",
    "tagmanifest-sha256.txt",
    "tagmanifest-sha512.txt",
    "README.txt",
)


def test_bag_validates_with_bagits_own_validator(bag: Path) -> None:
    assert bagit.Bag(str(bag)).validate()
    assert (bag / "bagit.txt").read_text() == (
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    photo = bag / "data/media/2021-h1/tuy-hoa/kiểm sát giam giữ.jpg"
    assert photo.read_bytes() == bytes(range(256)) * 40
    assert (bag / "data/site/index.html").is_file()


def test_bag_info_comes_from_the_content_and_the_day_it_was_made(bag: Path) -> None:
    lines = (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    info = dict(line.split(": ", 1) for line in lines)
    assert info["Source-Organization"] == "Viện kiểm sát nhân dân tỉnh Phú Yên"
    assert info["Bagging-Date"] == "2021-07-15"  # BagInfo.bagging_date: see bagging_date()
    assert info["Period-Identifier"] == "2021-h1"
    assert info["Period-Title"] == "Sơ kết công tác 6 tháng đầu năm 2021"
    assert info["Period-Start-Date"] == "2020-12-01"
    assert info["Period-End-Date"] == "2021-05-31"
    assert info["External-Identifier"] == "vksnd-phu-yen-2021-h1"
    assert info["Bag-Software-Agent"].startswith("baocao ")
    payload_bytes = sum(p.stat().st_size for p in (bag / "data").rglob("*") if p.is_file())
    assert info["Payload-Oxum"] == f"{payload_bytes}.6"


def test_manifests_are_sorted_by_path(bag: Path) -> None:
    for name in ("manifest-sha256.txt", "tagmanifest-sha512.txt"):
        paths = [line.split(maxsplit=1)[1] for line in (bag / name).read_text().splitlines()]
        assert paths == sorted(paths)
    tagged = (bag / "tagmanifest-sha256.txt").read_text()
    assert "README.txt" in tagged  # the guide is under fixity too


def test_same_inputs_give_byte_identical_tag_files(
    tmp_path: Path, payload: dict[str, Path | bytes], bag_info: BagInfo
) -> None:
    first = make_bag(payload, tmp_path / "one", bag_info)
    time.sleep(0.01)
    photo = payload["media/2021-h1/tuy-hoa/kiểm sát giam giữ.jpg"]
    assert isinstance(photo, Path)
    os.utime(photo, (1, 1))  # file times are not part of the bag
    reordered = dict(reversed(list(payload.items())))
    second = make_bag(reordered, tmp_path / "two" / "nested", bag_info)

    for name in TAG_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_bagging_date_is_the_day_the_bag_is_made_or_source_date_epochs_day() -> None:
    """RFC 8493 section 2.2.2: the date the bag was made. SOURCE_DATE_EPOCH (seconds since
    1970, as reproducible builds set it) gives that day in UTC instead of the clock's."""
    before = date.today()
    assert bagging_date({}) in {before, date.today()}
    assert bagging_date({"SOURCE_DATE_EPOCH": ""}) in {before, date.today()}
    assert bagging_date({"SOURCE_DATE_EPOCH": "1626307200"}) == date(2021, 7, 15)  # 00:00 UTC
    # 23:59:59 UTC: already 16 July in Phú Yên (UTC+7), still the 15th in UTC
    assert bagging_date({"SOURCE_DATE_EPOCH": "1626393599"}) == date(2021, 7, 15)
    for wrong in ("hôm nay", "-1", "1.5", " 1626307200", "9" * 30):
        with pytest.raises(EnvironmentProblem, match="SOURCE_DATE_EPOCH=«"):
            bagging_date({"SOURCE_DATE_EPOCH": wrong})


def test_the_bagging_date_is_in_tag_files_only_never_in_the_payload_manifests(
    tmp_path: Path, payload: dict[str, Path | bytes], bag_info: BagInfo
) -> None:
    first = make_bag(payload, tmp_path / "one", bag_info)
    later = dataclasses.replace(bag_info, bagging_date=date(2031, 7, 15))
    second = make_bag(payload, tmp_path / "two", later)

    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "bagit.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    info = [(first / "bag-info.txt").read_text(), (second / "bag-info.txt").read_text()]
    assert info[0].replace("Bagging-Date: 2021-07-15", "Bagging-Date: 2031-07-15") == info[1]
    readme = [(bag / "README.txt").read_text(encoding="utf-8-sig") for bag in (first, second)]
    assert "Ngày đóng gói:     15/07/2021" in readme[0]
    assert readme[0].replace("15/07/2021", "15/07/2031") == readme[1]


def test_readme_guides_staff(bag: Path) -> None:
    raw = (bag / "README.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # readable in old Notepad
    text = raw.decode("utf-8-sig")
    for expected in (
        "data/site/index.html",
        "không cần mạng",
        "baocao verify THƯ_MỤC_GÓI",
        "bagit.py --validate",
        "Viện kiểm sát nhân dân tỉnh Phú Yên",
        "từ 01/12/2020 đến 31/05/2021",
        "Tổng cộng:         6 tệp",
        "data/video/",
        "data/media/",
        "data/records/",
    ):
        assert expected in text, expected


def test_readme_formats_counts_and_sizes_the_vietnamese_way(bag_info: BagInfo) -> None:
    sizes = {"site": (1234, 1536), "media": (2, 5 * 1024 * 1024 + 512 * 1024)}
    text = render_readme(**readme_values(bag_info, sizes))
    assert "data/site/     Trang thông tin ngoại tuyến (1.234 tệp, 1,5 KB)" in text
    assert "(2 tệp, 5,5 MB)" in text
    assert "Tổng cộng:         1.236 tệp, 5,5 MB" in text
    assert "XEM VIDEO" not in text  # no video folder, no video section
    assert format_size(999) == "999 byte"


def test_refuses_a_folder_with_content_and_leaves_it_untouched(
    tmp_path: Path, payload: dict[str, Path | bytes], bag_info: BagInfo
) -> None:
    out = tmp_path / "Lưu trữ"
    out.mkdir()
    (out / "ghi chú.txt").write_text("của người dùng")

    with pytest.raises(InputError) as caught:
        make_bag(payload, out, bag_info)

    assert str(out) in str(caught.value) and "không ghi đè" in str(caught.value)
    assert [p.name for p in out.iterdir()] == ["ghi chú.txt"]
    assert (out / "ghi chú.txt").read_text() == "của người dùng"
    assert _leftovers(tmp_path) == []


def test_an_empty_existing_folder_is_filled(
    tmp_path: Path, payload: dict[str, Path | bytes], bag_info: BagInfo
) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    make_bag(payload, out, bag_info)
    assert bagit.Bag(str(out)).is_valid()


def test_missing_source_files_are_all_named(
    tmp_path: Path, payload: dict[str, Path | bytes], bag_info: BagInfo
) -> None:
    payload["media/a.jpg"] = tmp_path / "không có 1.jpg"
    payload["media/b.jpg"] = tmp_path / "không có 2.jpg"
    with pytest.raises(InputError) as caught:
        make_bag(payload, tmp_path / "bag", bag_info)
    assert "không có 1.jpg" in str(caught.value) and "không có 2.jpg" in str(caught.value)
    assert not (tmp_path / "bag").exists()


def test_a_failure_midway_leaves_no_bag_and_no_temp_folder(
    tmp_path: Path,
    payload: dict[str, Path | bytes],
    bag_info: BagInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bag_module, "_finish", disk_full)
    with pytest.raises(EnvironmentProblem, match="No space left"):
        make_bag(payload, tmp_path / "bag", bag_info)
    assert not (tmp_path / "bag").exists()
    assert _leftovers(tmp_path) == []


def test_unsafe_payload_paths_are_rejected(tmp_path: Path, bag_info: BagInfo) -> None:
    for key in ("../escape.txt", "/etc/passwd", "a/../b", ""):
        with pytest.raises(ValueError):
            make_bag({key: b"x"}, tmp_path / "bag", bag_info)
    with pytest.raises(ValueError, match="both as file and folder"):
        make_bag({"a": b"x", "a/b": b"y"}, tmp_path / "bag", bag_info)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_awkward_names_are_encoded_by_rfc_8493_and_verify(
    tmp_path: Path, bag_info: BagInfo
) -> None:
    names = ["media/100% đạt.jpg", "media/a\u2028b.txt", "media/%0A literal.txt"]
    bag = make_bag({name: name.encode() for name in names}, tmp_path / "bag", bag_info)

    listed = (bag / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "data/media/100%25 đạt.jpg\n" in listed
    assert "data/media/%250A literal.txt\n" in listed
    assert verify_bag(bag) == []
