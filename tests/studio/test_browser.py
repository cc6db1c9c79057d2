"""The studio in Debian's Chromium (headless, via Playwright), against the real server started
by the real command. Every request is routed: any host but 127.0.0.1 fails the test, and so
does any console error or uncaught page error (tests/studio/tabs.py).

Screenshots of the pages are taken every run; with ``BAOCAO_GUIDE_SHOTS=1`` they are also
written (small, palette PNG) into the staff guide's chapter «Studio» (generator/site/guide/studio/).
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PIL import Image
from studio.client import Server, make_project, start_studio, stop_studio, tree_digest
from studio.tabs import BROWSER_TEST, Tab, axe_script, chromium, make_clip, studio_tab

from generator.media.probe import read_words
from generator.tools import ffmpeg_exe

pytestmark = BROWSER_TEST
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
UNIT = "/ky/2021-h1/don-vi/tuy-hoa"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium(sync_api) as browser:
        yield browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    server = start_studio(make_project(tmp_path / "project"))
    yield server
    stop_studio(server)


@pytest.fixture
def tab(browser, server: Server) -> Iterator[Tab]:
    with studio_tab(browser, server) as tab:
        yield tab
    assert tab.foreign == [], "requests left 127.0.0.1"
    assert tab.errors == [], "console errors"


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1000), colour).save(out, "JPEG", quality=70)
    return out.getvalue()


def test_browsing_writes_nothing_and_stays_on_the_machine(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    before = tree_digest(root)
    tab.open("/")
    assert tab.page.get_by_role("link", name="Sơ kết công tác 6 tháng đầu năm 2021").is_visible()
    tab.open("/ky/2021-h1")
    row = tab.page.get_by_role("row", name="VKSND thành phố Tuy Hòa")
    assert "2/3" in row.inner_text()
    tab.shot("tien-do", tmp_path)
    tab.open(UNIT)
    assert tab.page.locator(".item .badge").first.inner_text() == "công khai"
    image = tab.page.locator(".item img").first
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    tab.open(UNIT + "/ket-qua")
    tab.open("/ky/2021-h1/kich-ban")
    assert tab.page.locator(".scene").count() > 3
    assert tree_digest(root) == before


def test_drop_a_photo_write_its_caption_save_reload(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    tab.open(UNIT)
    data = list(_jpeg((30, 140, 90)))
    tab.page.evaluate(
        """(bytes) => {
            const file = new File([new Uint8Array(bytes)], "Hội nghị sơ kết.JPG", {type: "image/jpeg"});
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const zone = document.getElementById("tai-len");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        data,
    )
    tab.page.wait_for_selector("text=Đã chép 1 tệp")
    tab.page.wait_for_selector(".item >> nth=1")
    tab.page.wait_for_load_state("networkidle")
    item = tab.page.locator("li.item", has_text="2021-h1/tuy-hoa/hoi-nghi-so-ket.jpg")
    assert item.locator("input[name=caption]").input_value().startswith("CẦN BỔ SUNG")
    item.locator("input[name=caption]").fill("Hội nghị sơ kết 6 tháng tại VKSND thành phố Tuy Hòa")
    item.locator("select[name=category]").select_option("quan-ly")
    item.get_by_role("button", name="Lưu", exact=True).click()
    tab.page.wait_for_selector("text=Đã lưu «Hội nghị sơ kết 6 tháng")
    tab.page.reload()
    item = tab.page.locator("li.item", has_text="2021-h1/tuy-hoa/hoi-nghi-so-ket.jpg")
    caption = item.locator("input[name=caption]").input_value()
    assert caption == "Hội nghị sơ kết 6 tháng tại VKSND thành phố Tuy Hòa"
    assert (root / "media/2021-h1/tuy-hoa/hoi-nghi-so-ket.jpg").is_file()
    text = (root / HIGHLIGHTS).read_text("utf-8")
    entry = yaml.safe_load(text)["media"][1]
    assert entry["file"] == "2021-h1/tuy-hoa/hoi-nghi-so-ket.jpg"
    assert entry["caption"] == "Hội nghị sơ kết 6 tháng tại VKSND thành phố Tuy Hòa"
    assert entry["category"] == "quan-ly"
    for comment in (
        "# Hình ảnh nổi bật – VKSND thành phố Tuy Hòa (ghi chú của văn phòng)",
        "  # Ảnh chính của kỳ",
        "# chú thích ngắn",
    ):
        assert comment in text
    tab.page.evaluate("window.scrollTo(0, 0)")
    tab.shot("hinh-anh", tmp_path)


