"""The generated pages as a reader sees them: units under the names of their time, the
tradition room's index, the video's contact sheet, the Vietnamese 404 page.

The session's site has Sông Cầu renamed on 01/01/2021: "VKSND huyện Sông Cầu" in 2020-h1,
"VKSND thị xã Sông Cầu" (short: "Sông Cầu") in 2021-h1.
"""

import re
from pathlib import Path

from projectfactory import write_project

from generator.cli import main


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _article(site: Path, page: str) -> str:
    html = _html(site, page)
    return html[html.index("<article") : html.index("</article>")]


def _row(html: str, header: str) -> str:
    return re.search(rf"<tr><th scope=\"row\">(?:<a [^>]*>)?{header}.*?</tr>", html, re.S).group(0)


def test_period_pages_name_units_as_they_were_then(built_site):
    old = _article(built_site.out, "ky-bao-cao/2020-h1/index.html")
    assert '<a href="song-cau.html">VKSND huyện Sông Cầu</a></th>' in old  # the matrix
    assert '<li><a href="song-cau.html">VKSND huyện Sông Cầu</a>' in old  # the unit list
    assert "thị xã Sông Cầu" not in old
    new = _article(built_site.out, "ky-bao-cao/2021-h1/index.html")
    assert '<a href="song-cau.html">Sông Cầu</a></th>' in new  # short name: name unchanged
    assert '<li><a href="song-cau.html">VKSND thị xã Sông Cầu</a>' in new
    assert "huyện Sông Cầu" not in new


def test_unit_page_is_titled_with_the_name_of_its_period(built_site):
    html = _html(built_site.out, "ky-bao-cao/2020-h1/song-cau.html")
    assert "<title>VKSND huyện Sông Cầu - " in html
    article = _article(built_site.out, "ky-bao-cao/2020-h1/song-cau.html")
    assert '<h1 id="vksnd-huyen-song-cau">VKSND huyện Sông Cầu' in article
    assert "· Nay là VKSND thị xã Sông Cầu</p>" in article
    assert "Nay là" not in _article(built_site.out, "ky-bao-cao/2021-h1/song-cau.html")
    nav = _html(built_site.out, "ky-bao-cao/2020-h1/index.html")
    assert re.search(
        r'href="song-cau.html" class="md-nav__link">\s*<span class="md-ellipsis">'
        r"\s*VKSND huyện Sông Cầu",
        nav,
    )


def test_indicator_matrix_names_a_renamed_unit_and_its_former_name(built_site):
    html = _article(built_site.out, "chi-tieu/giai-quyet-tin-bao.html")
    row = _row(html, "Sông Cầu")
    assert row.startswith(
        '<tr><th scope="row">Sông Cầu<br><span class="bc-meta">Tên cũ: VKSND huyện Sông Cầu</span>'
    )
    assert "<title>Sông Cầu</title>" in html  # the latest period's chart, short name


def test_units_history_lists_former_names_and_links_successors(built_site):
    html = _article(built_site.out, "don-vi/index.html")
    row = re.search(r'<tr id="don-vi-song-cau".*?</tr>', html, re.S).group(0)
    assert "VKSND thị xã Sông Cầu" in row
    assert "Tên gọi này từ 01/01/2021." in row
    assert "Tên cũ: VKSND huyện Sông Cầu (từ 05/01/2005 đến 31/12/2020)" in row
    assert 'Sơ kết công tác 6 tháng đầu năm 2020</a> <span class="bc-meta">(tên khi đó: ' in row
    assert '<a href="#don-vi-khu-vuc-1">VKSND khu vực 1 – Đắk Lắk</a>' in row
    merges = html[html.index('<ul class="bc-merges">') :]
    assert '<a href="#don-vi-song-cau">VKSND thị xã Sông Cầu</a>' in merges


def test_archive_lists_periods_by_year_with_video_and_highlights(built_site):
    html = _article(built_site.out, "luu-tru/index.html")
    headings = re.findall(r"<h([23]) id=\"[^\"]*\">([^<]*)<", html)
    assert headings == [
        ("2", "Năm 2021"),
        ("3", "Sơ kết công tác 6 tháng đầu năm 2021"),
        ("2", "Năm 2020"),
        ("3", "Sơ kết công tác 6 tháng đầu năm 2020"),
    ]
    newest, oldest = html.split('<h2 id="nam-2020"')
    assert '<source src="../media/video/2021-h1.mp4" type="video/mp4">' in newest
    assert newest.count('class="glightbox bc-strip-item"') == 3  # three photos (one a HEIC)…
    assert newest.count('class="bc-strip-item bc-strip-clip"') == 2  # …and two clips
    assert 'data-description="VKSND thành phố Tuy Hòa · 12/03/2021"' in newest
    assert "Kỳ này chưa có video báo cáo" in oldest
    assert '<a href="../ky-bao-cao/2020-h1/video.html">xem kịch bản</a>' in oldest
    assert '<a href="../ky-bao-cao/2020-h1/song-cau.html">VKSND huyện Sông Cầu</a>' in oldest
    assert '<a href="../ky-bao-cao/2021-h1/song-cau.html">Sông Cầu</a>' in newest
    assert 'href="luu-tru/index.html"' in _html(built_site.out, "index.html")  # in the tabs


