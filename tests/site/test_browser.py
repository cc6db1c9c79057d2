"""The built site in Debian's Chromium (headless, via Playwright): what a reader actually gets.

Served from 127.0.0.1 (and, for the archive's variant, opened from file://). Every request is
recorded: none may leave the site. Console errors and uncaught page errors fail the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browsing import CHROMIUM, Tab, chromium, open_tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

PAGES = [
    "index.html",
    "ky-bao-cao/2021-h1/index.html",
    "ky-bao-cao/2021-h1/tuy-hoa.html",
    "ky-bao-cao/2021-h1/song-cau.html",
    "ky-bao-cao/2021-h1/bao-cao.html",
    "ky-bao-cao/2021-h1/video.html",
    "chi-tieu/giai-quyet-tin-bao.html",
    "hinh-anh/index.html",
    "hinh-anh/nghiep-vu.html",
    "don-vi/index.html",
    "luu-tru/index.html",
    "ky-bao-cao/2020-h1/video.html",
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium(sync_api) as browser:
        yield browser


@pytest.fixture
def http_tab(browser, built_site, serve_folder) -> Iterator[Tab]:
    """The site under a sub-path (``/<folder>/``), as the intranet server may publish it."""
    with open_tab(browser, f"{serve_folder(built_site.out.parent)}/{built_site.out.name}/") as tab:
        yield tab


@pytest.fixture
def missing_tab(browser, built_site, serve_folder) -> Iterator[Tab]:
    """The site under a sub-path, with its 404.html answering for missing files (nginx's
    ``error_page 404 /<sub-path>/404.html``)."""
    base = serve_folder(built_site.out.parent, not_found=built_site.out / "404.html")
    with open_tab(browser, f"{base}/{built_site.out.name}/") as tab:
        yield tab


@pytest.fixture
def file_tab(browser, offline_site) -> Iterator[Tab]:
    with open_tab(browser, offline_site.out.as_uri() + "/") as tab:
        yield tab


def _images_rendered(tab: Tab) -> list[str]:
    """Sources of images that did not render, after scrolling each into view (lazy loading)."""
    return tab.page.evaluate(
        """async () => {
            const images = Array.from(document.querySelectorAll("article img"));
            for (const img of images) {
                img.scrollIntoView();
                if (!img.complete) await new Promise(r => { img.onload = img.onerror = r; });
            }
            return images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src);
        }"""
    )


def _font_loaded(tab: Tab) -> bool:
    """Be Vietnam Pro was fetched (from the site itself) and is in use."""
    return tab.page.evaluate(
        """async () => { await document.fonts.ready;
            return Array.from(document.fonts).some(
                f => f.family.replace(/"/g, "") === "Be Vietnam Pro" && f.status === "loaded"); }"""
    )


def _search(tab: Tab, query: str) -> list[str]:
    tab.page.locator(".md-search__input").click()
    tab.page.keyboard.type(query, delay=20)
    tab.page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [a.get_attribute("href") for a in tab.page.locator(".md-search-result__item > a").all()]


def test_pages_load_without_errors_or_foreign_requests(http_tab: Tab):
    for path in PAGES:
        http_tab.open(path)
        assert _images_rendered(http_tab) == [], path
    assert http_tab.errors == []
    assert http_tab.foreign_requests() == []
    assert http_tab.page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Be Vietnam Pro"'
    )
    assert _font_loaded(http_tab)


def test_hostile_staff_text_never_runs(http_tab: Tab):
    for path in (
        "ky-bao-cao/2021-h1/tuy-hoa.html",
        "ky-bao-cao/2021-h1/song-cau.html",
        "ky-bao-cao/2021-h1/bao-cao.html",
        "ky-bao-cao/2021-h1/video.html",
    ):
        http_tab.open(path)
        assert http_tab.page.evaluate("typeof window.__pwned") == "undefined"
        assert http_tab.page.locator('article img[src="x"], article b').count() == 0
    http_tab.open("ky-bao-cao/2021-h1/tuy-hoa.html")
    assert "<script>window.__pwned = 1</script>" in http_tab.page.locator("article").inner_text()


def test_lightbox_opens_with_the_large_photo_and_a_text_caption(http_tab: Tab):
    http_tab.open("ky-bao-cao/2021-h1/tuy-hoa.html")
    http_tab.page.locator("a.glightbox").nth(1).click()
    slide = http_tab.page.locator(".glightbox-container .gslide.current")
    slide.locator("img").wait_for(state="visible", timeout=10_000)
    assert slide.locator("img").get_attribute("src").endswith("anh-xoay-1200.webp")
    assert "<img src=x onerror=" in slide.locator(".gslide-title").inner_text()
    assert slide.locator(".gslide-title img, .gslide-title script").count() == 0
    assert http_tab.page.evaluate("typeof window.__pwned") == "undefined"
    assert http_tab.errors == [] and http_tab.foreign_requests() == []


def test_clips_play_and_phone_clips_stay_portrait(http_tab: Tab):
    http_tab.open("ky-bao-cao/2021-h1/tuy-hoa.html")
    shape = http_tab.page.evaluate(
        """() => { const v = document.querySelector(".bc-clip--portrait video");
                   return [v.clientWidth, v.clientHeight]; }"""
    )
    assert shape[1] > shape[0]
    played = http_tab.page.evaluate(
        """async () => {
            const v = document.querySelector(".bc-clip video");
            v.muted = true;
            await v.play();
            await new Promise(r => setTimeout(r, 800));
            return v.currentTime;
        }"""
    )
    assert played > 0.1
    assert http_tab.errors == []


def test_report_video_has_subtitles_and_chapters_that_seek(http_tab: Tab):
    http_tab.open("ky-bao-cao/2021-h1/video.html")
    tracks = http_tab.page.evaluate(
        """async () => {
            const v = document.getElementById("bc-conference-video");
            for (const t of v.textTracks) t.mode = t.kind === "chapters" ? "hidden" : "showing";
            await new Promise(r => setTimeout(r, 500));
            return Array.from(v.textTracks).map(t => [t.kind, t.language, t.cues ? t.cues.length : -1]);
        }"""
    )
    assert tracks == [["subtitles", "vi", 2], ["chapters", "vi", 3]]
    http_tab.page.locator("button.bc-seek").nth(1).click()
    http_tab.page.wait_for_timeout(300)
    assert (
        http_tab.page.evaluate("document.getElementById('bc-conference-video').currentTime") >= 1.0
    )
    assert http_tab.errors == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tuy hoa", "ky-bao-cao/2021-h1/tuy-hoa.html"),
        ("kiem sat giam giu", "ky-bao-cao/2021-h1/tuy-hoa.html"),
        ("dien thoai", "ky-bao-cao/2021-h1/tuy-hoa.html"),
    ],
)
def test_unaccented_search_finds_accented_pages(http_tab: Tab, query: str, expected: str):
    http_tab.open("index.html")
    assert any(expected in (href or "") for href in _search(http_tab, query))
    assert http_tab.errors == []


