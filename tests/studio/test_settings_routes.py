"""«Cài đặt báo cáo» in the studio: the written report's letterhead, signer and recipients,
saved into content/site.yml through the loader, round-trip, with the stale-edit guard and undo."""

from __future__ import annotations

import html
import re

import pytest
from studio.client import Answer, StudioClient

from generator.load.loader import load_project
from generator.model.site import ReportSettings, Signer
from generator.studio.settings_routes import SETTINGS, with_settings
from generator.yamledit.roundtrip import EditRefused

PAGE = "/cai-dat-bao-cao"
SITE = "content/site.yml"
ORGANISATION = "Viện kiểm sát nhân dân tỉnh Phú Yên"
WITHOUT_REPORT = f"""\
# Cơ quan phát hành các báo cáo (văn phòng ghi)
organisation: {ORGANISATION}  # tên đầy đủ
short_name: VKSND tỉnh Phú Yên

# chỉ hỗ trợ tiếng Việt
locale: vi
"""
FILLED = {
    "organisation": ORGANISATION,
    "report.parent_body": "Viện kiểm sát nhân dân tối cao",
    "report.issuing_body": "",
    "report.place": "Phú Yên",
    "report.symbol": "BC-VKS",
    "report.signer.title": "Phó Viện trưởng",
    "report.signer.name": "Nguyễn Văn An",
    "report.signer.on_behalf_of": "Viện trưởng",
    "report.recipients": "VKSND tối cao (để báo cáo)\r\n- Thường trực Tỉnh ủy;\r\n\r\n",
}
WRITTEN = (
    WITHOUT_REPORT
    + """\
report:
  parent_body: Viện kiểm sát nhân dân tối cao
  place: Phú Yên
  symbol: BC-VKS
  signer:
    title: Phó Viện trưởng
    name: Nguyễn Văn An
    on_behalf_of: Viện trưởng
  recipients:
    - VKSND tối cao (để báo cáo)
    - Thường trực Tỉnh ủy;
"""
)


def _loc(name: str) -> tuple[str, ...]:
    return tuple(name.split("."))


def _values(fields: dict[str, str]) -> dict[tuple[str, ...], object]:
    out: dict[tuple[str, ...], object] = {}
    for name, value in fields.items():
        if name == "report.recipients":
            lines = [line.strip().removeprefix("- ") for line in value.splitlines()]
            out[_loc(name)] = [line for line in lines if line] or None
        else:
            out[_loc(name)] = value.strip() or None
    return out


def test_every_field_has_its_vietnamese_label() -> None:
    assert [(s.name, s.label) for s in SETTINGS] == [
        ("organisation", "Tên cơ quan"),
        ("report.parent_body", "Cơ quan chủ quản"),
        ("report.issuing_body", "Cơ quan ban hành (không bắt buộc)"),
        ("report.place", "Địa danh"),
        ("report.symbol", "Ký hiệu văn bản"),
        ("report.signer.title", "Chức vụ"),
        ("report.signer.name", "Họ và tên"),
        ("report.signer.on_behalf_of", "Ký thay cho (không bắt buộc)"),
        ("report.recipients", "Nơi nhận, mỗi dòng một nơi"),
    ]
    assert set(FILLED) == {s.name for s in SETTINGS}
    # every field of the report's settings is on the page
    edited = {s.loc for s in SETTINGS}
    assert {("report", n) for n in ReportSettings.model_fields if n != "signer"} <= edited
    assert {("report", "signer", n) for n in Signer.model_fields} <= edited


def test_the_report_mapping_is_created_with_comments_and_order_kept() -> None:
    assert with_settings(WITHOUT_REPORT, _values(FILLED)) == WRITTEN
    # the same values again: not a byte changes
    assert with_settings(WRITTEN, _values(FILLED)) == WRITTEN
    # an empty «report:» line is filled in where it stands
    empty = WITHOUT_REPORT.replace("short_name", "report:\nshort_name")
    filled = with_settings(empty, _values(FILLED))
    assert filled.startswith(WITHOUT_REPORT.split("short_name")[0] + "report:\n  parent_body:")
    assert filled.endswith(
        "short_name: VKSND tỉnh Phú Yên\n\n# chỉ hỗ trợ tiếng Việt\nlocale: vi\n"
    )


