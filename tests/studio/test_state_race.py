"""The studio's view of the project under concurrent saves: a name that vanishes between the
listing of its folder and its ``stat`` (a save's temporary file, renamed away meanwhile) is not
an error, and a hidden name (that temporary file) is not content — it changes nothing the view
depends on. Deterministic: the race is made to happen at the one place it can.

And what every request reads before anything else, kept between requests only while the disk
says it is the same: the project's listing (one folder listed again when it changed) and the
accounts (parsed again as soon as the file is another)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from studio.client import make_project

from generator.fsutil import atomic_path
from generator.office import accounts
from generator.office.accounts import ACCOUNTS_FILE, AccountStore, Role
from generator.studio import state
from generator.studio.state import ContentState, project_stamp

HIGHLIGHTS = "content/periods/2021-h1/highlights"
TEMPORARY = ".tuy-hoa.k3j2x9.tmp.yml"  # as fsutil.atomic_path names it


def _vanishing_on_stat(
    monkeypatch: pytest.MonkeyPatch, victim: Path, remove: Callable[[Path], None]
) -> list[str]:
    """``os.stat`` that removes ``victim`` just before it is asked about it: what another
    thread's rename does between the listing of the folder and the ``stat``."""
    real_stat = os.stat
    asked: list[str] = []

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(victim) and os.path.lexists(victim):
            asked.append(str(path))
            remove(victim)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(state.os, "stat", stat)
    return asked


def test_a_file_renamed_away_between_listing_and_stat_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    victim = root / HIGHLIGHTS / "song-cau-ban-nhap.yml"  # not hidden: it is listed and stat'ed
    victim.write_text("unit: song-cau\nmedia: []\n", "utf-8")
    view = ContentState(root)
    asked = _vanishing_on_stat(monkeypatch, victim, Path.unlink)
    stamp = project_stamp(root)  # FileNotFoundError before the fix
    assert asked == [str(victim)]
    assert str(victim) not in [entry[0] for entry in stamp]
    victim.write_text("unit: song-cau\nmedia: []\n", "utf-8")
    snapshot = view.snapshot()  # what the gate asks for every request: no 500
    assert snapshot.period("2021-h1") is not None
    assert len(asked) == 2
    monkeypatch.undo()
    assert view.snapshot() is snapshot  # the view is the project as it is now: without it


def test_a_folder_removed_between_listing_and_stat_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    folder = root / "content/periods/2099-h1"
    folder.mkdir()
    (folder / "period.yml").write_text("id: 2099-h1\n", "utf-8")
    media = root / "media/2021-h1/xoa-ngay"
    media.mkdir(parents=True)

    def remove(path: Path) -> None:
        for child in path.iterdir():
            child.unlink()
        path.rmdir()

    _vanishing_on_stat(monkeypatch, folder, remove)
    paths = [entry[0] for entry in project_stamp(root)]
    assert str(folder) not in paths and str(folder / "period.yml") not in paths
    assert str(media) in paths
    monkeypatch.undo()
    _vanishing_on_stat(monkeypatch, media, Path.rmdir)
    paths = [entry[0] for entry in project_stamp(root)]
    assert str(media) not in paths and str(root / "media/2021-h1") in paths