def _ranked(tab: Tab, query: str) -> list[str]:
    """Result links, best first, once the results for the whole query are shown."""
    tab.open("index.html")
    tab.page.locator(".md-search__input").click()
    tab.page.keyboard.type(query, delay=10)
    tab.page.wait_for_selector(".md-search-result__item", timeout=10_000)
    tab.page.wait_for_timeout(500)
    return [a.get_attribute("href") for a in tab.page.locator(".md-search-result__item > a").all()]


def test_unaccented_queries_rank_like_accented_ones(http_tab: Tab):
    assert re.search(r"ky-bao-cao/20\d\d-h1/tuy-hoa\.html$", _ranked(http_tab, "tuy hoa")[0])
    # the clip "quay bằng điện thoại" is on the Tuy Hòa page twice and in a gallery once
    assert _ranked(http_tab, "dien thoai")[0] == _ranked(http_tab, "điện thoại")[0]
    assert _ranked(http_tab, "dien thoai")[0].endswith("ky-bao-cao/2021-h1/tuy-hoa.html")
    assert http_tab.errors == []


def test_404_page_works_under_a_sub_path(missing_tab: Tab):
    responses: list[tuple[int, str]] = []
    missing_tab.page.on("response", lambda r: responses.append((r.status, r.url)))
    for missing in ("ky-bao-cao/2019-h1/khong-co.html", "khong-co.html"):
        responses.clear()
        missing_tab.open(missing)
        assert missing_tab.page.locator("article h1").inner_text() == "Không tìm thấy trang"
        assert [u for status, u in responses if status >= 400] == [missing_tab.base + missing]
        assert missing_tab.page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
            '"Be Vietnam Pro"'
        )
        home = missing_tab.page.locator("article a", has_text="Về trang chủ")
        assert home.evaluate("a => a.href") == missing_tab.base + "index.html"
    missing_tab.page.locator(".md-tabs a", has_text="Lưu trữ").click()
    missing_tab.page.wait_for_load_state("load")
    assert missing_tab.page.url == missing_tab.base + "luu-tru/index.html"
    missing_tab.open("ky-bao-cao/2019-h1/khong-co.html")
    hits = _search(missing_tab, "tuy hoa")
    assert any(h.startswith(missing_tab.base + "ky-bao-cao/") for h in hits), hits
    missing_tab.errors = [e for e in missing_tab.errors if "404 (Not Found)" not in e]
    assert missing_tab.errors == [] and missing_tab.foreign_requests() == []


def test_offline_site_works_from_file_urls(file_tab: Tab):
    file_tab.open("index.html")
    file_tab.page.locator("a", has_text="Tổng quan kỳ báo cáo").first.click()
    file_tab.page.wait_for_load_state("load")
    assert file_tab.page.url.endswith("ky-bao-cao/2021-h1/index.html")
    file_tab.page.locator(".bc-unit-list a", has_text="Tuy Hòa").click()
    file_tab.page.wait_for_load_state("load")
    assert _images_rendered(file_tab) == []
    played = file_tab.page.evaluate(
        """async () => { const v = document.querySelector(".bc-clip video"); v.muted = true;
                         await v.play(); await new Promise(r => setTimeout(r, 800));
                         return v.currentTime; }"""
    )
    assert played > 0.1
    hits = _search(file_tab, "tuy hoa")
    assert any(re.search(r"ky-bao-cao/2021-h1/tuy-hoa\.html", h or "") for h in hits)
    file_tab.open("ky-bao-cao/2021-h1/video.html")
    cues = file_tab.page.evaluate(
        """async () => { const v = document.getElementById("bc-conference-video");
                         for (const t of v.textTracks) t.mode = "hidden";
                         await new Promise(r => setTimeout(r, 500));
                         return Array.from(v.textTracks).map(t => t.cues ? t.cues.length : -1); }"""
    )
    assert cues == [2, 3]
    assert _font_loaded(file_tab)
    assert file_tab.errors == []
    assert [
        u for u in file_tab.requests if not u.startswith(("file://", "data:", "blob:", "about:"))
    ] == []
