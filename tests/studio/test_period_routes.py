"""Every route that names a period answers 404 for one that does not exist, and writes nothing
(red team F1); «Kỳ báo cáo mới» on the studio's home."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from pathlib import Path

import pytest
from studio.client import StudioClient, make_project, tree_digest

from generator.load.loader import load_project
from generator.workflow.new_period import new_period

NO_PERIOD = "Không có kỳ báo cáo này."
PAGES = [
    "/ky/{p}",
    "/ky/{p}/kich-ban",
    "/ky/{p}/bao-cao",
    "/ky/{p}/don-vi/tuy-hoa/ket-qua",
    "/ky/{p}/don-vi/tuy-hoa",
    "/ky/{p}/xem-truoc/tien-do",
    "/ky/{p}/xem-truoc.mp4",
]
WRITES = [
    "/ky/{p}/kich-ban/cac-phan",
    "/ky/{p}/kich-ban/loi-dan",
    "/ky/{p}/bao-cao",
    "/ky/{p}/don-vi/tuy-hoa/ket-qua",
    "/ky/{p}/xem-truoc",
    "/ky/{p}/nhap-ket-qua",
    "/ky/{p}/don-vi/tuy-hoa/muc/0",
    "/ky/{p}/don-vi/tuy-hoa/muc/0/di-chuyen",
    "/ky/{p}/don-vi/tuy-hoa/muc/0/bo",
    "/ky/{p}/don-vi/tuy-hoa/muc/0/thu-am",
    "/ky/{p}/don-vi/tuy-hoa/tai-len",
]


@pytest.mark.parametrize("period", ["2099-h9", "..", "2021-H1"])
def test_every_route_of_a_period_that_does_not_exist_is_a_404_and_writes_nothing(
    client: StudioClient, period: str
) -> None:
    root = client.server.root
    before = tree_digest(root)
    token = client.get("/ky/2021-h1/bao-cao").field("csrf")
    for path in PAGES:
        answer = client.get(path.format(p=period))
        assert (answer.status, answer.text) == (404, NO_PERIOD), path
    fields = {
        "csrf": token,
        "digest": "",
        "khoa": "intro",
        "loi-dan": "x",
        "noi-dung": "# Báo cáo",
        "visibility": "internal",
        "giai-quyet-tin-bao.numerator": "1",
        **{f"thu-tu-{s}": str(n) for n, s in enumerate(["mo-dau", "chi-tieu", "don-vi"], 1)},
        "thu-tu-ket-thuc": "4",
    }
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": client.server.base}
    for path in WRITES:
        answer = client.request("POST", path.format(p=period), body, headers)
        assert (answer.status, answer.text) == (404, NO_PERIOD), path
    assert tree_digest(root) == before
    assert not (root / "content/video.yml").exists() and not (root / "content/report.md").exists()


def test_every_route_of_a_unit_that_does_not_exist_is_a_404_and_writes_nothing(
    client: StudioClient,
) -> None:
    root = client.server.root
    before = tree_digest(root)
    token = client.get("/ky/2021-h1/bao-cao").field("csrf")
    unit_pages = [p for p in PAGES if "tuy-hoa" in p]
    for path in unit_pages:
        answer = client.get(path.format(p="2021-h1").replace("tuy-hoa", "khong-co"))
        assert (answer.status, answer.text) == (404, "Không có đơn vị này."), path
    body = urllib.parse.urlencode({"csrf": token, "digest": "", "caption": "x"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": client.server.base}
    for path in (p for p in WRITES if "tuy-hoa" in p):
        target = path.format(p="2021-h1").replace("tuy-hoa", "khong-co")
        answer = client.request("POST", target, body, headers)
        assert (answer.status, answer.text) == (404, "Không có đơn vị này."), path
    assert tree_digest(root) == before


NEW = "/ky-moi"


def _new_form(client: StudioClient, **typed: str) -> dict[str, str]:
    home = client.get("/")
    assert home.status == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"', home.text)[1]
    return {
        "csrf": token,
        "loai": "half-year",
        "nam": "2021",
        "so": "2",
        "ma": "2021-h2",
        "tieu-de": "Sơ kết công tác 6 tháng cuối năm 2021",
        "bat-dau": "01/06/2021",
        "ket-thuc": "30/11/2021",
        **typed,
    }


def test_the_home_page_proposes_a_period_from_the_sector_s_calendar(
    client: StudioClient,
) -> None:
    home = client.get("/?loai=half-year&nam=2021&so=2")
    assert "Kỳ báo cáo mới" in home.text
    for name, value in (
        ("ma", "2021-h2"),
        ("tieu-de", "Sơ kết công tác 6 tháng cuối năm 2021"),
        ("bat-dau", "01/06/2021"),
        ("ket-thuc", "30/11/2021"),
    ):
        assert re.search(rf'name="{name}"[^>]* value="{re.escape(value)}"', home.text), name
    assert '<option value="half-year" selected>6 tháng</option>' in home.text
    year = json.loads(client.get("/ky-moi/de-xuat?loai=year&nam=2022").text)
    assert year == {
        "ma": "2022",
        "tieu-de": "Tổng kết công tác năm 2022",
        "bat-dau": "01/12/2021",
        "ket-thuc": "30/11/2022",
    }
    quarter = json.loads(client.get("/ky-moi/de-xuat?loai=quarter&nam=2022&so=1").text)
    assert quarter["ma"] == "2022-q1" and quarter["bat-dau"] == "01/12/2021"
    wrong = json.loads(client.get("/ky-moi/de-xuat?loai=quarter&nam=2022&so=5").text)
    assert wrong == {"loi": "quý phải là một số từ 1 đến 4"}
    # without the page's script, «Đề xuất» asks the server for the same: nothing is made
    before = tree_digest(client.server.root)
    fields = _new_form(client, loai="year", nam="2022", so="", ma="", **{"de-xuat": "1"})
    again = client.post(NEW, fields)
    assert again.status == 200
    assert re.search(r'name="ma"[^>]* value="2022"', again.text)
    assert re.search(r'name="bat-dau"[^>]* value="01/12/2021"', again.text)
    assert tree_digest(client.server.root) == before


def test_a_new_period_is_scaffolded_as_new_period_does_then_opened(
    client: StudioClient, tmp_path: Path
) -> None:
    root = client.server.root
    answer = client.post(NEW, _new_form(client, **{"tieu-de": "Sơ kết 6 tháng cuối năm 2021"}))
    assert answer.status == 303, answer.text
    assert answer.headers["location"] == "/ky/2021-h2"
    folder = root / "content/periods/2021-h2"
    # the same files as the command writes for the same period
    twin = make_project(tmp_path / "twin")
    new_period(
        twin,
        "2021-h2",
        dt.date(2021, 6, 1),
        dt.date(2021, 11, 30),
        "half-year",
        "Sơ kết 6 tháng cuối năm 2021",
    )
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    expected = twin / "content/periods/2021-h2"
    assert written == sorted(
        p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file()
    )
    for name in written:
        assert (folder / name).read_text("utf-8") == (expected / name).read_text("utf-8"), name
    page = client.get("/ky/2021-h2")
    assert page.status == 200 and "Sơ kết 6 tháng cuối năm 2021" in page.text
    assert "Đã tạo kỳ báo cáo" in page.text
    assert load_project(root).project.period("2021-h2").period.kind == "half-year"


def test_an_existing_period_is_refused_with_the_typed_values_kept(client: StudioClient) -> None:
    root = client.server.root
    before = tree_digest(root)
    typed = {"ma": "2021-h1", "tieu-de": "Tiêu đề tôi vừa gõ", "bat-dau": "02/12/2020"}
    answer = client.post(NEW, _new_form(client, **typed))
    assert answer.status == 409
    assert "Đã có kỳ báo cáo «2021-h1»" in answer.text
    for name, value in typed.items():
        assert re.search(rf'name="{name}"[^>]* value="{re.escape(value)}"', answer.text), name
    assert tree_digest(root) == before


def test_a_wrong_new_period_is_said_at_its_fields_and_nothing_written(
    client: StudioClient,
) -> None:
    root = client.server.root
    before = tree_digest(root)
    answer = client.post(NEW, _new_form(client, **{"ma": "2021 H2", "ket-thuc": "31/02/2021"}))
    assert answer.status == 422
    assert "mã kỳ báo cáo «2021 H2» không hợp lệ" in answer.text
    assert "«31/02/2021» không phải ngày" in answer.text
    other = client.post(NEW, _new_form(client, loai="quarter"))
    assert other.status == 422 and "mã kỳ «2021-h2» là mã của 6 tháng" in other.text
    assert tree_digest(root) == before


def test_a_new_period_needs_the_studio_s_own_page(client: StudioClient) -> None:
    root = client.server.root
    fields = _new_form(client)
    assert client.post(NEW, {**fields, "csrf": "sai"}).status == 403
    foreign = StudioClient(client.server, dict(client.cookies), origin="http://evil.example")
    assert foreign.post(NEW, fields).status == 403
    assert not (root / "content/periods/2021-h2").exists()


def test_every_warning_counted_on_the_period_page_is_shown_where_it_is_counted(
    client: StudioClient,
) -> None:
    """Item 6: the period-wide warning (the public version has no results) stands as the
    period's, not as the first unit's «1 cảnh báo» that its page never shows."""
    page = client.get("/ky/2021-h1").text
    row = re.search(
        r"<tr[^>]*>\s*<th scope=\"row\"><a[^>]*>VKSND thành phố Tuy Hòa.*?</tr>", page, re.S
    )
    assert row and "0 lỗi, 0 cảnh báo" in row[0]
    assert "Cả kỳ: 1 cảnh báo" in page
    assert "không có phần «Kết quả thực hiện chỉ tiêu»" in page
    # a unit's own warning is counted in its row and listed there too
    highlights = client.server.root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    highlights.write_text(
        highlights.read_text("utf-8").replace("    category: nghiep-vu\n", ""), "utf-8"
    )
    page = client.get("/ky/2021-h1").text
    row = re.search(
        r"<tr[^>]*>\s*<th scope=\"row\"><a[^>]*>VKSND thành phố Tuy Hòa.*?</tr>", page, re.S
    )
    assert "0 lỗi, 1 cảnh báo" in row[0]
    assert "chưa chọn nhóm («category»)" in row[0]
