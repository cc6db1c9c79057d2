"""The built site as files: pages, links, escaping, determinism, offline variant, overrides."""

import datetime as dt
import filecmp
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.fsutil import OUTPUT_MARKER, read_marker
from generator.model import Visibility
from generator.pipeline import site_marker
from generator.site import build_site

PAGES = [
    "index.html",
    "ky-bao-cao/2021-h1/index.html",
    "ky-bao-cao/2021-h1/bao-cao.html",
    "ky-bao-cao/2021-h1/video.html",
    "ky-bao-cao/2021-h1/tuy-hoa.html",
    "ky-bao-cao/2021-h1/song-cau.html",
    "ky-bao-cao/2020-h1/index.html",
    "ky-bao-cao/2020-h1/tuy-hoa.html",
    "chi-tieu/index.html",
    "chi-tieu/giai-quyet-tin-bao.html",
    "hinh-anh/index.html",
    *(
        f"hinh-anh/{c}.html"
        for c in ("quan-ly", "nghiep-vu", "to-chuc-can-bo", "thanh-tra", "cntt", "bao-dam")
    ),
    "don-vi/index.html",
    "luu-tru/index.html",
    "ky-bao-cao/2020-h1/video.html",
    "404.html",
    "media/video/2021-h1.mp4",
    "media/video/2021-h1.chapters.vtt",
    "sitemap.xml",
    "search/search_index.json",
]
_URL = re.compile(
    r"""<(?:script|link|img|source|track|video|audio|iframe)\b[^>]*?\s(?:src|href|poster|srcset)="([^"]*)"""
)


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_page_is_built_in_vietnamese_without_warnings(built_site):
    for page in PAGES:
        assert (built_site.out / page).is_file(), page
    assert built_site.report.warnings == ()
    assert built_site.report.videos == 1 and built_site.report.photos == 3
    home = _html(built_site.out, "index.html")
    assert '<html lang="vi"' in home and "Tìm kiếm" in home
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_no_asset_of_any_page_comes_from_another_host(built_site, offline_site):
    for site in (built_site.out, offline_site.out):
        for page in site.rglob("*.html"):
            for url in _URL.findall(page.read_text(encoding="utf-8")):
                assert not re.match(r"^([a-z]+:)?//", url, re.I), (page, url)
                assert not url.startswith(("http:", "https:")), (page, url)
        for css in site.rglob("*.css"):
            text = css.read_text(encoding="utf-8")
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
            assert "@import" not in text, css


def test_fonts_are_self_hosted(built_site):
    css = _html(built_site.out, "assets/baocao/baocao.css")
    for font in re.findall(r'url\("([^"]+)"\)', css):
        assert (built_site.out / "assets/baocao" / font).is_file()
    assert '--md-text-font: "Be Vietnam Pro"' in css


def test_matrix_prints_in_black_and_white(built_site):
    page = _html(built_site.out, "ky-bao-cao/2021-h1/index.html")
    assert '<td class="bc-cell bc-met" title="Đạt: 95%">✓ 95%</td>' in page
    assert '<td class="bc-cell bc-not_met" title="Không đạt: 90%">✗ 90%</td>' in page
    assert '<td class="bc-cell bc-no_data" title="Chưa có số liệu">—</td>' in page
    assert "92,5% (296/320)" in page  # province-wide: sum of numerators / sum of denominators
    assert page.count('<svg class="bc-chart"') == 2


def test_photo_markup_is_responsive_lazy_and_described(built_site):
    page = _html(built_site.out, "ky-bao-cao/2021-h1/tuy-hoa.html")
    images = re.findall(r"<img [^>]*>", page)
    photo = next(i for i in images if "kiem-sat-giam-giu" in i)
    assert len(re.findall(r"\d+w", re.search(r'srcset="([^"]*)"', photo).group(1))) >= 2
    for attribute in (
        'sizes="',
        'width="1600"',
        'height="900"',
        'loading="lazy"',
        'alt="Kiểm sát việc tạm giữ, tạm giam"',
    ):
        assert attribute in photo
    assert (
        'class="glightbox" href="../../media/anh/2021-h1/tuy-hoa/kiem-sat-giam-giu-1600.webp"'
        in page
    )