def test_emptied_fields_are_removed_or_left_for_the_loader_to_refuse() -> None:
    fields = {
        **FILLED,
        "report.symbol": "",
        "report.signer.on_behalf_of": "",
        "report.recipients": "",
    }
    text = with_settings(WRITTEN, _values(fields))
    assert "symbol" not in text and "on_behalf_of" not in text and "recipients" not in text
    assert "  signer:\n    title: Phó Viện trưởng\n    name: Nguyễn Văn An\n" in text
    # a field the model requires is written empty: the loader says so at that field
    text = with_settings(WRITTEN, _values({**FILLED, "report.place": ""}))
    assert "  place: ''\n" in text
    # every field of the report emptied: the «report:» section goes (the report uses «CẦN BỔ SUNG»)
    nothing = {name: "" for name in FILLED} | {"organisation": ORGANISATION}
    assert with_settings(WRITTEN, _values(nothing)) == WITHOUT_REPORT


def test_recipients_are_edited_line_by_line_keeping_comments_between_them() -> None:
    commented = WRITTEN.replace("    - Thường trực Tỉnh ủy;\n", "    # địa phương\n    - Tỉnh ủy\n")
    fields = {**FILLED, "report.recipients": "VKSND tối cao (để báo cáo)\nTỉnh ủy\nUBND tỉnh"}
    assert with_settings(commented, _values(fields)).endswith(
        "  recipients:\n    - VKSND tối cao (để báo cáo)\n    # địa phương\n    - Tỉnh ủy\n"
        "    - UBND tỉnh\n"
    )


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(EditRefused, match="tệp không phải nhóm trường"):
        with_settings("- organisation: Viện kiểm sát\n", _values(FILLED))


def _post(client: StudioClient, fields: dict[str, str], page: Answer | None = None) -> Answer:
    page = page or client.get(PAGE)
    form = {"csrf": page.field("csrf"), "digest": page.field("digest"), **fields}
    return client.post(PAGE, form)


def _input(text: str, name: str) -> str:
    """The tag of the page's field ``name``."""
    match = re.search(rf'<(?:input|textarea) id="{re.escape(name)}"[^>]*>', text)
    assert match, f"no field {name}"
    return match.group(0)


def _errors(text: str, name: str) -> str:
    match = re.search(rf'<div id="{re.escape(name)}\.loi">(.*?)</div>', text, re.S)
    return html.unescape(match.group(1)) if match else ""


def test_the_page_shows_the_current_values_and_every_page_links_to_it(client: StudioClient) -> None:
    root = client.server.root
    (root / SITE).write_text(WRITTEN, "utf-8")
    page = client.get(PAGE)
    assert page.status == 200
    text = page.text
    assert 'value="Phú Yên"' in _input(text, "report.place")
    assert 'value="Nguyễn Văn An"' in _input(text, "report.signer.name")
    assert 'value=""' in _input(text, "report.issuing_body")
    assert ">VKSND tối cao (để báo cáo)\nThường trực Tỉnh ủy;</textarea>" in text
    for setting in SETTINGS:  # a label for every field
        assert f'<label for="{setting.name}">{setting.label}</label>' in text
    assert 'href="/cai-dat-bao-cao" aria-current="page">Cài đặt báo cáo</a>' in text
    for path in ("/", "/ky/2021-h1", "/ky/2021-h1/bao-cao", "/ky/2021-h1/don-vi/tuy-hoa/ket-qua"):
        assert '<a href="/cai-dat-bao-cao">Cài đặt báo cáo</a>' in client.get(path).text, path


