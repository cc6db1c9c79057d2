"""verify_bag names each missing, extra or altered file, in Vietnamese, touching nothing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import bagit
import pytest

from generator.archive.verify import verify_bag
from generator.cli import main

PHOTO = "data/media/2021-h1/tuy-hoa/kiểm sát giam giữ.jpg"


def _flip_byte(path: Path, offset: int = 10) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_intact_bag_has_no_problems(bag: Path) -> None:
    assert verify_bag(bag) == []


def test_one_flipped_byte_is_named(bag: Path) -> None:
    _flip_byte(bag / PHOTO)

    problems = verify_bag(bag)

    assert [p.path for p in problems] == [(bag / PHOTO).as_posix()]
    assert "đã bị thay đổi" in problems[0].message
    assert "SHA-256, SHA-512" in problems[0].message


def test_missing_and_extra_files_are_named(bag: Path) -> None:
    (bag / "data/site/index.html").unlink()
    (bag / "data/site/ghi chú thêm.txt").write_text("thêm sau")

    problems = {Path(p.path).name: p.message for p in verify_bag(bag)}

    assert set(problems) == {"index.html", "ghi chú thêm.txt"}
    assert "không còn trong gói" in problems["index.html"]
    assert "được thêm vào" in problems["ghi chú thêm.txt"]


def test_all_problems_at_once_even_when_a_file_is_missing(bag: Path) -> None:
    (bag / "data/video/2021-h1.srt").unlink()
    _flip_byte(bag / "data/video/2021-h1.mp4")
    with open(bag / "data/site/assets/style.css", "ab") as stream:
        stream.write("/* sửa */".encode())  # a different size as well

    names = sorted(Path(p.path).name for p in verify_bag(bag))

    assert names == ["2021-h1.mp4", "2021-h1.srt", "style.css"]


def test_an_edited_tag_file_is_named(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("Phú Yên", "Phú Yen"), "utf-8")

    problems = verify_bag(bag)

    assert [p.path for p in problems] == [info.as_posix()]


def test_removed_readme_is_named(bag: Path) -> None:
    (bag / "README.txt").unlink()
    assert [Path(p.path).name for p in verify_bag(bag)] == ["README.txt"]


def test_verify_never_modifies_the_bag(bag: Path) -> None:
    _flip_byte(bag / PHOTO)
    (bag / "data/extra.txt").write_text("x")
    before = _snapshot(bag)

    verify_bag(bag)

    assert _snapshot(bag) == before


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda p: p.mkdir(), "thiếu tệp bagit.txt"),
        (lambda p: None, "không tìm thấy thư mục"),
    ],
)
def test_a_non_bag_gives_one_problem(tmp_path: Path, setup, expected: str) -> None:
    folder = tmp_path / "không phải gói"
    setup(folder)
    problems = verify_bag(folder)
    assert len(problems) == 1
    assert problems[0].path == str(folder)
    assert expected in problems[0].message


def test_a_bag_without_data_folder_gives_one_problem(bag: Path) -> None:
    os.rename(bag / "data", bag.parent / "moved")
    problems = verify_bag(bag)
    assert [str(p) for p in problems] == [f"{bag}: gói lưu trữ thiếu thư mục data/."]


def test_messages_are_vietnamese_only(bag: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bag / "data/site/index.html").unlink()
    verify_bag(bag)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""  # bagit's English log lines are silenced


def test_a_resealed_bag_with_a_wrong_payload_oxum_is_named(bag: Path) -> None:
    resealed = bagit.Bag(str(bag))
    resealed.info["Payload-Oxum"] = "1.1"
    resealed.save()  # rewrites bag-info.txt and the tag manifests consistently

    problems = verify_bag(bag)

    assert [(Path(p.path).name, "Payload-Oxum" in p.message) for p in problems] == [
        ("bag-info.txt", True)
    ]


def test_a_file_name_that_is_not_utf8_is_reported_printably(
    bag: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.close(os.open(os.fsencode(bag / "data") + b"/t\xe9p.txt", os.O_CREAT | os.O_WRONLY))

    assert main(["verify", str(bag)]) == 1

    err = capsys.readouterr().err
    assert f"{bag}/data/t\ufffdp.txt: tệp không có trong danh sách kiểm tra" in err


def test_warnings_alone_keep_exit_0(bag: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open(bag / "manifest-sha256.txt", encoding="utf-8") as stream:
        first = stream.readline()
    with open(bag / "manifest-sha256.txt", "a", encoding="utf-8") as stream:
        stream.write(first)  # the same file, the same checksum, listed twice
    _reseal(bag, "manifest-sha256.txt")  # bagit itself refuses to load such a bag

    assert main(["verify", str(bag)]) == 0

    err = capsys.readouterr().err
    assert "manifest-sha256.txt:7:1: cảnh báo: tệp «data/media/2021-h1" in err
    assert "được liệt kê hai lần (dòng 1 và 7) với cùng mã kiểm tra" in err


def _reseal(bag: Path, name: str) -> None:
    """Update the tag manifests' lines for the tag file ``name``."""
    data = (bag / name).read_bytes()
    for algorithm in ("sha256", "sha512"):
        tagmanifest = bag / f"tagmanifest-{algorithm}.txt"
        lines = [
            f"{hashlib.new(algorithm, data).hexdigest()}  {name}"
            if line.endswith(f" {name}")
            else line
            for line in tagmanifest.read_text(encoding="utf-8").splitlines()
        ]
        tagmanifest.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
