"""The office's studio under a working office: 25 accounts at once, no save lost.

    python bench/bench_office.py --quick          # 10 s, 8 accounts
    python bench/bench_office.py                  # 60 s, 25 accounts, 300 photos

Writes a project (the demo's site, units and indicators; the 2021-h1 period; N small distinct
JPEGs spread over the highlights of the ten units the demo's period has highlights for, and
those units' results), makes the accounts with the real command ``baocao users add`` (unit
contributors cycling over the units, so that several share one; two of the office, one of the
leadership), starts the real ``baocao studio --listen 127.0.0.1:PORT`` and, from this process,
first times one contributor alone (the anchor: the same studio with no one else on it), then
runs every account at once, each in its own thread with its own cookies, over loopback:

- a contributor logs in once, then loops: opens its unit page, sometimes its results page or
  one of its thumbnails, types for a moment and saves a caption of one of its own unit's items
  (contributors sharing a unit each edit their own items), follows the answer's redirect (the
  page after a save), and thinks. A save refused as stale (409: the unit's file changed since
  the page was opened) is correct behaviour: it is counted, its page must still hold the typed
  caption, and the user reloads and saves again, once;
- the office and the leadership open the period page, then any unit's page, results or
  thumbnails.

Every acknowledged save (303) is recorded with the caption it wrote (unique: account and
counter). Once the studio is stopped, every item's caption on disk must be the last one
acknowledged for it (or the original when none was): a difference is a lost save. Reported:
requests, errors (5xx, an unexpected status, a broken connection), stale refusals, lost saves,
p50/p95 of page loads and saves, logins and thumbnails; the write entries of the audit trail
against the acknowledged saves; the studio's peak memory; ``baocao check`` on the result.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import math
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
BAOCAO = Path(sys.executable).parent / "baocao"
PERIOD = "2021-h1"
# The units the demo's 2021-h1 period has highlights for (content/periods/2021-h1/highlights).
UNITS = (
    "vks-tinh",
    "tuy-hoa",
    "song-cau",
    "dong-xuan",
    "tuy-an",
    "son-hoa",
    "song-hinh",
    "tay-hoa",
    "phu-hoa",
    "dong-hoa",
)
PAGE_TARGET_MS = 300
SAVE_TARGET_MS = 600
PASSWORD = "mat-khau-do-tai-{name}"  # 10 characters or more, one per account


def original_caption(unit: str, index: int) -> str:
    return f"Ảnh hoạt động số {index + 1} của {unit}"


def make_project(root: Path, photos: int) -> dict[str, int]:
    """The project, its photos spread over ``UNITS``; items per unit."""
    content = root / "content"
    period = content / "periods" / PERIOD
    (period / "highlights").mkdir(parents=True)
    (period / "results").mkdir()
    for name in ("site.yml", "units.yml", "indicators.yml"):
        shutil.copy(REPO / "content" / name, content / name)
    shutil.copy(REPO / "content/periods" / PERIOD / "period.yml", period / "period.yml")
    (root / "media").mkdir()
    shutil.copy(REPO / "media/logo.png", root / "media/logo.png")
    counts = {
        unit: photos // len(UNITS) + (i < photos % len(UNITS)) for i, unit in enumerate(UNITS)
    }
    made = 0
    for unit, count in counts.items():
        shutil.copy(
            REPO / "content/periods" / PERIOD / "results" / f"{unit}.yml",
            period / "results" / f"{unit}.yml",
        )
        folder = root / "media" / PERIOD / unit
        folder.mkdir(parents=True)
        lines = [f"# Hình ảnh nổi bật – {unit}", f"unit: {unit}", "media:"]
        for i in range(count):
            name = f"anh-{i:04d}.jpg"
            shade = (made * 37 % 256, made * 11 % 200, 90)
            Image.new("RGB", (1280, 720), shade).save(folder / name, quality=60)
            made += 1
            lines += [
                f"  - file: {PERIOD}/{unit}/{name}",
                f"    caption: {original_caption(unit, i)}",
                "    category: nghiep-vu",
                f"    date: 2021-0{1 + i % 5}-1{i % 9}",
                f"    narration: Lời dẫn cho ảnh số {i + 1}.",
            ]
        (period / "highlights" / f"{unit}.yml").write_text("\n".join(lines) + "\n", "utf-8")
    return counts


@dataclass
class Account:
    name: str
    role: str  # don-vi, van-phong, lanh-dao
    unit: str = ""
    items: list[int] = field(default_factory=list)  # the items it edits (don-vi)

    @property
    def password(self) -> str:
        return PASSWORD.format(name=self.name)


def plan_accounts(users: int, counts: dict[str, int]) -> list[Account]:
    """Contributors cycling over the units, then two of the office (one below 10 users) and one
    of the leadership; sharers of a unit edit interleaved items (j, j + s, j + 2s…)."""
    office = 2 if users >= 10 else 1
    contributors = users - office - 1
    accounts = []
    for i in range(contributors):
        unit = UNITS[i % len(UNITS)]
        accounts.append(Account(f"dv-{unit}-{i // len(UNITS) + 1}", "don-vi", unit))
    sharers: dict[str, list[Account]] = defaultdict(list)
    for account in accounts:
        sharers[account.unit].append(account)
    for unit, group in sharers.items():
        for j, account in enumerate(group):
            account.items = list(range(j, counts[unit], len(group)))
    accounts += [Account(f"vanphong-{i + 1}", "van-phong") for i in range(office)]
    accounts.append(Account("lanhdao-1", "lanh-dao"))
    return accounts


def add_accounts(root: Path, accounts: list[Account]) -> None:
    for account in accounts:
        command = [str(BAOCAO), "--project", str(root), "users", "add", account.name]
        command += ["--role", account.role, "--password-stdin"]
        if account.unit:
            command += ["--unit", account.unit]
        subprocess.run(
            command, input=account.password + "\n", text=True, check=True, capture_output=True
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_studio(root: Path, port: int, log: Path) -> subprocess.Popen[str]:
    """The real command; its error output (tracebacks of 500s) goes to ``log``."""
    command = [str(BAOCAO), "--project", str(root), "studio", "--listen", f"127.0.0.1:{port}"]
    with log.open("w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if "Studio mở tại" not in line:
        process.kill()
        raise SystemExit(f"the studio did not start: {line!r}")
    return process


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    """VmHWM of the process: its peak resident memory so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- a browser -------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    text: str


