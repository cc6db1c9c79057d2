"""The studio as staff start it (helpers for the studio tests): ``baocao studio --project P --port N``, a real subprocess.

``StudioClient`` talks to it like a browser does (a session cookie, the page's CSRF token, an
Origin header), with the standard library's HTTP client.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from projectfactory import write_project

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


@dataclass
class Server:
    root: Path
    port: int
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_studio(root: Path) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [str(BAOCAO), "studio", "--project", str(root), "--port", str(port)],
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
    server: Server
    cookies: dict[str, str] = field(default_factory=dict)
    origin: str | None = None

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        all_headers = {"Host": f"127.0.0.1:{self.server.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        conn.close()
        return answer

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
