"""The office's studio accepted as the office will use it (issue #21): in Chromium, through nginx
with TLS (tests/studio/proxy.py: the shipped nginx site, the README's certificate command, the
systemd unit's command line), on a period made the way staff start one.

A project holding only the organisation's files (site.yml, units.yml, indicators.yml copied
from the demo, and the logo site.yml names) gets its period from ``baocao new-period 2022-h1`` and two units' photos from
``baocao ingest`` of an inbox each; the administrator creates the five accounts with ``baocao
users add --password-stdin``. Then, each person in a browser of their own:

- two unit contributors log in, fill their own unit's items (caption, narration, category,
  date; «Lưu» on each) and results (numbers as staff type them: «1.234», «95,62»), and press
  «Gửi văn phòng»;
- contributor A opens B's unit page (403 «Không được phép») and posts its own valid forms to
  B's addresses with its cookies (403): B's files stay byte for byte;
- the office returns A's part with a comment («Trả lại»: a comment is required) and accepts
  B's («Duyệt phần của …»); A reads the comment on its page;
- the office sends and accepts every other unit of the period (one through the pages, the rest
  through the same form posts with its CSRF token), A fixes its part and sends it again, the
  office accepts it;
- the leadership signs the period off («Duyệt kỳ»), after which the office's write is refused
  («đã được lãnh đạo duyệt»).

Finally ``baocao audit`` lists the five logins, each contributor's writes under its account,
A's refusals, and every review step with the account that took it; ``baocao check`` exits 0.
No request leaves 127.0.0.1 or /studio/, no console error or unasked error answer occurs, and
axe-core finds no serious violation on the office's period page.

Screenshots: /tmp/acceptance-van-phong.png (the office's period page after the return),
/tmp/acceptance-don-vi-tra-lai.png (A's results page with the office's comment) and
/tmp/acceptance-lanh-dao.png (the leadership's period page after the sign-off).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image
from studio.proxy import (
    PROXY_TEST,
    REPO,
    Browsing,
    Deployment,
    browsing,
    deployed,
    log_in,
    open_page,
    run_baocao,
    serious_violations,
    shot,
)
from studio.tabs import chromium

pytestmark = PROXY_TEST
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

PERIOD = "2022-h1"
TITLE = "Sơ kết công tác 6 tháng đầu năm 2022"
FOLDER = f"content/periods/{PERIOD}"
REVIEW = f"{FOLDER}/review.yml"
PASSWORD = "mat-khau-thu-nghiem-2022"
ADMIN, OFFICE, LEADER = "quan.tri", "tran.thi.b", "le.van.c"
ACCOUNTS = [  # as the administrator types them (docs: the guide's «Quản trị» section)
    (ADMIN, "--role", "quan-tri"),
    ("nguyen.van.a", "--role", "don-vi", "--unit", "tuy-hoa"),
    ("pham.thi.d", "--role", "don-vi", "--unit", "song-cau"),
    (OFFICE, "--role", "van-phong"),
    (LEADER, "--role", "lanh-dao", "--restricted"),
]
NOT_YOURS = "Không thực hiện: tài khoản chỉ làm việc với phần của đơn vị mình."
FIX_NOTE = "Còn 66 tin báo đang xác minh, chuyển sang kỳ sau."
RETURN_COMMENT = "Thiếu ghi chú giải trình chỉ tiêu giải quyết tin báo; bổ sung rồi gửi lại."


@dataclass(frozen=True)
class Photo:
    inbox_name: str  # as it arrives from the unit
    stem: str  # its name under media/, by ingest's clean-name rule
    caption: str
    narration: str
    category: str
    date: str  # dd/mm/yyyy as shown or typed
    taken: str | None = None  # EXIF DateTimeOriginal: ingest reads the date from it

    def filed(self, unit: str) -> str:
        return f"{PERIOD}/{unit}/{self.stem}.jpg"


@dataclass(frozen=True)
class Contributor:
    account: str
    unit: str
    unit_name: str
    inbox: str  # the inbox folder's name, as staff name it
    photos: tuple[Photo, ...]
    # (indicator, {field: as typed}, what the live cell shows); the file is made public
    results: tuple[tuple[str, dict[str, str], str], ...]

    @property
    def page(self) -> str:
        return f"/ky/{PERIOD}/don-vi/{self.unit}"

    @property
    def files(self) -> list[str]:
        return [f"{FOLDER}/highlights/{self.unit}.yml", f"{FOLDER}/results/{self.unit}.yml"]


A = Contributor(
    "nguyen.van.a",
    "tuy-hoa",
    "VKSND thành phố Tuy Hòa",
    "Tuy Hòa",
    (
        Photo(
            "Hội nghị sơ kết.jpg",
            "hoi-nghi-so-ket",
            "Hội nghị triển khai công tác năm 2022",
            "Đầu tháng Mười hai, VKSND thành phố Tuy Hòa triển khai công tác năm 2022.",
            "quan-ly",
            "14/12/2021",
            taken="2021:12:14 08:30:00",
        ),
        Photo(
            "Ảnh qua Zalo.jpg",
            "anh-qua-zalo",
            "Kiểm sát trực tiếp nhà tạm giữ Công an thành phố",
            "Tháng Ba, đơn vị kiểm sát trực tiếp việc tạm giữ, tạm giam.",
            "nghiep-vu",
            "15/03/2022",
        ),
    ),
    (
        ("giai-quyet-tin-bao", {"numerator": "1.234", "denominator": "1.300"}, "94,92%"),
        ("chat-luong-khang-nghi", {"value": "95,62"}, "95,62%"),
        ("tam-giu-tam-giam-qua-han", {"value": "0"}, "0 người"),
    ),
)
B = Contributor(
    "pham.thi.d",
    "song-cau",
    "VKSND thị xã Sông Cầu",
    "Sông Cầu",
    (
        Photo(
            "Hội nghị sơ kết.jpg",
            "hoi-nghi-so-ket",
            "Tập huấn nghiệp vụ kiểm sát điều tra",
            "Cán bộ VKSND thị xã Sông Cầu tham gia tập huấn nghiệp vụ.",
            "nghiep-vu",
            "20/01/2022",
            taken="2022:01:20 09:00:00",
        ),
        Photo(
            "Ảnh qua Zalo.jpg",
            "anh-qua-zalo",
            "Trao đổi với phóng viên về phiên tòa lưu động",
            "Lãnh đạo đơn vị trao đổi với báo chí sau phiên tòa lưu động.",
            "quan-ly",
            "05/04/2022",
        ),
    ),
    (
        ("giai-quyet-tin-bao", {"numerator": "1.410", "denominator": "1 500"}, "94%"),
        ("tam-giu-tam-giam-qua-han", {"value": "1", "note": "Quá hạn 1 ngày."}, "1 người"),
    ),
)


def _jpeg(path: Path, colour: tuple[int, int, int], taken: str | None) -> None:
    """A small JPEG (a few KiB) the size a projector wants; ``taken`` as a camera writes it."""
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal, in the Exif IFD
    out = io.BytesIO()
    Image.new("RGB", (1280, 720), colour).save(out, "JPEG", quality=50, exif=exif)
    path.write_bytes(out.getvalue())


def _project(folder: Path) -> Path:
    """A period started the way staff start one, two units' photos ingested, the accounts."""
    project = folder / "du-an"
    (project / "content").mkdir(parents=True)
    for name in ("site.yml", "units.yml", "indicators.yml"):
        shutil.copy(REPO / "content" / name, project / "content" / name)
    (project / "media").mkdir()
    shutil.copy(REPO / "media" / "logo.png", project / "media")  # the logo site.yml names
    made = run_baocao(
        *(project, "new-period", PERIOD, "--start", "2021-12-01", "--end", "2022-05-31"),
        *("--kind", "half-year"),
    )
    assert f"Đã tạo kỳ báo cáo {PERIOD} trong {FOLDER}/" in made.stdout
    for n, who in enumerate((A, B)):
        inbox = folder / "hộp thư" / who.inbox  # outside the project, as staff receive it
        inbox.mkdir(parents=True)
        for k, photo in enumerate(who.photos):
            _jpeg(inbox / photo.inbox_name, (60 + 90 * n, 100 + 60 * k, 160), photo.taken)
        ingested = run_baocao(project, "ingest", str(inbox), "--period", PERIOD, "--unit", who.unit)
        assert f"Đã chép {len(who.photos)} tệp vào media/{PERIOD}/" in ingested.stdout
    for name, *options in ACCOUNTS:
        run_baocao(project, "users", "add", name, *options, "--password-stdin", stdin=PASSWORD)
    listed = run_baocao(project, "users", "list").stdout
    assert all(name in listed for name, *_ in ACCOUNTS), listed
    return project


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    project = _project(tmp_path)
    (tmp_path / "may-chu").mkdir()
    with deployed(project, tmp_path / "may-chu") as deployment:
        yield deployment


