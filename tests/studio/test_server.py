"""The real server, over HTTP: saves through the loader, the stale-edit guard, undo, CSRF and
Origin checks, upload limits and paths, and media files served only from media/."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from studio.client import BAOCAO, StudioClient, tree_digest

UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
RESULTS = "content/periods/2021-h1/results/tuy-hoa.yml"


@pytest.fixture
def client(server_client: StudioClient) -> StudioClient:
    """Every test here holds the real command (``baocao studio``) over HTTP."""
    return server_client


def _item_form(page, **changes: str) -> dict[str, str]:
    fields = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg",
        "caption": "Kiểm sát việc tạm giữ, tạm giam",
        "narration": "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.",
        "category": "nghiep-vu",
        "date": "12/03/2021",
        "visibility": "public",
    }
    fields.update(changes)
    return fields


def _jpeg(colour=(90, 120, 150), size=(1600, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=70)
    return out.getvalue()


def test_pages_open_and_browsing_writes_nothing(client: StudioClient) -> None:
    before = tree_digest(client.server.root)
    home = client.get("/")
    assert home.status == 200 and "Sơ kết công tác 6 tháng đầu năm 2021" in home.text
    period = client.get("/ky/2021-h1")
    assert period.status == 200 and "VKSND thành phố Tuy Hòa" in period.text
    assert "2/3" in period.text  # Tuy Hòa entered 2 of the 3 indicators
    unit = client.get(UNIT)
    assert unit.status == 200 and "Kiểm sát việc tạm giữ, tạm giam" in unit.text
    assert 'class="badge public"' in unit.text and "công khai" in unit.text
    assert client.get(UNIT + "/ket-qua").status == 200
    assert (
        client.get("/anh-nho/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg").headers["content-type"]
        == "image/webp"
    )
    assert tree_digest(client.server.root) == before


def test_save_keeps_comments_and_untouched_lines(client: StudioClient) -> None:
    root = client.server.root
    before = (root / HIGHLIGHTS).read_text("utf-8")
    page = client.get(UNIT)
    answer = client.post(UNIT + "/muc/0", _item_form(page, caption="Chú thích mới <b>đậm</b>"))
    assert answer.status == 303
    old, new = before.splitlines(), (root / HIGHLIGHTS).read_text("utf-8").splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(changed) == 1  # comments, key order and every other line byte-identical
    assert re.fullmatch(r"    caption: Chú thích mới <b>đậm</b> +# chú thích ngắn", changed[0][1])
    shown = client.get(UNIT).text
    assert "Chú thích mới &lt;b&gt;đậm&lt;/b&gt;" in shown and "<b>đậm" not in shown
    assert "Hoàn tác" in shown


def test_invalid_value_is_shown_at_the_field_and_nothing_is_written(client: StudioClient) -> None:
    root = client.server.root
    before = tree_digest(root)
    page = client.get(UNIT)
    answer = client.post(UNIT + "/muc/0", _item_form(page, date="2019-01-01", caption="Giữ lại"))
    assert answer.status == 422
    assert tree_digest(root) == before
    text = answer.text
    assert 'id="loi-0-date"' in text
    assert "ngày 01/01/2019 nằm ngoài kỳ báo cáo 01/12/2020 – 31/05/2021" in text
    assert "content/periods/2021-h1/highlights/tuy-hoa.yml:" in text
    assert 'value="Giữ lại"' in text  # what was typed is kept


def test_stale_edit_is_refused_and_nothing_lost(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(UNIT)
    elsewhere = (
        (root / HIGHLIGHTS).read_text("utf-8").replace("# Ảnh chính", "# Sửa tay: ảnh chính")
    )
    (root / HIGHLIGHTS).write_text(elsewhere, "utf-8")
    answer = client.post(UNIT + "/muc/0", _item_form(page, caption="Bản của tôi"))
    assert answer.status == 409
    assert "đã được sửa ở nơi khác" in answer.text
    assert 'value="Bản của tôi"' in answer.text
    assert (root / HIGHLIGHTS).read_text("utf-8") == elsewhere


def test_undo_restores_the_previous_version(client: StudioClient) -> None:
    root = client.server.root
    original = (root / HIGHLIGHTS).read_bytes()
    page = client.get(UNIT)
    assert client.post(UNIT + "/muc/0", _item_form(page, narration="")).status == 303
    assert b"narration" not in (root / HIGHLIGHTS).read_bytes()
    history = list((root / ".baocao/history").iterdir())
    assert history and not any(p.is_relative_to(root / "content") for p in history)
    page = client.get(UNIT)
    answer = client.post(
        "/hoan-tac", {"csrf": page.field("csrf"), "tep": HIGHLIGHTS, "quay-lai": UNIT}
    )
    assert answer.status == 303
    assert (root / HIGHLIGHTS).read_bytes() == original
    after = client.get(UNIT).text
    assert "Đã hoàn tác" in after and "Hoàn tác lần lưu lúc" not in after


def test_writes_need_the_session_token_and_the_studio_origin(client: StudioClient) -> None:
    root = client.server.root
    before = tree_digest(root)
    page = client.get(UNIT)
    no_token = _item_form(page, caption="x")
    no_token.pop("csrf")
    assert client.post(UNIT + "/muc/0", no_token).status == 403
    assert client.post(UNIT + "/muc/0", _item_form(page, csrf="0" * 64, caption="x")).status == 403
    foreign = StudioClient(client.server, dict(client.cookies), origin="http://evil.example")
    assert foreign.post(UNIT + "/muc/0", _item_form(page, caption="x")).status == 403
    stranger = StudioClient(client.server)  # another browser: its own session, not this token
    stranger.get("/")
    assert stranger.post(UNIT + "/muc/0", _item_form(page, caption="x")).status == 403
    for path in (UNIT + "/muc/0/bo", UNIT + "/muc/0/di-chuyen", UNIT + "/ket-qua", "/hoan-tac"):
        assert client.post(path, {"digest": page.field("digest")}).status == 403
    assert client.request("GET", "/", headers={"Host": "evil.example"}).status == 400
    assert tree_digest(root) == before


def test_upload_files_a_photo_through_ingest(client: StudioClient) -> None:
    root = client.server.root
    token = client.get(UNIT).field("csrf")
    answer = client.upload(UNIT + "/tai-len", [("../../Ảnh Hội Nghị.JPG", _jpeg())], token)
    assert answer.status == 200, answer.text
    said = json.loads(answer.text)
    assert said["ok"] is True
    # what to do next, said for the page, not the command line's advice
    assert said["lines"][-1].endswith("rồi bấm «Lưu» của mục đó.")
    assert not any("baocao check" in line for line in said["lines"])
    assert (root / "media/2021-h1/tuy-hoa/anh-hoi-nghi.jpg").is_file()
    text = (root / HIGHLIGHTS).read_text("utf-8")
    assert "file: 2021-h1/tuy-hoa/anh-hoi-nghi.jpg" in text
    assert text.startswith("# Hình ảnh nổi bật – VKSND thành phố Tuy Hòa (ghi chú của văn phòng)")
    again = client.upload(UNIT + "/tai-len", [("ban-sao.jpg", _jpeg())], token)
    assert "trùng nội dung" in json.loads(again.text)["lines"][0]
    assert not (root / "media/2021-h1/tuy-hoa/ban-sao.jpg").exists()
    assert not list(root.glob("*.jpg")) and not list(root.parent.glob("*.JPG"))


def test_an_upload_is_said_again_on_the_reloaded_page_undo_only_when_written(
    client: StudioClient,
) -> None:
    def flash(page: str) -> str:
        start = page.index('<div class="flash ok"')
        return page[start : page.index("</div>", start)]

    token = client.get(UNIT).field("csrf")
    client.upload(UNIT + "/tai-len", [("Hội nghị.jpg", _jpeg()), ("bản sao.jpg", _jpeg())], token)
    said = flash(client.get(UNIT).text)  # what the page shows once the script reloads it
    assert "Đã chép 1 tệp" in said and "Bỏ qua 1 tệp trùng nội dung" in said
    assert f'name="tep" value="{HIGHLIGHTS}"' in said  # the upload can be undone
    client.upload(UNIT + "/tai-len", [("lần nữa.jpg", _jpeg())], token)
    said = flash(client.get(UNIT).text)
    assert "Bỏ qua 1 tệp trùng nội dung" in said
    assert "/hoan-tac" not in said  # nothing written: no undo of an earlier write offered


def test_results_visibility_of_the_whole_file_is_chosen_on_the_page(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(UNIT + "/ket-qua")
    assert '<option value="" selected' not in page.text  # none written: «không ghi» is first
    fields = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "visibility": "public",
        "giai-quyet-tin-bao.numerator": "152",
        "giai-quyet-tin-bao.denominator": "160",
        "giai-quyet-tin-bao.note": "Còn 8 tin báo đang xác minh.",
        "tam-giam-qua-han.value": "0",
    }
    before = (root / RESULTS).read_text("utf-8")
    assert client.post(UNIT + "/ket-qua", fields).status == 303
    after = (root / RESULTS).read_text("utf-8")
    assert after == before.replace("unit: tuy-hoa\n", "unit: tuy-hoa\nvisibility: public\n")
    page = client.get(UNIT + "/ket-qua")
    assert '<option value="public" selected>' in page.text
    assert page.text.count('class="badge public"') == 3
    wrong = {**fields, "digest": page.field("digest"), "visibility": "everyone"}
    answer = client.post(UNIT + "/ket-qua", wrong)
    assert answer.status == 422
    assert 'id="loi-visibility"' in answer.text and "everyone" in answer.text
    assert (root / RESULTS).read_text("utf-8") == after
    fields = {**fields, "digest": page.field("digest"), "visibility": ""}
    assert client.post(UNIT + "/ket-qua", fields).status == 303
    assert (root / RESULTS).read_text("utf-8") == before


def test_upload_refuses_other_types_and_oversized_requests(client: StudioClient) -> None:
    root = client.server.root
    before = tree_digest(root)
    token = client.get(UNIT).field("csrf")
    answer = client.upload(
        UNIT + "/tai-len", [("script.sh", b"#!/bin/sh\n"), ("a.jpg", _jpeg())], token
    )
    assert answer.status == 422
    assert "chỉ nhận ảnh" in answer.text
    huge = client.request(
        "POST",
        UNIT + "/tai-len",
        b"",
        {"Content-Length": str(600 << 20), "Origin": client.server.base, "X-CSRF-Token": token},
    )
    assert huge.status == 413 and "quá lớn" in huge.text
    assert tree_digest(root) == before


def test_media_files_are_served_only_from_media(client: StudioClient, tmp_path: Path) -> None:
    root = client.server.root
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(_jpeg())
    (root / "media/2021-h1/tuy-hoa/lien-ket.jpg").symlink_to(secret)
    assert client.get("/tep/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg").status == 200
    for path in (
        "/tep/../content/site.yml",
        "/tep/%2e%2e/content/site.yml",
        "/tep/2021-h1/tuy-hoa/lien-ket.jpg",
        "/anh-nho/2021-h1/tuy-hoa/lien-ket.jpg",
        "/tep/" + str(secret),
    ):
        assert client.get(path).status == 404, path


def test_results_are_saved_and_evaluated(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(UNIT + "/ket-qua")
    assert "95%" in page.text and "Đạt" in page.text  # 152/160 against > 90
    assert page.text.count('class="badge internal"') == 3  # one per row: the file's default
    fields = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "giai-quyet-tin-bao.numerator": "140",
        "giai-quyet-tin-bao.denominator": "160",
        "giai-quyet-tin-bao.note": "Còn 8 tin báo đang xác minh.",
        "tam-giam-qua-han.value": "0",
        "tra-ho-so.numerator": "1",
        "tra-ho-so.denominator": "80",
    }
    assert client.post(UNIT + "/ket-qua", fields).status == 303
    text = (root / RESULTS).read_text("utf-8")
    assert "numerator: 140" in text and "- indicator: tra-ho-so" in text
    assert "title: Vụ án tham ô tài sản tại Công ty X" in text  # the cases are kept
    live = json.loads(
        client.get("/api/danh-gia?chi_tieu=giai-quyet-tin-bao&numerator=144&denominator=160").text
    )
    assert live["text"] == "90%" and live["label"] == "Không đạt"
    # a count typed 1.234 is 1234, as the spreadsheet reads it (test_results_routes.py)
    count = json.loads(client.get("/api/danh-gia?chi_tieu=tam-giam-qua-han&value=1.234").text)
    assert count["text"] == "1.234 người" and count["label"] == "Không đạt"
    count = json.loads(client.get("/api/danh-gia?chi_tieu=tam-giam-qua-han&value=1,5").text)
    assert count["status"] == "invalid" and "không phải số nguyên" in count["label"]


def test_a_busy_port_is_an_environment_problem(studio, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BAOCAO), "studio", "--project", str(studio.root), "--port", str(studio.port)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"Cổng {studio.port} đang được dùng" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_without_content_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BAOCAO), "studio", "--project", str(tmp_path), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "không có thư mục content/" in result.stderr


def test_an_impossible_port_is_refused(studio_project: Path) -> None:
    result = subprocess.run(
        [str(BAOCAO), "studio", "--project", str(studio_project), "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "--port: cổng «70000» không hợp lệ" in result.stderr and "Traceback" not in result.stderr


def test_a_unit_with_many_photos_is_shown_a_hundred_at_a_time(client: StudioClient) -> None:
    root = client.server.root
    photo = (root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg").read_bytes()
    lines = []
    for i in range(150):
        (root / f"media/2021-h1/tuy-hoa/anh-{i:03d}.jpg").write_bytes(photo)
        lines.append(f"  - file: 2021-h1/tuy-hoa/anh-{i:03d}.jpg\n    caption: Ảnh {i}\n")
    path = root / HIGHLIGHTS
    path.write_text(path.read_text("utf-8") + "".join(lines), "utf-8")
    first = client.get(UNIT)
    assert 'id="muc-99"' in first.text and 'id="muc-100"' not in first.text
    second = client.get(UNIT + "?trang=2")
    assert 'id="muc-100"' in second.text and 'id="muc-150"' in second.text
    assert 'id="muc-99"' not in second.text and "151 mục" in second.text
    fields = {
        "csrf": second.field("csrf"),
        "digest": second.field("digest"),
        "file": "2021-h1/tuy-hoa/anh-119.jpg",
        "caption": "Ảnh thứ một trăm hai mươi",
    }
    answer = client.post(UNIT + "/muc/120", fields)
    assert answer.status == 303
    assert answer.headers["location"].endswith(UNIT + "?trang=2#muc-120")
    assert "    caption: Ảnh thứ một trăm hai mươi\n" in path.read_text("utf-8")


def test_the_period_page_says_what_the_public_version_lacks_as_check_does(
    client: StudioClient,
) -> None:
    root = client.server.root
    lacks = "bản công khai (public) của kỳ 2021-h1 không có phần «Kết quả thực hiện chỉ tiêu»"

    def check() -> str:
        done = subprocess.run(
            [str(BAOCAO), "--project", str(root), "check"], capture_output=True, text=True
        )
        assert done.returncode == 0
        return done.stdout + done.stderr

    assert lacks in check()
    page = client.get("/ky/2021-h1").text
    assert lacks in page
    row = re.search(r"VKSND thành phố Tuy Hòa</a></th>.*?</tr>", page, re.S)
    # the period's, not Tuy Hòa's (whose page does not show it): counted where it is shown
    assert row and "0 lỗi, 0 cảnh báo" in row.group(0)
    assert "Cả kỳ: 1 cảnh báo" in page
    for unit in ("tuy-hoa", "song-cau"):
        path = f"/ky/2021-h1/don-vi/{unit}/ket-qua"
        grid = client.get(path)
        fields = {"csrf": grid.field("csrf"), "digest": grid.field("digest")}
        for name, value in re.findall(r'name="([a-z-]+\.[a-z]+)" [^>]*value="([^"]*)"', grid.text):
            fields[name] = value
        assert client.post(path, {**fields, "visibility": "public"}).status == 303
    page = client.get("/ky/2021-h1").text
    assert lacks not in page and "cảnh báo (như" not in page.lower()
    assert lacks not in check()


def test_results_of_a_unit_without_a_file_create_it(client: StudioClient) -> None:
    root = client.server.root
    unit = "/ky/2021-h1/don-vi/vks-tinh/ket-qua"
    page = client.get(unit)
    assert page.field("digest") == ""
    fields = {
        "csrf": page.field("csrf"),
        "digest": "",
        "giai-quyet-tin-bao.numerator": "300",
        "giai-quyet-tin-bao.denominator": "320",
        "tam-giam-qua-han.value": "",
    }
    assert client.post(unit, fields).status == 303
    created = root / "content/periods/2021-h1/results/vks-tinh.yml"
    assert created.read_text("utf-8") == (
        "unit: vks-tinh\nresults:\n  - indicator: giai-quyet-tin-bao\n    numerator: 300\n    denominator: 320\n"
    )
    answer = client.post(
        "/hoan-tac",
        {"csrf": page.field("csrf"), "tep": "content/periods/2021-h1/results/vks-tinh.yml"},
    )
    assert answer.status == 303
    assert "đã tạo tệp mới" in client.get(unit).text
    assert created.is_file()


def test_a_period_with_a_broken_period_file_is_listed_with_the_problem(
    client: StudioClient,
) -> None:
    root = client.server.root
    (root / "content/periods/2022-h1").mkdir()
    (root / "content/periods/2022-h1/period.yml").write_text("title: [\n", "utf-8")
    home = client.get("/")
    assert home.status == 200
    assert "2022-h1" in home.text and "period.yml của kỳ này có lỗi" in home.text
    assert "Sơ kết công tác 6 tháng đầu năm 2021" in home.text
    assert client.get("/ky/2022-h1").status == 200


SECOND = """\
  # Ảnh thứ hai
  - file: 2021-h1/tuy-hoa/hai.jpg
    caption: Ảnh thứ hai
