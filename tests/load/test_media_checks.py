"""`baocao check` on media that would break a later command: each refused (or warned about) at
the highlights line naming it, or at its own path under media/, and check writes nothing."""

from __future__ import annotations

import os
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image
from projectfactory import write_project

from generator.cli import main
from generator.tools import ffmpeg_exe

HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
FOLDER = "media/2021-h1/tuy-hoa"


def _item(file: str, extra: str = "", visibility: str = "internal") -> str:
    return (
        f"  - file: {file}\n"
        "    caption: Kiểm sát việc tạm giữ\n"
        "    category: nghiep-vu\n"
        "    narration: Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.\n"
        f"    visibility: {visibility}\n" + extra
    )


def _project(tmp_path: Path, *items: str) -> Path:
    text = "unit: tuy-hoa\nmedia:\n" + "".join(items)
    return write_project(tmp_path / "p", {HIGHLIGHTS: text})


def _where(root: Path, needle: str, occurrence: int = 1) -> str:
    """``path:line:col`` of the value after ``needle`` in the highlights file."""
    seen = 0
    lines = (root / HIGHLIGHTS).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return f"{HIGHLIGHTS}:{number}:{line.index(needle) + len(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {HIGHLIGHTS}")


def _tree(root: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (p.relative_to(root).as_posix(), p.lstat().st_mtime_ns, p.lstat().st_size)
        for p in root.rglob("*")
    )


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run ``baocao check``; prove it wrote nothing; (exit code, stderr lines)."""
    before = _tree(root)
    code = main(["--project", str(root), "check"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Warning" not in err  # no English warning from a library
    assert _tree(root) == before, "check wrote or changed files"
    # The tiny project's results are internal, so check also says what the public archive
    # will lack (tests/test_withheld.py), and it has no «report:» settings, so check says what
    # the written report will lack (tests/load/test_checks.py); these tests are about the media
    # lines only.
    return code, [
        line
        for line in err.splitlines()
        if "bản công khai (public) của kỳ" not in line and "phần «report:»" not in line
    ]


def _ffmpeg(*args: str) -> None:
    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    subprocess.run(command, check=True)


def _clip(
    path: Path, seconds: float = 1.0, size: str = "160x90", rate: int = 25, audio: bool = True
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=duration={seconds}", "-c:a", "aac"]
    _ffmpeg(*args, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path))
    return path


def test_a_good_one_second_clip_passes_without_warnings(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path,
        _item("2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg", visibility="public"),
        _item(
            "2021-h1/tuy-hoa/phien-toa.mp4", "    clip: {start: 0.0, end: 1.0}\n    audio: keep\n"
        ),
    )
    _clip(root / FOLDER / "phien-toa.mp4", seconds=1.0)
    assert _check(root, capsys) == (0, [])


# --- symlinks -------------------------------------------------------------------------------


def test_a_folder_link_looping_back_is_not_followed(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, _item("2021-h1/loop/tuy-hoa/kiem-sat-giam-giu.jpg"))
    os.symlink(".", root / "media/2021-h1/loop")
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'file: ')}: thư mục «2021-h1/loop» là liên kết (symlink); baocao không "
        "đọc tệp qua liên kết thư mục — hãy chép tệp vào một thư mục thật trong media/",
        "Có 1 lỗi cần sửa.",
    ]


def test_an_unused_folder_link_is_a_warning_at_its_path(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, _item("2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"))
    os.symlink(".", root / "media/2021-h1/loop")
    os.symlink("/etc", root / "media/2021-h1/etc")
    code, lines = _check(root, capsys)
    assert code == 0
    assert lines == [
        "media/2021-h1/etc: cảnh báo: thư mục «2021-h1/etc» là liên kết (symlink) trỏ ra ngoài "
        "thư mục media/; baocao không đọc tệp qua liên kết thư mục — hãy chép tệp vào một thư "
        "mục thật trong media/; liên kết này bị bỏ qua",
        "media/2021-h1/loop: cảnh báo: thư mục «2021-h1/loop» là liên kết (symlink); baocao "
        "không đọc tệp qua liên kết thư mục — hãy chép tệp vào một thư mục thật trong media/; "
        "liên kết này bị bỏ qua",
    ]


def test_file_links_in_a_loop_or_out_of_the_project(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path,
        _item("2021-h1/tuy-hoa/a.jpg"),
        _item("2021-h1/etc/hostname.jpg"),
        _item("2021-h1/tuy-hoa/hosts.jpg"),
    )
    os.symlink("b.jpg", root / FOLDER / "a.jpg")
    os.symlink("a.jpg", root / FOLDER / "b.jpg")
    os.symlink("/etc", root / "media/2021-h1/etc")
    os.symlink("/etc/hosts", root / FOLDER / "hosts.jpg")
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'file: ', 1)}: tệp «2021-h1/tuy-hoa/a.jpg» là liên kết (symlink) hỏng "
        "hoặc vòng lặp; hãy chép tệp thật vào",
        f"{_where(root, 'file: ', 2)}: thư mục «2021-h1/etc» là liên kết (symlink) trỏ ra ngoài "
        "thư mục media/; baocao không đọc tệp qua liên kết thư mục — hãy chép tệp vào một thư "
        "mục thật trong media/",
        f"{_where(root, 'file: ', 3)}: tệp «2021-h1/tuy-hoa/hosts.jpg» là liên kết trỏ ra ngoài "
        "thư mục media/; hãy chép tệp thật vào",
        "media/2021-h1/tuy-hoa/b.jpg: cảnh báo: tệp «2021-h1/tuy-hoa/b.jpg» là liên kết "
        "(symlink) hỏng hoặc vòng lặp; hãy chép tệp thật vào; liên kết này bị bỏ qua",
        "Có 3 lỗi cần sửa.",
    ]


def test_a_link_inside_media_is_used(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, _item("2021-h1/tuy-hoa/ban-sao.jpg"))
    os.symlink("kiem-sat-giam-giu.jpg", root / FOLDER / "ban-sao.jpg")
    assert _check(root, capsys) == (0, [])


# --- names and sizes ------------------------------------------------------------------------


def test_a_name_too_long_for_its_derivatives_is_refused(tmp_path: Path, capsys) -> None:
    stem = ("Kiểm sát việc tạm giữ tạm giam " * 6).encode()[:230]
    name = stem.decode("utf-8", errors="ignore").rstrip() + ".jpg"
    size = len(name.encode())
    assert 200 < size <= 255  # the file system takes it; its derivatives would not fit
    root = _project(tmp_path, _item(f"2021-h1/tuy-hoa/{name}"))
    Image.new("RGB", (1600, 900)).save(root / FOLDER / name)
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'file: ')}: tên «{name}» dài {size} byte, quá giới hạn 200 byte (khoảng "
        "70 chữ có dấu); hãy đổi tên tệp ngắn hơn rồi sửa dòng này theo tên mới",
        "Có 1 lỗi cần sửa.",
    ]


def test_a_file_over_four_gigabytes_is_refused_before_probing(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, _item("2021-h1/tuy-hoa/hoi-nghi.mp4"))
    with (root / FOLDER / "hoi-nghi.mp4").open("wb") as f:
        f.truncate(4 * 1024**3)  # sparse: no disk used
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'file: ')}: tệp «hoi-nghi.mp4» nặng 4 GB, quá giới hạn 4 GB; hãy cắt "
        "ngắn hoặc xuất lại video với dung lượng nhỏ hơn",
        "Có 1 lỗi cần sửa.",
    ]


# --- photos ---------------------------------------------------------------------------------


def _png_header(path: Path, width: int, height: int) -> None:
    """A PNG that claims ``width``×``height`` (a decompression bomb needs no more to start)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [(12_000, 10_000, "120"), (20_000, 20_000, "400")],  # Pillow warns, then Pillow refuses
)
def test_a_photo_over_100_megapixels_is_refused(
    tmp_path: Path, capsys, width: int, height: int, megapixels: str
) -> None:
    root = _project(tmp_path, _item("2021-h1/tuy-hoa/toan-canh.png"))
    _png_header(root / FOLDER / "toan-canh.png", width, height)
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'file: ')}: ảnh «toan-canh.png» có {megapixels} triệu điểm ảnh, quá giới "
        "hạn 100 triệu; hãy thu nhỏ ảnh (ví dụ cạnh dài 4000 điểm ảnh) rồi chép lại",
        "Có 1 lỗi cần sửa.",
    ]


