"""The studio in Debian's Chromium (headless, via Playwright): the helpers its browser tests share.

Every request a tab makes is routed: any host but 127.0.0.1 is refused and recorded, and so is
any console error or uncaught page error, for the test to assert none happened. axe-core (npm)
runs on a page on request.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from studio.client import Server, start_studio, stop_studio, tree_digest

from generator.tools import ffmpeg_exe

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).parents[2]
GUIDE_SHOTS = REPO / "generator/site/guide/studio"
# The marks of a test that drives the browser.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"
    ),
]
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
)


@dataclass
class Tab:
    page: Any
    server: Server
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Chromium logs a page answered 409/422 (a refused save, on purpose) as a console error.
    expected: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # their types (beforeunload…), each accepted

    def console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = message.text
        refused = text.startswith("Failed to load resource") and any(
            s in text for s in self.expected
        )
        if not refused:
            self.errors.append(text)

    def open(self, path: str) -> None:
        self.page.goto(self.server.base + path)
        self.page.wait_for_load_state("networkidle")
        self.visited.append(path)

    def shot(self, name: str, tmp_path: Path) -> None:
        """A screenshot; with ``BAOCAO_GUIDE_SHOTS=1`` also written (small, palette PNG) into
        the staff guide's chapter «Studio» (generator/site/guide/studio/)."""
        target = tmp_path / f"{name}.png"
        self.page.screenshot(path=str(target))
        assert target.stat().st_size > 5000
        if os.environ.get("BAOCAO_GUIDE_SHOTS") == "1":
            GUIDE_SHOTS.mkdir(parents=True, exist_ok=True)
            with Image.open(target) as image:
                small = image.convert("RGB").quantize(64)
                out = io.BytesIO()
                small.save(out, "PNG", optimize=True)
            (GUIDE_SHOTS / f"{name}.png").write_bytes(out.getvalue())

    def serious_violations(self, script: Path) -> list[str]:
        """axe-core's serious and critical violations on the page now open. The script is run
        through the DevTools protocol: the studio's policy (script-src 'self') refuses an
        injected inline script, as it would refuse any script a page did not bring itself."""
        devtools = self.page.context.new_cdp_session(self.page)
        devtools.send("Runtime.evaluate", {"expression": script.read_text("utf-8")})
        devtools.detach()
        report = self.page.evaluate("async () => await axe.run(document)")
        assert report["passes"], "axe-core ran no rule"
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])})"
            for v in report["violations"]
            if v["impact"] in ("serious", "critical")
        ]


@contextmanager
def chromium(sync_api: Any, *extra_args: str) -> Iterator[Any]:
    """Debian's Chromium, headless, with a fake microphone (``extra_args`` may name its sound)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*LAUNCH_ARGS, *extra_args]
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def studio_tab(browser: Any, server: Server) -> Iterator[Tab]:
    """A tab on the studio in a fresh context (Vietnamese locale, microphone allowed) that
    refuses and records every request leaving 127.0.0.1, its console errors and page errors."""
    context = browser.new_context(
        viewport={"width": 1100, "height": 760}, locale="vi-VN", permissions=["microphone"]
    )
    tab = Tab(context.new_page(), server)

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:")):
            tab.foreign.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    tab.page.on("console", tab.console)
    tab.page.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.page.on("dialog", lambda d: (tab.dialogs.append(d.type), d.accept()))
    try:
        yield tab
    finally:
        context.close()


@contextmanager
def studio_in_chromium(
    sync_api: Any, project: Path, microphone: Path | None = None
) -> Iterator[Tab]:
    """The studio started on ``project`` by the real command, and a tab on it in Chromium
    (whose fake microphone plays ``microphone``, a WAV file, when given)."""
    server = start_studio(project)
    extra = (f"--use-file-for-fake-audio-capture={microphone}",) if microphone else ()
    try:
        with chromium(sync_api, *extra) as browser, studio_tab(browser, server) as tab:
            yield tab
    finally:
        stop_studio(server)


def assert_browse_is_clean(tab: Tab, pages: list[str], root: Path) -> None:
    """Open each of ``pages``: one h1 each, no serious axe-core violation, nothing written
    under ``root``, no request off 127.0.0.1, no console error (skipped without axe-core)."""
    script = axe_script()
    if script is None:
        pytest.skip("axe-core (npm) is not installed: node_modules/axe-core or BAOCAO_AXE")
    before = tree_digest(root)
    found = {}
    for path in dict.fromkeys(pages):
        tab.open(path)
        assert tab.page.locator("h1").count() == 1, path
        serious = tab.serious_violations(script)
        if serious:
            found[path] = serious
    assert found == {}
    assert tree_digest(root) == before
    assert tab.foreign == [], "requests left 127.0.0.1"
    assert tab.errors == [], "console errors"


def axe_script() -> Path | None:
    """axe-core from npm: the project's node_modules, or the file BAOCAO_AXE names."""
    named = os.environ.get("BAOCAO_AXE")
    for candidate in (Path(named) if named else None, REPO / "node_modules/axe-core/axe.min.js"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def make_clip(
    path: Path, seconds: float, *, size: str = "320x180", created: str | None = None
) -> None:
    """A test-pattern clip with a tone, H.264 + AAC; ``created``: its creation_time (ISO, UTC)."""
    args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    args += ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}"]
    args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    if created is not None:
        args += ["-metadata", f"creation_time={created}"]
    subprocess.run([*args, str(path)], check=True)
