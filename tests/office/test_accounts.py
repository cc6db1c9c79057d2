"""The account store, used in-process the way the studio uses it.

Hashing uses cheap argon2 parameters here (the store's rules do not depend on the cost), except
where the default parameters themselves are the point.
"""

from __future__ import annotations

import json
import shutil
import stat
import threading
import unicodedata
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from generator.errors import InputError
from generator.office import accounts
from generator.office.accounts import (
    ACCOUNTS_FILE,
    ROLE_LABELS,
    Account,
    AccountStore,
    Role,
)

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "mật-khẩu-đủ-dài"


class CountingHasher(PasswordHasher):
    """Cheap parameters, and a count of the passwords checked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # type: ignore[override]
        self.verified.append(str(hash))
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    fast = CountingHasher()
    monkeypatch.setattr(accounts, "_HASHER", fast)
    return fast


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "media").mkdir()
    return root


@pytest.fixture
def store(project: Path, hasher: CountingHasher) -> AccountStore:
    return AccountStore(project)


def messages(error: pytest.ExceptionInfo[InputError]) -> str:
    return "\n".join(str(p) for p in error.value.problems)


def test_roles_and_labels_are_the_contract() -> None:
    assert [r.value for r in Role] == ["don-vi", "van-phong", "lanh-dao", "quan-tri"]
    assert ROLE_LABELS == {
        Role.UNIT: "Đơn vị",
        Role.OFFICE: "Văn phòng",
        Role.LEADERSHIP: "Lãnh đạo",
        Role.ADMIN: "Quản trị",
    }


def test_an_empty_project_has_no_accounts_and_no_admin(store: AccountStore) -> None:
    assert store.accounts() == []
    assert store.get("nguyen.van.a") is None
    assert not store.has_admin()
    assert store.verify("nguyen.van.a", PASSWORD) is None
    assert not (store.root / ".baocao").exists()  # reading creates nothing


def test_add_get_list_verify(store: AccountStore) -> None:
    unit = store.add("tran.thi.b", Role.UNIT, PASSWORD, units=["tuy-hoa", "song-cau", "tuy-hoa"])
    admin = store.add("admin", Role.ADMIN, PASSWORD + "2", restricted=True)

    assert unit == Account(name="tran.thi.b", role=Role.UNIT, units=("tuy-hoa", "song-cau"))
    assert admin.restricted and not admin.disabled
    assert [a.name for a in store.accounts()] == ["admin", "tran.thi.b"]  # sorted by name
    assert store.get("tran.thi.b") == unit
    assert store.has_admin()
    assert store.verify("tran.thi.b", PASSWORD) == unit
    assert store.verify(" Tran.Thi.B ", PASSWORD) == unit  # as a phone may type it
    assert store.verify("tran.thi.b", PASSWORD + "2") is None
    assert store.verify("admin", PASSWORD) is None


def test_account_is_frozen_and_carries_no_hash(store: AccountStore) -> None:
    account = store.add("le.van.c", Role.OFFICE, PASSWORD)
    with pytest.raises(ValueError):
        account.name = "khac"  # type: ignore[misc]
    assert "hash" not in repr(account) and "argon2" not in repr(account)
    assert set(Account.model_fields) == {"name", "role", "units", "restricted", "disabled"}


def test_disable_keeps_the_account_but_refuses_its_password(store: AccountStore) -> None:
    store.add("admin", Role.ADMIN, PASSWORD)
    disabled = store.disable("admin")
    assert disabled.disabled and store.get("admin") == disabled
    assert store.verify("admin", PASSWORD) is None
    assert not store.has_admin()  # only enabled administrators count


def test_reset_changes_the_password_and_keeps_disabled_as_is(store: AccountStore) -> None:
    store.add("pham.d", Role.LEADERSHIP, PASSWORD)
    store.add("vo.e", Role.LEADERSHIP, PASSWORD)
    store.disable("vo.e")

    assert not store.reset("pham.d", "mật khẩu mới dài").disabled
    assert store.verify("pham.d", PASSWORD) is None
    assert store.verify("pham.d", "mật khẩu mới dài") is not None

    assert store.reset("vo.e", "mật khẩu mới dài").disabled
    assert store.verify("vo.e", "mật khẩu mới dài") is None
    assert store.get("vo.e") == Account(name="vo.e", role=Role.LEADERSHIP, disabled=True)


def test_unknown_name_is_still_checked_against_a_hash(store: AccountStore) -> None:
    store.add("admin", Role.ADMIN, PASSWORD)
    hasher = accounts._HASHER
    assert isinstance(hasher, CountingHasher)
    hasher.verified.clear()
    assert store.verify("khong.co", PASSWORD) is None
    assert store.verify("admin", "sai mật khẩu rồi") is None
    store.disable("admin")
    assert store.verify("admin", PASSWORD) is None
    assert len(hasher.verified) == 3  # the same work whether the name exists or not
    assert hasher.verified[0] == accounts._DUMMY_HASH


def test_the_dummy_hash_has_the_default_parameters() -> None:
    """Otherwise a login under an unknown name would take a different time."""
    assert accounts._DUMMY_HASH.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(accounts._DUMMY_HASH)


def test_verify_rehashes_a_hash_made_with_older_parameters(
    project: Path, hasher: CountingHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AccountStore(project)
    store.add("admin", Role.ADMIN, PASSWORD)  # cheap parameters: "older" than the defaults
    old = json.loads((project / ACCOUNTS_FILE).read_text("utf-8"))["accounts"][0]["password_hash"]
    default = PasswordHasher()
    assert default.check_needs_rehash(old)

    monkeypatch.setattr(accounts, "_HASHER", default)
    assert store.verify("admin", PASSWORD) is not None
    new = json.loads((project / ACCOUNTS_FILE).read_text("utf-8"))["accounts"][0]["password_hash"]
    assert new != old and not default.check_needs_rehash(new)
    assert store.verify("admin", PASSWORD) is not None  # the new hash works


def test_passwords_compare_in_nfc(store: AccountStore) -> None:
    """«ệ» typed as one code point or as e + two combining marks is the same password."""
    nfd = unicodedata.normalize("NFD", "Hệ thống 2026")
    store.add("ngo.f", Role.OFFICE, nfd)
    assert store.verify("ngo.f", unicodedata.normalize("NFC", nfd)) is not None


@pytest.mark.parametrize("name", ["abc", "nguyen.van.a", "can-bo-01", "a" * 40, "3.14"])
def test_good_names(store: AccountStore, name: str) -> None:
    assert store.add(name, Role.OFFICE, PASSWORD).name == name


@pytest.mark.parametrize(
    ("name", "example"),
    [
        ("ab", "nguyen.van.a"),
        ("a" * 41, "a" * 40),
        ("Nguyễn Văn A", "nguyen.van.a"),
        ("Admin", "admin"),
        ("ten_co_gach_duoi", "ten.co.gach.duoi"),
        ("", "nguyen.van.a"),
    ],
)
def test_bad_names_are_refused_with_an_example(
    store: AccountStore, name: str, example: str
) -> None:
    with pytest.raises(InputError) as error:
        store.add(name, Role.OFFICE, PASSWORD)
    assert messages(error) == (
        f"TÊN: tên tài khoản «{name}» không hợp lệ: chỉ dùng chữ thường không dấu, chữ số, "
        f"dấu chấm và gạch nối, dài từ 3 đến 40 ký tự (ví dụ {example})"
    )
    assert store.accounts() == []


def test_a_taken_name_is_refused(store: AccountStore) -> None:
    store.add("admin", Role.ADMIN, PASSWORD)
    with pytest.raises(InputError) as error:
        store.add("admin", Role.OFFICE, PASSWORD)
    assert messages(error) == "TÊN: đã có tài khoản «admin»; hãy chọn tên khác"
    assert store.get("admin") == Account(name="admin", role=Role.ADMIN)


def test_unit_accounts_need_known_units(store: AccountStore) -> None:
    with pytest.raises(InputError) as error:
        store.add("don.vi", Role.UNIT, PASSWORD)
    assert messages(error).startswith("--unit: tài khoản don-vi (Đơn vị) cần ít nhất một đơn vị")

    with pytest.raises(InputError) as error:
        store.add("don.vi", Role.UNIT, PASSWORD, units=["tuy-hoa", "khong-co", "phong-9"])
    text = messages(error)
    assert "không có đơn vị «khong-co» trong content/units.yml" in text
    assert "không có đơn vị «phong-9» trong content/units.yml" in text
    assert "(các mã hợp lệ: vks-tinh, van-phong, phong-1," in text
    assert "«tuy-hoa»" not in text
    assert store.accounts() == []


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADERSHIP, Role.ADMIN])
def test_other_roles_take_no_unit(store: AccountStore, role: Role) -> None:
    with pytest.raises(InputError) as error:
        store.add("van.phong", role, PASSWORD, units=["tuy-hoa"])
    assert messages(error) == (
        f"--unit: vai trò {role} ({ROLE_LABELS[role]}) không gắn với đơn vị nào; "
        "bỏ --unit, chỉ tài khoản don-vi mới cần"
    )


def test_short_passwords_are_refused(store: AccountStore) -> None:
    with pytest.raises(InputError) as error:
        store.add("admin", Role.ADMIN, "123456789")
    assert messages(error) == (
        "--password-stdin: mật khẩu quá ngắn: cần ít nhất 10 ký tự (mật khẩu vừa nhập có 9 ký tự)"
    )
    store.add("admin", Role.ADMIN, "1234567890")
    with pytest.raises(InputError):
        store.reset("admin", "ngắn")
    assert store.verify("admin", "1234567890") is not None


def test_every_problem_is_reported_at_once(store: AccountStore) -> None:
    with pytest.raises(InputError) as error:
        store.add("X", Role.UNIT, "ngắn")
    assert [p.path for p in error.value.problems] == ["--password-stdin", "--unit", "TÊN"]


def test_disable_or_reset_an_unknown_name(store: AccountStore) -> None:
    store.add("admin", Role.ADMIN, PASSWORD)
    for change in (lambda: store.disable("khong.co"), lambda: store.reset("khong.co", PASSWORD)):
        with pytest.raises(InputError) as error:
            change()
        assert messages(error) == "TÊN: không có tài khoản «khong.co» (hiện có: admin)"


def test_the_file_is_private_and_holds_only_hashes(store: AccountStore) -> None:
    store.add("admin", Role.ADMIN, PASSWORD)
    path = store.root / ACCOUNTS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text("utf-8")
    assert PASSWORD not in text and '"password_hash": "$argon2id$' in text
    assert sorted(p.name for p in path.parent.iterdir()) == ["accounts.json", "accounts.lock"]


def test_threads_adding_at_once_all_land(store: AccountStore) -> None:
    names = [f"can-bo-{i:02}" for i in range(12)]
    threads = [
        threading.Thread(target=store.add, args=(name, Role.OFFICE, PASSWORD)) for name in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.name for a in store.accounts()] == names


RECORD = {
    "name": "admin",
    "role": "quan-tri",
    "units": [],
    "restricted": False,
    "disabled": False,
    "password_hash": "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
}


def file_with(**changes: object) -> bytes:
    record = {**RECORD, **changes}
    record = {k: v for k, v in record.items() if v is not None}
    return json.dumps({"version": 1, "accounts": [record]}).encode()


@pytest.mark.parametrize(
    ("data", "where", "why"),
    [
        (b"\xef\xbb\xbf" + file_with(), ":1:1", "tệp bắt đầu bằng dấu BOM"),
        (b'{"version": 1, "accounts": [', ":1:29", "JSON hỏng"),
        (b"", ":1:1", "JSON hỏng"),
        (b"\xff\xfe{}", "", "không phải văn bản UTF-8"),
        (b"[]", "", "sai cấu trúc ở toàn tệp"),
        (file_with(admin=True), "", "sai cấu trúc ở accounts.0.admin: trường không được biết"),
        (file_with(disabled=None), "", "sai cấu trúc ở accounts.0.disabled: thiếu trường"),
        (file_with(disabled=0), "", "sai cấu trúc ở accounts.0.disabled: sai kiểu giá trị"),
        (file_with(disabled="false"), "", "accounts.0.disabled: sai kiểu giá trị"),
        (file_with(role="root"), "", "accounts.0.role: vai trò không hợp lệ"),
        (file_with(name="Admin"), "", "tên tài khoản «Admin» ở accounts.0 không hợp lệ"),
        (file_with(password_hash="hunter2"), "", "không phải mã băm argon2id"),
        (file_with(units=["tuy-hoa"]), "", "đơn vị của tài khoản «admin» không khớp vai trò"),
        (
            b'{"version": 1, "version": 1, "accounts": []}',
            "",
            "trường «version» ghi hai lần",
        ),
        (b'{"version": 2, "accounts": []}', "", "phiên bản tệp không được hỗ trợ"),
    ],
)
def test_a_file_that_cannot_be_read_with_certainty_fails_closed(
    store: AccountStore, data: bytes, where: str, why: str
) -> None:
    path = store.root / ACCOUNTS_FILE
    path.parent.mkdir()
    path.write_bytes(data)
    for use in (
        store.accounts,
        store.has_admin,
        lambda: store.get("admin"),
        lambda: store.verify("admin", PASSWORD),
        lambda: store.add("moi.them", Role.OFFICE, PASSWORD),
    ):
        with pytest.raises(InputError) as error:
            use()
        text = messages(error)
        assert text.startswith(f".baocao/accounts.json{where}: không đọc được chắc chắn tệp")
        assert why in text
    assert path.read_bytes() == data  # never replaced by an "empty" store


def test_duplicate_names_in_the_file_fail_closed(store: AccountStore) -> None:
    path = store.root / ACCOUNTS_FILE
    path.parent.mkdir()
    path.write_text(json.dumps({"version": 1, "accounts": [RECORD, RECORD]}), "utf-8")
    with pytest.raises(InputError) as error:
        store.accounts()
    assert "tài khoản «admin» có hai lần" in messages(error)
