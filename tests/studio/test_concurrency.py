"""The office's studio with several people saving at once, and killed in the middle of it.

Against the real command, ``baocao studio --listen 127.0.0.1:PORT``, from threads, each with its
own browser session (cookies, the page's CSRF token and digest). Saves released together by a
barrier: two units' saves both land; two saves of one item from the same page, exactly one
lands and the other is refused with what was typed kept on its page. Then ``kill -9`` during a
burst of saves: no file under a real name is torn, every acknowledged save is on disk, and the
next start removes what the killed writes left (``leftovers.clean``).
"""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from projectfactory import write_project
from ruamel.yaml import YAML
from studio.client import Answer, Server, StudioClient, start_studio, stop_studio

from generator.load.reader import read_content
from generator.office.accounts import ACCOUNTS_FILE, AccountStore, Role
from generator.office.audit import AuditLog, Kind
from generator.studio.leftovers import ATOMIC_FILE, QUIET_SECONDS

PERIOD = "2021-h1"
UNITS = ("tuy-hoa", "song-cau", "vks-tinh")
ITEMS = 6  # per unit
ACCOUNTS = {  # name: (role, unit)
    "tuyhoa": (Role.UNIT, "tuy-hoa"),
    "tuyhoa2": (Role.UNIT, "tuy-hoa"),
    "songcau": (Role.UNIT, "song-cau"),
    "tinh": (Role.UNIT, "vks-tinh"),
}


def _password(name: str) -> str:
    return f"mat-khau-cua-{name}"


def _highlights(root: Path, unit: str) -> Path:
    return root / f"content/periods/{PERIOD}/highlights/{unit}.yml"