def test_broken_photos_at_their_line_or_at_their_path_when_unused(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path, _item("2021-h1/tuy-hoa/ghi-chu.jpg"), _item("2021-h1/tuy-hoa/cat-do.jpg")
    )
    whole = (root / FOLDER / "kiem-sat-giam-giu.jpg").read_bytes()
    (root / FOLDER / "ghi-chu.jpg").write_text("không phải ảnh", encoding="utf-8")
    (root / FOLDER / "cat-do.jpg").write_bytes(whole[: len(whole) // 2])
    (root / FOLDER / "chua-dung.jpg").write_bytes(whole[: len(whole) // 3])
    (root / FOLDER / "._chua-dung.jpg").write_bytes(b"Mac resource fork")  # hidden: ignored
    (root / FOLDER / ".thumbs").mkdir()
    (root / FOLDER / ".thumbs/cat-do.jpg").write_bytes(b"")  # in a hidden folder: ignored
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'file: ', 1)}: không đọc được tệp ảnh: ghi-chu.jpg (định dạng lạ)",
        f"{_where(root, 'file: ', 2)}: không đọc được tệp ảnh: cat-do.jpg (tệp hỏng hoặc không "
        "đầy đủ)",
        "media/2021-h1/tuy-hoa/chua-dung.jpg: không đọc được tệp ảnh: chua-dung.jpg (tệp hỏng "
        "hoặc không đầy đủ); chưa mục nào dùng tệp này: hãy chép lại hoặc xóa nó",
        "Có 3 lỗi cần sửa.",
    ]


# --- clips ----------------------------------------------------------------------------------


def _clip_case(tmp_path: Path, make, extra: str = "") -> tuple[Path, str]:
    root = _project(tmp_path, _item("2021-h1/tuy-hoa/phien-toa.mp4", extra))
    make(root / FOLDER / "phien-toa.mp4")
    return root, _where(root, "file: ")


def _one_frame(path: Path) -> None:
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-frames:v", "1", str(path))


def _no_picture(path: Path) -> None:
    _ffmpeg("-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", str(path))


def _no_frames(path: Path) -> None:
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "0", str(path))