class Browser:
    """One person's browser: its own cookies; a connection per request (loopback)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        text = data.decode("utf-8", "replace") if _is_text(response) else ""
        return Answer(response.status, response.getheader("location") or "", text)


def _is_text(response: http.client.HTTPResponse) -> bool:
    kind = response.getheader("content-type") or ""
    return kind.startswith("text/") or "json" in kind


def _item_digest(page: str, index: int) -> str:
    """The item's own digest from its form (the per-item stale guard), as a browser sends it."""
    start = page.find(f'id="muc-{index}"')
    if start < 0:
        return ""
    form = page[start : page.index("</form>", start)]
    try:
        return hidden(form, "item_digest")
    except ValueError:
        return ""


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    if match is None:
        raise ValueError(f"no field {name} on the page")
    return html.unescape(match.group(1))


# --- what happened ---------------------------------------------------------------------------


@dataclass
class Record:
    """Everything the simulated users saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    stale: int = 0
    stale_kept: int = 0  # 409 pages that still held the typed caption
    retries_landed: int = 0
    # (unit, index) -> captions acknowledged, in the order their one writer saved them
    acked: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    doubt: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    requests: int = 0

    def note(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.times[kind].append(ms)
            self.statuses[(kind, status)] += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


EXPECTED = {
    "login-page": {200},
    "login": {303},
    "page": {200},
    "thumb": {200},
    "save": {303, 409},
}


class User:
    def __init__(
        self,
        account: Account,
        port: int,
        record: Record,
        *,
        think: float,
        max_requests: int,
        seed: int,
    ) -> None:
        self.account = account
        self.browser = Browser(port)
        self.record = record
        self.think = think
        self.budget = max_requests
        self.random = random.Random(seed)
        self.saved = 0
        self.page = ""  # the last unit page opened (its digest and token)

    # one request, timed and checked
    def go(self, kind: str, path: str, form: dict[str, str] | None = None) -> Answer | None:
        self.budget -= 1
        start = time.perf_counter()
        try:
            answer = self.browser.request("POST" if form is not None else "GET", path, form)
        except (OSError, http.client.HTTPException) as exc:
            self.record.note(kind, (time.perf_counter() - start) * 1000, 0)
            self.record.error(f"{self.account.name} {kind} {path}: {exc!r}")
            return None
        self.record.note(kind, (time.perf_counter() - start) * 1000, answer.status)
        if answer.status not in EXPECTED[kind]:
            self.record.error(f"{self.account.name} {kind} {path}: HTTP {answer.status}")
            return None
        return answer

    def pause(self, scale: float = 1.0) -> None:
        time.sleep(self.random.uniform(0.5, 1.5) * self.think * scale)

    def login(self) -> bool:
        page = self.go("login-page", "/dang-nhap")
        if page is None:
            return False
        form = {
            "csrf": hidden(page.text, "csrf"),
            "ten": self.account.name,
            "mat-khau": self.account.password,
            "tiep": f"/ky/{PERIOD}",
        }
        return self.go("login", "/dang-nhap", form) is not None

    def run(self, deadline: float) -> None:
        if not self.login():
            return
        while time.monotonic() < deadline and self.budget >= 6:
            if self.account.role == "don-vi":
                self.contribute()
            else:
                self.look_around()
            self.pause()

    def unit_path(self, unit: str) -> str:
        return f"/ky/{PERIOD}/don-vi/{unit}"

    def contribute(self) -> None:
        unit = self.account.unit
        if not self.page:
            opened = self.go("page", self.unit_path(unit))
            if opened is None:
                return
            self.page = opened.text
        roll = self.random.random()
        if roll < 0.25:
            item = self.random.choice(self.account.items)
            self.go("thumb", f"/anh-nho/{PERIOD}/{unit}/anh-{item:04d}.jpg")
        elif roll < 0.45:
            self.go("page", self.unit_path(unit) + "/ket-qua")
        self.pause(0.5)  # typing
        index = self.account.items[self.saved % len(self.account.items)]
        self.saved += 1
        caption = f"Chú thích {self.saved} của {self.account.name}, mục {index + 1}"
        if not self.save(unit, index, caption, retry=True):
            self.page = ""

    def save(
        self, unit: str, index: int, caption: str, *, retry: bool, again: bool = False
    ) -> bool:
        """Save ``caption``; with ``retry``, a stale refusal is followed by a reload and one
        more save (``again``)."""
        try:
            form = {
                "csrf": hidden(self.page, "csrf"),
                "digest": hidden(self.page, "digest"),
                "item_digest": _item_digest(self.page, index),
            }
        except ValueError as exc:
            self.record.error(f"{self.account.name}: {exc}")
            return False
        form |= {
            "file": f"{PERIOD}/{unit}/anh-{index:04d}.jpg",
            "caption": caption,
            "category": "nghiep-vu",
            "date": f"2021-0{1 + index % 5}-1{index % 9}",
            "narration": f"Lời dẫn cho ảnh số {index + 1}.",
            "visibility": "",
        }
        key = (unit, index)
        self.budget -= 1
        start = time.perf_counter()
        try:
            answer = self.browser.request("POST", f"{self.unit_path(unit)}/muc/{index}", form)
        except (OSError, http.client.HTTPException) as exc:
            self.record.note("save", (time.perf_counter() - start) * 1000, 0)
            self.record.error(f"{self.account.name} save: {exc!r}")
            with self.record.lock:
                self.record.doubt[key].append(caption)  # may or may not have landed
            return False
        ms = (time.perf_counter() - start) * 1000
        self.record.note("save", ms, answer.status)
        if answer.status == 303:
            with self.record.lock:
                self.record.acked[key].append(caption)
                self.record.retries_landed += again
            after = self.go("page", answer.location.partition("#")[0])  # as a browser does
            self.page = after.text if after is not None else ""
            return after is not None
        if answer.status == 409:
            with self.record.lock:
                self.record.stale += 1
                self.record.stale_kept += html.escape(caption) in answer.text
            if not retry:
                return False
            reopened = self.go("page", self.unit_path(unit))  # staff reload, then save again
            if reopened is None:
                return False
            self.page = reopened.text
            return self.save(unit, index, caption, retry=False, again=True)
        self.record.error(f"{self.account.name} save: HTTP {answer.status} {answer.text[:200]!r}")
        return False

    def look_around(self) -> None:
        opened = self.go("page", f"/ky/{PERIOD}")
        if opened is None:
            return
        unit = self.random.choice(UNITS)
        self.pause(0.5)
        roll = self.random.random()
        if roll < 0.5:
            self.go("page", self.unit_path(unit))
        elif roll < 0.75:
            self.go("page", self.unit_path(unit) + "/ket-qua")
        else:
            item = self.random.randrange(20)
            self.go("thumb", f"/anh-nho/{PERIOD}/{unit}/anh-{item:04d}.jpg")


# --- the run ---------------------------------------------------------------------------------


def solo(account: Account, port: int, record: Record, repeat: int) -> dict[str, float]:
    """The anchor: one contributor alone on the studio, no think time; medians in ms (a page
    open, a save without the page its redirect opens)."""
    user = User(account, port, record, think=0, max_requests=10**6, seed=0)
    assert user.login(), "solo login refused"
    pages = []
    for n in range(repeat):
        start = time.perf_counter()
        opened = user.go("page", user.unit_path(account.unit))
        pages.append((time.perf_counter() - start) * 1000)
        assert opened is not None
        user.page = opened.text
        index = account.items[n % len(account.items)]
        caption = f"Chú thích đo riêng {n + 1} của {account.name}, mục {index + 1}"
        assert user.save(account.unit, index, caption, retry=False), "solo save refused"
    saves = list(record.times["save"])
    with record.lock:  # keep the solo requests out of the office's figures
        for kind in ("login-page", "login", "page", "save"):
            record.times.pop(kind, None)
        record.statuses.clear()
        record.requests = 0
    return {"page": statistics.median(pages), "save": statistics.median(saves)}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def verify(root: Path, counts: dict[str, int], record: Record) -> tuple[int, int, int]:
    """(lost saves, items changed without an acknowledged save, in-doubt saves that landed):
    every item's caption on disk against the last one acknowledged for it."""
    yaml = YAML(typ="safe")
    lost = unexplained = doubtful = 0
    for unit, count in counts.items():
        rel = f"content/periods/{PERIOD}/highlights/{unit}.yml"
        items = yaml.load((root / rel).read_text("utf-8"))["media"]
        assert len(items) == count, (rel, len(items))
        for index, item in enumerate(items):
            assert item["file"] == f"{PERIOD}/{unit}/anh-{index:04d}.jpg", (rel, index)
            on_disk = item["caption"]
            acked = record.acked.get((unit, index), [])
            doubt = record.doubt.get((unit, index), [])
            expected = acked[-1] if acked else original_caption(unit, index)
            if on_disk == expected:
                continue
            if on_disk in doubt:
                doubtful += 1
            elif acked:
                lost += 1
                print(f"LOST: {rel} item {index}: disk {on_disk!r}, acknowledged {expected!r}")
            else:
                unexplained += 1
                print(f"CHANGED: {rel} item {index}: {on_disk!r} (no save acknowledged)")
    return lost, unexplained, doubtful


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between actions, s")
    parser.add_argument("--max-requests", type=int, default=300, help="per user")
    parser.add_argument("--solo", type=int, default=10, help="saves of the one-user anchor")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="10 s, 8 accounts")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.users = 10.0, 8
    with tempfile.TemporaryDirectory(prefix="bench-office-") as tmp:
        root = Path(tmp) / "project"
        started = time.perf_counter()
        counts = make_project(root, args.photos)
        accounts = plan_accounts(args.users, counts)
        add_accounts(root, accounts)
        contributors = [a for a in accounts if a.role == "don-vi"]
        shared = sum(1 for n in Counter(a.unit for a in contributors).values() if n > 1)
        print(
            f"project: {args.photos} photos over {len(counts)} units, {len(accounts)} accounts "
            f"({len(contributors)} contributors, {shared} units shared; "
            f"{len(accounts) - len(contributors) - 1} office, 1 leadership) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        log = Path(tmp) / "studio-errors.log"
        process = start_studio(root, port, log)
        record = Record()
        try:
            anchor = solo(contributors[0], port, record, args.solo)
            users = [
                User(a, port, record, think=args.think, max_requests=args.max_requests, seed=i)
                for i, a in enumerate(accounts, start=args.seed * 1000)
            ]
            studio_cpu = cpu_seconds(process.pid)
            own_cpu = _own_cpu()
            load_before = os.getloadavg()[0]
            deadline = time.monotonic() + args.seconds
            threads = []
            for user in users:  # everyone arrives within the first two seconds
                thread = threading.Thread(target=user.run, args=(deadline,), daemon=True)
                threads.append(thread)
                thread.start()
                time.sleep(2.0 / len(users))
            for thread in threads:
                thread.join(timeout=args.seconds + 120)
            ran = time.monotonic() - deadline + args.seconds
            hung = sum(t.is_alive() for t in threads)
            peak = peak_rss_mib(process.pid)
            studio_cpu = cpu_seconds(process.pid) - studio_cpu
            own_cpu = _own_cpu() - own_cpu
        finally:
            process.terminate()
            process.wait(timeout=30)
        leftovers = [p for p in (root / "content").rglob("*.tmp*") if p.is_file()]
        lost, unexplained, doubtful = verify(root, counts, record)
        audit_lines = (root / ".baocao/audit.jsonl").read_text("utf-8").splitlines()
        audit_writes = sum(json.loads(line)["kind"] == "ghi" for line in audit_lines)
        acked = sum(len(v) for v in record.acked.values())
        raised = Counter(
            line.split(":")[0] + ":" + line.split(":")[1]
            for line in log.read_text("utf-8", "replace").splitlines()
            if re.match(r"\w+(Error|Exception)\b", line)
        )
        check = subprocess.run(
            [str(BAOCAO), "--project", str(root), "check"], capture_output=True, text=True
        )

    times = record.times
    unexpected = len(record.errors)
    five = Counter({k: n for (k, status), n in record.statuses.items() if status >= 500})
    page_p50, page_p95 = percentile(times["page"], 0.5), percentile(times["page"], 0.95)
    save_p50, save_p95 = percentile(times["save"], 0.5), percentile(times["save"], 0.95)
    print(f"ran {ran:.1f} s, {len(users)} users, think ~{args.think:g} s; {hung} still running")
    print(
        f"anchor, one contributor alone: unit page {anchor['page']:.0f} ms, "
        f"save {anchor['save']:.0f} ms (medians of {args.solo})"
    )
    print("| what | count | p50 ms | p95 ms | max ms | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    rows = [
        ("login (argon2id)", "login", ""),
        ("page (unit, period, results, after a save)", "page", f"p95 ≤ {PAGE_TARGET_MS}"),
        ("thumbnail", "thumb", ""),
        ("save one caption", "save", f"p95 ≤ {SAVE_TARGET_MS}"),
    ]
    for what, kind, target in rows:
        values = times[kind]
        top = max(values) if values else float("nan")
        print(
            f"| {what} | {len(values)} | {percentile(values, 0.5):.0f} | "
            f"{percentile(values, 0.95):.0f} | {top:.0f} | {target} |"
        )
    saves = len(times["save"])
    print(
        f"requests {record.requests} ({record.requests / ran:.1f}/s); errors {unexpected} "
        f"(5xx {five.total()}: {dict(five)}); saves {saves}: acknowledged "
        f"{acked - args.solo} ({(acked - args.solo) / ran:.1f}/s; +{args.solo} by the anchor), "
        f"stale refusals {record.stale} "
        f"({record.stale_kept} kept the typed caption), landed on retry {record.retries_landed}"
    )
    print(
        f"on disk: lost saves {lost}, changed without an acknowledged save {unexplained}, "
        f"in-doubt saves that landed {doubtful}; audit write entries {audit_writes} "
        f"(acknowledged, anchor included: {acked}); temporary files left {len(leftovers)}; "
        f"baocao check exit {check.returncode}"
    )
    print(
        f"CPU: the studio {studio_cpu:.1f} s ({studio_cpu / ran:.2f} core), these simulated "
        f"browsers {own_cpu:.1f} s, on {os.cpu_count()} cores, load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after; studio peak RSS {peak:.0f} MiB"
    )
    for line, n in raised.most_common(5):
        print(f"the studio's error output: {n} x {line}")
    for message in record.errors[:10]:
        print("error:", message)
    page_ok = page_p95 <= PAGE_TARGET_MS
    save_ok = save_p95 <= SAVE_TARGET_MS
    print(f"page p95 {page_p95:.0f} ms ≤ {PAGE_TARGET_MS}: {'ok' if page_ok else 'not ok'}")
    print(f"save p95 {save_p95:.0f} ms ≤ {SAVE_TARGET_MS}: {'ok' if save_ok else 'not ok'}")
    print(
        f"summary: {len(users)} accounts, {ran:.0f} s, {args.photos} photos: "
        f"{record.requests} requests, {unexpected} errors, {record.stale} stale refusals, "
        f"{lost} lost saves of {acked}; page p50/p95 {page_p50:.0f}/{page_p95:.0f} ms, "
        f"save p50/p95 {save_p50:.0f}/{save_p95:.0f} ms "
        f"(one user alone: page {anchor['page']:.0f} ms, save {anchor['save']:.0f} ms)"
    )
    clean = not (unexpected or lost or unexplained or leftovers or check.returncode or hung)
    return 0 if clean and page_ok and save_ok else 1


if __name__ == "__main__":
    sys.exit(main())
