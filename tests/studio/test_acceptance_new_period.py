"""A second half-year made from nothing in the studio, walked in Chromium as a new user would,
then carried through every real command to a served site and a verified archive.

The project folder holds only the organisation's files (site.yml, units.yml, indicators.yml):
no period, no media. The walk creates 2021-h2 with «Kỳ báo cáo mới» (the sector's calendar
proposes the id and the days 01/06–30/11), uploads three photos for Tuy Hòa and fills their
fields, types Tuy Hòa's results into the grid («1.234» in a count), fills Sông Cầu's in the
spreadsheet the page offers and imports it back, writes the report and the report settings,
reorders the video's parts and drops one, rewrites the opening card's line and drafts that
scene. Then ``baocao check`` has nothing to say, and ``build``, ``report``, ``publish`` (served
by a real nginx), ``archive`` and ``verify`` all succeed from the project folder, each output
holding what was typed. No request leaves 127.0.0.1, no console error is logged, and axe-core
finds no serious violation on any page visited.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from nginx_server import nginx_path, nginx_serving
from projectfactory import FILES, write_project
from studio.client import BAOCAO
from studio.tabs import (
    BROWSER_TEST,
    Tab,
    assert_browse_is_clean,
    studio_in_chromium,
)
from studio.test_acceptance import (
    FOLDER,
    PERIOD,
    REPORT_LINE,
    TUY_HOA,
    _enter_results,
    _inbox,
    _walk_unit,
    _write_report,
)

from generator.tools import ffmpeg_exe

pytestmark = [
    *BROWSER_TEST,
    pytest.mark.skipif(nginx_path() is None, reason="nginx (Debian) is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")
openpyxl = pytest.importorskip("openpyxl")

TITLE = "Sơ kết công tác 6 tháng cuối năm 2021"
ORGANISATION = ["content/indicators.yml", "content/site.yml", "content/units.yml"]
SCAFFOLD = [
    "highlights/song-cau.yml",
    "highlights/tuy-hoa.yml",
    "highlights/vks-tinh.yml",
    "period.yml",
    "report.md",
    "results/song-cau.yml",
    "results/tuy-hoa.yml",
    "results/vks-tinh.yml",
    "video.yml",
]
PHOTOS = TUY_HOA[:3]  # two with an EXIF date, one without; two public, one internal
# Tuy Hòa in the grid: counts typed as in a spreadsheet («1.234» is 1234).
GRID = [
    ("giai-quyet-tin-bao", {"numerator": "1.234", "denominator": "1 300"}, "94,92%", "Đạt"),
    ("tam-giam-qua-han", {"value": "0", "note": "Không có trường hợp nào."}, "0 người", "Đạt"),
    ("tra-ho-so", {"numerator": "2", "denominator": "100"}, "2%", "Đạt"),
]
# Sông Cầu in the downloaded sheet: (Tử số, Mẫu số, Giá trị, Ghi chú) as a colleague types them.
SHEET = {
    "giai-quyet-tin-bao": ("1.410", 1500, None, "Còn 90 tin báo đang xác minh."),
    "tam-giam-qua-han": (None, None, 1, "Quá hạn 1 ngày."),
    "tra-ho-so": (1, 80, None, None),
}
PROVINCE_RATE = "94,43%"  # (1234 + 1410) / (1300 + 1500), the province-wide figure
INTRO = "Viện kiểm sát nhân dân tỉnh Phú Yên báo cáo kết quả công tác sáu tháng cuối năm 2021."
PARTS = ["Mở đầu", "Hoạt động của các đơn vị", "Kết quả thực hiện chỉ tiêu"]  # «Kết thúc» dropped
SIGNER = "Nguyễn Văn An"
VIDEO_ARGS = ["--size", "320x180", "--fps", "12"]  # the archive's video, kept small


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Only the organisation's files: every period file of the factory left out, no media."""
    periods = {rel: None for rel in FILES if rel.startswith("content/periods/")}
    root = write_project(tmp_path / "project", periods)
    shutil.rmtree(root / "media")  # the factory's one photo belongs to its period
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == ORGANISATION
    return root


