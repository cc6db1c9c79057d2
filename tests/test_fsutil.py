"""Output places and markers: what a command may write over, and how an OSError is told."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from generator.errors import EnvironmentProblem, InputError
from generator.fsutil import (
    OUTPUT_MARKER,
    check_output_files,
    check_output_folder,
    environment_errors,
    environment_sentence,
    read_marker,
    write_marker,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "media/2021-h1").mkdir(parents=True)
    return root


def _refused(call, *args) -> str:
    with pytest.raises(InputError) as caught:
        call(*args)
    return str(caught.value)


def test_a_symlink_into_media_is_refused(project: Path, tmp_path: Path):
    link = tmp_path / "site"
    link.symlink_to(project / "media/2021-h1")
    message = _refused(check_output_folder, link, project, "--out")
    assert message.startswith(f"--out: «{link}» là hoặc nằm trong content/, media/")


def test_content_kept_elsewhere_through_a_symlink_is_still_protected(tmp_path: Path):
    real = tmp_path / "shared/noi-dung"
    real.mkdir(parents=True)
    root = tmp_path / "project"
    root.mkdir()
    (root / "content").symlink_to(real)
    assert "là hoặc nằm trong content/" in _refused(
        check_output_folder, real / "site", root, "--out"
    )
    assert "chứa thư mục content/" in _refused(check_output_folder, real.parent, root, "--out")


def test_new_empty_and_marked_folders_are_accepted(project: Path, tmp_path: Path):
    check_output_folder(tmp_path / "chua-co", project, "--out")
    (tmp_path / "trong").mkdir()
    check_output_folder(tmp_path / "trong", project, "--out")
    marked = tmp_path / "site"
    marked.mkdir()
    (marked / "index.html").write_text("x")
    write_marker(marked, {"written_by": "baocao build", "audience": "public"})
    check_output_folder(marked, project, "--out")
    assert json.loads((marked / OUTPUT_MARKER).read_text()) == {
        "audience": "public",
        "written_by": "baocao build",
    }


def test_a_file_or_a_foreign_marker_is_refused(project: Path, tmp_path: Path):
    file = tmp_path / "site"
    file.write_text("x")
    assert "là một tệp, không phải thư mục" in _refused(check_output_folder, file, project, "-o")
    other = tmp_path / "other"
    other.mkdir()
    (other / OUTPUT_MARKER).write_text('{"written_by": "another tool"}')
    assert read_marker(other) is None
    assert f"thiếu tệp {OUTPUT_MARKER}" in _refused(check_output_folder, other, project, "-o")


def test_only_owned_files_are_written_over(project: Path, tmp_path: Path):
    out = tmp_path / "v.mp4"
    srt = tmp_path / "v.srt"
    out.write_bytes(b"old render")
    srt.write_text("subtitles")
    check_output_files(out, [out, srt], {"v.mp4", "v.srt"}, project, "--out")
    message = _refused(check_output_files, out, [out, srt], {"v.mp4"}, project, "--out")
    assert message.startswith(f"{srt}: --out: tệp này đã có sẵn và không do baocao tạo ra")
    assert str(out) + ":" not in message


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (errno.ENOSPC, "ổ đĩa đã đầy"),
        (errno.EROFS, "ổ đĩa chỉ cho phép đọc"),
        (errno.EACCES, "không có quyền ghi"),
        (errno.ENOTDIR, "một phần của đường dẫn là tệp"),
    ],
)
def test_an_os_error_becomes_one_sentence_and_exit_2(code: int, why: str):
    error = OSError(code, "english text", "/srv/site/index.html")
    sentence = environment_sentence(error, "dựng trang vào /srv/site")
    assert sentence.startswith("Không thể dựng trang vào /srv/site (/srv/site/index.html): ")
    assert why in sentence and "english" not in sentence and "\n" not in sentence
    with pytest.raises(EnvironmentProblem) as caught, environment_errors("dựng trang"):
        raise error
    assert caught.value.exit_code == 2 and why in str(caught.value)