def _jpeg(path: Path) -> None:
    Image.new("RGB", (160, 90), "white").save(path, format="JPEG")


def _cut_short(path: Path) -> None:
    whole = path.with_name("whole.mp4")
    _ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2"),
        *("-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(whole)),
    )
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_one_frame, "tệp phien-toa.mp4 chỉ có một khung hình, không phải video; hãy dùng tệp ảnh"),
        (_no_picture, "không đọc được tệp video: phien-toa.mp4 (không có hình)"),
        (_no_frames, "không đọc được tệp video: phien-toa.mp4 (không có hình)"),
        (lambda p: p.write_bytes(b""), "tệp rỗng: phien-toa.mp4"),
        (
            _jpeg,
            "tệp phien-toa.mp4 là ảnh, không phải video; hãy đổi đuôi tệp cho đúng (ví dụ .jpg)",
        ),
        (
            _cut_short,
            "không đọc được tệp video: phien-toa.mp4 (hình dừng ở giây 0,8, trước khi video hết "
            "(2 giây): tệp không đầy đủ ở cuối, có thể bị cắt khi sao chép; hãy chép lại tệp gốc)",
        ),
    ],
    ids=["one-frame", "no-video-stream", "no-frames", "zero-bytes", "jpeg-named-mp4", "cut-short"],
)
def test_clips_the_video_could_not_use(tmp_path: Path, capsys, make, message: str) -> None:
    root, where = _clip_case(tmp_path, make)
    code, lines = _check(root, capsys)
    assert (code, lines) == (1, [f"{where}: {message}", "Có 1 lỗi cần sửa."])


def test_a_clip_shorter_than_a_second(tmp_path: Path, capsys) -> None:
    root, where = _clip_case(tmp_path, lambda p: _clip(p, seconds=0.5, rate=10, audio=False))
    code, lines = _check(root, capsys)
    assert (code, lines) == (
        1,
        [
            f"{where}: video «phien-toa.mp4» chỉ dài 0,5 giây; cần ít nhất 1 giây — nếu đây là "
            "ảnh chụp, hãy dùng tệp ảnh",
            "Có 1 lỗi cần sửa.",
        ],
    )


def test_cuts_outside_the_clip_or_too_short(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path,
        _item("2021-h1/tuy-hoa/phien-toa.mp4", "    clip: {start: 3.0, end: 4.0}\n"),
        _item("2021-h1/tuy-hoa/phien-toa.mp4", "    clip: {start: 1.5, end: 1.9}\n"),
        _item("2021-h1/tuy-hoa/phien-toa.mp4", "    clip: {start: 0.5, end: 9.0}\n"),
    )
    _clip(root / FOLDER / "phien-toa.mp4", seconds=2.0)
    code, lines = _check(root, capsys)
    assert code == 1
    assert lines == [
        f"{_where(root, 'start: ', 1)}: điểm bắt đầu 3.0 giây nằm ngoài độ dài video (2 giây)",
        f"{_where(root, 'clip: ', 2)}: đoạn cắt chỉ dài 0,4 giây; cần ít nhất 1 giây",
        f"{_where(root, 'end: ', 3)}: điểm kết thúc 9.0 giây vượt quá độ dài video (2 giây)",
        "Có 3 lỗi cần sửa.",
    ]