def _photo(unit: str, index: int) -> str:
    return f"{PERIOD}/{unit}/anh-{index}.jpg"


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The account store of ``ACCOUNTS``, made once (argon2id hashing is slow on purpose)."""
    root = write_project(tmp_path_factory.mktemp("accounts"))
    store = AccountStore(root)
    for name, (role, unit) in ACCOUNTS.items():
        store.add(name, role, _password(name), units=[unit])
    return (root / ACCOUNTS_FILE).read_bytes()


@pytest.fixture
def project(tmp_path: Path, accounts: bytes) -> Path:
    """The tests' tiny project with ``ITEMS`` photos in each of three units' highlights, and a
    contributor account for each unit (two for Tuy Hòa)."""
    root = write_project(tmp_path / "project")
    for unit in UNITS:
        lines = [f"# Hình ảnh nổi bật – {unit}", f"unit: {unit}", "media:"]
        for i in range(ITEMS):
            photo = root / "media" / _photo(unit, i)
            photo.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (64, 48), (40 * i, 90, 160)).save(photo, quality=70)
            lines += [
                f"  - file: {_photo(unit, i)}",
                f"    caption: Ảnh số {i + 1} của {unit}",
                "    category: nghiep-vu",
                "    date: 2021-03-12",
            ]
        _highlights(root, unit).write_text("\n".join(lines) + "\n", "utf-8")
    (root / ".baocao").mkdir(mode=0o700)
    (root / ACCOUNTS_FILE).write_bytes(accounts)
    (root / ACCOUNTS_FILE).chmod(0o600)
    return root


def _start(root: Path) -> Server:
    return start_studio(root, office=True)


def _stop(server: Server) -> None:
    """Stop the studio (if still running) and close its pipes."""
    if server.process.poll() is None:
        stop_studio(server)
    server.process.communicate(timeout=10)


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    started = _start(project)
    yield started
    _stop(started)


def _browser(server: Server, name: str) -> StudioClient:
    """A browser logged in as ``name``."""
    client = StudioClient(server)
    page = client.get("/dang-nhap")
    form = {"csrf": page.field("csrf"), "ten": name, "mat-khau": _password(name), "tiep": "/"}
    answer = client.post("/dang-nhap", form)
    assert answer.status == 303, answer.text
    return client


def _unit_page(client: StudioClient, unit: str) -> Answer:
    page = client.get(f"/ky/{PERIOD}/don-vi/{unit}")
    assert page.status == 200, page.text
    return page


def _save(client: StudioClient, page: Answer, unit: str, index: int, caption: str) -> Answer:
    form = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": _photo(unit, index),
        "caption": caption,
        "category": "nghiep-vu",
        "date": "2021-03-12",
        "narration": "",
        "visibility": "",
    }
    return client.post(f"/ky/{PERIOD}/don-vi/{unit}/muc/{index}", form)


def _captions(root: Path, unit: str) -> list[str]:
    document = YAML(typ="safe").load(_highlights(root, unit).read_text("utf-8"))
    return [item["caption"] for item in document["media"]]


def _together(*jobs: tuple[StudioClient, Answer, str, int, str]) -> list[Answer]:
    """Send the saves at the same moment (threads released by a barrier); their answers."""
    barrier = threading.Barrier(len(jobs))
    answers: list[Answer | BaseException] = [RuntimeError("not sent")] * len(jobs)

    def send(n: int) -> None:
        barrier.wait(timeout=30)
        try:
            answers[n] = _save(*jobs[n])
        except BaseException as exc:  # reported below, on the test's thread
            answers[n] = exc

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return [a for a in answers if isinstance(a, Answer)]


def test_two_units_saving_at_the_same_moment_both_land(server: Server, project: Path) -> None:
    tuyhoa, songcau = _browser(server, "tuyhoa"), _browser(server, "songcau")
    first = (tuyhoa, _unit_page(tuyhoa, "tuy-hoa"), "tuy-hoa", 2, "Tuy Hòa: kiểm sát nhà tạm giữ")
    second = (songcau, _unit_page(songcau, "song-cau"), "song-cau", 4, "Sông Cầu: phiên tòa mẫu")
    answers = _together(first, second)
    assert [a.status for a in answers] == [303, 303], [a.text[:300] for a in answers]
    assert _captions(project, "tuy-hoa")[2] == "Tuy Hòa: kiểm sát nhà tạm giữ"
    assert _captions(project, "song-cau")[4] == "Sông Cầu: phiên tòa mẫu"
    assert _captions(project, "tuy-hoa")[:2] == ["Ảnh số 1 của tuy-hoa", "Ảnh số 2 của tuy-hoa"]
    writes = [e for e in AuditLog(project).entries() if e.kind is Kind.WRITE]
    assert sorted(e.account for e in writes) == ["songcau", "tuyhoa"]


def test_one_item_saved_twice_from_the_same_page_lands_once(server: Server, project: Path) -> None:
    """Both sessions opened the page before either saved: the second save would overwrite the
    first unseen, so it is refused (409) and its page keeps what was typed."""
    one, two = _browser(server, "tuyhoa"), _browser(server, "tuyhoa2")
    page_one, page_two = _unit_page(one, "tuy-hoa"), _unit_page(two, "tuy-hoa")
    assert page_one.field("digest") == page_two.field("digest")
    typed = {
        "tuyhoa": "Bản của người thứ nhất: hội nghị triển khai",
        "tuyhoa2": "Bản của người thứ hai: giao ban tháng Tư",
    }
    answers = _together(
        (one, page_one, "tuy-hoa", 1, typed["tuyhoa"]),
        (two, page_two, "tuy-hoa", 1, typed["tuyhoa2"]),
    )
    assert sorted(a.status for a in answers) == [303, 409], [a.text[:300] for a in answers]
    landed = dict(zip(typed, answers, strict=True))
    winner = next(name for name, a in landed.items() if a.status == 303)
    loser = next(name for name, a in landed.items() if a.status == 409)
    assert _captions(project, "tuy-hoa")[1] == typed[winner]
    refused = landed[loser].text
    assert "đã được sửa ở nơi khác sau khi trang này được mở" in refused
    assert f'name="caption" value="{html.escape(typed[loser])}"' in refused  # as typed
    writes = [e for e in AuditLog(project).entries() if e.kind is Kind.WRITE]
    assert [e.account for e in writes] == [winner]


def _temporary_files(root: Path) -> list[Path]:
    """What an interrupted atomic write leaves (``.<name>.<8 random>.tmp<suffix>``)."""
    return sorted(
        p
        for top in ("content", "media", ".baocao/history")
        for p in (root / top).rglob("*")
        if p.is_file() and ATOMIC_FILE.fullmatch(p.name)
    )


def test_a_studio_killed_during_a_burst_of_saves_leaves_every_file_whole(
    server: Server, project: Path
) -> None:
    names = {"tuy-hoa": "tuyhoa", "song-cau": "songcau", "vks-tinh": "tinh"}
    browsers = {unit: _browser(server, name) for unit, name in names.items()}
    acked: dict[tuple[str, int], list[str]] = {}
    in_flight: dict[tuple[str, int], str] = {}
    others: list[str] = []  # any answer but 303 while the studio was alive
    lock = threading.Lock()
    stop = threading.Event()

    def burst(unit: str) -> None:
        """Open the page, save the next caption, again and again: one writer per file."""
        client, n = browsers[unit], 0
        while not stop.is_set():
            try:
                page = _unit_page(client, unit)
                n += 1
                index, caption = n % ITEMS, f"Lần lưu {n} của {unit}"
                with lock:
                    in_flight[(unit, index)] = caption
                answer = _save(client, page, unit, index, caption)
            except (OSError, AssertionError):
                return  # the studio is gone
            with lock:
                if answer.status == 303:
                    acked.setdefault((unit, index), []).append(caption)
                    del in_flight[(unit, index)]
                else:
                    others.append(f"{unit} {index}: {answer.status}")

    threads = [threading.Thread(target=burst, args=(unit,)) for unit in UNITS]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while sum(map(len, acked.values())) < 6 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # somewhere inside the next saves
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(map(len, acked.values())) >= 6, "the burst did not get going"
    assert others == []

    # Every file under its real name is whole: it parses, and it is the last acknowledged save
    # (or the one in flight when the studio died, which may have landed).
    for unit in UNITS:
        captions = _captions(project, unit)
        assert len(captions) == ITEMS
        for index, caption in enumerate(captions):
            last = acked.get((unit, index), [f"Ảnh số {index + 1} của {unit}"])[-1]
            assert caption in (last, in_flight.get((unit, index))), (unit, index, caption)
    left = _temporary_files(project)
    _raw, problems = read_content(project)
    torn = [p for p in problems if not ATOMIC_FILE.fullmatch(Path(p.path).name)]
    assert torn == [], [str(p) for p in torn]
    AuditLog(project).entries()  # the trail still reads (a torn last line is tolerated)

    # A kill rarely lands in the microseconds between a write's temporary file and its rename:
    # one is planted as such a kill leaves it (half written), so the clean-up is checked always.
    highlights = _highlights(project, "tuy-hoa")
    torn_write = highlights.with_name(f".{highlights.stem}.k1ll3d_x.tmp.yml")
    torn_write.write_bytes(highlights.read_bytes()[:40])
    # The next start removes what killed writes left once nobody has touched it for a minute
    # (another process may be writing it): age it rather than wait.
    aged = time.time() - QUIET_SECONDS - 60
    for path in [*left, torn_write]:
        os.utime(path, (aged, aged))
    _stop(_start(project))
    assert _temporary_files(project) == []
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
