"""The leadership's report in the studio: its text and level saved through the loader, the
front matter kept line for line."""

from __future__ import annotations

import html
import re

import pytest
from studio.client import StudioClient

from generator.workflow.report_file import with_body
from generator.yamledit.roundtrip import EditRefused

PAGE = "/ky/2021-h1/bao-cao"
REPORT = "content/periods/2021-h1/report.md"
FRONT = "---\n# mức do lãnh đạo duyệt\nvisibility: internal  # nội bộ\ntitle: Báo cáo sơ kết\n---\n"


def test_the_body_is_replaced_and_the_front_matter_kept_line_for_line() -> None:
    text = FRONT + "# Cũ\n\nNội dung cũ.\n"
    assert with_body(text, "# Mới\r\n\r\nNội dung mới.", None) == FRONT + "# Mới\n\nNội dung mới.\n"
    assert with_body(text, "# Mới", "internal") == FRONT + "# Mới\n"  # the level in force
    restricted = with_body(text, "# Mới", "restricted")
    assert restricted == FRONT.replace("visibility: internal", "visibility: restricted") + "# Mới\n"
    # Notepad's and Word's files: a byte order mark and CRLF line ends stay as they were
    windows = "\ufeff" + (FRONT + "Cũ\n").replace("\n", "\r\n")
    assert with_body(windows, "Mới", None) == "\ufeff" + (FRONT + "Mới\n").replace("\n", "\r\n")
    # no front matter yet: one is written only when a level other than the default is chosen
    assert with_body("# Cũ\n", "# Mới", "internal") == "# Mới\n"
    assert with_body(None, "# Mới", "public") == "---\nvisibility: public\n---\n# Mới\n"
    assert with_body("---\n---\nCũ\n", "Mới", "public") == "---\nvisibility: public\n---\nMới\n"


def test_a_report_whose_body_cannot_be_found_for_certain_is_not_rewritten() -> None:
    with pytest.raises(EditRefused, match="không có dòng «---» đóng lại"):
        with_body("---\nvisibility: restricted\n# Báo cáo\n", "Mới", None)


def _save(client: StudioClient, body: str, level: str = "internal") -> tuple[int, str]:
    page = client.get(PAGE)
    form = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "noi-dung": body,
        "visibility": level,
    }
    answer = client.post(PAGE, form)
    return answer.status, answer.text


def test_the_report_is_written_from_the_page_and_can_be_undone(client: StudioClient) -> None:
    path = client.server.root / REPORT
    path.write_text(FRONT + "# Báo cáo\n\n*CẦN BỔ SUNG: tình hình chung.*\n", "utf-8")
    page = client.get(PAGE).text
    assert "Còn 1 chỗ «CẦN BỔ SUNG» cần viết." in page
    assert "báo cáo còn 1 chỗ «CẦN BỔ SUNG» (dòng 8)" in page  # what `check` says, at its line
    assert "*CẦN BỔ SUNG: tình hình chung.*</textarea>" in page
    status, _ = _save(client, "# Báo cáo\n\nSáu tháng đầu năm, toàn ngành hoàn thành nhiệm vụ.")
    assert status == 303
    assert path.read_text("utf-8") == FRONT + (
        "# Báo cáo\n\nSáu tháng đầu năm, toàn ngành hoàn thành nhiệm vụ.\n"
    )
    page = client.get(PAGE).text
    assert "Đã lưu báo cáo." in page and "CẦN BỔ SUNG" not in page
    undo = {"csrf": re.search(r'name="csrf" value="([^"]*)"', page)[1], "tep": REPORT}
    assert client.post("/hoan-tac", {**undo, "quay-lai": PAGE}).status == 303
    assert "CẦN BỔ SUNG: tình hình chung." in path.read_text("utf-8")


def test_a_report_saved_with_an_error_or_from_a_stale_page_writes_nothing(
    client: StudioClient,
) -> None:
    path = client.server.root / REPORT
    before = path.read_bytes()
    stray = "# Báo cáo\n\nvisibility: restricted\n"  # a level in the body: never read, refused
    status, text = _save(client, stray)
    assert status == 422 and path.read_bytes() == before
    assert "dòng «visibility» nằm ngoài phần đầu" in html.unescape(text)
    assert "visibility: restricted\n</textarea>" in text  # what was typed stays in the box
    page = client.get(PAGE)
    path.write_text("# Sửa ở nơi khác\n", "utf-8")
    answer = client.post(
        PAGE,
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            "noi-dung": "Mới",
            "visibility": "internal",
        },
    )
    assert answer.status == 409 and "đã được sửa ở nơi khác" in answer.text
    assert path.read_text("utf-8") == "# Sửa ở nơi khác\n"
    # the refused page still carries the old version: sending it again is refused again
    resent = re.search(r'name="digest" value="([^"]*)"', answer.text)[1]
    assert resent == page.field("digest")
    again = client.post(
        PAGE,
        {"csrf": page.field("csrf"), "digest": resent, "noi-dung": "Mới", "visibility": "internal"},
    )
    assert again.status == 409 and path.read_text("utf-8") == "# Sửa ở nơi khác\n"


def test_a_level_written_but_unreadable_is_never_replaced_by_a_guess(client: StudioClient) -> None:
    path = client.server.root / REPORT
    path.write_text("---\nvisibility: Restricted\n---\n# Báo cáo mật\n", "utf-8")
    page = client.get(PAGE).text
    assert '<option value="giu" selected>«Restricted» (không đọc được' in page
    status, _ = _save(client, "# Báo cáo mật (sửa)", "giu")
    assert status == 422
    assert path.read_text("utf-8") == "---\nvisibility: Restricted\n---\n# Báo cáo mật\n"
    assert _save(client, "# Báo cáo mật", "restricted")[0] == 303
    assert path.read_text("utf-8") == "---\nvisibility: restricted\n---\n# Báo cáo mật\n"
    assert _save(client, "x", "moi-nguoi")[0] == 400
