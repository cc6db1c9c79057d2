"""The studio's acceptance, walked as a new user would, in Chromium against the real command.

A project the studio has not seen: a new period scaffolded by the real ``baocao new-period``, a
colleague's comments written into its files, and an inbox folder outside the project (photos
with and without EXIF dates, a duplicate, Vietnamese names with spaces, one short clip per unit).
For two units the walk uploads the inbox (the file chooser for one, the drop zone for the other),
fills every item's fields, sets a clip's in and out points, records a voiceover on a clip with
Chromium's fake microphone, and enters the results grid — never opening a text editor. Then the
period page shows nothing owed, the real ``baocao check`` passes with nothing to say about the
period, the comments are still there line for line, a browse of every page writes nothing, no
request leaves 127.0.0.1, no console error is logged, and axe-core finds no serious violation on
any page visited.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from PIL import Image
from projectfactory import write_project
from studio.client import BAOCAO, new_period, voiced
from studio.tabs import (
    BROWSER_TEST,
    Tab,
    assert_browse_is_clean,
    make_clip,
    studio_in_chromium,
)

from generator.tools import ffmpeg_exe

pytestmark = BROWSER_TEST
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

PERIOD = "2021-h2"
FOLDER = f"content/periods/{PERIOD}"
# What a colleague wrote into the scaffold before the studio ever opened it.
COLLEAGUE = {
    f"{FOLDER}/highlights/tuy-hoa.yml": (
        "unit: tuy-hoa\n",
        "unit: tuy-hoa   # ảnh do đồng chí Lan (văn phòng) gửi\n"
        "# Ghi chú: ảnh hội nghị lấy bản gốc từ máy ảnh, không lấy bản qua Zalo.\n",
    ),
    f"{FOLDER}/results/song-cau.yml": (
        "unit: song-cau\n",
        "unit: song-cau\n# Số liệu theo báo cáo thống kê chốt ngày 30/11/2021 (anh Minh).\n",
    ),
}


@dataclass(frozen=True)
class Media:
    """One file of the inbox, and what the user fills in for it."""

    name: str  # as it arrives (Zalo, e-mail, a camera card)
    filed: str  # under media/, by ingest's clean-name rule
    caption: str
    narration: str
    category: str
    date: str  # dd/mm/yyyy, as typed or as read from the file
    visibility: str
    taken: str | None = None  # EXIF DateTimeOriginal / the clip's creation_time
    clip: tuple[str, str] | None = None  # in and out points, as typed

    @property
    def read_date(self) -> bool:
        return self.taken is not None


TUY_HOA = [
    Media(
        "Hội nghị triển khai công tác.jpg",
        f"{PERIOD}/tuy-hoa/hoi-nghi-trien-khai-cong-tac.jpg",
        "Hội nghị triển khai công tác 6 tháng cuối năm",
        "Đầu tháng Sáu, VKSND thành phố Tuy Hòa triển khai nhiệm vụ 6 tháng cuối năm.",
        "quan-ly",
        "15/06/2021",
        "public",
        taken="2021:06:15 08:30:00",
    ),
    Media(
        "Kiểm sát trại tạm giam 02.JPG",
        f"{PERIOD}/tuy-hoa/kiem-sat-trai-tam-giam-02.jpg",
        "Kiểm sát trực tiếp nhà tạm giữ Công an thành phố",
        "Tháng Chín, đơn vị kiểm sát trực tiếp việc tạm giữ, tạm giam.",
        "nghiep-vu",
        "03/09/2021",
        "internal",
        taken="2021:09:03 14:05:00",
    ),
    Media(
        "ảnh qua Zalo.jpg",
        f"{PERIOD}/tuy-hoa/anh-qua-zalo.jpg",
        "Đoàn viên thanh niên tham gia tình nguyện",
        "Đoàn thanh niên của đơn vị tham gia ngày hội tình nguyện.",
        "to-chuc-can-bo",
        "26/07/2021",
        "public",
    ),
    Media(
        "Phiên tòa rút kinh nghiệm.mp4",
        f"{PERIOD}/tuy-hoa/phien-toa-rut-kinh-nghiem.mp4",
        "Phiên tòa rút kinh nghiệm vụ án trộm cắp tài sản",
        "Phiên tòa rút kinh nghiệm được tổ chức trực tuyến tới các đơn vị.",
        "nghiep-vu",
        "20/08/2021",
        "public",
        taken="2021-08-20T03:00:00Z",
        clip=("0.5", "1,8"),
    ),
]
# The first photo again under another name (re-sent over Zalo): ingest skips it.
TUY_HOA_DUPLICATE = "Zalo - hội nghị (gửi lại).jpg"
SONG_CAU = [
    Media(
        # decomposed (NFD), as a Mac writes names
        unicodedata.normalize("NFD", "Tập huấn nghiệp vụ.jpeg"),
        f"{PERIOD}/song-cau/tap-huan-nghiep-vu.jpeg",
        "Tập huấn nghiệp vụ kiểm sát điều tra",
        "Cán bộ VKSND thị xã Sông Cầu tham gia tập huấn nghiệp vụ.",
        "nghiep-vu",
        "08/07/2021",
        "public",
        taken="2021:07:08 09:00:00",
    ),
    Media(
        "Trao đổi với báo chí.png",
        f"{PERIOD}/song-cau/trao-doi-voi-bao-chi.png",
        "Trao đổi với phóng viên về phiên tòa lưu động",
        "Lãnh đạo đơn vị trao đổi với báo chí sau phiên tòa lưu động.",
        "quan-ly",
        "12/10/2021",
        "public",
    ),
    Media(
        "Kiểm sát thi hành án.mp4",
        f"{PERIOD}/song-cau/kiem-sat-thi-hanh-an.mp4",
        "Kiểm sát thi hành án dân sự tại thị xã",
        "Đơn vị kiểm sát việc thi hành án dân sự.",
        "nghiep-vu",
        "05/11/2021",
        "internal",
        clip=("0.2", "1.5"),
    ),
]
# (indicator, fields as typed, what the live cell shows, its label)
RESULTS = {
    "tuy-hoa": [
        ("giai-quyet-tin-bao", {"numerator": "150", "denominator": "160"}, "93,75%", "Đạt"),
        ("tam-giam-qua-han", {"value": "0", "note": "Không có trường hợp nào."}, "0 người", "Đạt"),
        ("tra-ho-so", {"numerator": "2", "denominator": "100"}, "2%", "Đạt"),
    ],
    "song-cau": [
        ("giai-quyet-tin-bao", {"numerator": "140", "denominator": "150"}, "93,33%", "Đạt"),
        ("tam-giam-qua-han", {"value": "1", "note": "Quá hạn 1 ngày."}, "1 người", "Không đạt"),
        ("tra-ho-so", {"numerator": "1", "denominator": "80"}, "1,25%", "Đạt"),
    ],
}


def _photo(path: Path, colour: tuple[int, int, int], taken: str | None) -> None:
    image = Image.new("RGB", (1280, 720), colour)
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal, in the Exif IFD
    out = io.BytesIO()
    fmt = "PNG" if path.suffix.lower() == ".png" else "JPEG"
    image.save(out, fmt, **({"quality": 60, "exif": exif} if fmt == "JPEG" else {}))
    path.write_bytes(out.getvalue())


def _inbox(folder: Path, media: list[Media]) -> list[Path]:
    folder.mkdir(parents=True)
    files = []
    for n, item in enumerate(media):
        path = folder / item.name
        if item.clip:
            make_clip(path, 2, size="160x90", created=item.taken)
        else:
            _photo(path, (40 + 50 * n, 120, 200 - 40 * n), item.taken)
        files.append(path)
    return files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project")
    new_period(root, PERIOD, "2021-06-01", "2021-11-30")
    for rel, (line, written) in COLLEAGUE.items():
        path = root / rel
        text = path.read_text("utf-8")
        assert text.count(line) == 1
        path.write_text(text.replace(line, written), "utf-8")
    return root


@pytest.fixture
def voice(tmp_path: Path) -> Path:
    """What Chromium's fake microphone hears: three seconds of a voiced sound in room noise
    (the take's cleaning keeps a voice and trims the quiet around it)."""
    wav = tmp_path / "micro.wav"
    wav.write_bytes(voiced(3.0))
    return wav


@pytest.fixture
def tab(project: Path, voice: Path) -> Iterator[Tab]:
    with studio_in_chromium(sync_api, project, voice) as tab:
        yield tab


def _comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#") or " # " in line]


def _in_order(wanted: list[str], lines: list[str]) -> bool:
    """Every line of ``wanted`` is a whole line of ``lines``, in the same order."""
    rest = iter(lines)
    return all(any(line == seen for seen in rest) for line in wanted)


def _upload_by_chooser(tab: Tab, files: list[Path]) -> None:
    tab.page.set_input_files("#tep", [str(f) for f in files])


def _upload_by_drop(tab: Tab, files: list[Path]) -> None:
    payload = [
        {
            "name": f.name,
            "bytes": list(f.read_bytes()),
            "type": "video/mp4" if f.suffix == ".mp4" else "image/*",
        }
        for f in files
    ]
    tab.page.evaluate(
        """(files) => {
            const transfer = new DataTransfer();
            for (const f of files) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, {type: f.type}));
            const zone = document.getElementById("tai-len");
            zone.dispatchEvent(new DragEvent("dragenter", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        payload,
    )


def _fill_item(tab: Tab, unit: str, media: Media) -> None:
    item = tab.page.locator("li.item", has=tab.page.locator(".file", has_text=media.filed))
    assert item.count() == 1, media.filed
    date = item.locator("input[name=date]")
    if media.read_date:
        assert date.input_value() == media.date  # from the photo's EXIF or the clip's own time
    else:
        assert date.input_value() == ""
        date.fill(media.date)
    assert item.locator("input[name=caption]").input_value().startswith("CẦN BỔ SUNG")
    item.locator("input[name=caption]").fill(media.caption)
    item.locator("textarea[name=narration]").fill(media.narration)
    item.locator("select[name=category]").select_option(media.category)
    item.locator("select[name=visibility]").select_option(media.visibility)
    if media.clip:
        start, end = media.clip
        video = item.locator("video")
        video.evaluate(
            "v => new Promise(r => v.readyState >= 1 ? r() : v.addEventListener('loadedmetadata', r))"
        )
        video.evaluate(
            f"v => new Promise(r => {{ v.addEventListener('seeked', r, {{once: true}}); v.currentTime = {start}; }})"
        )
        item.locator("[data-mark=clip_start]").click()  # the point taken from the playing clip
        assert item.locator("input[name=clip_start]").input_value() == start
        item.locator("input[name=clip_end]").fill(end)
    item.get_by_role("button", name="Lưu", exact=True).click()
    tab.page.wait_for_selector(f"text=Đã lưu «{media.caption}».")
    tab.page.wait_for_load_state("networkidle")
    saved = tab.page.locator("li.item", has=tab.page.locator(".file", has_text=media.filed))
    assert saved.locator("input[name=caption]").input_value() == media.caption
    shown = {"public": "công khai", "internal": "nội bộ", "restricted": "hạn chế"}
    assert saved.locator(".badge").inner_text() == shown[media.visibility]


def _record_voiceover(tab: Tab, media: Media) -> str:
    item = tab.page.locator("li.item", has=tab.page.locator(".file", has_text=media.filed))
    item.get_by_role("button", name="Thu âm lời dẫn").click()
    tab.page.wait_for_selector("text=Đang thu…")
    tab.page.wait_for_timeout(1500)
    item.get_by_role("button", name="Dừng thu và lưu").click()
    voiceover = media.filed.removesuffix(".mp4") + "-loi-dan.m4a"
    tab.page.wait_for_selector(f"text=Đã lưu lời dẫn thu âm: media/{voiceover}.")
    tab.page.wait_for_load_state("networkidle")
    return voiceover


def _walk_unit(tab: Tab, unit: str, media: list[Media], files: list[Path], drop: bool) -> None:
    tab.open(f"/ky/{PERIOD}/don-vi/{unit}")
    assert tab.page.get_by_text("Chưa có ảnh, video nào cho đơn vị này trong kỳ.").is_visible()
    (_upload_by_drop if drop else _upload_by_chooser)(tab, files)
    copied = len(media)
    tab.page.wait_for_selector(f"text=Đã chép {copied} tệp")
    tab.page.wait_for_selector(f"#muc-{copied - 1}")  # the page reloaded with the new items
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator("li.item").count() == copied
    said = tab.page.locator(".flash.ok").inner_text()  # still said once the page reloaded
    assert f"Đã chép {copied} tệp" in said
    if len(files) > copied:  # one line each: the duplicate on its own line
        assert f"Bỏ qua 1 tệp trùng nội dung:\n{TUY_HOA_DUPLICATE} (giống " in said
    for item in media:
        _fill_item(tab, unit, item)


def _enter_results(tab: Tab, unit: str, rows: list | None = None) -> None:
    """The unit's results typed into the grid (``rows``: as in ``RESULTS``, by default the
    unit's there), each row's live cell checked, the whole file made public, saved."""
    rows = RESULTS[unit] if rows is None else rows
    tab.open(f"/ky/{PERIOD}/don-vi/{unit}/ket-qua")
    for indicator, fields, shown, label in rows:
        row = tab.page.locator(f'tr[data-indicator="{indicator}"]')
        for name, value in fields.items():
            row.locator(f'input[name="{indicator}.{name}"]').fill(value)
        tab.page.wait_for_function(
            "([id, text]) => document.querySelector(`tr[data-indicator=${id}] .live strong`)"
            ".textContent === text",
            arg=[indicator, shown],
        )
        assert row.locator(".live span").inner_text() == label
    # fit for the public version (the tradition room): else `check` says it lacks the results
    tab.page.get_by_label("Mức công khai của cả tệp").select_option("public")
    tab.page.get_by_role("button", name="Lưu kết quả").click()
    tab.page.wait_for_selector("text=Đã lưu kết quả.")
    badges = tab.page.locator("tr[data-indicator] .badge").all_inner_texts()
    assert badges == ["công khai"] * len(rows)


REPORT_LINE = "Sáu tháng cuối năm 2021, tình hình an ninh, trật tự trên địa bàn cơ bản ổn định."
"""What the report page's «CẦN BỔ SUNG» lines are replaced with."""


def _write_report(tab: Tab, tmp_path: Path) -> None:
    """The leadership's report: the scaffold's «CẦN BỔ SUNG» lines replaced in the page."""
    tab.open(f"/ky/{PERIOD}")
    tab.page.get_by_role("link", name="Báo cáo của lãnh đạo →").click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.get_by_text("Còn 4 chỗ «CẦN BỔ SUNG» cần viết.").is_visible()
    box = tab.page.get_by_label("Nội dung (Markdown)")
    written = [
        REPORT_LINE if "CẦN BỔ SUNG" in line else line for line in box.input_value().split("\n")
    ]
    box.fill("\n".join(written))
    tab.shot("bao-cao", tmp_path)
    tab.page.get_by_role("button", name="Lưu báo cáo").click()
    tab.page.wait_for_selector("text=Đã lưu báo cáo.")
    assert "CẦN BỔ SUNG" not in tab.page.get_by_label("Nội dung (Markdown)").input_value()


def _all_pages(root: Path) -> list[str]:
    """Every page the studio serves for the new period (GET), as its links lead to them, and
    the list of periods with each period's page."""
    pages = ["/", *(f"/ky/{p.name}" for p in sorted((root / "content/periods").iterdir()))]
    pages.append(f"/ky/{PERIOD}/bao-cao")
    for audience in ("internal", "public", "restricted"):
        pages.append(f"/ky/{PERIOD}/kich-ban?doi-tuong={audience}")
    for unit in ("vks-tinh", "tuy-hoa", "song-cau"):
        pages += [f"/ky/{PERIOD}/don-vi/{unit}", f"/ky/{PERIOD}/don-vi/{unit}/ket-qua"]
    return pages


def test_a_new_user_fills_a_period_for_two_units_from_an_inbox(tab: Tab, tmp_path: Path) -> None:
    root = tab.server.root
    scaffold = {rel: (root / rel).read_text("utf-8") for rel in COLLEAGUE}
    scaffold |= {
        rel: (root / rel).read_text("utf-8")
        for rel in (
            f"{FOLDER}/highlights/song-cau.yml",
            f"{FOLDER}/results/tuy-hoa.yml",
            f"{FOLDER}/period.yml",
            f"{FOLDER}/video.yml",
            f"{FOLDER}/report.md",
        )
    }
    inbox = tmp_path / "hộp thư đến"  # outside the project
    tuy_hoa = _inbox(inbox / "Tuy Hòa", TUY_HOA)
    duplicate = inbox / "Tuy Hòa" / TUY_HOA_DUPLICATE
    duplicate.write_bytes(tuy_hoa[0].read_bytes())
    song_cau = _inbox(inbox / "Sông Cầu", SONG_CAU)

    tab.open("/")
    tab.page.get_by_role("link", name="Sơ kết công tác 6 tháng cuối năm 2021").click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.url.endswith(f"/ky/{PERIOD}")

    _walk_unit(tab, "tuy-hoa", TUY_HOA, [*tuy_hoa[:1], duplicate, *tuy_hoa[1:]], drop=False)
    clip = TUY_HOA[3]
    voiceover = _record_voiceover(tab, clip)
    _walk_unit(tab, "song-cau", SONG_CAU, song_cau, drop=True)
    for unit in RESULTS:
        _enter_results(tab, unit)
    _write_report(tab, tmp_path)

    # Nothing is owed on the period's page, and `baocao check` agrees.
    tab.open(f"/ky/{PERIOD}")
    for unit, name, count in (
        ("tuy-hoa", "VKSND thành phố Tuy Hòa", 4),
        ("song-cau", "VKSND thị xã Sông Cầu", 3),
    ):
        row = tab.page.get_by_role("row", name=name)
        assert row.get_attribute("class") == "xong", unit
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        assert cells[:6] == [str(count), "0", "0", "0", "3/3", "0 lỗi, 0 cảnh báo"], unit
    assert tab.page.locator("main .canh-bao, main .loi").count() == 0  # nothing for the period
    check = subprocess.run(
        [str(BAOCAO), "check"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr
    said = check.stdout + check.stderr
    assert FOLDER not in said and f"media/{PERIOD}" not in said, said

    # What was written is what the user typed, beside what was there.
    highlights = yaml.safe_load((root / f"{FOLDER}/highlights/tuy-hoa.yml").read_text("utf-8"))
    entries = {e["file"]: e for e in highlights["media"]}
    assert set(entries) == {m.filed for m in TUY_HOA}  # the duplicate was not filed twice
    assert not any("zalo-hoi-nghi" in p.name for p in (root / f"media/{PERIOD}/tuy-hoa").iterdir())
    assert entries[clip.filed]["clip"] == {"start": 0.5, "end": 1.8}
    assert entries[clip.filed]["voiceover"] == voiceover
    assert entries[clip.filed]["narration"] == clip.narration
    probe = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(root / "media" / voiceover)],
        capture_output=True,
        text=True,
    )
    assert "Audio: aac" in probe.stderr
    seconds = re.search(r"Duration: 00:00:(\d\d\.\d\d)", probe.stderr)
    assert seconds and float(seconds.group(1)) > 1.0
    song = yaml.safe_load((root / f"{FOLDER}/highlights/song-cau.yml").read_text("utf-8"))
    filed = {e["file"]: e for e in song["media"]}
    assert set(filed) == {m.filed for m in SONG_CAU}
    assert filed[SONG_CAU[2].filed]["clip"] == {"start": 0.2, "end": 1.5}
    assert filed[SONG_CAU[0].filed]["date"].isoformat() == "2021-07-08"  # the NFD name's EXIF
    results = yaml.safe_load((root / f"{FOLDER}/results/song-cau.yml").read_text("utf-8"))
    assert results["results"][1] == {
        "indicator": "tam-giam-qua-han",
        "value": 1,
        "note": "Quá hạn 1 ngày.",
    }

    # The colleague's comments and the scaffold's are all still there, line for line.
    for rel, before in scaffold.items():
        after = (root / rel).read_text("utf-8").splitlines()
        assert _in_order(_comment_lines(before), after), rel
    for rel, (_line, written) in COLLEAGUE.items():
        after = (root / rel).read_text("utf-8").splitlines()
        for line in written.splitlines():
            assert line in after, rel

    # A browse of every page writes nothing; axe-core finds no serious violation on any.
    pages = _all_pages(root)
    assert set(tab.visited) <= set(pages)
    assert_browse_is_clean(tab, pages, root)
