"""``baocao users …`` as staff run it: the password on stdin, the answer in print and exit code.

A whole session, concurrent adds and a damaged store run the real command in separate
processes, several at once where they do not depend on one another (each process starts the
whole CLI, and hashes with argon2's default, deliberately slow parameters). The refusals, which
hash nothing, go through the same ``main`` in this process, to keep the suite fast.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from generator.cli import main
from generator.office import accounts
from generator.office.accounts import ACCOUNTS_FILE, Account, AccountStore, Role
from generator.office.audit import AUDIT_FILE, AuditLog, Kind

REPO = Path(__file__).resolve().parents[2]
ALICE_PASSWORD = "Bí mật của Alice 2026"
ALICE_NEW_PASSWORD = "mật khẩu mới của alice"
BOB_PASSWORD = "bob-khong-bao-gio-lo"
GOOD = "mat-khau-du-dai\n"


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Command:
    project: Path
    args: Sequence[str]
    stdin: str | None = None


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    (root / "media").mkdir()
    return root


def run_all(commands: Sequence[Command]) -> list[Run]:
    """Start every command at once, each its own ``python -m generator``, then wait for all;
    the results in the same order."""
    started = [
        (
            command,
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "--project",
                    str(command.project),
                    *command.args,
                ],
                cwd=REPO,
                stdin=subprocess.PIPE if command.stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            ),
        )
        for command in commands
    ]
    runs = []
    for command, process in started:
        out, err = process.communicate(command.stdin, timeout=120)
        runs.append(Run(tuple(command.args), process.returncode, out, err))
    return runs


InProcess = Callable[..., Run]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    """``main`` in this process, with ``stdin`` as what is piped in."""

    def run(project: Path, *args: str, stdin: str = "") -> Run:
        piped = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", piped)
        try:
            code = main(["--project", str(project), *args])
        except SystemExit as exit:  # argparse's own refusals
            code = int(exit.code or 0)
        out, err = capsys.readouterr()
        return Run(args, code, out, err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def seed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One administrator, written in-process with cheap hashing (not what is tested here)."""
    with monkeypatch.context() as patch:
        patch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        AccountStore(project).add("admin", Role.ADMIN, "mat-khau-quan-tri")


# --- a whole session: add, disable, reset, list, audit -----------------------------------------


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Run]]:
    """Two adds at once, then a disable and a reset at once, then list and audit at once."""
    project = make_project(tmp_path_factory.mktemp("session") / "project")
    adds = run_all(
        [
            Command(
                project,
                ["users", "add", "alice", "--role", "van-phong", "--password-stdin"],
                ALICE_PASSWORD + "\n",
            ),
            Command(
                project,
                [
                    *("users", "add", "bob.tuy-hoa", "--role", "don-vi", "--restricted"),
                    *("--unit", "tuy-hoa", "--unit", "phong-1", "--password-stdin"),
                ],
                BOB_PASSWORD,  # no newline at the end: still the first line
            ),
        ]
    )
    changes = run_all(
        [
            Command(project, ["users", "disable", "bob.tuy-hoa"]),
            Command(
                project,
                ["users", "reset", "alice", "--password-stdin"],
                ALICE_NEW_PASSWORD + "\r\nthis second line is ignored\n",
            ),
        ]
    )
    shows = run_all([Command(project, ["users", "list"]), Command(project, ["audit"])])
    return project, [*adds, *changes, *shows]


