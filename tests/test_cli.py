"""The command line speaks Vietnamese and keeps its exit-code contract."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main


def test_unknown_command(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["bogus"])
    assert exited.value.code == 1
    assert "không có lệnh 'bogus'" in capsys.readouterr().err


def test_missing_argument_names_it(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["video"])
    assert exited.value.code == 1
    assert "thiếu tham số: KỲ" in capsys.readouterr().err


def test_help_is_vietnamese(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["build", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: baocao build")
    assert "in hướng dẫn này rồi thoát" in out


def test_options_before_or_after_the_command(tiny_project, capsys) -> None:
    assert main(["check", "--project", str(tiny_project), "--quiet"]) == 0
    assert main(["--project", str(tiny_project), "--quiet", "check"]) == 0
    assert capsys.readouterr().out == ""


def test_a_bad_option_value_is_named_in_vietnamese(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["video", "2021-h1", "--size", "to"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "baocao video: lỗi: --size: «to» không hợp lệ" in err
    assert "argument" not in err


def test_publish_help_names_the_audience_option(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["publish", "--help"])
    assert "--audience AUDIENCE  đối tượng xem của trang sẽ xuất bản" in capsys.readouterr().out


def test_output_cut_short_by_its_reader_is_not_an_error(tiny_project: Path) -> None:
    """`baocao export-results … | head`, `baocao check | head`: the reader closes the pipe."""
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first print meets a broken pipe
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(tiny_project), "check"],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    os.close(write)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