# --- what people do in the pages --------------------------------------------------------------


def _digest(project: Path, rels: list[str]) -> dict[str, str]:
    return {
        rel: hashlib.sha256((project / rel).read_bytes()).hexdigest()
        for rel in rels
        if (project / rel).exists()
    }


def _tree(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for folder in ("content", "media")
        for p in sorted((project / folder).rglob("*"))
        if p.is_file()
    }


def _said(tab: Browsing) -> list[str]:
    """The page's messages after an action (flash notes), one each."""
    return [text.strip() for text in tab.page.locator(".flash").all_inner_texts()]


def _click(tab: Browsing, button: Any) -> None:
    """Click a button that posts a form; wait for the page it lands on."""
    with tab.page.expect_navigation():
        button.click()
    tab.page.wait_for_load_state("networkidle")


def _log_in(tab: Browsing, deployment: Deployment, name: str) -> None:
    """Open the studio's address as staff do: the login page, then the list of periods."""
    open_page(tab, deployment.studio + "/")
    assert tab.page.url == deployment.studio + "/dang-nhap?tiep=%2F"
    assert log_in(tab, name, PASSWORD).status == 303
    assert tab.page.url == deployment.studio + "/"
    assert name in tab.page.locator("nav .account").inner_text()


def _csrf(tab: Browsing) -> str:
    return tab.page.locator("input[name=csrf]").first.input_value()