@pytest.fixture
def tab(project: Path) -> Iterator[Tab]:
    with studio_in_chromium(sync_api, project) as tab:
        yield tab


def _create_period(tab: Tab, tmp_path: Path) -> None:
    """«Kỳ báo cáo mới»: 6 tháng, năm 2021, kỳ thứ 2 → the calendar's 2021-h2; created."""
    root = tab.server.root
    tab.open("/")
    page = tab.page
    assert page.get_by_text("Chưa có kỳ báo cáo nào: tạo kỳ đầu tiên ngay dưới đây.").is_visible()
    page.get_by_label("Loại kỳ", exact=True).select_option("half-year")
    page.get_by_label("Năm", exact=True).fill("2021")
    page.get_by_label("Năm", exact=True).dispatch_event("change")
    page.get_by_label("Kỳ thứ").fill("2")
    page.get_by_label("Kỳ thứ").dispatch_event("change")
    page.wait_for_function(f"() => document.getElementById('ma').value === '{PERIOD}'")
    assert page.get_by_label("Tiêu đề").input_value() == TITLE
    assert page.get_by_label("Ngày đầu kỳ").input_value() == "01/06/2021"
    assert page.get_by_label("Ngày cuối kỳ").input_value() == "30/11/2021"
    page.locator("#ky-moi").evaluate("e => e.scrollIntoView()")
    tab.shot("ky-moi-2021-h2", tmp_path)
    page.get_by_role("button", name="Tạo kỳ báo cáo").click()
    page.wait_for_url(f"**/ky/{PERIOD}")
    page.wait_for_load_state("networkidle")
    said = page.locator(".flash.ok").inner_text()
    assert said.startswith(f"Đã tạo kỳ báo cáo «{TITLE}» (9 tệp trong {FOLDER}/)."), said
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    made = sorted(p.relative_to(root / FOLDER).as_posix() for p in (root / FOLDER).rglob("*.*"))
    assert made == SCAFFOLD
    period = yaml.safe_load((root / FOLDER / "period.yml").read_text("utf-8"))
    assert (period["title"], period["kind"], period["start"].isoformat()) == (
        TITLE,
        "half-year",
        "2021-06-01",
    )
    assert period["end"].isoformat() == "2021-11-30"


def _fill_sheet(tab: Tab, tmp_path: Path) -> Path:
    """«Tải mẫu bảng tính» on the period's page (a real download); Sông Cầu's rows filled in
    with openpyxl as a colleague would in Excel. Tuy Hòa's come filled from the grid."""
    tab.open(f"/ky/{PERIOD}")
    with tab.page.expect_download() as download:
        tab.page.get_by_role("link", name="Tải mẫu bảng tính").click()
    assert download.value.suggested_filename == f"Kết quả {PERIOD}.xlsx"
    sheet = tmp_path / "thư của Sông Cầu" / download.value.suggested_filename
    sheet.parent.mkdir()
    download.value.save_as(sheet)
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook.active
    header = [cell.value for cell in rows[1]]
    at = {name: header.index(name) for name in header}
    units, filled = [], []
    for row in rows.iter_rows(min_row=2):
        unit, indicator = row[at["Đơn vị"]].value, row[at["Chỉ tiêu"]].value
        units.append(unit)
        if (unit, indicator) == ("tuy-hoa", "giai-quyet-tin-bao"):  # as the grid saved them
            assert (row[at["Tử số"]].value, row[at["Mẫu số"]].value) == (1234, 1300)
        if unit != "song-cau":
            continue
        typed = dict(zip(("Tử số", "Mẫu số", "Giá trị", "Ghi chú"), SHEET[indicator], strict=True))
        for name, value in typed.items():
            row[at[name]].value = value
        row[at["Mức công khai"]].value = "public"
        filled.append(indicator)
    assert list(dict.fromkeys(units)) == ["vks-tinh", "tuy-hoa", "song-cau"]  # the active units
    assert filled == list(SHEET)
    workbook.save(sheet)
    return sheet


