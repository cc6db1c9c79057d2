"""What the red team of issue 19 found, each held against the real server: no framing and no
foreign script (F2), an undo that can be taken back (F2), no HTTP 500 on any route (F3), no
recording written outside media/ (F4), no temporary file left by a killed upload (F5), the port
free again at once after a stop (F6), and upload results named as staff know the files (item 3).
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import os
import re
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
from PIL import Image
from starlette.routing import Mount, Route
from studio.client import BAOCAO, StudioClient, free_port, start_studio, stop_studio
from studio.tabs import CHROMIUM, chromium, studio_tab

from generator.studio.security import SecurityHeaders
from generator.studio.server import create_app, probe_port

UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
PHOTO = "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
# 201 characters, 267 bytes in UTF-8 (the red team's had 277): legal on Windows and macOS, too
# long for Linux's 255.
LONG_NAME = (
    "Hội nghị sơ kết công tác kiểm sát sáu tháng đầu năm hai nghìn không trăm hai mươi mốt của "
    "Viện kiểm sát nhân dân thành phố Tuy Hòa tỉnh Phú Yên tại hội trường đồng chí Viện trưởng "
    "phát biểu chỉ đạo.jpg"
)


@pytest.fixture
def client(server_client: StudioClient) -> StudioClient:
    """Every test here holds the real command (``baocao studio``) over HTTP."""
    return server_client


def _jpeg(colour=(90, 120, 150), taken: str | None = None) -> bytes:
    image = Image.new("RGB", (800, 500), colour)
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, exif=exif)
    return out.getvalue()


def _item_form(page, **changes: str) -> dict[str, str]:
    fields = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": PHOTO,
        "caption": "Kiểm sát việc tạm giữ, tạm giam",
        "narration": "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.",
        "category": "nghiep-vu",
        "date": "12/03/2021",
        "visibility": "public",
    }
    return {**fields, **changes}


# --- F2: no framing, no foreign script, and an undo that can be taken back ------------------


def _forbids_framing(headers: dict[str, str]) -> None:
    policy = headers.get("content-security-policy", "")
    rules = {rule.split()[0]: rule.split()[1:] for rule in policy.split(";") if rule.strip()}
    assert rules.get("frame-ancestors") == ["'none'"], policy
    assert rules.get("script-src") == ["'self'"], policy
    assert rules.get("object-src") == ["'none'"], policy
    assert headers.get("x-frame-options") == "DENY"


def test_every_answer_forbids_framing_and_foreign_scripts(client: StudioClient) -> None:
    token = client.get(UNIT).field("csrf")
    answers = {
        "page": client.get(UNIT),
        "static": client.get("/static/studio.js"),
        "media": client.get("/tep/" + PHOTO),
        "thumbnail": client.get("/anh-nho/" + PHOTO),
        "font": client.get("/phong-chu/BeVietnamPro-Regular.ttf"),
        "404": client.get("/khong-co-trang-nay"),
        "404 static": client.get("/static/khong-co.js"),
        "404 media": client.get("/tep/2021-h1/khong-co.jpg"),
        "403": client.post("/hoan-tac", {"tep": HIGHLIGHTS}),
        "303": client.post("/hoan-tac", {"csrf": token, "tep": "content/site.yml"}),
        "405": client.request("DELETE", "/"),
        "foreign host": client.request("GET", "/", headers={"Host": "evil.example"}),
    }
    for name, answer in answers.items():
        assert answer.status < 500, name
        _forbids_framing(answer.headers)


def test_an_unexpected_error_is_answered_in_vietnamese_with_the_same_headers() -> None:
    async def broken(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("hỏng")

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    with pytest.raises(RuntimeError):  # still raised: the server logs it
        asyncio.run(SecurityHeaders(broken)(scope, receive, send))
    assert sent[0]["status"] == 500
    _forbids_framing({k.decode(): v.decode() for k, v in sent[0]["headers"]})
    assert sent[1]["body"].decode().startswith("Lỗi trong Studio: yêu cầu này chưa được thực hiện.")


def test_no_template_needs_an_inline_script_or_style() -> None:
    folder = Path(__file__).parents[2] / "generator/studio/templates"
    for template in folder.glob("*.html"):
        text = template.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=|javascript:", text), template.name


def test_an_undo_is_itself_undone_by_redo(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(UNIT)
    assert client.post(UNIT + "/muc/0", _item_form(page, caption="Bản đã lưu")).status == 303
    saved = (root / HIGHLIGHTS).read_bytes()
    page = client.get(UNIT)
    undo = {"csrf": page.field("csrf"), "tep": HIGHLIGHTS, "quay-lai": UNIT}
    assert client.post("/hoan-tac", undo).status == 303
    assert "Bản đã lưu" not in (root / HIGHLIGHTS).read_text("utf-8")
    after_undo = client.get(UNIT).text
    flash = after_undo[after_undo.index('<div class="flash ok"') :]
    flash = flash[: flash.index("</div>")]
    assert "Đã hoàn tác" in flash and 'action="/lam-lai"' in flash and "Làm lại" in flash
    assert client.post("/lam-lai", undo).status == 303
    assert (root / HIGHLIGHTS).read_bytes() == saved
    again = client.get(UNIT).text
    assert "Đã làm lại" in again and f'name="tep" value="{HIGHLIGHTS}"' in again  # undo offered
    assert client.post("/hoan-tac", undo).status == 303  # and it still works, both ways
    assert "Bản đã lưu" not in (root / HIGHLIGHTS).read_text("utf-8")
    client.get(UNIT)  # the undo's flash is said once
    later = client.get(UNIT).text  # a later visit: the flash is gone, the offer is not
    assert "Đã hoàn tác" not in later and 'action="/lam-lai"' in later
    assert client.post("/lam-lai", undo).status == 303
    assert (root / HIGHLIGHTS).read_bytes() == saved


# --- F3: no HTTP 500, whatever a route is given -----------------------------------------------

_NUL = "a%00b"
_LONG = urllib.parse.quote("ệ" * 300)
_LONG_ASCII = "a" * 300
_JUST_UNDER = "b" * 250  # under the file system's 255 bytes: reaches the routes themselves
_BAD = (_NUL, _LONG, _LONG_ASCII, _JUST_UNDER)
_GOOD = {"period": "2021-h1", "unit": "tuy-hoa", "index": "0", "path": PHOTO, "weight": "Regular"}


def _paths(route: Route | Mount) -> list[str]:
    """The route's path with each of its parameters in turn given each bad value."""
    if isinstance(route, Mount):
        return [f"{route.path}/{bad}.js" for bad in _BAD]
    out = []
    for name in route.param_convertors:
        values = ["-1", "9" * 30] if name == "index" else list(_BAD)
        if name == "path":
            values += [f"2021-h1/tuy-hoa/{bad}.jpg" for bad in _BAD]
        for bad in values:
            params = {**_GOOD, name: bad}
            out.append(
                route.path_format.format(**{k: params.get(k, "x") for k in route.param_convertors})
            )
    return out