def _post(tab: Browsing, deployment: Deployment, path: str, fields: dict[str, str]) -> Any:
    """A form posted from the tab's context (its cookies; the Origin a browser sends) with
    Playwright's request API; redirects followed, as a browser does."""
    return tab.page.request.post(
        deployment.studio + path, form=fields, headers={"Origin": deployment.base}
    )


def _fill_unit(tab: Browsing, deployment: Deployment, who: Contributor) -> None:
    """The contributor's own unit, from the period's page: each photo's fields, then results."""
    page = tab.page
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.progress tbody tr")
    assert rows.count() == 1  # its own unit only
    assert rows.first.locator("th").inner_text() == who.unit_name
    rows.first.get_by_role("link", name=who.unit_name).click()
    page.wait_for_load_state("networkidle")
    assert page.url == deployment.studio + who.page
    assert page.locator("#phan-tieu-de").inner_text() == "Phần của đơn vị: đang soạn"
    for photo in who.photos:
        item = page.locator("li.item", has=page.locator(".file", has_text=photo.filed(who.unit)))
        date = item.locator("input[name=date]")
        if photo.taken:
            assert date.input_value() == photo.date  # read from the photo by ingest
        else:
            assert date.input_value() == ""
            date.fill(photo.date)
        item.locator("input[name=caption]").fill(photo.caption)
        item.locator("textarea[name=narration]").fill(photo.narration)
        item.locator("select[name=category]").select_option(photo.category)
        item.locator("select[name=visibility]").select_option("public")
        _click(tab, item.get_by_role("button", name="Lưu", exact=True))
        assert f"Đã lưu «{photo.caption}»." in _said(tab)[0]

    page.get_by_role("link", name="Nhập kết quả chỉ tiêu →").click()
    page.wait_for_load_state("networkidle")
    assert page.url == deployment.studio + who.page + "/ket-qua"
    for indicator, fields, shown in who.results:
        row = page.locator(f'tr[data-indicator="{indicator}"]')
        for name, value in fields.items():
            row.locator(f'input[name="{indicator}.{name}"]').fill(value)
        page.wait_for_function(
            "([id, text]) => document.querySelector(`tr[data-indicator=${id}] .live strong`)"
            ".textContent === text",
            arg=[indicator, shown],
        )
    page.get_by_label("Mức công khai của cả tệp").select_option("public")
    _click(tab, page.get_by_role("button", name="Lưu kết quả"))
    assert "Đã lưu kết quả." in _said(tab)[0]


