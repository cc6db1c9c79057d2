"""The period dashboard (units × indicators) on a projector, while scrolling, and on paper.

Built from the demo's own registry and results: 16 units × 14 indicators, the widest table the
demo has. Screenshots are left in the test's temporary folder for a person to look at.
"""

from __future__ import annotations

import re
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

OVERVIEW = "ky-bao-cao/2021-h1/index.html"
A4_LANDSCAPE_PT = (841.92, 595.28)
# A4 landscape less the page's 10 mm margins, in CSS pixels (96 per inch)
A4_LANDSCAPE_CONTENT_PX = round((297 - 20) / 25.4 * 96)

_FRAME = """() => {
    const frame = document.querySelector(".bc-dashboard");
    const r = frame.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, height: r.height,
            scrollWidth: frame.scrollWidth, clientWidth: frame.clientWidth,
            scrollHeight: frame.scrollHeight, clientHeight: frame.clientHeight,
            columns: frame.querySelectorAll("thead th").length,
            rows: frame.querySelectorAll("tbody tr").length,
            cellFont: parseFloat(getComputedStyle(frame.querySelector("td.bc-cell")).fontSize),
            sidebars: Array.from(document.querySelectorAll(".md-sidebar"))
                .filter(s => s.offsetWidth > 0).length};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium(sync_api) as browser:
        yield browser


@pytest.fixture
def base(dashboard_site, serve_folder) -> str:
    return f"{serve_folder(dashboard_site.out.parent)}/{dashboard_site.out.name}/"


def _show_dashboard(tab: Tab) -> None:
    tab.open(OVERVIEW)
    tab.page.evaluate("document.fonts.ready")
    tab.page.evaluate(
        """() => { const f = document.querySelector(".bc-dashboard");
                   window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY - 56); }"""
    )


def test_dashboard_fits_a_1366x768_projector(browser, base: str, tmp_path: Path) -> None:
    with open_tab(browser, base, 1366, 768) as tab:
        _show_dashboard(tab)
        frame = tab.page.evaluate(_FRAME)
        tab.page.screenshot(path=str(tmp_path / "dashboard-1366x768.png"))

        assert (frame["columns"], frame["rows"]) == (16, 16)  # unit + 14 indicators + tally
        assert frame["sidebars"] == 0  # the full width goes to the table
        assert frame["scrollWidth"] <= frame["clientWidth"]  # no sideways scrolling
        assert frame["scrollHeight"] <= frame["clientHeight"]  # every unit on one screen
        assert frame["left"] >= 0 and frame["right"] <= 1366
        assert frame["top"] >= 48 and frame["top"] + frame["height"] <= 768
        assert frame["cellFont"] >= 12.5
        assert tab.errors == []


def test_dashboard_keeps_its_headers_in_view_while_scrolling(browser, base: str) -> None:
    with open_tab(browser, base, 1024, 600) as tab:
        _show_dashboard(tab)
        assert tab.page.evaluate(_FRAME)["sidebars"] == 0
        placed = tab.page.evaluate(
            """() => {
                const frame = document.querySelector(".bc-dashboard");
                frame.scrollTo(400, 200);
                const f = frame.getBoundingClientRect();
                const unit = frame.querySelector("tbody tr:nth-child(12) th").getBoundingClientRect();
                const head = frame.querySelector("thead th:nth-child(9)").getBoundingClientRect();
                return {scrolled: [frame.scrollLeft, frame.scrollTop],
                        unitLeft: unit.left - f.left, headTop: head.top - f.top};
            }"""
        )
        assert placed["scrolled"][0] > 0 and placed["scrolled"][1] > 0
        assert abs(placed["unitLeft"]) <= 1.5  # the unit column stays at the left edge
        assert abs(placed["headTop"]) <= 1.5  # the header row stays at the top
        assert tab.errors == []


def _media_box(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def test_dashboard_prints_on_a4_landscape(browser, base: str, tmp_path: Path) -> None:
    with open_tab(browser, base) as tab:
        tab.open(OVERVIEW)
        tab.page.evaluate("document.fonts.ready")
        pdf = tab.page.pdf(prefer_css_page_size=True, print_background=True)
        (tmp_path / "dashboard.pdf").write_bytes(pdf)
        width, height = _media_box(pdf)
        assert abs(width - A4_LANDSCAPE_PT[0]) < 2 and abs(height - A4_LANDSCAPE_PT[1]) < 2

        tab.page.emulate_media(media="print")
        tab.page.set_viewport_size({"width": A4_LANDSCAPE_CONTENT_PX, "height": 700})
        fits = tab.page.evaluate(
            """() => { const t = document.querySelector(".bc-matrix");
                       return [t.getBoundingClientRect().right, t.scrollWidth, t.parentElement.clientWidth]; }"""
        )
        assert fits[0] <= A4_LANDSCAPE_CONTENT_PX and fits[1] <= fits[2]  # one sheet wide

        tab.open("ky-bao-cao/2021-h1/tuy-hoa.html")  # other pages keep the printer's default
        width, height = _media_box(tab.page.pdf(prefer_css_page_size=True))
        assert width < height
