"""The office's deployment, run for real, for the tests that go through it (test_proxy.py,
test_acceptance_office.py): ``deploy/nginx-baocao.conf`` itself (ports, paths and certificate
substituted, nothing else) in a private nginx on loopback, with the self-signed certificate made
by the very openssl command ``deploy/README.md`` documents, in front of the studio started by the
command ``deploy/baocao-studio.service`` runs (its ExecStart: ``baocao --project P studio
--listen 127.0.0.1:PORT --root-path /studio --server-name 127.0.0.1``). Chromium goes through
``https://127.0.0.1:PORT/studio/`` as staff do through ``https://NAME/studio/``.

``deployed(project, folder)`` starts it all on a project made by the caller (its accounts
included: the studio does not listen without an administrator); ``browsing(browser)`` is a
fresh Chromium context on it that records requests leaving 127.0.0.1 or ``/studio/``, console
errors and error answers the test did not ask for, and asserts there were none.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from nginx_server import nginx_path
from studio.tabs import BROWSER_TEST, axe_script

PROXY_TEST = [
    *BROWSER_TEST,
    pytest.mark.nginx,
    pytest.mark.skipif(nginx_path() is None, reason="nginx (Debian) is not installed"),
    pytest.mark.skipif(
        shutil.which("openssl") is None, reason="openssl (Debian package `openssl`) is missing"
    ),
]
"""The marks of a test through the shipped nginx site: a browser test that needs nginx and openssl."""

REPO = Path(__file__).parents[2]
SITE_CONF = REPO / "deploy" / "nginx-baocao.conf"
UNIT = REPO / "deploy" / "baocao-studio.service"
DEPLOY_README = REPO / "deploy" / "README.md"
SITE_MARK = "Trang công bố thử nghiệm"  # the title of the published site's stand-in
START_TIMEOUT_S = 20.0

MAIN_CONFIG = """\
{user}daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;  # as Debian's /etc/nginx/nginx.conf does
    default_type application/octet-stream;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/baocao.conf;  # deploy/nginx-baocao.conf, substituted
}}
"""


# --- the deployment ---------------------------------------------------------------------------


@dataclass
class Deployment:
    project: Path
    cert: Path
    http_port: int
    tls_port: int
    studio_port: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.tls_port}"

    @property
    def studio(self) -> str:
        """The studio's address, as staff type it (without the final slash)."""
        return self.base + "/studio"


def _replace(text: str, old: str, new: str, count: int = 1) -> str:
    """``text`` with ``old`` replaced, which must occur exactly ``count`` times: an edit of the
    shipped file that this test no longer understands fails here, not silently."""
    assert text.count(old) == count, f"{old!r} appears {text.count(old)} times, not {count}"
    return text.replace(old, new)


def site_config(deployment: Deployment, site_root: Path, key: Path) -> str:
    """deploy/nginx-baocao.conf with loopback ports, the test's certificate and folders."""
    text = SITE_CONF.read_text("utf-8")
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{deployment.http_port};")
    text = _replace(
        text, "listen 443 ssl http2;", f"listen 127.0.0.1:{deployment.tls_port} ssl http2;"
    )
    # Staff's browsers reach 443, the default: the test's port has to be named.
    text = _replace(
        text, "https://$host$request_uri", f"https://$host:{deployment.tls_port}$request_uri"
    )
    text = _replace(text, "/etc/ssl/baocao/baocao.crt", str(deployment.cert))
    text = _replace(text, "/etc/ssl/baocao/baocao.key", str(key))
    text = _replace(text, "root /var/www/baocao/site;", f"root {site_root};")
    return _replace(
        text,
        "proxy_pass http://127.0.0.1:8765/;",
        f"proxy_pass http://127.0.0.1:{deployment.studio_port}/;",
    )


