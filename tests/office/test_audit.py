"""The audit trail: appended in-process as the studio does, read back by ``baocao audit``
(in a separate process where the exit code or the local time zone is the point)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.office.audit import AUDIT_FILE, AuditEntry, AuditLog, Kind, describe

REPO = Path(__file__).resolve().parents[2]
HANOI = "Asia/Ho_Chi_Minh"  # UTC+7 all year: what the office's clocks show


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "media").mkdir()
    return root


def baocao(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), *args],
        cwd=REPO,
        env={**os.environ, "TZ": HANOI},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``main`` in this process: exit code, stdout, stderr."""

    def run(project: Path, *args: str) -> tuple[int, str, str]:
        try:
            code = main(["--project", str(project), *args])
        except SystemExit as exit:  # argparse's own refusals
            code = int(exit.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def line(at: str, kind: str = "dang-nhap", account: str = "nguyen.van.a", **detail: str) -> str:
    record = {"at": at, "kind": kind, "account": account, "address": "10.0.0.5", "detail": detail}
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_log(project: Path, text: str | bytes) -> Path:
    path = project / AUDIT_FILE
    path.parent.mkdir(exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def test_append_and_read_back(project: Path) -> None:
    log = AuditLog(project)
    assert log.entries() == []
    first = log.append(Kind.LOGIN, "nguyen.van.a", address="10.0.0.5")
    second = log.append(Kind.WRITE, "nguyen.van.a", address="10.0.0.5", file="content/x.yml")
    assert first.at.tzinfo is dt.UTC and first.detail == {}
    assert log.entries() == [first, second]  # oldest first
    assert dict(second.detail) == {"file": "content/x.yml"}

    path = project / AUDIT_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = [json.loads(raw) for raw in path.read_text("utf-8").splitlines()]
    assert stored[1] == {
        "at": second.at.isoformat(),
        "kind": "ghi",
        "account": "nguyen.van.a",
        "address": "10.0.0.5",
        "detail": {"file": "content/x.yml"},
    }
    assert stored[0]["at"].endswith("+00:00")  # stored in UTC


def test_a_value_of_another_type_is_kept_as_text(project: Path) -> None:
    """A caller's mistake must not leave a line that makes the whole trail unreadable."""
    log = AuditLog(project)
    log.append(Kind.WRITE, "nguyen.van.a", count=3)  # type: ignore[arg-type]
    assert dict(log.entries()[0].detail) == {"count": "3"}


def test_earlier_lines_are_never_rewritten(project: Path) -> None:
    log = AuditLog(project)
    log.append(Kind.STATE, "tran.thi.b", period="2021-h1", state="cho-duyet")
    before = (project / AUDIT_FILE).read_bytes()
    log.append(Kind.STATE, "pham.d", period="2021-h1", state="da-duyet")
    after = (project / AUDIT_FILE).read_bytes()
    assert after.startswith(before) and after.count(b"\n") == 2


def test_threads_appending_at_once_lose_nothing(project: Path) -> None:
    log = AuditLog(project)
    threads = [
        threading.Thread(target=log.append, args=(Kind.WRITE, f"can-bo-{i:02}")) for i in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(e.account for e in log.entries()) == [f"can-bo-{i:02}" for i in range(20)]


def test_describe_is_one_line_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("the local time zone cannot be changed here")
    monkeypatch.setenv("TZ", HANOI)
    time.tzset()
    try:
        entry = AuditEntry(
            at=dt.datetime(2026, 12, 7, 2, 14, 30, tzinfo=dt.UTC),
            kind=Kind.LOGIN,
            account="nguyen.van.a",
            address="10.0.0.5",
            detail={"trinh-duyet": "Firefox"},
        )
        assert describe(entry) == (
            "2026-12-07 09:14 · dang-nhap · nguyen.van.a · 10.0.0.5 · trinh-duyet=Firefox"
        )
        forged = AuditEntry(entry.at, Kind.WRITE, "x.y.z", "", {"file": "a\n2026-12-07 fake"})
        assert describe(forged) == "2026-12-07 09:14 · ghi · x.y.z · — · file=a\\n2026-12-07 fake"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_torn_last_line_is_skipped_then_left_behind(project: Path, cli: Cli) -> None:
    good = line("2026-12-07T02:14:00+00:00")
    path = write_log(project, good + good[:25])  # the process died in the middle of a write
    log = AuditLog(project)
    assert len(log.entries()) == 1

    added = log.append(Kind.LOGIN, "tran.thi.b")
    assert path.read_text("utf-8").startswith(good + good[:25] + "\n")  # nothing rewritten
    assert [e.account for e in log.entries()] == ["nguyen.van.a", "tran.thi.b"]
    assert log.entries()[-1] == added

    code, out, err = cli(project, "audit")
    assert (code, err) == (0, "")
    assert [printed.split(" · ", 1)[1] for printed in out.splitlines()] == [
        "dang-nhap · nguyen.van.a · 10.0.0.5",
        "dang-nhap · tran.thi.b · —",
    ]


def test_an_earlier_broken_line_is_reported_at_its_line(project: Path) -> None:
    good = line("2026-12-07T02:14:00+00:00")
    write_log(
        project,
        good + good[:25] + "\n" + good + '{"at": "hôm qua"}\n' + good + "[1, 2]\n" + good[:30],
    )
    with pytest.raises(InputError) as error:
        AuditLog(project).entries()
    assert [(p.path, p.line) for p in error.value.problems] == [
        (AUDIT_FILE, 2),
        (AUDIT_FILE, 4),
        (AUDIT_FILE, 6),
    ]

    done = baocao(project, "audit")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        ".baocao/audit.jsonl:2:1: dòng này không phải một mục nhật ký đọc được "
        "(JSON hỏng hoặc không phải UTF-8)",
        ".baocao/audit.jsonl:4:1: dòng này thiếu hoặc thừa trường so với một mục nhật ký",
        ".baocao/audit.jsonl:6:1: dòng này không phải một mục nhật ký (cần một đối tượng JSON)",
        "Có 3 lỗi cần sửa.",
    ]


@pytest.mark.parametrize(
    "bad",
    [
        line("2026-12-07T02:14:00"),  # no time zone
        line("2026-12-07T02:14:00+00:00", kind="xoa-het"),
        line("2026-12-07T02:14:00+00:00").replace('"detail": {}', '"detail": {"n": 1}'),
        line("2026-12-07T02:14:00+00:00").replace('"address"', '"addr"'),
        line("2026-12-07T02:14:00+00:00").replace("}\n", ', "follows_torn": false}\n'),
        "\n",
    ],
)
def test_wrong_fields_are_errors(project: Path, bad: str) -> None:
    good = line("2026-12-07T02:14:00+00:00")
    write_log(project, good + bad + good)
    with pytest.raises(InputError) as error:
        AuditLog(project).entries()
    assert [p.line for p in error.value.problems] == [2]


def test_a_bom_is_an_error_at_line_1(project: Path) -> None:
    write_log(project, b"\xef\xbb\xbf" + line("2026-12-07T02:14:00+00:00").encode())
    with pytest.raises(InputError) as error:
        AuditLog(project).entries()
    assert [p.line for p in error.value.problems] == [1]


def test_since_filters_by_local_day(project: Path, cli: Cli) -> None:
    write_log(
        project,
        line("2026-12-05T09:00:00+00:00", account="ngay.5")
        # 17:30 UTC on 6 December is 00:30 on the 7th in Vietnam
        + line("2026-12-06T16:30:00+00:00", account="ngay.6.muon")
        + line("2026-12-06T17:30:00+00:00", account="ngay.7.som")
        + line("2026-12-07T02:14:00+00:00", "tai-khoan", "(dòng lệnh)", action="them"),
    )
    done = baocao(project, "audit", "--since", "2026-12-07")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2026-12-07 00:30 · dang-nhap · ngay.7.som · 10.0.0.5",
        "2026-12-07 09:14 · tai-khoan · (dòng lệnh) · 10.0.0.5 · action=them",
    ]
    assert len(AuditLog(project).entries()) == 4

    assert cli(project, "audit", "--since", "2027-01-01") == (
        0,
        "Nhật ký kiểm tra không có mục nào từ ngày 2027-01-01.\n",
        "",
    )


def test_a_bad_date_is_refused(project: Path, cli: Cli) -> None:
    code, out, err = cli(project, "audit", "--since", "7/12/2026")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        "baocao audit: lỗi: --since: «7/12/2026» (viết dạng YYYY-MM-DD, ví dụ 2022-05-31)"
    )


def test_an_empty_trail(project: Path, cli: Cli) -> None:
    assert cli(project, "audit") == (0, "Nhật ký kiểm tra chưa có mục nào.\n", "")
    assert not (project / ".baocao").exists()