def _send(tab: Browsing, who_name: str) -> None:
    """«Gửi văn phòng» on the page open; the part is then read-only to its unit."""
    _click(tab, tab.page.get_by_role("button", name="Gửi văn phòng"))
    assert f"Đã gửi văn phòng phần của {who_name}." in _said(tab)[0]
    assert tab.page.locator("#phan-tieu-de").inner_text() == "Phần của đơn vị: đã gửi"


def _part_cell(tab: Browsing, unit_name: str) -> Any:
    """The «Phần của đơn vị» cell of a unit's row on the period's page."""
    row = tab.page.locator(
        "table.progress tbody tr", has=tab.page.get_by_role("link", name=unit_name, exact=True)
    )
    return row.locator("td.part")


@dataclass(frozen=True)
class Line:
    """One line of ``baocao audit``: «time · kind · account · address · key=value, …»."""

    kind: str
    account: str
    detail: dict[str, str]


def _audit(project: Path) -> list[Line]:
    """``baocao audit``, read as staff read it (a value may hold «, »: keys are lower-case
    words followed by «=»)."""
    lines = []
    for text in run_baocao(project, "audit").stdout.splitlines():
        _when, kind, account, _address, *rest = text.split(" · ", 4)
        pairs = re.findall(r"([a-z_]+)=(.*?)(?=, [a-z_]+=|$)", rest[0] if rest else "")
        lines.append(Line(kind, account, dict(pairs)))
    return lines


# --- the acceptance -----------------------------------------------------------------------------