def test_every_route_answers_bad_names_without_a_server_error(
    client: StudioClient, tmp_path: Path
) -> None:
    server = client.server
    token = client.get(UNIT).field("csrf")
    app = create_app(server.root, server.port)
    tried = 0
    for route in app.routes:
        assert isinstance(route, Route | Mount)
        methods = route.methods or {"GET"} if isinstance(route, Route) else {"GET"}
        for path in _paths(route):
            if "POST" in methods:
                answer = client.post(path, {"csrf": token, "digest": "", "file": PHOTO})
            else:
                answer = client.get(path)
            assert answer.status < 500, (path, answer.text[:300])
            assert "Traceback" not in answer.text
            tried += 1
    for tep in ("content/periods/a\x00b.yml", "content/periods/" + "ệ" * 300 + ".yml"):
        for action in ("/hoan-tac", "/lam-lai"):
            answer = client.post(action, {"csrf": token, "tep": tep, "quay-lai": UNIT})
            assert 400 <= answer.status < 500, (action, tep)
            assert "không hợp lệ" in answer.text
            tried += 1
    long_sheet = client.upload("/ky/2021-h1/nhap-ket-qua", [("ả" * 296 + ".csv", b"x;y\n")], token)
    assert 400 <= long_sheet.status < 500 and "Traceback" not in long_sheet.text
    nul_query = client.get(UNIT + "?trang=%00")
    assert nul_query.status < 500
    assert tried > 100
    stop_studio(server)
    assert server.process.stderr is not None
    log = server.process.stderr.read()
    assert "Traceback" not in log and "Exception" not in log, log[-3000:]


