"""``baocao studio``: the staff editor, a Starlette application served by uvicorn.

Plain ``baocao studio`` serves one person on 127.0.0.1, without accounts. ``--listen HOST:PORT``
serves the office's studio: every request is asked of the policy by the gate, and a page asks
to log in. It listens anywhere but on loopback only once an administrator account exists, and
is meant to run behind the office's nginx (TLS; ``deploy/``), which forwards the scheme and the
client's address (trusted from loopback only) and may serve it under a prefix (``--root-path``).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.errors import EnvironmentProblem, InputError
from generator.office.accounts import AccountStore
from generator.studio import (
    audit_routes,
    booth_routes,
    guide_routes,
    history_routes,
    leftovers,
    login_routes,
    media_routes,
    narration_routes,
    period_routes,
    preview_routes,
    report_routes,
    results_routes,
    review_routes,
    settings_routes,
    sheet_routes,
    storyboard_routes,
)
from generator.studio.app import PACKAGE, Office, Studio, studio_of
from generator.studio.gate import Gate, RootRedirects
from generator.studio.security import SafePaths, SecurityHeaders
from generator.studio.sessions import Sessions, Throttle
from generator.tools import font_path

HOST = "127.0.0.1"


def create_app(
    root: Path, port: int, *, office: bool = False, server_names: tuple[str, ...] = ()
) -> Starlette:
    """The studio for ``root``: the one-person one, or with ``office`` the office's (accounts,
    login, the policy); ``server_names``: the host names staff type (behind nginx)."""
    leftovers.clean(root)  # what a studio killed mid-write left behind
    accounts = Office(AccountStore(root), Sessions(), Throttle()) if office else None
    studio = Studio(root, port, accounts)
    routes = [
        *login_routes.ROUTES,
        *period_routes.ROUTES,
        *guide_routes.ROUTES,
        Route("/phong-chu/BeVietnamPro-{weight}.ttf", font),
        *media_routes.ROUTES,
        *results_routes.ROUTES,
        *sheet_routes.ROUTES,
        *preview_routes.ROUTES,
        *narration_routes.ROUTES,
        *booth_routes.ROUTES,
        *storyboard_routes.ROUTES,
        *report_routes.ROUTES,
        *review_routes.ROUTES,
        *audit_routes.ROUTES,
        *settings_routes.ROUTES,
        *history_routes.ROUTES,
        Mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),  # first: on every answer, refusals and errors included
        Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost", *server_names]),
        Middleware(SafePaths),
        Middleware(RootRedirects),
        Middleware(Gate, studio=studio, routes=routes),  # last: before any route runs
    ]
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={InputError: unreadable}
    )
    app.state.studio = studio  # its services, for every endpoint (studio_of), tests, benchmarks
    return app


async def font(request: Request) -> Response:
    weight = request.path_params["weight"]
    if weight not in ("Regular", "Bold"):
        return PlainTextResponse("Không có phông chữ này.", status_code=404)
    headers = {"Cache-Control": "max-age=86400"}
    return FileResponse(font_path(weight), media_type="font/ttf", headers=headers)


async def unreadable(request: Request, error: Exception) -> Response:
    """A file the loader cannot read (store.read): said on a page, never written over."""
    problems = error.problems if isinstance(error, InputError) else []
    context = {"problems": [str(p) for p in problems]}
    return studio_of(request).page(request, "unreadable.html", context, status=422)


def parse_listen(listen: str) -> tuple[str, int]:
    """``HOST:PORT`` of ``--listen``; InputError when it is not one."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise InputError(f"--listen «{listen}»: hãy ghi dạng ĐỊA-CHỈ:CỔNG, ví dụ 127.0.0.1:8765")
    try:
        address = ipaddress.ip_address(host)
    except ValueError as exc:
        raise InputError(
            f"--listen «{listen}»: «{host}» không phải địa chỉ IP của máy này, ví dụ 0.0.0.0"
        ) from exc
    if address.version != 4:  # the port probe and the proxy set-up are IPv4
        raise InputError(
            f"--listen «{listen}»: hãy dùng một địa chỉ IPv4, ví dụ 127.0.0.1:8765 sau nginx"
        )
    return host, int(port)


def _loopback(host: str) -> bool:
    return ipaddress.ip_address(host).is_loopback


def probe_port(port: int, host: str = HOST) -> None:
    """Raise EnvironmentProblem unless ``host``:``port`` can be listened on. A port whose last
    connections are still closing (TIME_WAIT, a minute after a stop with a browser connected)
    is free, as uvicorn's own socket finds it (SO_REUSEADDR; not on Windows, where that option
    would let two servers share the port)."""
    with socket.socket() as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            probe.listen()
        except OSError as exc:
            raise EnvironmentProblem(
                f"Cổng {port} đang được dùng hoặc không mở được; hãy chọn cổng khác, "
                f"ví dụ --port {port + 5 if port < 65530 else 8765}."
            ) from exc


def run_studio(
    root: Path,
    port: int,
    on_ready: Callable[[str], None] | None = None,
    *,
    listen: str | None = None,
    root_path: str = "",
    server_names: tuple[str, ...] = (),
) -> None:
    """Serve the studio for ``root`` on 127.0.0.1:``port`` until interrupted; with ``listen``
    (HOST:PORT) the office's studio there."""
    root = root.resolve()
    if not (root / "content").is_dir():
        raise InputError(f"không có thư mục content/ trong «{root}»; hãy chọn đúng --project")
    host = HOST
    if listen is not None:
        host, port = parse_listen(listen)
        if not _loopback(host) and not AccountStore(root).has_admin():
            raise InputError(
                f"--listen {listen}: chưa có tài khoản quản trị nên Studio chỉ được mở trên "
                "127.0.0.1; hãy tạo trước: baocao users add TEN --role quan-tri --password-stdin"
            )
    if not 1 <= port <= 65535:
        raise InputError(f"--port: cổng «{port}» không hợp lệ; chọn một số từ 1 đến 65535")
    if root_path and (not root_path.startswith("/") or root_path.endswith("/")):
        raise InputError(
            f"--root-path «{root_path}»: phải bắt đầu bằng «/» và không kết thúc bằng «/», "
            "ví dụ /studio"
        )
    probe_port(port, host)
    app = create_app(root, port, office=listen is not None, server_names=server_names)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        root_path=root_path,
        proxy_headers=listen is not None,  # X-Forwarded-Proto/For, from loopback (nginx) only
        forwarded_allow_ips="127.0.0.1",
    )
    server = uvicorn.Server(config)
    if on_ready is not None:
        url = f"http://{host}:{port}{root_path}/"
        original = server.startup

        async def startup(sockets=None):  # type: ignore[no-untyped-def]
            await original(sockets)
            on_ready(url)

        server.startup = startup  # type: ignore[method-assign]
    server.run()
