"""Results of a period from a spreadsheet, on the period page: import-results' rules, undoable."""

from __future__ import annotations

import json

from studio.client import StudioClient, tree_digest

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