def test_the_session_prints_what_it_did(session: tuple[Path, list[Run]]) -> None:
    _, runs = session
    assert [(r.code, r.err) for r in runs] == [(0, "")] * len(runs)
    add_alice, add_bob, disable, reset, listing, _ = (r.out.splitlines() for r in runs)
    no_admin = (
        "Lưu ý: chưa có tài khoản quản trị nào đang hoạt động; tạo bằng: "
        "baocao users add TÊN --role quan-tri --password-stdin"
    )
    assert add_alice == ["Đã tạo tài khoản alice (vai trò Văn phòng (van-phong)).", no_admin]
    assert add_bob == [
        "Đã tạo tài khoản bob.tuy-hoa (vai trò Đơn vị (don-vi) của tuy-hoa, phong-1, "
        "được xem tài liệu mật).",
        no_admin,
    ]
    assert disable[0] == "Đã khóa tài khoản bob.tuy-hoa; tài khoản này không đăng nhập được nữa."
    assert reset[0] == "Đã đặt lại mật khẩu cho tài khoản alice."
    assert listing == [
        "Tên          Vai trò    Đơn vị            Xem mật  Trạng thái",
        "alice        Văn phòng  —                 không    hoạt động",
        "bob.tuy-hoa  Đơn vị     tuy-hoa, phong-1  có       đã khóa",
    ]


def test_the_session_leaves_accounts_the_studio_can_check(
    session: tuple[Path, list[Run]],
) -> None:
    project, _ = session
    store = AccountStore(project)
    assert store.verify("alice", ALICE_NEW_PASSWORD) == Account(name="alice", role=Role.OFFICE)
    assert store.verify("alice", ALICE_PASSWORD) is None  # the old password no longer works
    assert store.verify("bob.tuy-hoa", BOB_PASSWORD) is None  # disabled
    assert store.get("bob.tuy-hoa") == Account(
        name="bob.tuy-hoa",
        role=Role.UNIT,
        units=("tuy-hoa", "phong-1"),
        restricted=True,
        disabled=True,
    )
    assert not store.has_admin()


def test_the_session_is_in_the_audit_trail(session: tuple[Path, list[Run]]) -> None:
    project, runs = session
    entries = AuditLog(project).entries()
    assert {(e.kind, e.account, e.address) for e in entries} == {(Kind.ACCOUNT, "(dòng lệnh)", "")}
    assert [e.detail["action"] for e in entries][:2] == ["them", "them"]
    alice = {"name": "alice", "role": "van-phong", "restricted": "khong"}
    bob = {"name": "bob.tuy-hoa", "role": "don-vi", "units": "tuy-hoa,phong-1", "restricted": "co"}
    assert sorted((dict(e.detail) for e in entries), key=lambda d: (d["name"], d["action"])) == [
        {"action": "dat-lai-mat-khau", **alice},
        {"action": "them", **alice},
        {"action": "khoa", **bob},
        {"action": "them", **bob},
    ]
    printed = runs[-1].out.splitlines()
    assert len(printed) == 4
    assert (
        " · tai-khoan · (dòng lệnh) · — · action=them, name=alice, role=van-phong, restricted=khong"
    ) in "\n".join(printed)


def test_passwords_are_never_stored_in_clear_or_printed(
    session: tuple[Path, list[Run]],
) -> None:
    project, runs = session
    secrets = [ALICE_PASSWORD, ALICE_NEW_PASSWORD, BOB_PASSWORD]
    forms = [form for s in secrets for form in (s, s.encode("utf-8").hex(), json.dumps(s))]
    files = [p for p in (project / ".baocao").rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"accounts.json", "audit.jsonl"}
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        assert not [f for f in forms if f in text or f.encode("utf-8") in data], path
    for run in runs:
        assert not [f for f in forms if f in run.out + run.err], run.args
    stored = json.loads((project / ACCOUNTS_FILE).read_text("utf-8"))["accounts"]
    assert all(a["password_hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$") for a in stored)


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_state_folder_is_private(session: tuple[Path, list[Run]]) -> None:
    project, _ = session
    assert oct((project / ".baocao").stat().st_mode & 0o777) == "0o700"
    for path in (project / ".baocao").iterdir():
        assert oct(path.stat().st_mode & 0o777) == "0o600", path


# --- refusals ----------------------------------------------------------------------------------