def test_a_clip_over_30_minutes_needs_a_cut(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path,
        _item("2021-h1/tuy-hoa/ca-phien-toa.mp4"),
        _item("2021-h1/tuy-hoa/ca-phien-toa.mp4", "    clip: {start: 60, end: 1860}\n"),
        _item("2021-h1/tuy-hoa/ca-phien-toa.mp4", "    clip: {start: 0, end: 1800.5}\n"),
    )
    _clip(root / FOLDER / "ca-phien-toa.mp4", seconds=1860, size="16x16", rate=1, audio=False)
    code, lines = _check(root, capsys)
    advice = "quá giới hạn 30 phút; hãy chọn đoạn ngắn hơn bằng «clip: {start: …, end: …}» (giây)"
    assert (code, lines) == (
        1,
        [
            f"{_where(root, 'file: ', 1)}: đoạn video dùng dài 31 phút, {advice}",
            f"{_where(root, 'clip: ', 2)}: đoạn video dùng dài 30 phút, {advice}",
            "Có 2 lỗi cần sửa.",
        ],
    )


def test_a_clip_larger_than_4k_is_refused(tmp_path: Path, capsys) -> None:
    root, where = _clip_case(tmp_path, lambda p: _clip(p, size="4112x64", audio=False))
    code, lines = _check(root, capsys)
    assert (code, lines) == (
        1,
        [
            f"{where}: video «phien-toa.mp4» có khung hình 4112×64, quá giới hạn 4096×4096 (4K); "
            "hãy xuất lại video ở 4K hoặc Full HD (1920×1080)",
            "Có 1 lỗi cần sửa.",
        ],
    )


def test_keeping_the_sound_of_a_silent_clip_is_a_warning(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path,
        _item("2021-h1/tuy-hoa/phien-toa.mp4", "    audio: keep\n"),
        _item("2021-h1/tuy-hoa/phien-toa.mp4"),  # the default keep says nothing
    )
    _clip(root / FOLDER / "phien-toa.mp4", audio=False)
    code, lines = _check(root, capsys)
    assert (code, lines) == (
        0,
        [
            f"{_where(root, 'audio: ')}: cảnh báo: video «phien-toa.mp4» không có tiếng nên "
            "«audio: keep» không có tác dụng; hãy ghi «audio: mute» hoặc bỏ dòng này",
        ],
    )


# --- location -------------------------------------------------------------------------------


def _gps_photo(path: Path) -> None:
    img = Image.new("RGB", (1600, 900), (90, 120, 150))
    exif = img.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: (13.0, 5.0, 43.8), 3: "E", 4: (109.0, 19.0, 15.2)})
    img.save(path, exif=exif)


def test_public_items_with_a_recorded_location_are_warned(tmp_path: Path, capsys) -> None:
    root = _project(
        tmp_path,
        _item("2021-h1/tuy-hoa/ngoai-troi.jpg", visibility="public"),
        _item("2021-h1/tuy-hoa/ngoai-troi.jpg", visibility="internal"),
        _item("2021-h1/tuy-hoa/dien-thoai.mp4", visibility="public"),
        _item("2021-h1/tuy-hoa/iphone.mov", visibility="public"),
        _item("2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg", visibility="public"),  # no GPS
    )
    _gps_photo(root / FOLDER / "ngoai-troi.jpg")
    plain = _clip(tmp_path / "plain.mp4")
    location = "+13.0955+109.3028/"
    _ffmpeg("-i", str(plain), "-c", "copy", "-metadata", f"location={location}",
            str(root / FOLDER / "dien-thoai.mp4"))  # fmt: skip
    _ffmpeg("-i", str(plain), "-c", "copy", "-movflags", "use_metadata_tags",
            "-metadata", f"com.apple.quicktime.location.ISO6709={location}",
            str(root / FOLDER / "iphone.mov"))  # fmt: skip
    code, lines = _check(root, capsys)
    tail = (
        "có ghi vị trí GPS nơi chụp/quay; mục này công khai nên gói lưu trữ sẽ xóa vị trí khỏi "
        "bản lưu (tệp trong media/ giữ nguyên)"
    )
    assert (code, lines) == (
        0,
        [
            f"{_where(root, 'file: ', 1)}: cảnh báo: tệp «ngoai-troi.jpg» {tail}",
            f"{_where(root, 'file: ', 3)}: cảnh báo: tệp «dien-thoai.mp4» {tail}",
            f"{_where(root, 'file: ', 4)}: cảnh báo: tệp «iphone.mov» {tail}",
        ],
    )


def test_a_file_marked_internal_caps_a_public_item(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, _item("2021-h1/tuy-hoa/ngoai-troi.jpg", visibility="public"))
    text = (root / HIGHLIGHTS).read_text(encoding="utf-8")
    (root / HIGHLIGHTS).write_text(
        text.replace("unit: tuy-hoa\n", "unit: tuy-hoa\nvisibility: internal\n"),
        encoding="utf-8",
    )
    _gps_photo(root / FOLDER / "ngoai-troi.jpg")
    assert _check(root, capsys) == (0, [])
