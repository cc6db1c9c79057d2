"""A period's review in the office's studio, as the people who do it see it: a unit sends its
part, the office returns it with a comment or accepts it, the leadership signs the period off
(then nobody can write) and reopens it; each step on the pages, in review.yml, in the audit.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from studio.client import make_project

from generator.load.loader import load_project
from generator.office.accounts import AccountStore, Role
from generator.office.audit import AuditLog, Kind
from generator.studio.server import create_app

BASE = "http://127.0.0.1:8765"
ORIGIN = {"Origin": BASE}
PASSWORD = "mat-khau-du-dai"
PERIOD = "/ky/2021-h1"
REVIEW = "content/periods/2021-h1/review.yml"
RESULTS = "content/periods/2021-h1/results/tuy-hoa.yml"
UNITS = ("vks-tinh", "tuy-hoa", "song-cau")  # the units reporting in 2021-h1


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    store = AccountStore(root)
    store.add("vanphong", Role.OFFICE, PASSWORD)
    store.add("lanhdao", Role.LEADERSHIP, PASSWORD)
    store.add("tuyhoa", Role.UNIT, PASSWORD, units=["tuy-hoa"])
    return root


@pytest.fixture
def app(project: Path) -> Iterator[TestClient]:
    with TestClient(create_app(project, 8765, office=True), base_url=BASE) as client:
        yield client


def _browser(app: TestClient, name: str) -> TestClient:
    client = TestClient(app.app, base_url=BASE, follow_redirects=False)
    page = client.get("/dang-nhap")
    form = {"csrf": _csrf(page.text), "ten": name, "mat-khau": PASSWORD, "tiep": "/"}
    assert client.post("/dang-nhap", data=form, headers=ORIGIN).status_code == 303
    return client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def _post(client: TestClient, path: str, page: str, **fields: str) -> tuple[int, str]:
    """A form of ``page`` posted to ``path``; (status, the page the browser lands on)."""
    answer = client.post(
        path, data={"csrf": _csrf(client.get(page).text), **fields}, headers=ORIGIN
    )
    if answer.status_code == 303:
        return 303, client.get(answer.headers["location"]).text
    return answer.status_code, answer.text


class _Fields(HTMLParser):
    """The values a browser would send from the page's results form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") != "file":
            self.values[str(a["name"])] = a.get("value") or ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""


def _results_form(client: TestClient, note: str) -> tuple[int, str]:
    parser = _Fields()
    parser.feed(client.get(f"{PERIOD}/don-vi/tuy-hoa/ket-qua").text)
    fields = {**parser.values, "giai-quyet-tin-bao.note": note}
    fields.pop("csrf", None)
    return _post(
        client, f"{PERIOD}/don-vi/tuy-hoa/ket-qua", f"{PERIOD}/don-vi/tuy-hoa/ket-qua", **fields
    )


def test_a_part_goes_from_the_unit_to_the_office_and_back(app: TestClient, project: Path) -> None:
    unit, office = _browser(app, "tuyhoa"), _browser(app, "vanphong")
    page = unit.get(f"{PERIOD}/don-vi/tuy-hoa").text
    assert "Phần của đơn vị: đang soạn" in page and "Gửi văn phòng" in page

    status, landed = _post(
        unit, f"{PERIOD}/don-vi/tuy-hoa/gui", PERIOD, **{"quay-lai": f"{PERIOD}/don-vi/tuy-hoa"}
    )
    assert status == 303 and "Đã gửi văn phòng phần của VKSND thành phố Tuy Hòa." in landed
    assert "Phần của đơn vị: đã gửi" in landed and '<fieldset class="plain" disabled>' in landed

    # Sent: read-only to its unit, nothing written.
    before = (project / RESULTS).read_bytes()
    status, _ = _results_form(unit, "sửa sau khi gửi")
    assert status == 403
    assert (project / RESULTS).read_bytes() == before

    # The office sees the state, and returns it with a comment.
    period = office.get(PERIOD).text
    assert "đã gửi" in period and "Nhận xét khi trả lại VKSND thành phố Tuy Hòa" in period
    status, landed = _post(
        office,
        f"{PERIOD}/don-vi/tuy-hoa/duyet",
        PERIOD,
        **{"quyet-dinh": "tra-lai", "nhan-xet": " "},
    )
    assert "Chưa làm được: hãy ghi nhận xét: đơn vị cần biết sửa gì." in landed
    # The review's states change only by their steps: no undo of review.yml.
    status, landed = _post(office, "/hoan-tac", PERIOD, tep=REVIEW, **{"quay-lai": PERIOD})
    assert "Không hoàn tác được tệp này." in landed
    comment = "Thiếu số liệu chỉ tiêu tạm giam; bổ sung rồi gửi lại."
    status, landed = _post(
        office,
        f"{PERIOD}/don-vi/tuy-hoa/duyet",
        PERIOD,
        **{"quyet-dinh": "tra-lai", "nhan-xet": comment},
    )
    assert status == 303 and "Đã trả lại phần của VKSND thành phố Tuy Hòa kèm nhận xét." in landed

    # Returned: the unit reads the comment and may edit again.
    page = unit.get(f"{PERIOD}/don-vi/tuy-hoa").text
    assert f"Văn phòng trả lại, nhận xét: {comment}" in page
    status, _ = _results_form(unit, "Đã bổ sung theo nhận xét.")
    assert status == 303 and "Đã bổ sung theo nhận xét." in (project / RESULTS).read_text("utf-8")

    # Sent again, accepted by the office.
    _post(unit, f"{PERIOD}/don-vi/tuy-hoa/gui", PERIOD)
    status, landed = _post(
        office, f"{PERIOD}/don-vi/tuy-hoa/duyet", PERIOD, **{"quyet-dinh": "duyet"}
    )
    assert status == 303 and "Đã duyệt phần của VKSND thành phố Tuy Hòa." in landed

    text = (project / REVIEW).read_text("utf-8")
    assert "state: da-duyet" in text and "by: vanphong" in text
    steps = [
        (e.account, e.detail["buoc"]) for e in AuditLog(project).entries() if e.kind is Kind.STATE
    ]
    assert steps == [
        ("tuyhoa", "gui"),
        ("vanphong", "tra-lai"),
        ("tuyhoa", "gui"),
        ("vanphong", "duyet"),
    ]
    assert load_project(project).warnings is not None  # the project still loads


