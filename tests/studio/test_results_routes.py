"""A unit's results in the grid: figures typed as the spreadsheet reads them, messages at the
field in the field's own Vietnamese words, the row whole in the error state."""

from __future__ import annotations

import json
import re
import urllib.parse

import yaml
from studio.client import Answer, StudioClient

GRID = "/ky/2021-h1/don-vi/tuy-hoa/ket-qua"
RESULTS = "content/periods/2021-h1/results/tuy-hoa.yml"
VALUE_INDICATOR = """\
- id: diem-chat-luong
  name: Điểm chất lượng công tác kiểm sát
  measure: value
  comparator: ">="
  target: 90
"""


def _save(client: StudioClient, **figures: str) -> Answer:
    page = client.get(GRID)
    fields = {"csrf": page.field("csrf"), "digest": page.field("digest"), "visibility": ""}
    fields |= {
        "giai-quyet-tin-bao.numerator": "152",
        "giai-quyet-tin-bao.denominator": "160",
        "giai-quyet-tin-bao.note": "Còn 8 tin báo đang xác minh.",
        "tam-giam-qua-han.value": "0",
    }
    return client.post(GRID, fields | figures)


def _entry(client: StudioClient, indicator: str) -> dict:
    data = yaml.safe_load((client.server.root / RESULTS).read_text("utf-8"))
    return next(e for e in data["results"] if e["indicator"] == indicator)


def test_counts_typed_with_thousands_marks_are_whole_numbers(client: StudioClient) -> None:
    answer = _save(
        client,
        **{
            "giai-quyet-tin-bao.numerator": "1.234",
            "giai-quyet-tin-bao.denominator": "1 500",
            "tam-giam-qua-han.value": "2.000",
        },
    )
    assert answer.status == 303, answer.text
    entry = _entry(client, "giai-quyet-tin-bao")
    assert (entry["numerator"], entry["denominator"]) == (1234, 1500)
    assert _entry(client, "tam-giam-qua-han")["value"] == 2000
    text = (client.server.root / RESULTS).read_text("utf-8")
    assert "numerator: 1234\n" in text and "denominator: 1500\n" in text


def test_a_decimal_value_takes_the_decimal_comma(client: StudioClient) -> None:
    indicators = client.server.root / "content/indicators.yml"
    indicators.write_text(indicators.read_text("utf-8") + VALUE_INDICATOR, "utf-8")
    answer = _save(client, **{"diem-chat-luong.value": "95,62"})
    assert answer.status == 303, answer.text
    assert _entry(client, "diem-chat-luong")["value"] == 95.62
    live = client.get("/api/danh-gia?chi_tieu=diem-chat-luong&value=95%2C62")
    assert json.loads(live.text)["text"] == "95,62"
    # The grid gives it back as it was typed: «95.62» would read as 9562 there.
    page = client.get("/ky/2021-h1/don-vi/tuy-hoa/ket-qua")
    assert 'name="diem-chat-luong.value" inputmode="decimal" value="95,62"' in page.text


def test_the_live_result_reads_figures_by_the_same_rule(client: StudioClient) -> None:
    query = urllib.parse.urlencode(
        {"chi_tieu": "giai-quyet-tin-bao", "numerator": "1.234", "denominator": "1.500"}
    )
    live = json.loads(client.get("/api/danh-gia?" + query).text)
    assert live["status"] == "not_met" and live["text"] == "82,27%", live
    wrong = json.loads(client.get("/api/danh-gia?chi_tieu=tam-giam-qua-han&value=1%2C5").text)
    assert wrong["status"] == "invalid"
    assert wrong["label"] == "giá trị: «1,5» không phải số nguyên"


def test_a_wrong_figure_is_said_at_its_field_in_its_own_words(client: StudioClient) -> None:
    before = (client.server.root / RESULTS).read_text("utf-8")
    answer = _save(
        client,
        **{
            "giai-quyet-tin-bao.numerator": "abc",
            "giai-quyet-tin-bao.note": "Ghi chú vừa gõ",
            "tam-giam-qua-han.value": "1,5",
        },
    )
    assert answer.status == 422
    assert (client.server.root / RESULTS).read_text("utf-8") == before
    row = re.search(r'<tr data-indicator="giai-quyet-tin-bao">.*?</tr>', answer.text, re.S)[0]
    numerator = re.search(r'name="giai-quyet-tin-bao.numerator".*?</td>', row, re.S)[0]
    assert 'value="abc"' in numerator and 'aria-invalid="true"' in numerator
    assert '<p class="loi">tử số: «abc» không phải số</p>' in numerator
    assert "chỉ tiêu &gt; 90%" in row  # the target stays in the error state
    assert 'name="giai-quyet-tin-bao.note" value="Ghi chú vừa gõ"' in row
    count = re.search(r'<tr data-indicator="tam-giam-qua-han">.*?</tr>', answer.text, re.S)[0]
    assert '<p class="loi">giá trị: «1,5» không phải số nguyên</p>' in count
    assert "chỉ tiêu = 0 người" in count
    assert ".yml:" not in answer.text and "«numerator»" not in answer.text


def test_the_loader_s_own_message_names_the_field_by_its_label(client: StudioClient) -> None:
    answer = _save(
        client,
        **{"giai-quyet-tin-bao.numerator": "170", "giai-quyet-tin-bao.denominator": "160"},
    )
    assert answer.status == 422
    row = re.search(r'<tr data-indicator="giai-quyet-tin-bao">.*?</tr>', answer.text, re.S)[0]
    assert "tử số (170) lớn hơn mẫu số (160)" in row
    assert ".yml:" not in row and "trường «" not in row
    missing = _save(client, **{"giai-quyet-tin-bao.denominator": ""})
    assert missing.status == 422
    denominator = re.search(r'name="giai-quyet-tin-bao.denominator".*?</td>', missing.text, re.S)[0]
    assert "thiếu «mẫu số»" in denominator