def test_video_page_shows_the_storyboard_as_a_contact_sheet(built_site):
    html = _article(built_site.out, "ky-bao-cao/2021-h1/video.html")
    assert 'id="bc-conference-video"' in html  # the rendered video stays on top
    assert "Tổng thời lượng <strong>0:30</strong> · 3 cảnh · 2 chương." in html
    shots = re.findall(r'<figure class="bc-shot bc-shot--(\w+)">(.*?)</figure>', html, re.S)
    assert [kind for kind, _ in shots] == ["slide", "photo", "clip"]
    slide, photo, clip = (body for _, body in shots)
    assert '<img src="../../media/kich-ban/2021-h1/001-320.webp" width="320" height="180"' in slide
    assert 'href="../../media/kich-ban/2021-h1/001-960.webp"' in slide
    assert '<span class="bc-shot-section">1 · Mở đầu</span>' in slide
    assert '<span class="bc-shot-time">0:14 · 6,2 giây · Ảnh</span>' in photo
    assert '<span class="bc-shot-time">0:21 · 8,5 giây · Video clip, từ giây 0,5</span>' in clip
    narration = re.search(r'<span class="bc-shot-narration">(.*?)</span>', photo).group(1)
    assert narration == (
        'Lời dẫn &lt;img src=x onerror="window.__pwned = 7"&gt; *kịch bản* '
        "&lt;script&gt;x&lt;/script&gt;"
    )
    for name in ("001-320", "002-320", "003-320", "003-640"):
        assert (built_site.out / f"media/kich-ban/2021-h1/{name}.webp").is_file(), name


def test_a_period_without_a_video_gets_a_storyboard_page(built_site):
    html = _html(built_site.out, "ky-bao-cao/2020-h1/video.html")
    assert '<h1 id="video-bao-cao-kich-ban">Video báo cáo — kịch bản' in html
    assert "Video chưa được dựng." in html and "<video" not in _article(
        built_site.out, "ky-bao-cao/2020-h1/video.html"
    )
    assert "Tổng thời lượng <strong>0:15</strong> · 2 cảnh · 2 chương." in html
    period = _article(built_site.out, "ky-bao-cao/2020-h1/index.html")
    assert '<a href="video.html">Video báo cáo — kịch bản</a>' in period


def test_404_page_is_vietnamese_and_relative(built_site):
    html = _html(built_site.out, "404.html")
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert '<a href="index.html">Về trang chủ</a>' in html
    assert not re.search(r'\s(?:href|src)="/(?!/)', html)


def test_the_overview_and_the_indicator_page_compare_with_the_same_period_a_year_earlier(
    built_site,
):
    new = _article(built_site.out, "ky-bao-cao/2021-h1/index.html")
    # 2021: (152 + 144) / 320 = 92,5%; 2020: 140 / 160 = 87,5% — five points up
    row = _row(new, "Tỷ lệ giải quyết tố giác, tin báo về tội phạm")
    assert "tăng 5 điểm phần trăm" in row and "(cùng kỳ: 87,5%)" in row
    assert '<th scope="col">So với cùng kỳ</th>' in new
    assert "Sơ kết công tác 6 tháng đầu năm 2020</a>; tỷ lệ tăng, giảm tính bằng điểm" in new
    old = _article(built_site.out, "ky-bao-cao/2020-h1/index.html")
    assert "So với cùng kỳ" not in old  # nothing recorded a year before 2020-h1
    # … which the page says once, instead of a column of «—»
    assert old.count("Chưa có số liệu cùng kỳ năm trước để so sánh.") == 1
    assert "Chưa có số liệu cùng kỳ" not in new
    indicator = _article(built_site.out, "chi-tieu/giai-quyet-tin-bao.html")
    assert "tăng 5 điểm phần trăm" in _row(
        indicator, '<a href="[^"]*">Sơ kết công tác 6 tháng đầu năm 2021'
    )


def test_an_indicator_page_without_a_year_earlier_says_so_once(tmp_path):
    """The indicator page of a project with one period has no comparison column of «—»: one
    sentence says there is nothing to compare with."""
    root = write_project(tmp_path / "p")
    assert main(["--project", str(root), "build", "--out", str(tmp_path / "site")]) == 0
    page = _article(tmp_path / "site", "chi-tieu/giai-quyet-tin-bao.html")
    assert "So với cùng kỳ" not in page
    assert page.count("Chưa có số liệu cùng kỳ năm trước để so sánh.") == 1