def test_an_address_no_file_can_have_is_refused_in_vietnamese(client: StudioClient) -> None:
    too_long = client.get("/tep/2021-h1/tuy-hoa/" + urllib.parse.quote("ả" * 300) + ".jpg")
    assert too_long.status == 404 and "dài quá 255 byte" in too_long.text
    nul = client.get("/ky/2021%00-h1")
    assert nul.status == 400 and "ký tự điều khiển" in nul.text


def test_a_long_vietnamese_file_name_is_shortened_and_the_batch_filed(
    client: StudioClient,
) -> None:
    assert len(LONG_NAME) == 201 and len(LONG_NAME.encode()) == 267
    root = client.server.root
    token = client.get(UNIT).field("csrf")
    answer = client.upload(
        UNIT + "/tai-len", [(LONG_NAME, _jpeg()), ("ngắn.jpg", _jpeg((1, 2, 3)))], token
    )
    assert answer.status == 200, answer.text
    said = json.loads(answer.text)
    assert said["ok"] is True and "Đã chép 2 tệp vào media/2021-h1/:" in said["lines"]
    filed = sorted(p.name for p in (root / "media/2021-h1/tuy-hoa").iterdir())
    assert "ngan.jpg" in filed
    long = [n for n in filed if n.startswith("hoi-nghi-so-ket-cong-tac")]
    assert len(long) == 1 and len(long[0].encode()) <= 200
    assert f"  {LONG_NAME} → 2021-h1/tuy-hoa/{long[0]}" in said["lines"]  # named as sent
    assert f"file: 2021-h1/tuy-hoa/{long[0]}" in (root / HIGHLIGHTS).read_text("utf-8")


# --- F5: what a killed upload left behind is cleaned at start-up -------------------------------


def test_temporary_files_of_a_killed_studio_are_removed_at_start_up(studio_project: Path) -> None:
    root = studio_project
    old = time.time() - 3600
    media = root / "media/2021-h1/tuy-hoa"
    leftovers = [
        media / ".k10.ab3x_9qz.tmp.jpg",  # atomic_path's name for k10.jpg
        media / ".kiem-sat-giam-giu-loi-dan.0kq7m2vw.tmp.m4a",
        root / "content/periods/2021-h1/highlights/.tuy-hoa.w8e1r2t3.tmp.yml",
        root / ".baocao/uploads/tmpphs1q0w2/DSCN0027.JPG",
        root / ".baocao/history/.content__site.yml.h5p0a1b2.tmp.jsonl",
    ]
    kept = [
        media / ".k10.tmp.jpg",  # no random part: not a name baocao makes
        media / ".k10.AB3X9QZ1.tmp.jpg",  # upper case: not tempfile's alphabet
        media / "k10.ab3x_9qz.tmp.jpg",  # not hidden
        media / ".k10.ab3x_9qz.tmp.jpg.bak",  # hidden, but not ours: more after «.tmp.jpg»
        root / ".baocao/uploads/anh-cua-toi/DSCN0027.JPG",
        root / "content/periods/2021-h1/highlights/.tuy-hoa.yml.bak",
    ]
    fresh = media / ".dang-ghi.q1w2e3r4.tmp.jpg"  # another process is writing it right now
    for path in [*leftovers, *kept, fresh]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"partial")
        if path != fresh:
            os.utime(path, (old, old))
    os.utime(root / ".baocao/uploads/tmpphs1q0w2", (old, old))
    server = start_studio(root)
    try:
        assert [p for p in leftovers if p.exists()] == []
        assert not (root / ".baocao/uploads/tmpphs1q0w2").exists()
        assert [p for p in kept if not p.exists()] == []
        assert fresh.exists()
    finally:
        stop_studio(server)