def test_stale_edit_is_refused_with_the_typed_text_kept(tab: Tab) -> None:
    root = tab.server.root
    tab.expected.append("status of 409 (Conflict)")
    tab.open(UNIT)
    changed = (root / HIGHLIGHTS).read_text("utf-8").replace("# Ảnh chính", "# Ảnh đầu")
    (root / HIGHLIGHTS).write_text(changed, "utf-8")
    caption = tab.page.locator("li.item input[name=caption]").first
    caption.fill("Chú thích tôi vừa gõ")
    tab.page.get_by_role("button", name="Lưu", exact=True).first.click()
    tab.page.wait_for_load_state("networkidle")
    assert "đã được sửa ở nơi khác" in tab.page.locator("#thong-bao").inner_text()
    assert (
        tab.page.locator("li.item input[name=caption]").first.input_value()
        == "Chú thích tôi vừa gõ"
    )
    assert (root / HIGHLIGHTS).read_text("utf-8") == changed


def test_invalid_value_is_shown_at_the_field_and_nothing_written(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    before = tree_digest(root)
    tab.expected.append("status of 422 (Unprocessable Entity)")
    tab.open(UNIT)
    date = tab.page.locator("li.item input[name=date]").first
    assert date.input_value() == "12/03/2021"
    date.fill("01/01/2019")
    tab.page.get_by_role("button", name="Lưu", exact=True).first.click()
    tab.page.wait_for_load_state("networkidle")
    message = tab.page.locator("#loi-0-date")
    assert "ngày 01/01/2019 nằm ngoài kỳ báo cáo 01/12/2020 – 31/05/2021" in message.inner_text()
    field = tab.page.locator("li.item input[name=date]").first
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "loi-0-date"
    assert tree_digest(root) == before
    tab.shot("loi-o-truong", tmp_path)


def test_results_rate_and_status_update_live_then_save(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    tab.open(UNIT + "/ket-qua")
    row = tab.page.locator('tr[data-indicator="giai-quyet-tin-bao"]')
    assert row.locator(".live strong").inner_text() == "95%"
    row.locator("input[name$=numerator]").fill("144")
    tab.page.wait_for_function(
        "() => document.querySelector('tr[data-indicator=giai-quyet-tin-bao] .live strong').textContent === '90%'"
    )
    assert row.locator(".live span").inner_text() == "Không đạt"
    tab.shot("ket-qua", tmp_path)
    tab.page.get_by_role("button", name="Lưu kết quả").click()
    tab.page.wait_for_selector("text=Đã lưu kết quả.")
    assert "numerator: 144" in (root / "content/periods/2021-h1/results/tuy-hoa.yml").read_text(
        "utf-8"
    )
    tab.page.get_by_role("button", name="Hoàn tác").click()
    tab.page.wait_for_selector("text=Đã hoàn tác")
    assert "numerator: 152" in (root / "content/periods/2021-h1/results/tuy-hoa.yml").read_text(
        "utf-8"
    )


CLIP_ITEM = """\
  - file: 2021-h1/tuy-hoa/phien-toa.mp4
    caption: Phiên tòa rút kinh nghiệm
    category: nghiep-vu
    narration: Phiên tòa rút kinh nghiệm.
"""


def test_clip_points_taken_from_the_playing_clip_are_saved(tab: Tab) -> None:
    root = tab.server.root
    make_clip(root / "media/2021-h1/tuy-hoa/phien-toa.mp4", 4)
    highlights = root / HIGHLIGHTS
    highlights.write_text(highlights.read_text("utf-8") + CLIP_ITEM, "utf-8")
    tab.expected.append("status of 422 (Unprocessable Entity)")
    tab.open(UNIT)
    item = tab.page.locator("#muc-1")
    video = item.locator("video")
    video.evaluate(
        "v => new Promise(r => v.readyState >= 1 ? r() : v.addEventListener('loadedmetadata', r))"
    )
    assert round(video.evaluate("v => v.duration")) == 4
    video.evaluate(
        "v => new Promise(r => { v.addEventListener('seeked', r, {once: true}); v.currentTime = 1.5; })"
    )
    item.locator("[data-mark=clip_start]").click()
    assert item.locator("input[name=clip_start]").input_value() == "1.5"
    item.locator("input[name=clip_end]").fill("9")
    item.get_by_role("button", name="Lưu", exact=True).click()
    tab.page.wait_for_load_state("networkidle")
    assert (
        "điểm kết thúc 9 giây vượt quá độ dài video (4 giây)"
        in tab.page.locator("#loi-1-clip_end").inner_text()
    )
    assert "clip:" not in highlights.read_text("utf-8")
    tab.page.locator("#muc-1 input[name=clip_end]").fill("3,5")
    tab.page.locator("#muc-1").get_by_role("button", name="Lưu", exact=True).click()
    tab.page.wait_for_selector("text=Đã lưu «Phiên tòa rút kinh nghiệm».")
    entry = yaml.safe_load(highlights.read_text("utf-8"))["media"][1]
    assert entry["clip"] == {"start": 1.5, "end": 3.5}  # the decimal comma read as staff mean it


def test_hear_a_line_then_record_it_as_the_voiceover(tab: Tab) -> None:
    root = tab.server.root
    tab.open(UNIT)
    item = tab.page.locator("#muc-0")
    item.locator("textarea[name=narration]").fill(
        "Ngày 12/3/2021, VKSND thành phố Tuy Hòa kiểm sát nhà tạm giữ."
    )
    item.get_by_role("button", name="Nghe thử lời dẫn").click()
    player = item.locator("audio[data-player]")
    player.evaluate(
        "a => new Promise(r => a.readyState >= 1 ? r() : a.addEventListener('loadedmetadata', r))"
    )
    assert player.evaluate("a => a.duration") > 1.5  # the offline voice read the whole line
    before = (root / HIGHLIGHTS).read_text("utf-8")
    record = item.get_by_role("button", name="Thu âm lời dẫn")
    record.click()
    tab.page.wait_for_selector("text=Đang thu…")
    tab.page.wait_for_timeout(1500)
    item.get_by_role("button", name="Dừng thu và lưu").click()
    tab.page.wait_for_selector(
        "text=Đã lưu lời dẫn thu âm: media/2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a. "
        "Lời dẫn vừa nhập được lưu cùng bản thu."
    )
    tab.page.wait_for_load_state("networkidle")
    voice = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a"
    probe = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(voice)], capture_output=True, text=True
    )
    assert "Audio: aac" in probe.stderr
    after = (root / HIGHLIGHTS).read_text("utf-8")
    assert (
        yaml.safe_load(after)["media"][0]["voiceover"]
        == "2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a"
    )
    # the line typed is saved with its take (the take carries those words), nothing else
    typed = "Ngày 12/3/2021, VKSND thành phố Tuy Hòa kiểm sát nhà tạm giữ."
    assert read_words(voice) == typed
    assert yaml.safe_load(after)["media"][0]["narration"] == typed
    assert (
        after.replace("    voiceover: 2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a\n", "").replace(
            typed, yaml.safe_load(before)["media"][0]["narration"]
        )
        == before
    )
    assert player.get_attribute("src") == "/tep/2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a"
    # what was typed stays, and a save right after goes through (the page took the new digest)
    item.get_by_role("button", name="Lưu", exact=True).click()
    tab.page.wait_for_selector("text=Đã lưu «Kiểm sát việc tạm giữ, tạm giam».")
    entry = yaml.safe_load((root / HIGHLIGHTS).read_text("utf-8"))["media"][0]
    assert entry["narration"].startswith("Ngày 12/3/2021")
    assert entry["voiceover"] == "2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a"
    assert tab.page.locator("#muc-0 .voiceover audio").is_visible()