def _import_sheet(tab: Tab, sheet: Path, tmp_path: Path) -> None:
    """The filled sheet through the period page's import box; what it did, one line each."""
    tab.open(f"/ky/{PERIOD}")
    tab.page.set_input_files("#bang", str(sheet))
    assert tab.page.locator("#ten-bang").inner_text() == f"Đã chọn: {sheet.name}"
    tab.page.get_by_role("button", name="Nhập kết quả").click()
    tab.page.wait_for_url(f"**/ky/{PERIOD}")
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator(".flash.ok li").all_inner_texts() == [
        f"Đã đọc 6 dòng kết quả cho kỳ {PERIOD}.",
        f"Đã ghi 1 tệp (3 kết quả thay đổi): {FOLDER}/results/song-cau.yml",
        "3 kết quả không đổi; 1 tệp giữ nguyên.",  # Tuy Hòa's, from the grid
        "Bỏ qua 3 dòng chưa có số liệu (dòng 2, 3, 4).",  # the province's own, left blank
        "Tiếp theo: chạy «baocao check» rồi xem lại trang kết quả.",
    ]
    tab.shot("nhap-bang-tinh", tmp_path)


def _report_settings(tab: Tab) -> None:
    """«Cài đặt báo cáo»: who signs and who receives the written report (without them `check`
    warns that `baocao report` would print «CẦN BỔ SUNG» there)."""
    tab.open("/cai-dat-bao-cao")
    page = tab.page
    page.get_by_label("Cơ quan chủ quản", exact=True).fill("Viện kiểm sát nhân dân tối cao")
    page.get_by_label("Địa danh", exact=True).fill("Phú Yên")
    page.get_by_label("Chức vụ", exact=True).fill("Viện trưởng")
    page.get_by_label("Họ và tên", exact=True).fill(SIGNER)
    page.get_by_label("Nơi nhận, mỗi dòng một nơi").fill(
        "VKSND tối cao (để báo cáo)\nThường trực Tỉnh ủy Phú Yên (để báo cáo)"
    )
    page.get_by_role("button", name="Lưu cài đặt").click()
    page.wait_for_selector("text=Đã lưu cài đặt báo cáo.")


def _parts_shown(tab: Tab) -> list[str]:
    """The storyboard's parts, in the order its scenes show them («N. Phần · từ …»)."""
    heads = tab.page.locator("li.scene > div:nth-child(2) > div.muted").all_inner_texts()
    parts = [re.match(r"\d+\. (.+?) · ", head) for head in heads]
    assert all(parts), heads
    return list(dict.fromkeys(p.group(1) for p in parts if p))