def test_the_leadership_signs_off_only_a_whole_period_then_nobody_writes(
    app: TestClient, project: Path
) -> None:
    office, leader, unit = (
        _browser(app, "vanphong"),
        _browser(app, "lanhdao"),
        _browser(app, "tuyhoa"),
    )
    assert "Duyệt kỳ" not in unit.get(PERIOD).text  # a unit is not offered the sign-off
    status, landed = _post(leader, f"{PERIOD}/duyet-ky", PERIOD)
    assert "Chưa làm được: còn 3 đơn vị chưa được duyệt phần của mình" in landed
    assert not (project / REVIEW).exists()
    assert _post(office, f"{PERIOD}/duyet-ky", PERIOD)[0] == 403  # not the office's to sign

    for unit_id in UNITS:
        _post(office, f"{PERIOD}/don-vi/{unit_id}/gui", PERIOD)  # the office may send for a unit
        _post(office, f"{PERIOD}/don-vi/{unit_id}/duyet", PERIOD, **{"quyet-dinh": "duyet"})
    assert "Đã duyệt phần của 3/3 đơn vị." in leader.get(PERIOD).text
    status, landed = _post(leader, f"{PERIOD}/duyet-ky", PERIOD)
    assert status == 303 and "Đã duyệt kỳ: kỳ báo cáo chỉ còn để xem." in landed
    assert "Lãnh đạo đã duyệt kỳ" in landed and "Mở lại kỳ" in landed

    # Signed off: the office's writes and undo are refused, nothing changes on disk.
    content = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    status, text = _results_form(office, "sửa sau khi duyệt kỳ")
    assert status == 403 and "đã được lãnh đạo duyệt" in text
    undo = {"tep": REVIEW, "quay-lai": PERIOD}
    assert _post(office, "/hoan-tac", PERIOD, **undo)[0] == 403
    assert {p: p.read_bytes() for p in content} == content

    # Reopening is the leadership's explicit, logged act.
    status, landed = _post(leader, f"{PERIOD}/mo-lai", PERIOD)
    assert status == 303 and "Đã mở lại kỳ để sửa." in landed
    assert _results_form(office, "sửa sau khi mở lại")[0] == 303
    steps = [e.detail["buoc"] for e in AuditLog(project).entries() if e.kind is Kind.STATE]
    assert steps[-2:] == ["duyet-ky", "mo-lai"]


def test_publish_says_when_a_period_is_not_signed_off(project: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "generator", "--project", str(project)]
    done = subprocess.run([*command, "check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    published = subprocess.run(
        [*command, "publish", "--to", str(tmp_path / "www")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert published.returncode == 0, published.stdout + published.stderr
    assert "kỳ «2021-h1» chưa được lãnh đạo duyệt" in published.stderr


def test_a_review_file_naming_an_unknown_unit_is_an_error_at_its_line(project: Path) -> None:
    (project / REVIEW).write_text(
        "units:\n  khong-co:\n    state: da-gui\n    by: x\n    at: 2026-12-07T09:00:00+07:00\n",
        "utf-8",
    )
    command = [sys.executable, "-m", "generator", "--project", str(project), "check"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert f"{REVIEW}:2:" in done.stdout + done.stderr
    assert "đơn vị «khong-co» không có trong units.yml" in done.stdout + done.stderr


def test_the_sign_off_says_which_units_sent_nothing(app: TestClient, project: Path) -> None:
    leader = _browser(app, "lanhdao")
    page = leader.get(PERIOD).text
    assert "Lưu ý trước khi duyệt kỳ: 2 đơn vị chưa có ảnh, video nào" in page
    assert "(Viện kiểm sát nhân dân tỉnh Phú Yên, VKSND thị xã Sông Cầu)" in page
    assert "đơn vị chưa đủ kết quả chỉ tiêu" in page