def test_a_save_creates_the_report_settings_the_report_then_uses_and_can_be_undone(
    client: StudioClient,
) -> None:
    root = client.server.root
    (root / SITE).write_text(WITHOUT_REPORT, "utf-8")
    answer = _post(client, FILLED)
    assert answer.status == 303 and answer.headers["location"] == PAGE
    assert (root / SITE).read_text("utf-8") == WRITTEN  # comments, keys and their order kept
    report = load_project(root).project.site.report
    assert report is not None
    assert (report.parent_body, report.issuing_body, report.place, report.symbol) == (
        "Viện kiểm sát nhân dân tối cao",
        None,
        "Phú Yên",
        "BC-VKS",
    )
    assert report.signer == Signer(
        title="Phó Viện trưởng", name="Nguyễn Văn An", on_behalf_of="Viện trưởng"
    )
    assert report.recipients == ("VKSND tối cao (để báo cáo)", "Thường trực Tỉnh ủy;")
    page = client.get(PAGE).text
    assert "Đã lưu cài đặt báo cáo." in page
    assert f'name="tep" value="{SITE}"' in page  # «Hoàn tác» beside the message
    # saving the same again writes nothing
    assert _post(client, FILLED).status == 303
    assert "Cài đặt báo cáo không đổi: không ghi gì." in client.get(PAGE).text
    token = re.search(r'name="csrf" value="([^"]*)"', page)[1]
    undo = client.post("/hoan-tac", {"csrf": token, "tep": SITE, "quay-lai": PAGE})
    assert undo.status == 303
    assert (root / SITE).read_text("utf-8") == WITHOUT_REPORT
    assert f"Đã hoàn tác lần lưu gần nhất của «{SITE}»." in client.get(PAGE).text


def test_an_invalid_symbol_is_refused_at_its_field_with_the_typed_text_kept(
    client: StudioClient,
) -> None:
    root = client.server.root
    (root / SITE).write_text(WITHOUT_REPORT, "utf-8")
    answer = _post(client, {**FILLED, "report.symbol": "bc-vks", "report.place": "Tuy Hòa"})
    assert answer.status == 422
    assert (root / SITE).read_text("utf-8") == WITHOUT_REPORT
    text = answer.text
    assert "Chưa lưu: có ô chưa hợp lệ, xem lời báo dưới ô đó." in text
    assert "trường «symbol»: mã «bc-vks» không hợp lệ" in _errors(text, "report.symbol")
    assert 'value="bc-vks"' in _input(text, "report.symbol")
    assert 'aria-invalid="true"' in _input(text, "report.symbol")
    assert 'value="Tuy Hòa"' in _input(text, "report.place")  # the rest as typed too
    assert "aria-invalid" not in _input(text, "report.place")
    # a required field emptied: the loader's message at that field
    answer = _post(client, {**FILLED, "report.signer.name": ""})
    assert answer.status == 422
    assert "trường «name»: không được để trống" in _errors(answer.text, "report.signer.name")
    assert (root / SITE).read_text("utf-8") == WITHOUT_REPORT


def test_a_stale_save_is_refused_with_the_typed_text_kept(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(PAGE)
    elsewhere = (root / SITE).read_text("utf-8") + "address: Số 02 Lê Duẩn, Tuy Hòa\n"
    (root / SITE).write_text(elsewhere, "utf-8")
    answer = _post(client, {**FILLED, "report.signer.name": "Trần Thị Bình"}, page)
    assert answer.status == 409
    assert f"Chưa lưu: «{SITE}» đã được sửa ở nơi khác" in html.unescape(answer.text)
    assert 'value="Trần Thị Bình"' in _input(answer.text, "report.signer.name")
    assert (root / SITE).read_text("utf-8") == elsewhere
    # the refused page still carries the version it was typed against: sent again, refused again
    assert answer.field("digest") == page.field("digest")
    assert _post(client, FILLED, answer).status == 409
    assert (root / SITE).read_text("utf-8") == elsewhere


def test_what_check_says_of_the_file_is_on_the_page(client: StudioClient) -> None:
    root = client.server.root
    (root / SITE).write_text(
        WITHOUT_REPORT + "report:\n  symbol: bc\n  sign: Nguyễn Văn An\n  recipients:\n    - [A]\n",
        "utf-8",
    )
    text = html.unescape(client.get(PAGE).text)
    top = re.findall(r'<p class="loi" role="alert">(.*?)</p>', text)
    assert "thiếu trường bắt buộc «place» (content/site.yml:8:3)" in top
    assert any("trường «sign» không có trong mẫu" in m for m in top)
    assert "trường «symbol»: mã «bc» không hợp lệ" in _errors(text, "report.symbol")
    assert "phải là chuỗi ký tự" in _errors(text, "report.recipients")  # an item of the list
    assert not any("symbol" in m or "chuỗi" in m for m in top)  # each message once
