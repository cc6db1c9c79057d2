"""The office's studio: every route behind the one policy, logins, sessions, the audit trail.

In-process (Starlette's TestClient) on the tests' tiny project, with accounts made by the store
the ``baocao users`` commands use. What is asserted is what a browser gets: the status, the
page, the bytes, the files on disk and the audit trail.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient
from studio.client import make_project, tree_digest

from generator.office.accounts import AccountStore, Role
from generator.office.audit import AuditLog, Kind
from generator.studio.gate import OPEN_PATHS, RULES
from generator.studio.server import create_app
from generator.studio.sessions import Sessions, Throttle

BASE = "http://127.0.0.1:8765"
ORIGIN = {"Origin": BASE}
PASSWORDS = {
    "quantri": "mat-khau-quan-tri",
    "vanphong": "mat-khau-van-phong",
    "tuyhoa": "mat-khau-tuy-hoa",
    "songcau": "mat-khau-song-cau",
}
PHOTO = "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
SONG_CAU_RESULTS = "content/periods/2021-h1/results/song-cau.yml"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    store = AccountStore(root)
    store.add("quantri", Role.ADMIN, PASSWORDS["quantri"])
    store.add("vanphong", Role.OFFICE, PASSWORDS["vanphong"])
    store.add("tuyhoa", Role.UNIT, PASSWORDS["tuyhoa"], units=["tuy-hoa"])
    store.add("songcau", Role.UNIT, PASSWORDS["songcau"], units=["song-cau"])
    return root


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app_client(project: Path, clock: Clock) -> Iterator[TestClient]:
    app = create_app(project, 8765, office=True)
    office = app.state.studio.office
    office.sessions = Sessions(clock=clock)
    office.throttle = Throttle(clock=clock)
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        yield client


def _fresh(app_client: TestClient) -> TestClient:
    """Another browser on the same studio (its own cookies)."""
    return TestClient(app_client.app, base_url=BASE, follow_redirects=False)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def _login(client: TestClient, name: str, password: str | None = None, next_path: str = "/"):
    page = client.get("/dang-nhap", params={"tiep": next_path})
    form = {
        "csrf": _csrf(page.text),
        "ten": name,
        "mat-khau": PASSWORDS[name] if password is None else password,
        "tiep": next_path,
    }
    return client.post("/dang-nhap", data=form, headers=ORIGIN)


def _restrict_the_photo(project: Path) -> None:
    """Tuy Hòa's one highlight item (the photo) made restricted."""
    highlights = project / HIGHLIGHTS
    text = highlights.read_text("utf-8")
    highlights.write_text(text.replace("visibility: public", "visibility: restricted"), "utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_route_has_a_rule(project: Path) -> None:
    app = create_app(project, 8765, office=True)
    paths = {r.path for r in app.routes if isinstance(r, Route)}
    open_routes = {"/dang-nhap", "/dang-xuat", "/phong-chu/BeVietnamPro-{weight}.ttf"}
    assert paths - open_routes - set(RULES) == set()
    assert set(RULES) - paths == set()  # no rule for a route that no longer exists
    assert [m.path for m in app.routes if isinstance(m, Mount)] == ["/static"]
    assert {"/dang-nhap", "/favicon.ico"} == OPEN_PATHS


def _concrete(template: str) -> str:
    return (
        template.replace("{period}", "2021-h1")
        .replace("{unit}", "tuy-hoa")
        .replace("{index:int}", "0")
        .replace("{path:path}", PHOTO)
        .replace("{page}", "index")
        .replace("{folder}", "anh")
        .replace("{name}", "x.png")
    )


def test_anonymous_requests_to_every_route_get_nothing(
    app_client: TestClient, project: Path
) -> None:
    before = {p: _digest(p) for p in (project / "content").rglob("*") if p.is_file()}
    photo = (project / "media" / PHOTO).read_bytes()
    for template, rule in RULES.items():
        path = _concrete(template)
        if rule.read is not None:
            answer = app_client.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/dang-nhap?tiep=")
            assert photo[:64] not in answer.content
        if rule.write is not None:
            answer = app_client.post(path, data={"csrf": "x", "tep": HIGHLIGHTS}, headers=ORIGIN)
            assert answer.status_code == 401, path
            assert "cần đăng nhập" in answer.text
    after = {p: _digest(p) for p in (project / "content").rglob("*") if p.is_file()}
    assert after == before


def test_the_login_page_names_its_fields_and_refuses_framing(app_client: TestClient) -> None:
    page = app_client.get("/dang-nhap")
    assert page.status_code == 200
    for label in ("Tên đăng nhập", "Mật khẩu", "Đăng nhập"):
        assert label in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_a_contributor_works_on_its_own_unit_only(app_client: TestClient, project: Path) -> None:
    answer = _login(app_client, "tuyhoa", next_path="/ky/2021-h1")
    assert answer.status_code == 303 and answer.headers["location"] == "/ky/2021-h1"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")

    period = app_client.get("/ky/2021-h1")
    assert period.status_code == 200
    assert "/ky/2021-h1/don-vi/tuy-hoa" in period.text
    assert "/ky/2021-h1/don-vi/song-cau" not in period.text  # another unit is not offered
    assert "nhap-ket-qua" not in period.text and "kich-ban" not in period.text
    assert app_client.get("/ky/2021-h1/don-vi/tuy-hoa").status_code == 200
    assert app_client.get(f"/tep/{PHOTO}").content == (project / "media" / PHOTO).read_bytes()

    other = app_client.get("/ky/2021-h1/don-vi/song-cau/ket-qua", headers={"Accept": "text/html"})
    assert other.status_code == 403
    assert "tài khoản chỉ làm việc với phần của đơn vị mình" in other.text
    for path in ("/ky/2021-h1/kich-ban", "/cai-dat-bao-cao", "/ky-moi/de-xuat"):
        assert app_client.get(path).status_code == 403, path

    # A valid form of its own page, posted to another unit's address: refused, nothing written.
    own = app_client.get("/ky/2021-h1/don-vi/tuy-hoa/ket-qua")
    form = {"csrf": _csrf(own.text), "digest": "", "muc-cong-khai": "internal"}
    before = _digest(project / SONG_CAU_RESULTS)
    refused = app_client.post("/ky/2021-h1/don-vi/song-cau/ket-qua", data=form, headers=ORIGIN)
    assert refused.status_code == 403
    undo = {"csrf": form["csrf"], "tep": SONG_CAU_RESULTS, "quay-lai": "/"}
    assert app_client.post("/hoan-tac", data=undo, headers=ORIGIN).status_code == 403
    assert _digest(project / SONG_CAU_RESULTS) == before

    entries = AuditLog(project).entries()
    assert next(e.kind for e in entries if e.account == "tuyhoa") is Kind.LOGIN
    refusals = [e for e in entries if e.kind is Kind.REFUSED and e.account == "tuyhoa"]
    assert {e.detail["duong_dan"] for e in refusals} >= {
        "/ky/2021-h1/don-vi/song-cau/ket-qua",
        "/hoan-tac",
        "/cai-dat-bao-cao",
    }


def test_a_restricted_item_needs_the_accounts_own_flag(
    app_client: TestClient, project: Path
) -> None:
    _restrict_the_photo(project)
    _login(app_client, "tuyhoa")
    assert app_client.get(f"/tep/{PHOTO}").status_code == 403
    assert app_client.get(f"/anh-nho/{PHOTO}").status_code == 403
    office = _fresh(app_client)
    _login(office, "vanphong")
    assert office.get(f"/tep/{PHOTO}").status_code == 403  # the office too, without the flag
    AccountStore(project).add("lanhdao", Role.LEADERSHIP, "mat-khau-lanh-dao", restricted=True)
    PASSWORDS["lanhdao"] = "mat-khau-lanh-dao"
    leader = _fresh(app_client)
    _login(leader, "lanhdao")
    assert leader.get(f"/tep/{PHOTO}").status_code == 200
    status = "/ky/2021-h1/xem-truoc/tien-do?doi-tuong=restricted"
    assert leader.get(status).json() == {"state": "chua-co"}  # may ask for a restricted preview
    assert office.get(status).status_code == 403
    assert "tài liệu mật" in office.get(status).text


def test_twenty_wrong_passwords_lock_the_name_even_for_the_right_one(
    app_client: TestClient, clock: Clock
) -> None:
    for _ in range(20):
        answer = _login(app_client, "tuyhoa", password="sai-mat-khau-roi")
        assert answer.status_code in (401, 429)
    locked = _login(app_client, "tuyhoa")
    assert locked.status_code == 429
    assert "thử lại sau khoảng 15 phút" in locked.text
    clock.now += 15 * 60 + 1
    assert _login(_fresh(app_client), "tuyhoa").status_code == 303


def test_a_name_that_does_not_exist_is_answered_as_one_that_does(app_client: TestClient) -> None:
    known = _login(_fresh(app_client), "tuyhoa", password="sai-mat-khau-roi")
    unknown = _login(_fresh(app_client), "khongco", password="sai-mat-khau-roi")
    assert known.status_code == unknown.status_code == 401
    token = re.compile(r"[0-9a-f]{64}")  # each page's own CSRF token
    assert token.sub("", known.text) == token.sub("", unknown.text).replace("khongco", "tuyhoa")


def test_a_session_ends_when_idle_or_old(app_client: TestClient, clock: Clock) -> None:
    _login(app_client, "vanphong")
    assert app_client.get("/ky/2021-h1").status_code == 200
    clock.now += 2 * 60 * 60 + 1
    assert app_client.get("/ky/2021-h1").status_code == 303  # idle: back to the login page
    _login(app_client, "vanphong")
    for _ in range(13):  # active all day, never idle for long
        clock.now += 60 * 60
        answer = app_client.get("/ky/2021-h1")
    assert answer.status_code == 303  # past the absolute limit


def test_a_disabled_account_is_out_at_once(app_client: TestClient, project: Path) -> None:
    _login(app_client, "tuyhoa")
    assert app_client.get("/ky/2021-h1/don-vi/tuy-hoa").status_code == 200
    AccountStore(project).disable("tuyhoa")
    assert app_client.get("/ky/2021-h1/don-vi/tuy-hoa").status_code == 303


def test_a_write_is_audited_with_its_account(app_client: TestClient, project: Path) -> None:
    _login(app_client, "tuyhoa")
    page = app_client.get("/ky/2021-h1/don-vi/tuy-hoa")
    digest = re.search(r'name="digest" value="([^"]+)"', page.text)
    assert digest
    form = {
        "csrf": _csrf(page.text),
        "digest": digest.group(1),
        "file": PHOTO,
        "caption": "Kiểm sát nhà tạm giữ Công an thành phố Tuy Hòa",
        "category": "nghiep-vu",
        "date": "2021-03-12",
        "narration": "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.",
        "visibility": "public",
    }
    before = _digest(project / HIGHLIGHTS)
    saved = app_client.post("/ky/2021-h1/don-vi/tuy-hoa/muc/0", data=form, headers=ORIGIN)
    assert saved.status_code == 303, saved.text
    assert "Công an thành phố Tuy Hòa" in (project / HIGHLIGHTS).read_text("utf-8")
    write = [e for e in AuditLog(project).entries() if e.kind is Kind.WRITE][-1]
    assert write.account == "tuyhoa" and write.detail["tep"] == HIGHLIGHTS
    assert write.detail["truoc"] == before and write.detail["sau"] == _digest(project / HIGHLIGHTS)

    # Only the one who saved is offered «Hoàn tác», and only that one may take it back.
    app_client.get("/ky/2021-h1/don-vi/tuy-hoa")  # the save's own message, with its «Hoàn tác»
    assert "Hoàn tác lần lưu lúc" in app_client.get("/ky/2021-h1/don-vi/tuy-hoa").text
    office = _fresh(app_client)
    _login(office, "vanphong")
    page = office.get("/ky/2021-h1/don-vi/tuy-hoa")
    assert "Hoàn tác" not in page.text
    after = _digest(project / HIGHLIGHTS)
    undo = {"csrf": _csrf(page.text), "tep": HIGHLIGHTS, "quay-lai": "/ky/2021-h1/don-vi/tuy-hoa"}
    refused = office.post("/hoan-tac", data=undo, headers=ORIGIN)
    assert refused.status_code == 303
    said = office.get(refused.headers["location"]).text
    assert "Không hoàn tác được: đó là lần lưu của tài khoản tuyhoa" in said
    assert _digest(project / HIGHLIGHTS) == after


def test_a_login_form_without_its_token_is_refused(app_client: TestClient) -> None:
    app_client.get("/dang-nhap")
    form = {"ten": "vanphong", "mat-khau": PASSWORDS["vanphong"]}
    assert app_client.post("/dang-nhap", data=form, headers=ORIGIN).status_code == 403
    evil = {"Origin": "http://127.0.0.1:9999"}
    page = app_client.get("/dang-nhap")
    form["csrf"] = _csrf(page.text)
    assert app_client.post("/dang-nhap", data=form, headers=evil).status_code == 403


def test_listening_beyond_loopback_needs_an_administrator(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    command = [sys.executable, "-m", "generator", "--project", str(root), "studio"]
    done = subprocess.run(
        [*command, "--listen", "0.0.0.0:8799"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "chưa có tài khoản quản trị" in done.stdout + done.stderr
    assert "baocao users add" in done.stdout + done.stderr


def test_a_password_typed_as_the_name_is_not_written_down(
    app_client: TestClient, project: Path
) -> None:
    page = app_client.get("/dang-nhap")
    form = {"csrf": _csrf(page.text), "ten": PASSWORDS["tuyhoa"], "mat-khau": "x" * 12}
    assert app_client.post("/dang-nhap", data=form, headers=ORIGIN).status_code == 401
    refused = [e for e in AuditLog(project).entries() if e.kind is Kind.LOGIN_REFUSED]
    assert refused and refused[-1].account == "(không phải tên tài khoản)"
    trail = (project / ".baocao/audit.jsonl").read_text("utf-8")
    assert PASSWORDS["tuyhoa"] not in trail


def test_the_audit_trail_is_read_by_the_office_and_administrators_only(
    app_client: TestClient, project: Path
) -> None:
    _login(_fresh(app_client), "tuyhoa", password="sai-mat-khau-roi")
    AuditLog(project).append(Kind.STATE, "vanphong", nhan_xet="<script>alert(1)</script>")
    unit = _fresh(app_client)
    _login(unit, "tuyhoa")
    assert unit.get("/nhat-ky").status_code == 403
    assert "Nhật ký" not in unit.get("/").text.split("<main>")[0]  # not offered in the header
    for name in ("vanphong", "quantri"):
        reader = _fresh(app_client)
        _login(reader, name)
        page = reader.get("/nhat-ky")
        assert page.status_code == 200, name
        assert "đăng nhập bị từ chối" in page.text and "tuyhoa" in page.text
        assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)" in page.text
        assert 'href="/nhat-ky" aria-current="page"' in page.text


def test_restricted_results_reports_and_storyboards_need_the_flag(
    app_client: TestClient, project: Path
) -> None:
    results = project / "content/periods/2021-h1/results/tuy-hoa.yml"
    results.write_text(
        results.read_text("utf-8").replace(
            "    value: 0\n",
            "    value: 0\n    visibility: restricted\n    note: Số liệu mật 4711\n",
        ),
        "utf-8",
    )
    report = project / "content/periods/2021-h1/report.md"
    report.write_text("---\nvisibility: restricted\n---\n" + report.read_text("utf-8"), "utf-8")
    office = _fresh(app_client)
    _login(office, "vanphong")

    page = office.get("/ky/2021-h1/don-vi/tuy-hoa/ket-qua")
    assert page.status_code == 200
    assert "Số liệu mật 4711" not in page.text
    assert "Kết quả mật: không hiển thị với tài khoản này" in page.text
    # Saving the page changes what was typed and leaves the withheld result as it was.
    fields = dict(re.findall(r'name="([^"]+)" (?:inputmode="[a-z]+" )?value="([^"]*)"', page.text))
    fields.update({"giai-quyet-tin-bao.note": "Đã xác minh xong."})
    fields.pop("csrf", None)
    form = {"csrf": _csrf(page.text), **fields}
    saved = office.post("/ky/2021-h1/don-vi/tuy-hoa/ket-qua", data=form, headers=ORIGIN)
    assert saved.status_code == 303, saved.text
    text = results.read_text("utf-8")
    assert "Đã xác minh xong." in text
    assert "    value: 0\n    visibility: restricted\n    note: Số liệu mật 4711\n" in text

    refused = office.get("/ky/2021-h1/bao-cao", headers={"Accept": "text/html"})
    assert refused.status_code == 403 and "vanphong (Văn phòng)" in refused.text
    board = office.get("/ky/2021-h1/kich-ban?doi-tuong=restricted")
    assert board.status_code == 403
    internal = office.get("/ky/2021-h1/kich-ban")
    assert internal.status_code == 200 and 'value="restricted"' not in internal.text

    AccountStore(project).add("lanhdao2", Role.LEADERSHIP, "mat-khau-lanh-dao", restricted=True)
    PASSWORDS["lanhdao2"] = "mat-khau-lanh-dao"
    leader = _fresh(app_client)
    _login(leader, "lanhdao2")
    assert leader.get("/ky/2021-h1/bao-cao").status_code == 200
    assert "Số liệu mật 4711" in leader.get("/ky/2021-h1/don-vi/tuy-hoa/ket-qua").text


def test_a_unit_file_marked_restricted_is_restricted_as_a_whole(
    app_client: TestClient, project: Path
) -> None:
    highlights = project / HIGHLIGHTS
    highlights.write_text(
        highlights.read_text("utf-8").replace(
            "unit: tuy-hoa\n", "unit: tuy-hoa\nvisibility: restricted\n", 1
        ),
        "utf-8",
    )
    _login(app_client, "tuyhoa")
    assert app_client.get("/ky/2021-h1/don-vi/tuy-hoa").status_code == 403


def test_a_restricted_item_is_not_shown_on_its_units_page_without_the_flag(
    app_client: TestClient, project: Path
) -> None:
    _restrict_the_photo(project)
    _login(app_client, "tuyhoa")
    page = app_client.get("/ky/2021-h1/don-vi/tuy-hoa")
    assert page.status_code == 200
    assert "tài liệu mật, không hiển thị với tài khoản này" in page.text
    assert "Kiểm sát việc tạm giữ, tạm giam" not in page.text  # its caption
    assert "kiem-sat-giam-giu.jpg" not in page.text and "Tháng Ba" not in page.text


@pytest.mark.parametrize(
    ("listen", "said"),
    [
        ("[::1]:8765", "hãy dùng một địa chỉ IPv4"),
        ("may-chu:8765", "không phải địa chỉ IP của máy này"),
        ("127.0.0.1", "hãy ghi dạng ĐỊA-CHỈ:CỔNG"),
    ],
)
def test_a_listen_address_that_cannot_be_served_is_said_at_once(
    tmp_path: Path, listen: str, said: str
) -> None:
    root = make_project(tmp_path / "project")
    command = [sys.executable, "-m", "generator", "--project", str(root), "studio"]
    done = subprocess.run(
        [*command, "--listen", listen], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert said in done.stdout + done.stderr


def test_the_booth_and_its_takes_need_the_flag_for_the_restricted_script(
    app_client: TestClient, project: Path
) -> None:
    """A take is a file under media/<period>/loi-dan/ that no item shows: restricted through
    the media route (it may say the restricted script's figures); the booth plays a take only
    for the audience whose line it was recorded for, and that audience is asked of the policy."""
    take = project / "media/2021-h1/loi-dan/tong-hop-lan-1.m4a"
    take.parent.mkdir(parents=True)
    take.write_bytes(b"\0" * 64)
    office = _fresh(app_client)
    _login(office, "vanphong")
    assert office.get("/tep/2021-h1/loi-dan/tong-hop-lan-1.m4a").status_code == 403
    assert office.get("/ky/2021-h1/phong-thu").status_code == 200
    for path in (
        "/ky/2021-h1/phong-thu?doi-tuong=restricted",
        "/ky/2021-h1/phong-thu/nghe?doi-tuong=restricted&ma=tong-hop",
        "/ky/2021-h1/phong-thu/kich-ban.pdf?doi-tuong=restricted",
    ):
        assert office.get(path).status_code == 403, path
    for path in (  # the gate asks about one audience, the handler must not read another
        "/ky/2021-h1/phong-thu?doi-tuong=public&doi-tuong=restricted",
        "/ky/2021-h1/kich-ban?doi-tuong=public&doi-tuong=restricted",
        "/ky/2021-h1/phong-thu/nghe?doi-tuong=internal&ma=tong-hop&doi-tuong=restricted",
    ):
        answer = office.get(path)
        assert answer.status_code == 400 and "«doi-tuong» lặp lại" in answer.text, path
    page = office.get("/ky/2021-h1/phong-thu")
    before = tree_digest(project)
    refused = office.post(
        "/ky/2021-h1/phong-thu/chon?doi-tuong=restricted",
        data={"csrf": _csrf(page.text), "ma": "tong-hop", "ban": "x"},
        headers=ORIGIN,
    )
    assert refused.status_code == 403
    contributor = _fresh(app_client)
    _login(contributor, "tuyhoa")
    assert contributor.get("/ky/2021-h1/phong-thu").status_code == 403
    token = _csrf(contributor.get("/ky/2021-h1/don-vi/tuy-hoa").text)
    sent = contributor.post(
        "/ky/2021-h1/phong-thu/thu-am?doi-tuong=internal",
        data={"csrf": token, "ma": "tuy-hoa-1", "loi": "x"},
        files={"ghi-am": ("a.wav", b"RIFF")},
        headers=ORIGIN,
    )
    assert sent.status_code == 403
    assert tree_digest(project) == before  # nothing written under content/ or media/
