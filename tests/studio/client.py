"""The studio for the studio tests: as staff start it (``baocao studio --project P --port N``, a
real subprocess: ``Server``), or its application in this process (Starlette's TestClient:
``InProcess``, what ``create_app`` serves without the command, a port or a socket).

``StudioClient`` talks to either like a browser does (a session cookie, the page's CSRF token,
an Origin header): over HTTP with the standard library's client, or through the TestClient.
"""

from __future__ import annotations

import hashlib
import html
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from projectfactory import write_project
from starlette.testclient import TestClient

from generator.studio.server import create_app
from generator.tools import ffmpeg_exe

BAOCAO = Path(sys.executable).parent / "baocao"

HIGHLIGHTS = """\
# Hình ảnh nổi bật – VKSND thành phố Tuy Hòa (ghi chú của văn phòng)
unit: tuy-hoa
media:
  # Ảnh chính của kỳ
  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
    caption: Kiểm sát việc tạm giữ, tạm giam   # chú thích ngắn
    category: nghiep-vu
    date: 2021-03-12
    narration: Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.
    visibility: public
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


Sent = tuple[int, list[tuple[str, str]], bytes]
"""What a request got: the status, the headers (a name may come more than once), the body."""


class Transport(Protocol):
    root: Path
    port: int

    @property
    def base(self) -> str: ...

    def send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Sent: ...


@dataclass
class Server:
    root: Path
    port: int
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Sent:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(
                method, path, body=body, headers={"Host": f"127.0.0.1:{self.port}", **headers}
            )
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()


@dataclass
class InProcess:
    """The studio's application in this process, as ``baocao studio --port PORT`` serves it."""

    root: Path
    app: TestClient
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def send(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Sent:
        all_headers = {"Host": f"127.0.0.1:{self.port}", **headers}
        response = self.app.request(method, _verbatim(path), content=body, headers=all_headers)
        self.app.cookies.clear()  # the cookies are StudioClient's, sent with each request
        return response.status_code, response.headers.multi_items(), response.content


@contextmanager
def in_process(root: Path, port: int = 8765) -> Iterator[InProcess]:
    """The one-person studio for ``root`` in this process, as the command would serve it."""
    app = create_app(root, port)
    base = f"http://127.0.0.1:{port}"
    with TestClient(
        app, base_url=base, follow_redirects=False, client=("127.0.0.1", 50000)
    ) as test:
        yield InProcess(root, test, port)


def _verbatim(path: str) -> str:
    """``path`` as a raw HTTP client sends it: its ``.`` and ``..`` names kept (the TestClient's
    URLs would resolve them away), encoded as the server decodes them back."""
    route, mark, query = path.partition("?")
    names = {".": "%2e", "..": "%2e%2e"}
    return "/".join(names.get(name, name) for name in route.split("/")) + mark + query


def start_studio(root: Path, *, office: bool = False) -> Server:
    """``baocao studio`` on a free port; ``office``: the office's studio (``--listen``)."""
    port = free_port()
    where = ["--listen", f"127.0.0.1:{port}"] if office else ["--port", str(port)]
    process = subprocess.Popen(
        [str(BAOCAO), "--project", str(root), "studio", *where],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "Studio mở tại" not in line:
        process.kill()
        raise AssertionError(f"studio did not start: {line!r} {process.stderr.read()!r}")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return Server(root, port, process)


def stop_studio(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def new_period(root: Path, period: str, start: str, end: str) -> None:
    """The period started as staff start one: the real ``baocao new-period`` in ``root``."""
    scaffold = subprocess.run(
        [str(BAOCAO), "new-period", period, "--start", start, "--end", end],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert scaffold.returncode == 0, scaffold.stderr


def make_project(root: Path) -> Path:
    """The tests' tiny project, its Tuy Hòa highlights written with comments and a layout."""
    write_project(root)
    (root / "content/periods/2021-h1/highlights/tuy-hoa.yml").write_text(HIGHLIGHTS, "utf-8")
    return root


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def field(self, name: str) -> str:
        """The value of the first hidden input ``name`` on the page."""
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text)
        assert match, f"no field {name}"
        return match.group(1)


@dataclass
class StudioClient:
    server: Transport
    cookies: dict[str, str] = field(default_factory=dict)
    origin: str | None = None

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> Answer:
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, got, data = self.server.send(method, path, body, all_headers)
        for name, value in got:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return Answer(status, {k.lower(): v for k, v in got}, data)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str], headers: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        base = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin or self.server.base,
        }
        return self.request("POST", path, body, {**base, **(headers or {})})

    def upload(
        self, path: str, files: list[tuple[str, bytes]], token: str, headers: dict | None = None
    ) -> Answer:
        boundary = "----studiotest7MA4YWxkTrZu0gW"
        parts = []
        for name, data in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="tep"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        base = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": self.server.base,
            "X-CSRF-Token": token,
            "Accept": "application/json",
        }
        return self.request("POST", path, body, {**base, **(headers or {})})


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under content/ and media/ with its SHA-256: what browsing must never change."""
    out = {}
    for top in ("content", "media"):
        for path in sorted((root / top).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return out


def voiced(seconds: float = 1.5, frequency: int = 220, fmt: str = "wav") -> bytes:
    """A voiced sound between two quiet stretches of room noise, as a microphone brings a
    spoken line: a tone whose level moves like syllables (a steady tone is no voice)."""
    room = "anoisesrc=r=48000:a=0.001:d=0.5:seed=7"
    graph = (
        f"{room}[a];sine=f={frequency}:r=48000:d={seconds},"
        f"volume=0.3*(0.6+0.4*sin(2*PI*3*t)):eval=frame[b];{room}[c];[a][b][c]concat=n=3:v=0:a=1"
    )
    return subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-filter_complex", graph, "-f", fmt, "-"],
        check=True,
        capture_output=True,
    ).stdout


def post_recording(
    client: StudioClient, page: Answer, item_file: str, index: int = 0, digest: str | None = None
) -> Answer:
    """A second of recorded voice for item ``index`` of Tuy Hòa's highlights, sent from
    ``page`` as its script sends it (``digest``: another version of the file than the page's)."""
    recording = voiced(1.0)
    typed = re.findall(r'<textarea name="narration"[^>]*>([^<]*)</textarea>', page.text)
    fields = {
        "digest": page.field("digest") if digest is None else digest,
        "file": item_file,
        "loi": html.unescape(typed[index]) if index < len(typed) else "",  # the page's line
    }
    return post_sound(
        client,
        f"/ky/2021-h1/don-vi/tuy-hoa/muc/{index}/thu-am",
        page.field("csrf"),
        fields,
        ("ghi-am.wav", recording),
    )


def post_sound(
    client: StudioClient,
    path: str,
    token: str,
    fields: dict[str, str],
    sound: tuple[str, bytes],
) -> Answer:
    """A recording sent as a page's script sends it: the form's ``fields`` and the ``ghi-am``
    file (name, bytes), with the session's token, asking for JSON."""
    boundary = "----recordingtest"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="ghi-am"; filename="{sound[0]}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + sound[1]
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.request(
        "POST",
        path,
        body,
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": client.server.base,
            "X-CSRF-Token": token,
            "Accept": "application/json",
        },
    )