REFUSALS: dict[str, tuple[list[str], str | None, list[str]]] = {
    "duplicate name": (
        ["add", "admin", "--role", "van-phong", "--password-stdin"],
        GOOD,
        ["TÊN: đã có tài khoản «admin»; hãy chọn tên khác"],
    ),
    "bad name": (
        ["add", "Nguyễn Văn A", "--role", "lanh-dao", "--password-stdin"],
        GOOD,
        [
            "TÊN: tên tài khoản «Nguyễn Văn A» không hợp lệ: chỉ dùng chữ thường không dấu, chữ "
            "số, dấu chấm và gạch nối, dài từ 3 đến 40 ký tự (ví dụ nguyen.van.a)"
        ],
    ),
    "unit account without a unit": (
        ["add", "tuy.hoa", "--role", "don-vi", "--password-stdin"],
        GOOD,
        [
            "--unit: tài khoản don-vi (Đơn vị) cần ít nhất một đơn vị: thêm --unit MÃ_ĐƠN_VỊ "
            "(mã trong content/units.yml)"
        ],
    ),
    "unit on another role": (
        ["add", "lanh.dao", "--role", "lanh-dao", "--unit", "tuy-hoa", "--password-stdin"],
        GOOD,
        [
            "--unit: vai trò lanh-dao (Lãnh đạo) không gắn với đơn vị nào; bỏ --unit, chỉ tài "
            "khoản don-vi mới cần"
        ],
    ),
    "short password": (
        ["add", "lanh.dao", "--role", "lanh-dao", "--password-stdin"],
        "ngắn-quá\n",
        [
            "--password-stdin: mật khẩu quá ngắn: cần ít nhất 10 ký tự (mật khẩu vừa nhập có 8 "
            "ký tự)"
        ],
    ),
    "no --password-stdin": (
        ["add", "lanh.dao", "--role", "lanh-dao"],
        None,
        [
            "--password-stdin: baocao không nhận mật khẩu trong tham số dòng lệnh (sẽ lộ trong "
            "lịch sử lệnh); hãy thêm --password-stdin và đưa mật khẩu vào đầu vào chuẩn, ví dụ: "
            "baocao users add lanh.dao … --password-stdin < tệp-mật-khẩu"
        ],
    ),
    "a password as an argument": (
        ["reset", "admin", "--password", "mat-khau-trong-tham-so"],
        None,
        [
            "--password-stdin: baocao không nhận mật khẩu trong tham số dòng lệnh (sẽ lộ trong "
            "lịch sử lệnh); hãy thêm --password-stdin và đưa mật khẩu vào đầu vào chuẩn, ví dụ: "
            "baocao users reset admin … --password-stdin < tệp-mật-khẩu"
        ],
    ),
    "reset an unknown name": (
        ["reset", "khong.co", "--password-stdin"],
        GOOD,
        ["TÊN: không có tài khoản «khong.co» (hiện có: admin)"],
    ),
    "disable an unknown name": (
        ["disable", "khong.co"],
        None,
        ["TÊN: không có tài khoản «khong.co» (hiện có: admin)"],
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_change_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, cli: InProcess, case: str
) -> None:
    args, stdin, expected = REFUSALS[case]
    seed(project, monkeypatch)
    before = (project / ACCOUNTS_FILE).read_bytes()
    run = cli(project, "users", *args, stdin=stdin or "")
    assert (run.code, run.out) == (1, "")
    assert run.err.splitlines() == [*expected, "Có 1 lỗi cần sửa."]
    assert "mat-khau-trong-tham-so" not in run.err
    assert (project / ACCOUNTS_FILE).read_bytes() == before
    assert not (project / AUDIT_FILE).exists()


def test_an_unknown_unit_is_named_with_the_valid_ids(project: Path, cli: InProcess) -> None:
    run = cli(
        project, "users", "add", "tuy.hoa", "--role", "don-vi", "--unit", "tuy-hoa",
        "--unit", "tuy-hoaa", "--password-stdin", stdin=GOOD,
    )  # fmt: skip
    assert run.code == 1
    assert run.err.splitlines() == [
        "--unit: không có đơn vị «tuy-hoaa» trong content/units.yml (các mã hợp lệ: vks-tinh, "
        "van-phong, phong-1, phong-2, phong-7, thanh-tra, to-chuc-can-bo, tuy-hoa, song-cau, "
        "dong-xuan, tuy-an, son-hoa, song-hinh, tay-hoa, phu-hoa, dong-hoa, khu-vuc-1, "
        "khu-vuc-2, khu-vuc-3, khu-vuc-4, khu-vuc-5)",
        "Có 1 lỗi cần sửa.",
    ]
    assert not (project / ".baocao").exists()


def test_a_wrong_role_is_refused_by_the_parser(project: Path, cli: InProcess) -> None:
    run = cli(project, "users", "add", "abc", "--role", "admin", "--password-stdin", stdin=GOOD)
    assert run.code == 1
    assert run.err.splitlines()[-1] == (
        "baocao users add: lỗi: --role: lựa chọn 'admin' không hợp lệ (chọn một trong: "
        "'don-vi', 'van-phong', 'lanh-dao', 'quan-tri')"
    )


def test_an_empty_list_says_how_to_begin(project: Path, cli: InProcess) -> None:
    run = cli(project, "users", "list")
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên bằng: "
        "baocao users add TÊN --role quan-tri --password-stdin\n"
    )


