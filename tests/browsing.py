"""Driving Debian's Chromium headless through Playwright: one launch, tabs that record.

Shared by the site's browser tests. Never downloads a browser: Playwright is pointed at
/usr/bin/chromium. Every request a tab makes is recorded, and its console errors and uncaught
page errors are collected, so a test can assert that none happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--autoplay-policy=no-user-gesture-required",
)


@dataclass
class Tab:
    """A page with everything it did recorded."""

    page: Any
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def foreign_requests(self) -> list[str]:
        return [
            u for u in self.requests if not u.startswith((self.base, "data:", "blob:", "about:"))
        ]


@contextmanager
def chromium(sync_api: Any) -> Iterator[Any]:
    """A headless Chromium browser (Playwright's ``Browser``)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(LAUNCH_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_tab(browser: Any, base: str, width: int = 1280, height: int = 900) -> Iterator[Tab]:
    """A new tab in a fresh context of ``width`` × ``height`` CSS pixels, recording."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = Tab(context.new_page(), base)
    tab.page.on("request", lambda r: tab.requests.append(r.url))
    tab.page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.page.on("pageerror", lambda e: tab.errors.append(str(e)))
    try:
        yield tab
    finally:
        context.close()