def openssl_command(folder: Path) -> list[str]:
    """The openssl command of deploy/README.md, for 127.0.0.1 and into ``folder``."""
    readme = DEPLOY_README.read_text("utf-8")
    block = readme.split("<!-- tests/studio/test_proxy.py runs the command in the next block -->")
    assert len(block) == 2, "deploy/README.md lost the marked certificate command"
    code = block[1].split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    (line,) = [line for line in code.splitlines() if line.startswith("openssl ")]
    line = _replace(line, "/etc/ssl/baocao/", f"{folder}/", count=2)
    line = _replace(line, "/CN=baocao.vks.local", "/CN=127.0.0.1")
    line = _replace(line, "DNS:baocao.vks.local,IP:192.168.1.10", "DNS:localhost,IP:127.0.0.1")
    return shlex.split(line)


def studio_command(project: Path, port: int) -> list[str]:
    """The ExecStart of deploy/baocao-studio.service, for ``project`` on ``port`` under the
    test's name for the server (this interpreter's ``python -m generator`` for the program)."""
    (line,) = [x for x in UNIT.read_text("utf-8").splitlines() if x.startswith("ExecStart=")]
    line = _replace(line, "ExecStart=/srv/baocao/venv/bin/baocao ", "")
    line = _replace(line, "/srv/baocao/du-an", str(project))
    line = _replace(line, "127.0.0.1:8765", f"127.0.0.1:{port}")
    line = _replace(
        line, "--server-name baocao.vks.local --server-name 192.168.1.10", "--server-name 127.0.0.1"
    )
    return [sys.executable, "-m", "generator", *shlex.split(line)]


