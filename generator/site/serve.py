"""``serve_site``: a live preview that rebuilds when content/, media/ or mkdocs.yml change.

Builds with ``build_site`` into a temporary folder (never into the project) and serves it with
MkDocs' LiveReloadServer, which reloads open pages after each rebuild. Invalid content while
editing is normal: the problems are printed and the last good site stays up.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.audience import filter_for_audience
from generator.errors import InputError
from generator.load.loader import load_project
from generator.model import Visibility
from generator.site.build import build_site
from generator.site.mkdocs_config.compose import PROJECT_CONFIG

DEFAULT_CACHE = Path(".cache") / "baocao"


class PreviewServer:
    """The preview: ``serve()`` blocks until ``shutdown()`` (from another thread) or Ctrl+C."""

    def __init__(
        self,
        project_root: Path,
        audience: Visibility,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        cache_dir: Path | None = None,
        videos_dir: Path | None = None,
    ) -> None:
        self.root = project_root.resolve()
        self.audience = audience
        self.cache_dir = cache_dir or self.root / DEFAULT_CACHE
        self.videos_dir = videos_dir
        self.work = Path(tempfile.mkdtemp(prefix="baocao-serve-"))
        self.out = self.work / "site"
        self.builds = 0
        self._closed = False
        self.rebuild()  # the first build must succeed: InputError goes to the caller
        self.server = LiveReloadServer(
            builder=self._rebuild_reporting, host=host, port=port, root=str(self.out)
        )
        for watched in (self.root / "content", self.root / "media"):
            if watched.is_dir():
                self.server.watch(str(watched))
        if (self.root / PROJECT_CONFIG).is_file():
            self.server.watch(str(self.root / PROJECT_CONFIG), recursive=False)

    @property
    def url(self) -> str:
        """The preview's address (with the real port once ``serve()`` has bound it)."""
        host, port = self.server.server_address[:2]
        # Read back from the bound socket, the host is a str (typeshed's type also allows the
        # bytes one may pass in): ``!s`` formats it as before.
        return f"http://{host!s}:{port}/"

    def rebuild(self) -> None:
        project = filter_for_audience(load_project(self.root).project, self.audience)
        build_site(
            project,
            self.out,
            project_root=self.root,
            cache_dir=self.cache_dir,
            videos_dir=self.videos_dir,
        )
        self.builds += 1

    def _rebuild_reporting(self) -> None:
        try:
            self.rebuild()
        except InputError as error:
            print("Nội dung đang có lỗi; trang xem trước giữ bản trước đó:", file=sys.stderr)
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)

    def serve(self) -> None:
        try:
            self.server.serve()  # type: ignore[no-untyped-call]  # not annotated in MkDocs
        except KeyboardInterrupt:
            pass
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.server.shutdown()
        shutil.rmtree(self.work, ignore_errors=True)


def serve_site(
    project_root: Path,
    audience: Visibility,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    cache_dir: Path | None = None,
    videos_dir: Path | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve a preview of the site on ``http://host:port/`` until Ctrl+C.

    Writes nothing under ``content/`` or ``media/``: the site goes to a temporary folder, the
    media cache to ``cache_dir`` (default ``<project>/.cache/baocao``). ``on_ready(url)`` is
    called after the first build. Raises InputError if that first build fails.
    """
    preview = PreviewServer(
        project_root, audience, host, port, cache_dir=cache_dir, videos_dir=videos_dir
    )
    if on_ready is not None:
        on_ready(preview.url)
    preview.serve()