"""


def test_items_are_reordered_and_removed_keeping_the_media_file(client: StudioClient) -> None:
    root = client.server.root
    (root / "media/2021-h1/tuy-hoa/hai.jpg").write_bytes(_jpeg((10, 200, 30)))
    path = root / HIGHLIGHTS
    original = path.read_text("utf-8") + SECOND
    path.write_text(original, "utf-8")
    page = client.get(UNIT)
    move = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": "2021-h1/tuy-hoa/hai.jpg",
        "huong": "len",
    }
    assert client.post(UNIT + "/muc/1/di-chuyen", move).status == 303
    moved = path.read_text("utf-8")
    assert moved.index("- file: 2021-h1/tuy-hoa/hai.jpg") < moved.index("kiem-sat-giam-giu.jpg")
    assert sorted(moved.splitlines()) == sorted(original.splitlines())
    assert "  # Ảnh thứ hai\n  - file: 2021-h1/tuy-hoa/hai.jpg\n" in moved  # its comment moved too
    assert "  # Ảnh chính của kỳ\n  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg\n" in moved
    page = client.get(UNIT)
    remove = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": "2021-h1/tuy-hoa/hai.jpg",
    }
    assert client.post(UNIT + "/muc/0/bo", remove).status == 303
    left = path.read_text("utf-8")
    assert "hai.jpg" not in left and "kiem-sat-giam-giu.jpg" in left
    assert (root / "media/2021-h1/tuy-hoa/hai.jpg").is_file()
    assert "tệp trong media/ vẫn giữ" in client.get(UNIT).text


def test_a_drop_place_outside_the_list_or_not_a_number_writes_nothing(
    client: StudioClient,
) -> None:
    root = client.server.root
    (root / "media/2021-h1/tuy-hoa/hai.jpg").write_bytes(_jpeg((10, 200, 30)))
    path = root / HIGHLIGHTS
    path.write_text(path.read_text("utf-8") + SECOND, "utf-8")
    before = path.read_bytes()
    page = client.get(UNIT)
    move = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": "2021-h1/tuy-hoa/hai.jpg",
    }
    for bad in ("-1", "²", "٣", "9" * 5000):  # never int() of what the page did not send
        wrong = client.post(UNIT + "/muc/1/di-chuyen", {**move, "den": bad})
        assert wrong.status == 400 and "Vị trí mới không hợp lệ" in wrong.text
    outside = client.post(UNIT + "/muc/1/di-chuyen", {**move, "den": "7"})
    assert outside.status == 422 and "không có vị trí 8 trong danh sách" in outside.text
    assert path.read_bytes() == before
    assert client.post(UNIT + "/muc/1/di-chuyen", {**move, "den": "0"}).status == 303
    assert path.read_text("utf-8").index("hai.jpg") < path.read_text("utf-8").index("kiem-sat")


def test_an_action_on_an_item_that_moved_meanwhile_is_refused(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(UNIT)
    remove = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": "2021-h1/tuy-hoa/khac.jpg",  # not the file at index 0
    }
    before = (root / HIGHLIGHTS).read_bytes()
    assert client.post(UNIT + "/muc/0/bo", remove).status == 409
    assert (root / HIGHLIGHTS).read_bytes() == before


def test_a_file_with_a_yaml_syntax_error_is_shown_and_never_rewritten(client: StudioClient) -> None:
    root = client.server.root
    path = root / HIGHLIGHTS
    broken = path.read_text("utf-8").replace("caption: Kiểm sát", 'caption: "Kiểm sát')
    path.write_text(broken, "utf-8")
    page = client.get(UNIT)
    assert page.status == 200
    assert f"{HIGHLIGHTS}:" in page.text and "dấu ngoặc kép hoặc ngoặc chưa đóng" in page.text
    digest = hashlib.sha256(broken.encode("utf-8")).hexdigest()  # the page has no item form
    fields = {"csrf": page.field("csrf"), "digest": digest, "file": "x", "caption": "x"}
    answer = client.post(UNIT + "/muc/0", fields)
    assert answer.status == 422 and "lỗi cú pháp YAML" in answer.text
    assert path.read_text("utf-8") == broken


def test_the_server_listens_on_loopback_only(studio) -> None:
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        pytest.skip("no /proc/net/tcp on this system")
    listening = []
    for table in tables:
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.rsplit(":", 1)
            if state == "0A" and int(port, 16) == studio.port:
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, and no IPv6 or wildcard socket


def test_too_many_files_at_once_are_refused_in_vietnamese(client: StudioClient) -> None:
    token = client.get(UNIT).field("csrf")
    files = [(f"a{i}.jpg", b"x") for i in range(51)]
    answer = client.upload(UNIT + "/tai-len", files, token)
    assert answer.status == 400
    assert "quá nhiều tệp hoặc trường trong một lần gửi (tối đa 50 tệp)" in answer.text


def test_a_file_saved_in_an_old_encoding_is_shown_and_never_rewritten(
    client: StudioClient,
) -> None:
    """A results file saved as Windows-1258 (not UTF-8): the page says what check says, and a
    save is refused before anything is written."""
    path = client.server.root / "content/periods/2021-h1/results/tuy-hoa.yml"
    legacy = b"unit: tuy-hoa\nresults:\n  - indicator: giai-quyet-tin-bao\n    note: Tuy H\xf2a\n"
    path.write_bytes(legacy)
    kept = path.read_bytes()
    page = client.get("/ky/2021-h1/don-vi/tuy-hoa/ket-qua")
    assert page.status == 422
    assert "tệp không phải văn bản UTF-8" in page.text and "Traceback" not in page.text
    fields = {"csrf": client.get(UNIT).field("csrf"), "digest": "x"}
    answer = client.post("/ky/2021-h1/don-vi/tuy-hoa/ket-qua", fields)
    assert answer.status == 422 and "tệp không phải văn bản UTF-8" in answer.text
    assert path.read_bytes() == kept


def test_a_figure_of_thousands_of_digits_is_a_message_not_a_crash(client: StudioClient) -> None:
    root = client.server.root
    results = root / "content/periods/2021-h1/results/tuy-hoa.yml"
    before = results.read_bytes()
    page = client.get(UNIT + "/ket-qua")
    form = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "tam-giam-qua-han.value": "9" * 5000,
    }
    answer = client.post(UNIT + "/ket-qua", form)
    assert answer.status == 422 and results.read_bytes() == before
    live = client.get("/api/danh-gia?chi_tieu=tam-giam-qua-han&value=" + "9" * 5000)
    assert live.status == 200 and json.loads(live.text)["status"] == "invalid"