def run_baocao(
    project: Path, *args: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``baocao --project PROJECT ARGS`` (this interpreter's); with ``check``, it succeeded."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def free_ports(count: int) -> list[int]:
    """``count`` distinct free ports on 127.0.0.1 (held together while asked for)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _published_site(www: Path) -> Path:
    """The published site as `baocao publish --to …/site` leaves it: a symlink to a release
    (a stand-in titled SITE_MARK, a 404 page and one subtitle file)."""
    release = www / ".site.releases" / "000001-000000000000"
    release.mkdir(parents=True)
    (release / "index.html").write_text(
        f"<!doctype html><html lang=vi><title>{SITE_MARK}</title><h1>{SITE_MARK}</h1>", "utf-8"
    )
    (release / "404.html").write_text("<!doctype html><title>Không tìm thấy trang</title>", "utf-8")
    (release / "video").mkdir()
    (release / "video" / "2021-h1.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào\n")
    (www / "site").symlink_to(release)
    return www / "site"


@contextlib.contextmanager
def deployed(project: Path, folder: Path) -> Iterator[Deployment]:
    """nginx with the shipped site file and TLS, in front of the studio on ``project`` started
    by the systemd unit's command line; ``folder`` (empty, outside the project) holds the
    certificate, the published site's stand-in, nginx's files and the studio's log."""
    tls = folder / "tls"
    tls.mkdir(mode=0o700)
    subprocess.run(openssl_command(tls), check=True, capture_output=True, timeout=30)
    site_root = _published_site(folder / "www")

    deployment = Deployment(project, tls / "baocao.crt", *free_ports(3))
    try:
        command = studio_command(project, deployment.studio_port)
        assert command[3:] == [
            *("--project", str(project), "studio", "--listen"),
            *(f"127.0.0.1:{deployment.studio_port}", "--root-path", "/studio"),
            *("--server-name", "127.0.0.1"),
        ]
        studio_log = (folder / "studio.log").open("wb")
        studio = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=studio_log,
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        studio_log.close()  # the child holds its own copy
        deployment.processes.append(studio)
        assert studio.stdout is not None
        line = studio.stdout.readline().decode()
        if "Studio mở tại" not in line:
            _stop(studio)
            said = (folder / "studio.log").read_text(errors="replace")
            raise AssertionError(f"studio did not start: {line!r}\n{said}")

        work = folder / "nginx"
        work.mkdir()
        site = site_config(deployment, site_root, tls / "baocao.key")
        (work / "baocao.conf").write_text(site)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(MAIN_CONFIG.format(user=user, work=work))
        error_log = work / "error.log"
        arguments = ("-p", str(work), "-e", str(error_log), "-c", str(work / "nginx.conf"))
        nginx = subprocess.Popen(
            [nginx_path() or "nginx", *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # it writes to error.log
        )
        deployment.processes.append(nginx)
        deadline = time.monotonic() + START_TIMEOUT_S
        ports = (deployment.http_port, deployment.tls_port, deployment.studio_port)
        while not all(_listening(port) for port in ports):
            said = error_log.read_text(errors="replace") if error_log.exists() else ""
            assert nginx.poll() is None, f"nginx stopped:\n{said}"
            assert studio.poll() is None, "the studio stopped"
            assert time.monotonic() < deadline, f"not listening: {ports}\n{said}"
            time.sleep(0.05)
        # The shipped file loads without a warning (an ignored or conflicting directive).
        said = error_log.read_text(errors="replace") if error_log.exists() else ""
        assert not re.search(r"\[(warn|error|crit|alert|emerg)\]", said), said
        yield deployment
    finally:
        for process in reversed(deployment.processes):
            _stop(process)


def trusting(deployment: Deployment) -> ssl.SSLContext:
    """A client that trusts only the test's certificate, as a PC that imported it does."""
    return ssl.create_default_context(cafile=str(deployment.cert))


# --- in Chromium --------------------------------------------------------------------------------


@dataclass
class Browsing:
    page: Any
    foreign: list[str] = field(default_factory=list)  # requests off 127.0.0.1 (refused)
    outside: list[str] = field(default_factory=list)  # requests outside /studio/
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # answers >= 400 the test did not ask for
    expected: set[str] = field(default_factory=set)  # paths answered 403 on purpose

    def answered(self, response: Any) -> None:
        path = urlsplit(response.url).path
        if response.status >= 400 and path not in self.expected:
            self.failed.append(f"{response.status} {response.url}")

    def console(self, message: Any) -> None:
        refused = "status of 403" in message.text and self.expected
        if message.type == "error" and not refused:
            self.errors.append(message.text)


@contextlib.contextmanager
def browsing(browser: Any) -> Iterator[Browsing]:
    """A fresh context and tab (no cookie), certificate errors ignored (the test's certificate
    is trusted by no browser); on leaving, asserts that no request left 127.0.0.1 or
    ``/studio/`` and that no console error or error answer the test did not ask for came."""
    context = browser.new_context(
        ignore_https_errors=True, locale="vi-VN", viewport={"width": 1100, "height": 760}
    )
    tab = Browsing(context.new_page())

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:")):
            tab.foreign.append(url)
            route.abort()
        else:
            if not url.startswith(("data:", "blob:")) and not urlsplit(url).path.startswith(
                "/studio"
            ):
                tab.outside.append(url)
            route.continue_()

    context.route("**/*", route)
    tab.page.on("console", tab.console)
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.page.on("response", tab.answered)
    try:
        yield tab
    finally:
        context.close()
    assert tab.foreign == [], "requests left 127.0.0.1"
    assert tab.outside == [], "requests outside /studio/"
    assert tab.failed == [], "error answers"
    assert tab.errors == [], "console errors"


def open_page(tab: Browsing, url: str) -> Any:
    """Go to ``url`` and wait until the page is quiet; the answer."""
    response = tab.page.goto(url)
    tab.page.wait_for_load_state("networkidle")
    return response


def log_in(tab: Browsing, name: str, password: str) -> Any:
    """Fill the login form as staff do; the answer of its POST."""
    page = tab.page
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
    return posted.value


def shot(tab: Browsing, path: str) -> None:
    """A full-page screenshot at ``path``, not blank."""
    tab.page.screenshot(path=path, full_page=True)
    assert Path(path).stat().st_size > 5000


def serious_violations(tab: Browsing) -> list[str] | None:
    """axe-core's serious and critical violations on the page now open; None without axe-core.
    Run through the DevTools protocol: the studio's policy (script-src 'self') refuses an
    injected inline script, as tests/studio/tabs.py explains."""
    script = axe_script()
    if script is None:
        return None
    page = tab.page
    devtools = page.context.new_cdp_session(page)
    devtools.send("Runtime.evaluate", {"expression": script.read_text("utf-8")})
    devtools.detach()
    report = page.evaluate("async () => await axe.run(document)")
    assert report["passes"], "axe-core ran no rule"
    return [
        f"{v['id']}: {v['help']}"
        for v in report["violations"]
        if v["impact"] in ("serious", "critical")
    ]
