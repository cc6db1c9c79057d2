"""Results of a period from a spreadsheet, on the period page: import-results' rules, undoable."""

from __future__ import annotations

import io
import json
import urllib.parse
from pathlib import Path

import openpyxl
import yaml
from studio.client import StudioClient, tree_digest

from generator.workflow.export import export_results

PERIOD = "/ky/2021-h1"
IMPORT = PERIOD + "/nhap-ket-qua"
RESULTS = "content/periods/2021-h1/results/song-cau.yml"

SHEET = (
    "Đơn vị;Chỉ tiêu;Tử số;Mẫu số;Giá trị;Ghi chú\n"
    "song-cau;giai-quyet-tin-bao;150;160;;Đã rà soát lại\n"
).encode()


def test_a_sheet_imports_the_period_and_each_file_can_be_undone(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(PERIOD)
    assert 'action="/ky/2021-h1/nhap-ket-qua"' in page.text
    before = (root / RESULTS).read_text("utf-8")
    answer = client.upload(IMPORT, [("Kết quả Sông Cầu.csv", SHEET)], page.field("csrf"))
    assert answer.status == 200, answer.text
    assert json.loads(answer.text)["ok"] is True
    after = (root / RESULTS).read_text("utf-8")
    assert "numerator: 150" in after and "Đã rà soát lại" in after
    undo = client.post(
        "/hoan-tac", {"csrf": page.field("csrf"), "tep": RESULTS, "quay-lai": PERIOD}
    )
    assert undo.status in (200, 303)
    assert (root / RESULTS).read_text("utf-8") == before


def test_a_wrong_row_names_the_sheet_and_writes_nothing(client: StudioClient) -> None:
    root = client.server.root
    token = client.get(PERIOD).field("csrf")
    unchanged = tree_digest(root)
    wrong = "Đơn vị;Chỉ tiêu;Tử số;Mẫu số\nkhong-co;giai-quyet-tin-bao;1;2\n".encode()
    answer = client.upload(IMPORT, [("bang.csv", wrong)], token)
    assert answer.status == 422
    lines = json.loads(answer.text)["lines"]
    assert lines and all(line.startswith("bang.csv:2:") for line in lines), lines
    not_a_sheet = client.upload(IMPORT, [("anh.jpg", b"\xff\xd8")], token)
    assert not_a_sheet.status == 422
    assert "bảng tính .xlsx hoặc .csv" in json.loads(not_a_sheet.text)["lines"][0]
    assert tree_digest(root) == unchanged


TEMPLATE = PERIOD + "/mau-bang-tinh.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(data: bytes) -> tuple[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    return sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_period_s_sheet_downloads_as_export_results_writes_it(
    client: StudioClient, tmp_path: Path
) -> None:
    """Item 5: «Tải mẫu bảng tính» on the results pages — what `baocao export-results` writes,
    as a download with a Vietnamese name; reading it writes nothing."""
    root = client.server.root
    unchanged = tree_digest(root)
    for page in (PERIOD, "/ky/2021-h1/don-vi/tuy-hoa/ket-qua"):
        text = client.get(page).text
        assert f'<a href="{TEMPLATE}" download' in text and "Tải mẫu bảng tính" in text, page
    answer = client.get(TEMPLATE)
    assert answer.status == 200
    assert answer.headers["content-type"] == XLSX
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="ket-qua-2021-h1.xlsx"; ')
    assert "filename*=UTF-8''" + urllib.parse.quote("Kết quả 2021-h1.xlsx") in disposition
    exported = export_results(root, "2021-h1", tmp_path / "ket-qua.xlsx")
    assert _rows(answer.body) == _rows(exported.read_bytes())
    title, rows = _rows(answer.body)
    assert title == "Kết quả 2021-h1" and rows[0][:3] == ("Đơn vị", "Tên đơn vị", "Chỉ tiêu")
    assert ("tuy-hoa", "VKSND thành phố Tuy Hòa", "giai-quyet-tin-bao") in [r[:3] for r in rows]
    assert tree_digest(root) == unchanged
    assert client.request("POST", TEMPLATE).status in (403, 405)  # a download, never a write


def test_the_downloaded_sheet_filled_in_imports_back(client: StudioClient) -> None:
    root = client.server.root
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(TEMPLATE).body))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "song-cau" and row[2].value == "tra-ho-so":
            row[4].value, row[5].value = "1.234", "2.000"  # as staff type them
    out = io.BytesIO()
    workbook.save(out)
    answer = client.upload(
        IMPORT, [("Kết quả 2021-h1.xlsx", out.getvalue())], client.get(PERIOD).field("csrf")
    )
    assert answer.status == 200, answer.text
    entry = next(
        e
        for e in yaml.safe_load((root / RESULTS).read_text("utf-8"))["results"]
        if e["indicator"] == "tra-ho-so"
    )
    assert (entry["numerator"], entry["denominator"]) == (1234, 2000)


def test_a_sheet_of_a_period_that_does_not_exist_is_a_404(client: StudioClient) -> None:
    answer = client.get("/ky/2099-h9/mau-bang-tinh.xlsx")
    assert (answer.status, answer.text) == (404, "Không có kỳ báo cáo này.")
