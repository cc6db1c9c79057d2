"""Accessibility of the built site: the axe-core engine on every page, and the keyboard alone.

axe-core comes from the project's package-lock.json (``npm ci``, run by ``make test``) and is
injected into each page as Chromium shows it. A serious or critical violation on any page fails
the test, named with the page, the rule and the elements. The keyboard tests press keys only:
the photo lightbox, the search and the video's chapters work without a mouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CHROMIUM, Tab, chromium, open_tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
_RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
        .filter(v => ["serious", "critical"].includes(v.impact))
        .map(v => `${v.impact} ${v.id} (${v.help}): ` +
                  v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` in the project folder")
    return AXE


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium(sync_api) as browser:
        yield browser


def _base(site, serve_folder) -> str:
    return f"{serve_folder(site.out.parent)}/{site.out.name}/"


@pytest.fixture
def tab(browser, built_site, serve_folder) -> Iterator[Tab]:
    with open_tab(browser, _base(built_site, serve_folder)) as tab:
        yield tab


def _pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def _violations(tab: Tab, axe: Path) -> list[str]:
    tab.page.add_script_tag(path=str(axe))
    return tab.page.evaluate(_RUN_AXE)


def _audit(tab: Tab, pages: list[str], axe: Path) -> str:
    """Every blocking violation on ``pages``, one line each ("" when there is none)."""
    found: list[str] = []
    for page in pages:
        tab.open(page)
        found += [f"{page}: {v}" for v in _violations(tab, axe)]
    return "\n".join(found)


def test_no_serious_violation_on_any_page(tab: Tab, built_site, axe_script: Path) -> None:
    pages = _pages(built_site.out)
    assert len(pages) > 30 and "404.html" in pages
    assert _audit(tab, pages, axe_script) == ""
    assert tab.errors == []


# The demo's widest pages (16 units × 14 indicators) and the guide's widest tables.
WIDE_PAGES = [
    "ky-bao-cao/2021-h1/index.html",
    "ky-bao-cao/2021-h1/tuy-hoa.html",
    "chi-tieu/index.html",
    "chi-tieu/giai-quyet-tin-bao.html",
    "huong-dan/nhap-ket-qua.html",
    "huong-dan/tham-chieu-truong.html",
]


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["projector", "phone"])
def test_no_serious_violation_on_wide_pages(
    browser, dashboard_site, serve_folder, axe_script: Path, size: tuple[int, int]
) -> None:
    assert set(WIDE_PAGES) <= set(_pages(dashboard_site.out))
    with open_tab(browser, _base(dashboard_site, serve_folder), *size) as tab:
        assert _audit(tab, WIDE_PAGES, axe_script) == ""
        assert tab.errors == []


def _tab_to(tab: Tab, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


def test_lightbox_works_from_the_keyboard(tab: Tab, axe_script: Path) -> None:
    tab.open("ky-bao-cao/2021-h1/tuy-hoa.html")
    _tab_to(tab, "a.glightbox")
    first = tab.page.evaluate("document.activeElement.getAttribute('href')")
    tab.page.keyboard.press("Enter")
    current = tab.page.locator(".glightbox-container .gslide.current img")
    current.wait_for(state="visible", timeout=10_000)
    tab.page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    tab.page.wait_for_timeout(300)  # GLightbox's own CSS transitions
    assert current.get_attribute("src").endswith(first.split("/")[-1])  # the large photo
    assert "\n".join(_violations(tab, axe_script)) == ""
    tab.page.keyboard.press("ArrowRight")
    tab.page.wait_for_timeout(700)
    shown = tab.page.locator(".glightbox-container .gslide.current img").get_attribute("src")
    assert not shown.endswith(first.split("/")[-1])
    tab.page.keyboard.press("Escape")
    tab.page.locator(".glightbox-container").wait_for(state="detached", timeout=10_000)
    assert tab.page.evaluate("document.activeElement.getAttribute('href')") == first
    assert tab.errors == []


def test_search_works_from_the_keyboard(tab: Tab, axe_script: Path) -> None:
    tab.open("index.html")
    tab.page.keyboard.press("/")
    assert tab.page.evaluate("document.activeElement.matches('.md-search__input')")
    tab.page.keyboard.type("tuy hoa", delay=20)
    tab.page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert "\n".join(_violations(tab, axe_script)) == ""
    tab.page.keyboard.press("ArrowDown")
    target = tab.page.evaluate("document.activeElement.href")
    assert "tuy-hoa.html" in target
    with tab.page.expect_navigation(timeout=10_000):
        tab.page.keyboard.press("Enter")
    assert tab.page.url.split("#")[0] == target.split("#")[0]
    assert tab.errors == []


def test_video_chapters_work_from_the_keyboard(tab: Tab) -> None:
    tab.open("ky-bao-cao/2021-h1/video.html")
    _tab_to(tab, "button.bc-seek")
    tab.page.keyboard.press("Tab")  # the second chapter, at 1 s
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_timeout(400)
    assert tab.page.evaluate("document.getElementById('bc-conference-video').currentTime") >= 1.0
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press(" ")  # the third, at 2 s, with the space bar
    tab.page.wait_for_timeout(400)
    assert tab.page.evaluate("document.getElementById('bc-conference-video').currentTime") >= 2.0
    assert tab.errors == []
