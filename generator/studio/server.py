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
from pathlib import Path, PurePosixPath

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.errors import EnvironmentProblem, InputError
from generator.fsutil import environment_sentence
from generator.load import layout
from generator.office.accounts import AccountStore
from generator.studio import (
    audit_routes,
    guide_routes,
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
    store,
    storyboard_routes,
)
from generator.studio.app import PACKAGE, Office, Studio
from generator.studio.gate import Gate, RootRedirects
from generator.studio.security import SafePaths, SecurityHeaders, unusable_path
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

    async def period_page(request: Request) -> Response:
        snapshot = studio.state.snapshot()
        period = snapshot.period_or_404(request.path_params["period"])
        return studio.page(
            request,
            "period.html",
            {
                "period": period,
                "review": snapshot.review(period.id),
                "progress": snapshot.progress(period),
                "indicators": len(snapshot.indicators_for(period)),
                "held_back": [p.message for p in snapshot.held_back.get(period.id, [])],
            },
        )

    def undo(request: Request, form: FormData, session: str) -> Response:
        return _history_step(studio, form, session, redo=False)

    def redo(request: Request, form: FormData, session: str) -> Response:
        return _history_step(studio, form, session, redo=True)

    async def font(request: Request) -> Response:
        weight = request.path_params["weight"]
        if weight not in ("Regular", "Bold"):
            return PlainTextResponse("Không có phông chữ này.", status_code=404)
        headers = {"Cache-Control": "max-age=86400"}
        return FileResponse(font_path(weight), media_type="font/ttf", headers=headers)

    routes = [
        *login_routes.routes(studio),
        *period_routes.routes(studio),
        *guide_routes.routes(studio),
        Route("/phong-chu/BeVietnamPro-{weight}.ttf", font),
        Route("/ky/{period}", period_page),
        *media_routes.routes(studio),
        *results_routes.routes(studio),
        *sheet_routes.routes(studio),
        *preview_routes.routes(studio, preview_routes.Previews(studio.root)),
        *narration_routes.routes(studio),
        *storyboard_routes.routes(studio),
        *report_routes.routes(studio),
        *review_routes.routes(studio),
        *audit_routes.routes(studio),
        *settings_routes.routes(studio),
        studio.write_route("/hoan-tac", undo),
        studio.write_route("/lam-lai", redo),
        Mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),  # first: on every answer, refusals and errors included
        Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost", *server_names]),
        Middleware(SafePaths),
        Middleware(RootRedirects),
        Middleware(Gate, studio=studio, routes=routes),  # last: before any route runs
    ]

    async def unreadable(request: Request, error: Exception) -> Response:
        """A file the loader cannot read (store.read): said on a page, never written over."""
        problems = error.problems if isinstance(error, InputError) else []
        context = {"problems": [str(p) for p in problems]}
        return studio.page(request, "unreadable.html", context, status=422)

    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={InputError: unreadable}
    )
    app.state.studio = studio  # its services, for whoever holds the app (tests, the benchmark)
    return app


def _history_step(studio: Studio, form: FormData, session: str, *, redo: bool) -> Response:
    """«Hoàn tác» (the file's last studio write taken back, kept for a redo) or «Làm lại» (the
    write the last undo took back, written again): either one can be taken back by the other."""
    rel = str(form.get("tep", ""))
    back = str(form.get("quay-lai", "/"))
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    verb = "làm lại" if redo else "hoàn tác"
    if unusable_path(rel):
        return PlainTextResponse(f"Không {verb} được: tên tệp không hợp lệ.", status_code=400)
    pure = PurePosixPath(rel)
    # The review's states change by their own steps, each audited, never by an undo.
    editable = (
        pure.suffix == ".yml" and pure.name != layout.REVIEW_YML
    ) or pure.name == "report.md"
    in_periods = pure.is_relative_to(layout.PERIODS) and ".." not in pure.parts
    if not (in_periods and editable) and rel != settings_routes.SITE_REL:
        studio.guard.flash(session, f"Không {verb} được tệp này.", kind="loi")
        return RedirectResponse(back, status_code=303)
    try:
        change = studio.history.redo(rel) if redo else studio.history.undo(rel)
    except store.StaleEdit as exc:
        studio.guard.flash(session, str(exc), kind="loi")
    except InputError as error:
        studio.guard.flash(session, "; ".join(p.message for p in error.problems), kind="loi")
    except OSError as exc:
        studio.guard.flash(session, environment_sentence(exc, verb), kind="loi")
    else:
        at = change.at[11:16]  # HH:MM of the ISO time
        if redo:
            studio.guard.flash(session, f"Đã làm lại lần lưu lúc {at} của «{rel}».", rel)
        else:
            said = (
                f"Đã hoàn tác lần lưu gần nhất của «{rel}». Bản lưu lúc {at} vẫn được giữ: "
                "bấm «Làm lại» để lấy lại."
            )
            studio.guard.flash(session, said, redo=rel)
    return RedirectResponse(back, status_code=303)


def parse_listen(listen: str) -> tuple[str, int]:
    """``HOST:PORT`` of ``--listen``; InputError when it is not one."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise InputError(f"--listen «{listen}»: hãy ghi dạng ĐỊA-CHỈ:CỔNG, ví dụ 127.0.0.1:8765")
    try:
        ipaddress.ip_address(host)
    except ValueError as exc:
        raise InputError(
            f"--listen «{listen}»: «{host}» không phải địa chỉ IP của máy này, ví dụ 0.0.0.0"
        ) from exc
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