def test_pages_have_no_serious_accessibility_violations(tab: Tab) -> None:
    script = axe_script()
    if script is None:
        pytest.skip("axe-core (npm) is not installed: node_modules/axe-core or BAOCAO_AXE")
    found = {}
    for path in (
        "/",
        "/ky/2021-h1",
        UNIT,
        UNIT + "/ket-qua",
        "/ky/2021-h1/kich-ban",
        "/ky/2021-h1/bao-cao",
        "/cai-dat-bao-cao",
        "/huong-dan",
        "/huong-dan/studio",
    ):
        tab.open(path)
        serious = tab.serious_violations(script)
        if serious:
            found[path] = serious
    assert found == {}


def test_choose_files_uploads_them_and_refuses_other_types(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    tab.expected.append("status of 422 (Unprocessable Entity)")
    tab.open(UNIT)
    photo = tmp_path / "Ảnh gửi qua Zalo.png"
    Image.new("RGB", (1400, 900), (250, 200, 20)).save(photo)
    note = tmp_path / "ghi-chu.txt"
    note.write_text("không phải ảnh", "utf-8")
    tab.page.set_input_files("#tep", [str(note)])
    tab.page.wait_for_selector("text=Không tải lên (không tệp nào được ghi):")
    assert "«ghi-chu.txt»: chỉ nhận ảnh" in tab.page.locator("#ket-qua-tai-len").inner_text()
    tab.page.set_input_files("#tep", [str(photo)])
    tab.page.wait_for_selector("text=Đã chép 1 tệp")
    tab.page.wait_for_selector("#muc-1")
    assert (root / "media/2021-h1/tuy-hoa/anh-gui-qua-zalo.png").is_file()
    assert not (root / "media/2021-h1/tuy-hoa/ghi-chu.txt").exists()


def test_preview_one_scene_with_its_progress_then_play_it(tab: Tab, tmp_path: Path) -> None:
    tab.open("/ky/2021-h1/kich-ban")
    scene = tab.page.locator("li.scene", has_text="Kiểm sát việc tạm giữ, tạm giam")
    scene.get_by_role("button", name="Xem trước cảnh").click()
    assert scene.locator("[data-preview-start]").is_disabled()  # one click, one draft
    player = scene.locator("video[data-preview-video]")
    player.wait_for(state="visible", timeout=120_000)
    assert scene.locator("[data-preview-state]").inner_text() == "Đã dựng xong bản xem trước."
    seconds = player.evaluate(
        "v => new Promise(r => v.readyState >= 1 ? r(v.duration)"
        " : v.addEventListener('loadedmetadata', () => r(v.duration)))"
    )
    assert 3 < seconds < 15  # the scene, not the whole video
    player.evaluate("v => { v.currentTime = 1; return new Promise(r => v.onseeked = r); }")
    player.scroll_into_view_if_needed()
    tab.page.wait_for_function("v => v.readyState >= 2", arg=player.element_handle())
    tab.shot("xem-truoc-canh", tmp_path)


def test_drag_an_item_onto_another_to_reorder(tab: Tab) -> None:
    root = tab.server.root
    folder = root / "media/2021-h1/tuy-hoa"
    for name, colour in (("hop-giao-ban", (40, 90, 160)), ("tap-huan", (30, 140, 60))):
        Image.new("RGB", (800, 500), colour).save(folder / f"{name}.jpg", quality=70)
    highlights = root / HIGHLIGHTS
    highlights.write_text(
        highlights.read_text("utf-8")
        + "  - file: 2021-h1/tuy-hoa/hop-giao-ban.jpg  # họp giao ban tháng 4\n"
        + "    caption: Họp giao ban\n"
        + "  # tập huấn cuối kỳ\n"
        + "  - file: 2021-h1/tuy-hoa/tap-huan.jpg\n"
        + "    caption: Tập huấn nghiệp vụ\n",
        "utf-8",
    )
    before = highlights.read_text("utf-8")
    tab.open(UNIT)
    tab.page.set_viewport_size({"width": 1100, "height": 2400})  # both items in view
    tab.page.drag_and_drop("#muc-2 [data-drag]", "#muc-0")
    tab.page.wait_for_selector("text=Đã đổi thứ tự.")
    after = highlights.read_text("utf-8")
    files = [item["file"] for item in yaml.safe_load(after)["media"]]
    assert files == [
        "2021-h1/tuy-hoa/tap-huan.jpg",
        "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg",
        "2021-h1/tuy-hoa/hop-giao-ban.jpg",
    ]
    assert sorted(after.splitlines()) == sorted(before.splitlines())  # every line, comments too
    assert after.index("  # tập huấn cuối kỳ\n") < after.index("- file: 2021-h1/tuy-hoa/tap-huan")
    assert tab.page.locator("#muc-0 .file").inner_text() == "2021-h1/tuy-hoa/tap-huan.jpg"


def test_leaving_with_typed_text_unsaved_asks_first(tab: Tab) -> None:
    tab.open(UNIT)
    caption = tab.page.locator("#muc-0 input[name=caption]")
    caption.click()
    caption.fill("Chú thích đang gõ dở")
    tab.open(UNIT + "/ket-qua")
    assert tab.dialogs == ["beforeunload"]
    tab.open(UNIT)  # nothing typed on the results page: no question
    assert tab.dialogs == ["beforeunload"]
    tab.page.locator("#muc-0 input[name=caption]").fill("Chú thích đã lưu")
    tab.page.locator("#muc-0").get_by_role("button", name="Lưu", exact=True).click()
    tab.page.wait_for_selector("text=Đã lưu «Chú thích đã lưu».")
    tab.open("/")
    assert tab.dialogs == ["beforeunload"]  # saved, then left: nothing to ask


def test_rewrite_a_card_line_hear_it_as_typed_and_save(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    tab.open("/ky/2021-h1/kich-ban")
    scene = tab.page.locator("#canh-ket-thuc")
    assert "Lời video tự soạn theo số liệu: Xin trân trọng cảm ơn." in scene.inner_text()
    box = scene.get_by_label("Lời dẫn riêng (để trống: dùng lời tự soạn)")
    assert box.input_value() == ""  # the video's own words are shown, not handed over to edit
    box.fill("Xin cảm ơn các đồng chí đã theo dõi.")
    scene.get_by_role("button", name="Nghe thử").click()
    player = scene.locator("audio[data-player]")
    assert "Xin%20c%E1%BA%A3m%20%C6%A1n" in player.get_attribute("src")  # the typed words
    tab.shot("kich-ban", tmp_path)
    scene.get_by_role("button", name="Lưu lời dẫn").click()
    tab.page.wait_for_selector("text=Đã lưu lời dẫn.")
    assert tab.page.url.endswith("/ky/2021-h1/kich-ban?doi-tuong=internal#canh-ket-thuc")
    video = yaml.safe_load((root / "content/periods/2021-h1/video.yml").read_text("utf-8"))
    assert video["outro"] == "Xin cảm ơn các đồng chí đã theo dõi."
    assert tab.page.locator("#canh-ket-thuc textarea").input_value() == video["outro"]
    assert tab.dialogs == []  # a saved line is no unsaved text


def test_report_settings_refused_at_the_field_then_saved(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    site = (root / "content/site.yml").read_text("utf-8")
    tab.expected.append("status of 422 (Unprocessable Entity)")
    tab.open("/ky/2021-h1")
    tab.page.get_by_role("navigation", name="Studio").get_by_role(
        "link", name="Cài đặt báo cáo"
    ).click()
    tab.page.wait_for_load_state("networkidle")
    page = tab.page
    assert (
        page.get_by_label("Tên cơ quan", exact=True).input_value()
        == site.split(": ")[1].split("\n")[0]
    )
    page.get_by_label("Cơ quan chủ quản", exact=True).fill("Viện kiểm sát nhân dân tối cao")
    page.get_by_label("Địa danh", exact=True).fill("Phú Yên")
    page.get_by_label("Ký hiệu văn bản", exact=True).fill("bc-vks")
    page.get_by_label("Chức vụ", exact=True).fill("Phó Viện trưởng")
    page.get_by_label("Họ và tên", exact=True).fill("Nguyễn Văn An")
    page.get_by_label("Ký thay cho (không bắt buộc)").fill("Viện trưởng")
    page.get_by_label("Nơi nhận, mỗi dòng một nơi").fill(
        "VKSND tối cao (để báo cáo)\nThường trực Tỉnh ủy, HĐND, UBND tỉnh (để báo cáo)"
    )
    page.get_by_role("button", name="Lưu cài đặt").click()
    page.wait_for_load_state("networkidle")
    symbol = page.get_by_label("Ký hiệu văn bản", exact=True)
    assert symbol.get_attribute("aria-invalid") == "true" and symbol.input_value() == "bc-vks"
    assert "trường «symbol»" in page.locator('[id="report.symbol.loi"]').inner_text()
    assert page.get_by_label("Họ và tên", exact=True).input_value() == "Nguyễn Văn An"
    assert (root / "content/site.yml").read_text("utf-8") == site
    script = axe_script()
    if script is not None:  # the page with its messages at the fields
        assert tab.serious_violations(script) == []
    symbol.fill("BC-VKS")
    page.get_by_role("button", name="Lưu cài đặt").click()
    page.wait_for_selector("text=Đã lưu cài đặt báo cáo.")
    report = yaml.safe_load((root / "content/site.yml").read_text("utf-8"))["report"]
    assert report["symbol"] == "BC-VKS" and report["signer"]["on_behalf_of"] == "Viện trưởng"
    assert report["recipients"][1] == "Thường trực Tỉnh ủy, HĐND, UBND tỉnh (để báo cáo)"
    assert tab.dialogs == []  # saved: leaving asks nothing
    tab.shot("cai-dat-bao-cao", tmp_path)


def test_create_a_period_from_the_home_page(tab: Tab, tmp_path: Path) -> None:
    """«Kỳ báo cáo mới»: the calendar proposes the id, title and days as the kind, year and
    number are chosen; the new period opens at once, as new-period made it."""
    root = tab.server.root
    tab.open("/")
    page = tab.page
    page.get_by_label("Loại kỳ", exact=True).select_option("quarter")
    page.get_by_label("Năm", exact=True).fill("2022")
    page.get_by_label("Năm", exact=True).dispatch_event("change")
    page.get_by_label("Kỳ thứ").fill("1")
    page.get_by_label("Kỳ thứ").dispatch_event("change")
    page.wait_for_function("() => document.getElementById('ma').value === '2022-q1'")
    assert page.get_by_label("Tiêu đề").input_value() == "Báo cáo công tác quý 1 năm 2022"
    assert page.get_by_label("Ngày đầu kỳ").input_value() == "01/12/2021"
    page.get_by_label("Loại kỳ", exact=True).select_option("half-year")
    page.get_by_label("Năm", exact=True).fill("2021")
    page.get_by_label("Kỳ thứ").fill("2")
    page.get_by_label("Kỳ thứ").dispatch_event("change")
    page.wait_for_function("() => document.getElementById('ma').value === '2021-h2'")
    assert page.get_by_label("Ngày đầu kỳ").input_value() == "01/06/2021"
    assert page.get_by_label("Ngày cuối kỳ").input_value() == "30/11/2021"
    assert page.get_by_label("Tiêu đề").input_value() == "Sơ kết công tác 6 tháng cuối năm 2021"
    script = axe_script()
    if script is not None:  # the form open, its proposals filled in
        assert tab.serious_violations(script) == []
    page.locator("#ky-moi").evaluate("e => e.scrollIntoView()")
    tab.shot("ky-moi", tmp_path)
    page.get_by_role("button", name="Tạo kỳ báo cáo").click()
    page.wait_for_url("**/ky/2021-h2")
    page.wait_for_selector("text=Đã tạo kỳ báo cáo «Sơ kết công tác 6 tháng cuối năm 2021»")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Sơ kết công tác 6 tháng cuối năm 2021"
    )
    assert (root / "content/periods/2021-h2/period.yml").is_file()
    assert tab.dialogs == []  # made: leaving asks nothing


def test_an_existing_period_is_refused_in_the_browser_with_what_was_typed(tab: Tab) -> None:
    tab.expected.append("status of 409 (Conflict)")
    tab.open("/")
    page = tab.page
    page.get_by_label("Mã kỳ").fill("2021-h1")
    page.get_by_label("Tiêu đề").fill("Tiêu đề tôi vừa gõ")
    page.get_by_role("button", name="Tạo kỳ báo cáo").click()
    page.wait_for_load_state("networkidle")
    field = page.get_by_label("Mã kỳ")
    assert field.input_value() == "2021-h1" and field.get_attribute("aria-invalid") == "true"
    assert "Đã có kỳ báo cáo «2021-h1»" in page.locator("#loi-ma").inner_text()
    assert page.get_by_label("Tiêu đề").input_value() == "Tiêu đề tôi vừa gõ"


def test_the_guide_is_one_click_away_on_every_page(tab: Tab, tmp_path: Path) -> None:
    tab.open("/ky/2021-h1/kich-ban")
    page = tab.page
    page.get_by_role("navigation", name="Studio").get_by_role("link", name="Hướng dẫn").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/huong-dan")
    assert page.get_by_role("heading", level=1).inner_text() == "Hướng dẫn sử dụng"
    pages = page.get_by_role("navigation", name="Các trang hướng dẫn")
    pages.get_by_role("link", name="Studio: làm kỳ báo cáo trên trình duyệt").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/huong-dan/studio")
    images = page.locator(".guide-text img")
    assert images.count() >= 5
    assert images.first.evaluate("i => i.complete && i.naturalWidth > 0")
    page.get_by_role("link", name="Nhập kết quả chỉ tiêu từ bảng tính").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/huong-dan/nhap-ket-qua")
    tab.open("/huong-dan/studio")
    tab.shot("huong-dan", tmp_path)


def test_figures_are_typed_as_in_a_spreadsheet_and_refused_at_the_field(
    tab: Tab, tmp_path: Path
) -> None:
    root = tab.server.root
    results = root / "content/periods/2021-h1/results/tuy-hoa.yml"
    before = results.read_text("utf-8")
    tab.expected.append("status of 422 (Unprocessable Entity)")
    tab.open(UNIT + "/ket-qua")
    page = tab.page
    row = page.locator('tr[data-indicator="giai-quyet-tin-bao"]')
    row.locator("input[name$=numerator]").fill("1.234")
    row.locator("input[name$=denominator]").fill("1 300")
    page.wait_for_function(
        "() => document.querySelector('tr[data-indicator=giai-quyet-tin-bao] .live strong')"
        ".textContent === '94,92%'"
    )
    count = page.locator('tr[data-indicator="tam-giam-qua-han"]')
    count.locator("input[name$=value]").fill("1,5")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_load_state("networkidle")
    value = count.locator("input[name$=value]")
    assert value.input_value() == "1,5" and value.get_attribute("aria-invalid") == "true"
    assert "giá trị: «1,5» không phải số nguyên" in count.inner_text()
    assert "chỉ tiêu = 0 người" in count.inner_text()
    assert row.locator("input[name$=numerator]").input_value() == "1.234"
    assert row.locator("input[name$=note]").input_value() == "Còn 8 tin báo đang xác minh."
    assert results.read_text("utf-8") == before
    script = axe_script()
    if script is not None:  # the grid with its messages at the fields
        assert tab.serious_violations(script) == []
    tab.shot("loi-bang-ket-qua", tmp_path)
    value.fill("2")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_selector("text=Đã lưu kết quả.")
    written = yaml.safe_load(results.read_text("utf-8"))["results"][0]
    assert (written["numerator"], written["denominator"]) == (1234, 1300)