def test_two_units_the_office_and_the_leadership_through_nginx(deployment: Deployment) -> None:
    project, studio = deployment.project, deployment.studio
    units = yaml.safe_load((project / "content/units.yml").read_text("utf-8"))
    names = {u["id"]: u["name"] for u in units}
    reporting = _reporting(project)
    assert len(reporting) == 16  # every unit of units.yml active in 2022

    with chromium(sync_api) as browser, contextlib.ExitStack() as people:
        admin, a, b, office, leader = (people.enter_context(browsing(browser)) for _ in range(5))

        # The administrator checks the accounts work: logs in, reads «Nhật ký».
        _log_in(admin, deployment, ADMIN)
        admin.page.get_by_role("link", name="Nhật ký").click()
        admin.page.wait_for_load_state("networkidle")
        assert admin.page.url == studio + "/nhat-ky"

        # Two contributors, each in its own browser: its unit filled, then sent.
        for tab, who in ((a, A), (b, B)):
            _log_in(tab, deployment, who.account)
            _fill_unit(tab, deployment, who)
            _send(tab, who.unit_name)
            # Read-only to its unit now: the form's fields and button are disabled.
            assert tab.page.get_by_role("button", name="Lưu kết quả").is_disabled()
        results_a = yaml.safe_load((project / A.files[1]).read_text("utf-8"))
        assert results_a["visibility"] == "public"
        typed = {r.pop("indicator"): r for r in results_a["results"]}
        assert typed == {
            "giai-quyet-tin-bao": {"numerator": 1234, "denominator": 1300},
            "tam-giu-tam-giam-qua-han": {"value": 0},
            "chat-luong-khang-nghi": {"value": 95.62},
        }
        highlights_b = yaml.safe_load((project / B.files[0]).read_text("utf-8"))
        filled = {m["file"]: (m["caption"], m["category"]) for m in highlights_b["media"]}
        assert filled == {p.filed(B.unit): (p.caption, p.category) for p in B.photos}

        # A tries B's page and B's forms: refused, nothing of B's written.
        b_files = _digest(project, [*B.files, REVIEW])
        a.expected = {studio.removeprefix(deployment.base) + B.page}
        refused = open_page(a, studio + B.page)
        assert refused.status == 403
        assert a.page.locator("h1").inner_text() == "Không được phép"
        assert "chỉ làm việc với phần của đơn vị mình" in a.page.locator("main").inner_text()
        assert B.photos[0].caption not in a.page.content()
        open_page(a, studio + A.page)
        form = a.page.locator("#muc-0 form.fields")
        own = {
            name: form.locator(f"[name={name}]").input_value()
            for name in ("csrf", "digest", "file", "caption", "narration", "category", "date")
        }
        own["visibility"] = "public"
        answer = _post(a, deployment, B.page + "/muc/0", own)
        assert (answer.status, answer.text()) == (403, NOT_YOURS)
        # The same form with B's own file named and its current digest: still refused.
        b_item = {
            **own,
            "digest": b_files[B.files[0]],
            "file": B.photos[0].filed(B.unit),
            "caption": "Chú thích sửa trộm",
        }
        answer = _post(a, deployment, B.page + "/muc/0", b_item)
        assert (answer.status, answer.text()) == (403, NOT_YOURS)
        answer = _post(a, deployment, B.page + "/gui", {"csrf": own["csrf"]})
        assert (answer.status, answer.text()) == (403, NOT_YOURS)
        assert _digest(project, [*B.files, REVIEW]) == b_files

        # The office: A's part returned with a comment, B's accepted.
        _log_in(office, deployment, OFFICE)
        office.page.get_by_role("link", name=TITLE).click()
        office.page.wait_for_load_state("networkidle")
        assert office.page.url == studio + f"/ky/{PERIOD}"
        assert office.page.locator("table.progress tbody tr").count() == len(reporting)
        cell = _part_cell(office, A.unit_name)
        assert cell.locator("strong").inner_text() == "đã gửi"
        comment = cell.get_by_label(f"Nhận xét khi trả lại {A.unit_name}")
        # Empty: the browser does not send it (the field is required).
        cell.get_by_role("button", name="Trả lại").click()
        assert comment.evaluate("t => t.validity.valueMissing")
        comment.fill("   ")  # blanks only: the studio asks for a real comment
        _click(office, _part_cell(office, A.unit_name).get_by_role("button", name="Trả lại"))
        assert _said(office) == ["Chưa làm được: hãy ghi nhận xét: đơn vị cần biết sửa gì."]
        cell = _part_cell(office, A.unit_name)
        cell.get_by_label(f"Nhận xét khi trả lại {A.unit_name}").fill(RETURN_COMMENT)
        _click(office, cell.get_by_role("button", name="Trả lại"))
        assert _said(office) == [f"Đã trả lại phần của {A.unit_name} kèm nhận xét."]
        cell = _part_cell(office, A.unit_name)
        assert cell.locator("strong").inner_text() == "trả lại"
        assert f"Nhận xét: {RETURN_COMMENT}" in cell.inner_text()
        shot(office, "/tmp/acceptance-van-phong.png")
        serious = serious_violations(office)
        assert serious in (None, []), serious  # None: axe-core is not installed
        _click(
            office,
            _part_cell(office, B.unit_name).get_by_role(
                "button", name=f"Duyệt phần của {B.unit_name}"
            ),
        )
        assert _said(office) == [f"Đã duyệt phần của {B.unit_name}."]
        assert _part_cell(office, B.unit_name).locator("strong").inner_text() == "đã duyệt"

        # A reads the comment on its own page, which is editable again.
        open_page(a, studio + A.page + "/ket-qua")
        assert a.page.locator("#phan-tieu-de").inner_text() == "Phần của đơn vị: trả lại"
        assert a.page.get_by_role("note").inner_text() == (
            f"Văn phòng trả lại, nhận xét: {RETURN_COMMENT}"
        )
        assert a.page.get_by_role("button", name="Lưu kết quả").is_enabled()
        shot(a, "/tmp/acceptance-don-vi-tra-lai.png")

        # The leadership cannot sign off yet: one unit of sixteen accepted.
        _log_in(leader, deployment, LEADER)
        open_page(leader, studio + f"/ky/{PERIOD}")
        signoff = leader.page.locator("section.signoff")
        assert f"Đã duyệt phần của 1/{len(reporting)} đơn vị." in signoff.inner_text()
        assert signoff.get_by_role("button", name="Duyệt kỳ").is_disabled()

        # The office sends and accepts the other units: the first through its page...
        others = [u for u in reporting if u not in (A.unit, B.unit)]
        first = others[0]
        open_page(office, studio + f"/ky/{PERIOD}/don-vi/{first}")
        _send(office, names[first])
        _click(office, office.page.get_by_role("button", name=f"Duyệt phần của {names[first]}"))
        assert _said(office) == [f"Đã duyệt phần của {names[first]}."]
        # ... the rest with the same forms, posted with the office's token.
        token = _csrf(office)
        for unit in others[1:]:
            for step, fields in (("gui", {}), ("duyet", {"quyet-dinh": "duyet"})):
                answer = _post(
                    office,
                    deployment,
                    f"/ky/{PERIOD}/don-vi/{unit}/{step}",
                    {"csrf": token, **fields},
                )
                assert answer.status == 200, (unit, step, answer.status)
                assert answer.url == studio + f"/ky/{PERIOD}", answer.url

        # A fixes its part as the comment asks and sends it again; the office accepts it.
        a.page.locator('input[name="giai-quyet-tin-bao.note"]').fill(FIX_NOTE)
        _click(a, a.page.get_by_role("button", name="Lưu kết quả"))
        assert "Đã lưu kết quả." in _said(a)[0]
        # The note added; the figures the page showed back («1234», «95.62») kept as they were.
        saved = yaml.safe_load((project / A.files[1]).read_text("utf-8"))["results"]
        assert {r.pop("indicator"): r for r in saved} == {
            "giai-quyet-tin-bao": {"numerator": 1234, "denominator": 1300, "note": FIX_NOTE},
            "tam-giu-tam-giam-qua-han": {"value": 0},
            "chat-luong-khang-nghi": {"value": 95.62},
        }
        _send(a, A.unit_name)
        open_page(office, studio + f"/ky/{PERIOD}")
        _click(
            office,
            _part_cell(office, A.unit_name).get_by_role(
                "button", name=f"Duyệt phần của {A.unit_name}"
            ),
        )
        assert _said(office) == [f"Đã duyệt phần của {A.unit_name}."]

        # The leadership signs the period off.
        open_page(leader, studio + f"/ky/{PERIOD}")
        signoff = leader.page.locator("section.signoff")
        total = len(reporting)
        assert f"Đã duyệt phần của {total}/{total} đơn vị." in signoff.inner_text()
        _click(leader, signoff.get_by_role("button", name="Duyệt kỳ"))
        assert _said(leader) == ["Đã duyệt kỳ: kỳ báo cáo chỉ còn để xem."]
        assert "Lãnh đạo đã duyệt kỳ" in leader.page.locator("section.signoff").inner_text()
        shot(leader, "/tmp/acceptance-lanh-dao.png")

        # Signed off: the office's write is refused, nothing changes.
        before = _tree(project)
        open_page(office, studio + B.page + "/ket-qua")
        assert office.page.get_by_role("button", name="Lưu kết quả").is_disabled()
        assert "Kỳ đã được lãnh đạo duyệt lúc" in office.page.locator("section.part").inner_text()
        fields = {
            "csrf": _csrf(office),
            "digest": office.page.locator("form.results [name=digest]").input_value(),
            "visibility": "public",
            "giai-quyet-tin-bao.numerator": "1.411",
            "giai-quyet-tin-bao.denominator": "1 500",
        }
        answer = _post(office, deployment, B.page + "/ket-qua", fields)
        assert answer.status == 403 and "đã được lãnh đạo duyệt" in answer.text()
        assert _tree(project) == before

    review = yaml.safe_load((project / REVIEW).read_text("utf-8"))
    assert review["signed_off"]["by"] == LEADER
    assert {u: p["state"] for u, p in review["units"].items()} == {u: "da-duyet" for u in reporting}

    # `baocao audit` tells all of it: who logged in, wrote, was refused, took each step.
    trail = _audit(project)
    logins = [entry.account for entry in trail if entry.kind == "dang-nhap"]
    assert sorted(logins) == sorted(name for name, *_ in ACCOUNTS)
    highlights, results = A.files
    wrote = [
        entry.detail["tep"] for entry in trail if entry.kind == "ghi" and entry.account == A.account
    ]
    # two captions, the results, the sending; the results fixed, the second sending
    assert wrote == [highlights, highlights, results, REVIEW, results, REVIEW]
    highlights, results = B.files
    wrote = [
        entry.detail["tep"] for entry in trail if entry.kind == "ghi" and entry.account == B.account
    ]
    assert wrote == [highlights, highlights, results, REVIEW]
    refused = [
        (entry.detail["duong_dan"], entry.detail["viec"], entry.detail["don_vi"])
        for entry in trail
        if entry.kind == "bi-tu-choi" and entry.account == A.account
    ]
    assert refused == [
        (f"/ky/{PERIOD}/don-vi/{B.unit}", "xem-don-vi", B.unit),
        (f"/ky/{PERIOD}/don-vi/{B.unit}/muc/0", "sua-don-vi", B.unit),
        (f"/ky/{PERIOD}/don-vi/{B.unit}/muc/0", "sua-don-vi", B.unit),
        (f"/ky/{PERIOD}/don-vi/{B.unit}/gui", "gui", B.unit),
    ]
    steps = [entry for entry in trail if entry.kind == "trang-thai"]
    taken = [(e.account, e.detail["buoc"], e.detail.get("don_vi")) for e in steps]
    assert taken[:4] == [
        (A.account, "gui", A.unit),
        (B.account, "gui", B.unit),
        (OFFICE, "tra-lai", A.unit),
        (OFFICE, "duyet", B.unit),
    ]
    assert steps[2].detail["nhan_xet"] == RETURN_COMMENT
    assert taken[4:-3] == [(OFFICE, step, unit) for unit in others for step in ("gui", "duyet")]
    assert taken[-3:] == [
        (A.account, "gui", A.unit),
        (OFFICE, "duyet", A.unit),
        (LEADER, "duyet-ky", None),
    ]
    late = [
        entry.detail for entry in trail if entry.kind == "bi-tu-choi" and entry.account == OFFICE
    ]
    assert [(d["duong_dan"], d["ly_do"]) for d in late] == [
        (
            f"/ky/{PERIOD}/don-vi/{B.unit}/ket-qua",
            "kỳ báo cáo đã được lãnh đạo duyệt, chỉ còn để xem",
        )
    ]

    # And the project is valid.
    check = run_baocao(project, "check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def _reporting(project: Path) -> list[str]:
    """The units that report in the period: one highlights file each, made by new-period."""
    return sorted(p.stem for p in (project / FOLDER / "highlights").glob("*.yml"))