def test_a_hidden_temporary_file_is_not_content(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    view = ContentState(root)
    first = view.snapshot()
    before = project_stamp(root)
    hidden = root / HIGHLIGHTS / TEMPORARY
    hidden.write_text("unit: tuy-hoa\nmedia: [\n", "utf-8")  # half written
    assert project_stamp(root) == before  # neither the file nor its folder's new time
    assert view.snapshot() is first  # nothing read again, nothing of it shown
    hidden.unlink()
    assert project_stamp(root) == before
    assert view.snapshot() is first


def test_a_save_s_temporary_file_and_its_rename(tmp_path: Path) -> None:
    """Through the write path itself (``fsutil.atomic_path``): while the temporary file is
    there the view stands; once it is renamed over the unit's file, the change is seen."""
    root = make_project(tmp_path / "p")
    target = root / HIGHLIGHTS / "tuy-hoa.yml"
    view = ContentState(root)
    first = view.snapshot()
    text = target.read_text("utf-8").replace("Kiểm sát việc tạm giữ, tạm giam", "Chú thích mới")
    with atomic_path(target) as tmp:
        tmp.write_text(text, "utf-8")
        assert tmp.name.startswith(".") and tmp.parent == target.parent
        assert view.snapshot() is first
    second = view.snapshot()
    assert second is not first
    source = second.sources[f"{HIGHLIGHTS}/tuy-hoa.yml"]
    assert [item["caption"] for item in source.data["media"]] == ["Chú thích mới"]


def test_a_folder_changed_within_the_clock_tick_is_listed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder's listing is kept while its times are unchanged, except when those times are
    recent: a second change within the file system's clock tick leaves them as they were."""
    root = make_project(tmp_path / "p")
    folder = root / HIGHLIGHTS
    frozen = os.stat(folder)  # the folder's times, as if no later change moved them
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        return frozen if os.fspath(path) == str(folder) else real_stat(path, *args, **kwargs)

    monkeypatch.setattr(state.os, "stat", stat)
    view = ContentState(root)
    view.snapshot()
    (folder / "moi.yml").write_text("unit: song-cau\nmedia: []\n", "utf-8")
    assert frozen.st_mtime_ns > time.time_ns() - state.SETTLED_NS  # recent: not trusted
    assert [h.model.unit for h in view.snapshot().period("2021-h1").highlights].count(
        "song-cau"
    ) == 1


def test_a_settled_folder_is_not_listed_again_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    monkeypatch.setattr(state, "SETTLED_NS", 0)  # every folder as if left alone for long
    stamper = state._Stamper(root)
    first = stamper.stamp()
    assert first == project_stamp(root)
    listed: list[str] = []
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        listed.append(os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(state.os, "scandir", scandir)
    assert stamper.stamp() == first and listed == []  # one stat per folder and content file
    new = root / HIGHLIGHTS / "moi.yml"
    new.write_text("unit: song-cau\nmedia: []\n", "utf-8")
    second = stamper.stamp()
    assert listed == [str(root / HIGHLIGHTS)]  # the one folder that changed
    assert str(new) in [entry[0] for entry in second]
    assert second == project_stamp(root)
    listed.clear()
    photos = root / "media/2021-h1/tuy-hoa"
    (photos / "moi.jpg").write_bytes(b"")  # a media folder's time is what stamps its files
    third = stamper.stamp()
    assert listed == [str(photos)] and third != second and third == project_stamp(root)


def test_the_accounts_are_parsed_again_as_soon_as_the_file_is_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The studio asks ``get`` for every request: the parse is kept while the file is the same
    one, and a disabled account is refused from the very next request."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
    root = tmp_path / "p"
    root.mkdir()
    other_process = AccountStore(root)
    other_process.add("van.phong", Role.OFFICE, "mat-khau-du-dai")
    other_process.add("lanh.dao", Role.LEADERSHIP, "mat-khau-du-dai")
    monkeypatch.setattr(accounts, "SETTLED_NS", 0)  # the file as if written long ago
    parses: list[int] = []
    real_parse = accounts._parse

    def parse(data: bytes):  # type: ignore[no-untyped-def]
        parses.append(len(data))
        return real_parse(data)

    monkeypatch.setattr(accounts, "_parse", parse)
    studio = AccountStore(root)
    for _ in range(5):
        found = studio.get("van.phong")
        assert found is not None and not found.disabled
    assert [a.name for a in studio.accounts()] == ["lanh.dao", "van.phong"]
    assert len(parses) == 1
    other_process.disable("van.phong")  # `baocao users disable`, in another process
    parses.clear()
    found = studio.get("van.phong")
    assert found is not None and found.disabled
    assert len(parses) == 1
    assert studio.get("van.phong") == found and len(parses) == 1
    # rewritten in place, same size, its mtime put back: its ctime still tells
    path = root / ACCOUNTS_FILE
    before = os.stat(path)
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"disabled": true', b'"disabled": "yes"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(accounts.InputError):  # a damaged file is never served from the past
        studio.get("van.phong")
    with pytest.raises(accounts.InputError):
        studio.get("van.phong")
    path.write_bytes(data)
    assert studio.get("van.phong").disabled  # type: ignore[union-attr]
    path.unlink()
    assert studio.get("van.phong") is None and studio.accounts() == []


def test_a_recent_accounts_file_is_parsed_at_every_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written within the clock tick of a parse, a file could change again with the same
    times: until its times have settled, it is read at every call."""
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
    root = tmp_path / "p"
    root.mkdir()
    store = AccountStore(root)
    store.add("van.phong", Role.OFFICE, "mat-khau-du-dai")
    parses: list[int] = []
    real_parse = accounts._parse
    monkeypatch.setattr(accounts, "_parse", lambda data: parses.append(1) or real_parse(data))
    for _ in range(3):
        assert store.get("van.phong") is not None
    assert len(parses) == 3