def test_disabling_twice_is_not_an_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, cli: InProcess
) -> None:
    seed(project, monkeypatch)
    AccountStore(project).disable("admin")
    run = cli(project, "users", "disable", "admin")
    assert (run.code, run.out) == (0, "Tài khoản admin đã bị khóa từ trước.\n")
    assert not (project / AUDIT_FILE).exists()  # nothing changed, nothing to record


# --- the file, and several processes at once ---------------------------------------------------


def test_an_unreadable_accounts_file_is_named_and_kept(tmp_path: Path) -> None:
    broken = {
        "bom": (b'\xef\xbb\xbf{"version": 1, "accounts": []}', ["users", "list"], None),
        "json": (
            b'{"version": 1, "accounts": [}',
            ["users", "add", "moi.them", "--role", "van-phong", "--password-stdin"],
            GOOD,
        ),
    }
    projects = {}
    for case, (data, _, _) in broken.items():
        projects[case] = make_project(tmp_path / case)
        (projects[case] / ".baocao").mkdir()
        (projects[case] / ACCOUNTS_FILE).write_bytes(data)
    bom, json_ = run_all(
        [Command(projects[c], args, stdin) for c, (_, args, stdin) in broken.items()]
    )
    for run in (bom, json_):
        assert (run.code, run.out) == (1, "")
        assert run.err.splitlines()[-1] == "Có 1 lỗi cần sửa."
    assert bom.err.startswith(
        ".baocao/accounts.json:1:1: không đọc được chắc chắn tệp tài khoản (tệp bắt đầu bằng "
        "dấu BOM; baocao ghi tệp này không có BOM); studio và lệnh «baocao users» không dùng tệp "
        "này cho đến khi nó được sửa hoặc khôi phục từ bản sao lưu\n"
    )
    assert json_.err.startswith(
        ".baocao/accounts.json:1:29: không đọc được chắc chắn tệp tài khoản (JSON hỏng: "
    )
    for case, (data, _, _) in broken.items():
        assert (projects[case] / ACCOUNTS_FILE).read_bytes() == data  # never taken for empty


def test_five_processes_adding_at_once_all_land(project: Path) -> None:
    names = [f"can-bo-{i}" for i in range(5)]
    runs = run_all(
        [
            Command(project, ["users", "add", name, "--role", "lanh-dao", "--password-stdin"], GOOD)
            for name in names
        ]
    )
    assert [(r.code, r.err) for r in runs] == [(0, "")] * 5
    assert [a.name for a in AccountStore(project).accounts()] == names
    assert sorted(e.detail["name"] for e in AuditLog(project).entries()) == names