class _Elements(HTMLParser):
    """Every element's tag and attributes, and the text of scripts, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_staff_text_is_shown_as_text(built_site):
    unit = _html(built_site.out, "ky-bao-cao/2021-h1/tuy-hoa.html")
    notes = _html(built_site.out, "ky-bao-cao/2021-h1/song-cau.html")
    report = _html(built_site.out, "ky-bao-cao/2021-h1/bao-cao.html")
    for page in (unit, notes, report):
        parsed = _Elements()
        parsed.feed(page)
        assert not [a for _tag, a in parsed.elements if "onerror" in a or a.get("src") == "x"]
        assert not [s for s in parsed.scripts if "__pwned" in s]
    assert "Ảnh &lt;script&gt;window.__pwned = 1&lt;/script&gt;" in unit
    assert "&lt;b&gt;Lời dẫn&lt;/b&gt;" in unit
    assert "&lt;img src=x onerror=" in notes
    assert "javascript:" not in report and "example.com" not in report


def test_two_builds_are_byte_identical(
    built_site, load_filtered, videos_dir, contact_sheets, tmp_path
):
    again = tmp_path / "site"
    build_site(
        load_filtered(built_site.root),
        again,
        project_root=built_site.root,
        cache_dir=built_site.root / ".cache",
        videos_dir=videos_dir,
        contact_sheets=contact_sheets,
    )
    first = sorted(p.relative_to(built_site.out) for p in built_site.out.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    _match, mismatch, errors = filecmp.cmpfiles(built_site.out, again, first, shallow=False)
    assert (mismatch, errors) == ([], [])
    # the sitemap's dates (listed only once a site_url is set) and its gzip header are the
    # content's newest date, not the build's
    sitemap = _html(again, "sitemap.xml")
    assert sitemap.count("<lastmod>2021-07-15</lastmod>") == sitemap.count("<lastmod>")
    header = (again / "sitemap.xml.gz").read_bytes()[4:8]
    assert int.from_bytes(header, "little") == int(
        dt.datetime(2021, 7, 15, tzinfo=dt.UTC).timestamp()
    )


def test_offline_variant_searches_without_a_server(offline_site):
    site = offline_site.out
    assert (
        (site / "search/search_index.js").read_text(encoding="utf-8").startswith("var __index = ")
    )
    home = _html(site, "index.html")
    assert "assets/baocao/iframe-worker.js" in home and "unpkg" not in home
    video = _html(site, "ky-bao-cao/2021-h1/video.html")
    assert 'kind="chapters" srclang="vi" label="Chương" src="data:text/vtt;base64,' in video
    assert all("unpkg" not in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_units_history_links_old_units_to_their_successor(built_site):
    page = _html(built_site.out, "don-vi/index.html")
    row = re.search(r'<tr id="don-vi-tuy-hoa".*?</tr>', page, re.S).group(0)
    assert "VKSND thành phố Tuy Hòa" in row and "đến 30/06/2025" in row
    assert '<a href="#don-vi-khu-vuc-1">VKSND khu vực 1 – Đắk Lắk</a>' in row
    assert (
        "../ky-bao-cao/2021-h1/tuy-hoa.html" in row and "../ky-bao-cao/2020-h1/tuy-hoa.html" in row
    )


def test_search_index_carries_folded_titles_and_words(built_site):
    index = json.loads(_html(built_site.out, "search/search_index.json"))
    unit = next(d for d in index["docs"] if d["location"] == "ky-bao-cao/2021-h1/tuy-hoa.html")
    assert unit["title"] == "VKSND thành phố Tuy Hòa"
    assert unit["folded_title"] == "vksnd thanh pho tuy hoa"  # the whole title, folded
    fields = index["config"]["fields"]
    assert fields["folded_title"]["boost"] == fields["title"]["boost"] == 1000


def test_project_mkdocs_yml_adds_pages_and_overrides_settings(tiny_project: Path, load_filtered):
    (tiny_project / "mkdocs.yml").write_text(
        "site_name: Trang nội bộ VKSND\nnav:\n  - Giới thiệu: gioi-thieu.md\n", encoding="utf-8"
    )
    (tiny_project / "docs").mkdir()
    (tiny_project / "docs/gioi-thieu.md").write_text(
        "# Giới thiệu\n\nTrang riêng.\n", encoding="utf-8"
    )
    out = tiny_project / "site"
    report = build_site(
        load_filtered(tiny_project),
        out,
        project_root=tiny_project,
        cache_dir=tiny_project / ".cache",
    )
    assert report.warnings == ()
    page = _html(out, "gioi-thieu.html")
    assert "<title>Giới thiệu - Trang nội bộ VKSND</title>" in page
    assert 'href="gioi-thieu.html"' in _html(out, "index.html")


def test_a_failed_build_keeps_the_previous_site(tiny_project: Path, load_filtered):
    out = tiny_project / "site"
    build_site(
        load_filtered(tiny_project),
        out,
        project_root=tiny_project,
        cache_dir=tiny_project / ".cache",
    )
    before = _html(out, "index.html")
    (tiny_project / "mkdocs.yml").write_text(
        "plugins:\n  - khong-co-plugin-nay\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        build_site(
            load_filtered(tiny_project),
            out,
            project_root=tiny_project,
            cache_dir=tiny_project / ".cache",
        )
    assert caught.value.problems[0].path == "mkdocs.yml"
    assert "khong-co-plugin-nay" in caught.value.problems[0].message
    assert _html(out, "index.html") == before
    assert sorted(p.name for p in tiny_project.iterdir() if p.name.startswith(".site")) == []


def test_a_new_empty_period_and_no_guide_still_build(tiny_project: Path, load_filtered):
    period = tiny_project / "content/periods/2021-q3"
    period.mkdir()
    (period / "period.yml").write_text(
        "title: Quý III năm 2021\nkind: quarter\nstart: 2021-06-01\nend: 2021-08-31\n",
        encoding="utf-8",
    )
    out = tiny_project / "site"
    report = build_site(
        load_filtered(tiny_project),
        out,
        project_root=tiny_project,
        cache_dir=tiny_project / ".cache",
    )
    assert report.warnings == ()
    page = _html(out, "ky-bao-cao/2021-q3/index.html")
    assert "Quý III năm 2021" in page and "bc-chart" not in page
    assert "Quý III năm 2021" in _html(out, "index.html")


def test_the_site_records_what_built_it(tiny_project: Path, load_filtered):
    out = tiny_project / "ban-cong-khai"
    build_site(
        load_filtered(tiny_project, Visibility.PUBLIC),
        out,
        project_root=tiny_project,
        cache_dir=tiny_project / ".cache",
        marker=site_marker(Visibility.PUBLIC, offline=False),
    )
    assert (out / OUTPUT_MARKER).read_text(encoding="utf-8") == (
        '{\n  "audience": "public",\n  "offline": false,\n  "written_by": "baocao build"\n}\n'
    )
    assert read_marker(out)["audience"] == "public"
    build_site(  # a site built without a marker (the archive's) carries none
        load_filtered(tiny_project, Visibility.PUBLIC),
        out,
        project_root=tiny_project,
        cache_dir=tiny_project / ".cache",
    )
    assert not (out / OUTPUT_MARKER).exists() and (out / "index.html").is_file()