def _storyboard(tab: Tab, tmp_path: Path) -> float:
    """The units' part moved before the figures and the closing dropped; the opening card's
    line rewritten; that scene drafted and played. Returns the draft's length (seconds)."""
    page = tab.page
    tab.open(f"/ky/{PERIOD}")
    page.get_by_role("link", name="Kịch bản video của kỳ →").click()
    page.wait_for_load_state("networkidle")
    assert _parts_shown(tab) == [*PARTS[:1], PARTS[2], PARTS[1], "Kết thúc"]
    page.get_by_text("Các phần của video: thứ tự, bỏ bớt").click()
    page.get_by_label(f"Thứ tự của phần {PARTS[1]}").fill("2")
    page.get_by_label(f"Thứ tự của phần {PARTS[2]}").fill("3")
    page.locator("#giu-ket-thuc").uncheck()
    page.get_by_role("button", name="Lưu các phần").click()
    page.wait_for_selector("text=Đã lưu các phần của video.")
    page.wait_for_load_state("networkidle")
    assert _parts_shown(tab) == PARTS

    scene = page.locator("#canh-mo-dau")
    scene.get_by_label("Lời dẫn riêng (để trống: dùng lời tự soạn)").fill(INTRO)
    scene.get_by_role("button", name="Lưu lời dẫn").click()
    page.wait_for_selector("text=Đã lưu lời dẫn.")
    page.wait_for_load_state("networkidle")
    scene = page.locator("#canh-mo-dau")
    assert scene.get_by_label("Lời dẫn (đã viết riêng trong video.yml)").input_value() == INTRO

    scene.get_by_role("button", name="Xem trước cảnh 1").click()
    player = scene.locator("video[data-preview-video]")
    player.wait_for(state="visible", timeout=120_000)
    assert scene.locator("[data-preview-state]").inner_text() == "Đã dựng xong bản xem trước."
    seconds = player.evaluate(
        "v => new Promise(r => v.readyState >= 1 ? r(v.duration)"
        " : v.addEventListener('loadedmetadata', () => r(v.duration)))"
    )
    player.evaluate("v => { v.currentTime = 1; return new Promise(r => v.onseeked = r); }")
    player.scroll_into_view_if_needed()
    page.wait_for_function("v => v.readyState >= 2", arg=player.element_handle())
    tab.shot("xem-truoc-mo-dau", tmp_path)
    return seconds


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real command, typed in the project folder."""
    return subprocess.run(
        [str(BAOCAO), *args], cwd=root, capture_output=True, text=True, timeout=300
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{done.args[1:]}: {done.stdout}{done.stderr}"
    return done.stdout


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_second_half_year_from_nothing_to_a_verified_archive(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    _create_period(tab, tmp_path)
    video_scaffold = (root / FOLDER / "video.yml").read_text("utf-8")

    # Tuy Hòa: three photos through the file chooser, every field filled; then the grid.
    inbox = _inbox(tmp_path / "hộp thư đến" / "Tuy Hòa", PHOTOS)
    _walk_unit(tab, "tuy-hoa", PHOTOS, inbox, drop=False)
    _enter_results(tab, "tuy-hoa", GRID)
    # Sông Cầu: the period's sheet, filled in and imported back.
    _import_sheet(tab, _fill_sheet(tab, tmp_path), tmp_path)
    _write_report(tab, tmp_path)
    _report_settings(tab)
    draft = _storyboard(tab, tmp_path)
    assert 3 < draft < 15  # the opening scene, not the whole video

    # What was written is what the user typed.
    highlights = yaml.safe_load((root / FOLDER / "highlights/tuy-hoa.yml").read_text("utf-8"))
    written = {e["file"]: (e["caption"], e["visibility"]) for e in highlights["media"]}
    assert written == {m.filed: (m.caption, m.visibility) for m in PHOTOS}
    assert yaml.safe_load((root / FOLDER / "results/tuy-hoa.yml").read_text("utf-8")) == {
        "unit": "tuy-hoa",
        "visibility": "public",
        "results": [
            {"indicator": "giai-quyet-tin-bao", "numerator": 1234, "denominator": 1300},
            {"indicator": "tam-giam-qua-han", "value": 0, "note": "Không có trường hợp nào."},
            {"indicator": "tra-ho-so", "numerator": 2, "denominator": 100},
        ],
    }
    assert yaml.safe_load((root / FOLDER / "results/song-cau.yml").read_text("utf-8")) == {
        "unit": "song-cau",
        "results": [
            {
                "indicator": "giai-quyet-tin-bao",
                "numerator": 1410,  # «1.410» typed in the sheet
                "denominator": 1500,
                "note": "Còn 90 tin báo đang xác minh.",
                "visibility": "public",
            },
            {
                "indicator": "tam-giam-qua-han",
                "value": 1,
                "note": "Quá hạn 1 ngày.",
                "visibility": "public",
            },
            {"indicator": "tra-ho-so", "numerator": 1, "denominator": 80, "visibility": "public"},
        ],
    }
    video = (root / FOLDER / "video.yml").read_text("utf-8")
    assert video.startswith(video_scaffold), video  # the scaffold's comments, line for line
    assert yaml.safe_load(video) == {"intro": INTRO, "sections": ["mo-dau", "don-vi", "chi-tieu"]}
    # The studio wrote only into content/, media/, its own .baocao/ (the draft is there) and
    # the project's cache (narration and segments, which the real render reuses).
    assert sorted(p.name for p in root.iterdir()) == [".baocao", ".cache", "content", "media"]
    assert (root / f".baocao/previews/{PERIOD}-internal-canh-mo-dau.mp4").is_file()

    # Nothing is owed for the period on its page (the province's own results were not sent).
    tab.open(f"/ky/{PERIOD}")
    for name, cells, done in (
        ("Viện kiểm sát nhân dân tỉnh Phú Yên", ["0", "0", "0", "0", "0/3"], False),
        ("VKSND thành phố Tuy Hòa", ["3", "0", "0", "0", "3/3"], True),
        ("VKSND thị xã Sông Cầu", ["0", "0", "0", "0", "3/3"], False),
    ):
        row = tab.page.get_by_role("row", name=name)
        shown = [c.strip() for c in row.locator("td").all_inner_texts()]
        assert shown[:6] == [*cells, "0 lỗi, 0 cảnh báo"], name
        assert (row.get_attribute("class") == "xong") is done, name
    assert tab.page.locator("main .canh-bao, main .loi").count() == 0  # nothing period-wide

    # A browse of every page visited writes nothing; axe-core finds no serious violation.
    assert_browse_is_clean(
        tab, [*tab.visited, f"/ky/{PERIOD}/bao-cao", f"/ky/{PERIOD}/kich-ban"], root
    )
    assert tab.dialogs == []  # every page left with its work saved

    # The real commands, from the project folder. `check`: nothing to say but the count.
    check = _run(root, "check")
    assert (check.returncode, check.stderr) == (0, ""), check.stdout + check.stderr
    assert check.stdout == (
        "Nội dung hợp lệ: 1 kỳ báo cáo, 4 đơn vị, 3 chỉ tiêu, 3 ảnh, 0 video, 0 tệp âm thanh; "
        "0 cảnh báo.\n"
    )
    _ok(_run(root, "build"))
    assert TITLE in (root / f"site/ky-bao-cao/{PERIOD}/index.html").read_text("utf-8")

    _ok(_run(root, "report", PERIOD))
    assert (root / f"dist/{PERIOD}.docx").stat().st_size > 0
    pdf = subprocess.run(
        ["pdftotext", str(root / f"dist/{PERIOD}.pdf"), "-"], capture_output=True, text=True
    )
    report = _words(pdf.stdout)
    for typed in (TITLE, REPORT_LINE, SIGNER, "Thường trực Tỉnh ủy Phú Yên", PROVINCE_RATE):
        assert typed in report, typed
    assert "CẦN BỔ SUNG" not in report

    www = tmp_path / "www"
    _ok(_run(root, "publish", "--to", str(www)))
    assert (www / "index.html").is_file()
    with (
        nginx_serving(www, tmp_path / "nginx") as base,  # the intranet's web server
        urllib.request.urlopen(f"{base}/ky-bao-cao/{PERIOD}/tuy-hoa.html") as answer,
    ):
        served = answer.read().decode("utf-8")
    assert PHOTOS[1].caption in served  # the internal photo, on the intranet

    bag = tmp_path / "bag"
    _ok(_run(root, "archive", PERIOD, "--out", str(bag), *VIDEO_ARGS))
    assert "nguyên vẹn" in _ok(_run(root, "verify", str(bag)))
    # The tradition room's bag is the public version: the public photos, never the internal
    # one; the province-wide figures; the video as the storyboard was edited.
    originals = sorted(p.name for p in (bag / f"data/media/{PERIOD}/tuy-hoa").iterdir())
    assert originals == sorted(Path(m.filed).name for m in PHOTOS if m.visibility == "public")
    assert PROVINCE_RATE in (bag / f"data/site/ky-bao-cao/{PERIOD}/index.html").read_text("utf-8")
    chapters = (bag / f"data/video/{PERIOD}.chapters.vtt").read_text("utf-8")
    assert [line for line in chapters.splitlines() if line in (*PARTS, "Kết thúc")] == PARTS
    assert INTRO in (bag / f"data/video/{PERIOD}.srt").read_text("utf-8")
    probe = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(bag / f"data/video/{PERIOD}.mp4")],
        capture_output=True,
        text=True,
    )
    assert ", 320x180" in probe.stderr, probe.stderr