# --- F6: the port is free again at once --------------------------------------------------------


def test_the_studio_restarts_on_a_port_whose_last_connection_is_still_closing(
    studio_project: Path,
) -> None:
    port = free_port()
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn's socket
        listener.bind(("127.0.0.1", port))
        listener.listen()
        browser = socket.create_connection(("127.0.0.1", port))
        served, _ = listener.accept()
        served.close()  # the server side closes first: its end of the connection waits
        assert browser.recv(1) == b""
        browser.close()
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # TIME_WAIT: what the old probe met
    probe_port(port)  # no EnvironmentProblem
    process = subprocess.Popen(
        [str(BAOCAO), "studio", "--project", str(studio_project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert "Studio mở tại" in process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- item 3: upload results named as staff know the files, one line each ---------------------


def test_upload_warnings_name_the_uploaded_file_one_line_each_after_the_reload(
    client: StudioClient,
) -> None:
    token = client.get(UNIT).field("csrf")
    files = [
        ("DSCN0027.JPG", _jpeg(taken="2019:05:01 08:00:00")),
        ("Hội nghị.jpg", _jpeg((9, 9, 9))),
    ]
    answer = client.upload(UNIT + "/tai-len", files, token)
    lines = json.loads(answer.text)["lines"]
    assert not any(".baocao" in line or "/tmp" in line for line in lines), lines
    assert "DSCN0027.JPG: cảnh báo: ngày chụp/quay 01/05/2019 nằm ngoài kỳ báo cáo" in "\n".join(
        lines
    )
    page = client.get(UNIT).text
    start = page.index('<div class="flash ok"')
    flash = page[start : page.index("</div>", start)]
    shown = re.findall(r"<li[^>]*>(.*?)</li>", flash, re.S)
    assert [html.unescape(s).strip() for s in shown] == [line.strip() for line in lines]
    assert ".baocao" not in flash


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_upload_results_after_the_reload_in_chromium(studio, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    old = tmp_path / "DSCN0027.JPG"
    old.write_bytes(_jpeg(taken="2019:05:01 08:00:00"))
    new = tmp_path / "Hội nghị sơ kết.jpg"
    new.write_bytes(_jpeg((200, 40, 40)))
    with chromium(sync_api) as browser, studio_tab(browser, studio) as tab:
        tab.open(UNIT)
        tab.page.set_input_files("#tep", [str(old), str(new)])
        tab.page.wait_for_selector("text=Đã chép 2 tệp")
        tab.page.wait_for_selector("#muc-2")  # the page reloaded with the two new items
        tab.page.wait_for_load_state("networkidle")
        lines = tab.page.locator(".flash ul.lines > li")
        said = [line.inner_text() for line in lines.all()]
        assert said[0] == "Đã chép 2 tệp vào media/2021-h1/:"
        assert "DSCN0027.JPG → 2021-h1/tuy-hoa/dscn0027.jpg" in said
        warning = [s for s in said if "cảnh báo" in s]
        assert warning == [
            "DSCN0027.JPG: cảnh báo: ngày chụp/quay 01/05/2019 nằm ngoài kỳ báo cáo "
            "01/12/2020 – 31/05/2021; không ghi ngày cho mục này"
        ]
        tops = {round(line.bounding_box()["y"]) for line in lines.all()}
        assert len(tops) == len(said)  # one line each, not one paragraph
        assert ".baocao" not in tab.page.locator(".flash").inner_text()
        assert tab.page.locator(".flash").get_by_role("button", name="Hoàn tác").is_visible()
        tab.shot("tai-len-canh-bao", tmp_path)
        assert tab.foreign == [] and tab.errors == []
