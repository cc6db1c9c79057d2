"""A real nginx (Debian's /usr/sbin/nginx) on 127.0.0.1 for tests, confined to a temp folder.

Usage::

    with nginx_serving(root=tmp_path / "www" / "site", workdir=tmp_path / "nginx") as base_url:
        urllib.request.urlopen(base_url + "/index.html")

Single-process mode (``master_process off``) so stopping the one process frees the port: no
orphaned workers. ``open_file_cache`` stays off (nginx's default), so every request resolves
the root symlink afresh, as in production.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 5.0
STOP_TIMEOUT_S = 5.0

CONFIG = """\
{user}daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{
        text/html html;
        text/css css;
        image/png png;
        image/jpeg jpg;
        text/plain txt;
    }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        disable_symlinks off;
        open_file_cache off;
        location / {{ index index.html; }}
    }}
}}
"""


def nginx_path() -> str | None:
    """The nginx binary, or ``None`` when it is not installed (tests skip with a reason)."""
    if os.access(NGINX, os.X_OK):
        return NGINX
    return shutil.which("nginx")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def nginx_serving(root: Path, workdir: Path) -> Iterator[str]:
    """Run nginx serving ``root`` (may be a symlink); yield its base URL; stop it afterwards."""
    binary = nginx_path()
    if binary is None:
        raise RuntimeError("nginx is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):  # the free port may be taken between probing and binding
        port = free_port()
        conf = workdir / "nginx.conf"
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf.write_text(CONFIG.format(user=user, work=workdir, port=port, root=root))
        process = subprocess.Popen(
            [binary, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            if _wait_listening(process, port):
                yield f"http://127.0.0.1:{port}"
                return
        finally:
            _stop(process)
        if attempt == 2:
            log = (workdir / "error.log").read_text(errors="replace")
            raise RuntimeError(f"nginx did not start:\n{log}")


def _wait_listening(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return True
        time.sleep(0.02)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr is not None:
        process.stderr.close()
