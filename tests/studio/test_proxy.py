"""The office's deployment run for real: ``deploy/nginx-baocao.conf`` itself (ports, paths and
certificate substituted, nothing else) in a private nginx on loopback, with the self-signed
certificate made by the very openssl command ``deploy/README.md`` documents, in front of the
studio started by the command ``deploy/baocao-studio.service`` runs (its ExecStart: ``baocao
--project P studio --listen 127.0.0.1:PORT --root-path /studio --server-name 127.0.0.1``) on a
copy of the demo project. Chromium goes through ``https://127.0.0.1:PORT/studio/`` as staff do
through ``https://NAME/studio/``. The deployment is set up by tests/studio/proxy.py, shared with
test_acceptance_office.py.

Screenshots: /tmp/proxy-login.png (the login page) and /tmp/proxy-period.png (the period page
as a unit's contributor sees it).
"""

from __future__ import annotations

import hashlib
import http.client
import re
import shutil
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from studio.proxy import (
    PROXY_TEST,
    REPO,
    SITE_MARK,
    Browsing,
    Deployment,
    deployed,
    log_in,
    open_page,
    run_baocao,
    serious_violations,
    shot,
    trusting,
)
from studio.proxy import browsing as browsing_context
from studio.tabs import chromium

pytestmark = PROXY_TEST
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

CONTRIBUTOR = "nguyen.van.a"  # don-vi of tuy-hoa
ADMIN = "quan.tri"
PASSWORD = "mat-khau-thu-nghiem-2021"
PERIOD = "/ky/2021-h1"
OWN = "/ky/2021-h1/don-vi/tuy-hoa"
OTHER = "/ky/2021-h1/don-vi/song-cau"
OWN_FILE = "content/periods/2021-h1/highlights/tuy-hoa.yml"
OTHER_FILE = "content/periods/2021-h1/highlights/song-cau.yml"


# --- the deployment (tests/studio/proxy.py) on a copy of the demo project ---------------------


def _baocao(project: Path, *args: str, stdin: str | None = None) -> str:
    return run_baocao(project, *args, stdin=stdin).stdout


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("proxy")
    project = tmp / "du-an"
    project.mkdir()
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "media", project / "media")
    admin = ("users", "add", ADMIN, "--role", "quan-tri", "--password-stdin")
    _baocao(project, *admin, stdin=PASSWORD + "\n")
    contributor = ("users", "add", CONTRIBUTOR, "--role", "don-vi", "--unit", "tuy-hoa")
    _baocao(project, *contributor, "--password-stdin", stdin=PASSWORD + "\n")
    with deployed(project, tmp) as deployment:
        yield deployment


# --- plain HTTP and TLS, without a browser -----------------------------------------------------


def _plain(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        return answer.status, answer.getheader("location", "")
    finally:
        conn.close()


def _get(deployment: Deployment, path: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(deployment.base + path)
    try:
        with urllib.request.urlopen(request, context=trusting(deployment), timeout=10) as answer:
            return answer.status, dict(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def test_plain_http_is_only_a_redirect_to_https(deployment: Deployment) -> None:
    tls = deployment.tls_port
    for path in ("/studio/ky/2021-h1", "/", "/ky-bao-cao/2021-h1/tuy-hoa.html?x=1"):
        status, location = _plain(deployment.http_port, path)
        assert (status, location) == (301, f"https://127.0.0.1:{tls}{path}")


def test_tls_with_the_documented_certificate_and_the_published_site(
    deployment: Deployment,
) -> None:
    # The certificate the README's command makes is valid for the address staff type: a client
    # trusting it checks the name (IP SAN) and the chain.
    with (
        socket.create_connection(("127.0.0.1", deployment.tls_port), 10) as raw,
        trusting(deployment).wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        assert tls.version() == "TLSv1.3"
    tls12 = trusting(deployment)
    tls12.maximum_version = ssl.TLSVersion.TLSv1_2
    with (
        socket.create_connection(("127.0.0.1", deployment.tls_port), 10) as raw,
        tls12.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        cipher = tls.cipher()
        assert cipher is not None
        assert cipher[1] == "TLSv1.2"
        assert cipher[0].startswith("ECDHE-") and ("GCM" in cipher[0] or "CHACHA" in cipher[0])

    status, headers, body = _get(deployment, "/")
    assert status == 200
    assert SITE_MARK in body.decode("utf-8")
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    status, headers, body = _get(deployment, "/video/2021-h1.vtt")
    assert (status, headers["Content-Type"]) == (200, "text/vtt; charset=utf-8")
    status, headers, body = _get(deployment, "/ky-bao-cao/khong-co.html")
    assert status == 404 and "Không tìm thấy trang" in body.decode("utf-8")
    # The studio under its prefix: /studio by nginx, the root by the studio (a login first).
    conn = http.client.HTTPSConnection(
        "127.0.0.1", deployment.tls_port, context=trusting(deployment), timeout=10
    )
    conn.request("GET", "/studio")
    answer = conn.getresponse()
    answer.read()
    assert (answer.status, answer.getheader("location")) == (
        301,
        f"{deployment.base}/studio/",
    )
    conn.request("GET", "/studio/")
    answer = conn.getresponse()
    answer.read()
    assert (answer.status, answer.getheader("location")) == (303, "/studio/dang-nhap?tiep=%2F")
    assert answer.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert answer.getheader("Content-Security-Policy", "").startswith("default-src 'self'")
    conn.close()


def _log_in_plainly(deployment: Deployment, name: str) -> str:
    """Log in with the login form's fields, without a browser; the session cookie."""
    conn = http.client.HTTPSConnection(
        "127.0.0.1", deployment.tls_port, context=trusting(deployment), timeout=10
    )
    conn.request("GET", "/studio/dang-nhap")
    answer = conn.getresponse()
    page = answer.read().decode("utf-8")
    anonymous = answer.getheader("set-cookie", "").split(";")[0]
    token = re.search(r'name="csrf" value="([^"]*)"', page)
    assert token is not None
    form = urllib.parse.urlencode({"csrf": token[1], "ten": name, "mat-khau": PASSWORD})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": deployment.base,
        "Cookie": anonymous,
    }
    conn.request("POST", "/studio/dang-nhap", form, headers)
    answer = conn.getresponse()
    answer.read()
    conn.close()
    assert answer.status == 303
    return answer.getheader("set-cookie", "").split(";")[0]


def test_an_upload_too_large_is_refused_at_once_in_vietnamese(deployment: Deployment) -> None:
    """Request bodies are not buffered by nginx: the studio reads an upload's Content-Length
    before any byte of it and refuses past 512 MiB in Vietnamese; nginx refuses only past its
    own limit (520 MiB), which is above the studio's."""
    cookie = _log_in_plainly(deployment, CONTRIBUTOR)
    answers = []
    for size in (540_000_000, 600_000_000):  # above 512 MiB; above 520 MiB
        started = time.monotonic()
        conn = http.client.HTTPSConnection(
            "127.0.0.1", deployment.tls_port, context=trusting(deployment), timeout=10
        )
        conn.putrequest("POST", "/studio" + OWN + "/tai-len")
        for header, value in (
            ("Content-Type", "multipart/form-data; boundary=x"),
            ("Content-Length", str(size)),
            ("Origin", deployment.base),
            ("Cookie", cookie),
        ):
            conn.putheader(header, value)
        conn.endheaders(b"--x\r\n")  # a few bytes of the body only
        answer = conn.getresponse()
        answers.append((answer.status, answer.read().decode("utf-8", "replace")))
        conn.close()
        assert time.monotonic() - started < 5
    (studio, studio_text), (edge, edge_text) = answers
    assert (studio, studio_text) == (
        413,
        "Không thực hiện: nội dung gửi lên quá lớn (tối đa 512 MiB mỗi lần).",
    )
    assert edge == 413 and "Request Entity Too Large" in edge_text


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(sync_api) as browser:
        yield browser


@pytest.fixture
def browsing(browser: Any) -> Iterator[Browsing]:
    """A fresh tab (no cookie), certificate errors ignored (the test's certificate is trusted
    by no browser); a request off 127.0.0.1, a console error or an unasked error answer fails."""
    with browsing_context(browser) as tab:
        yield tab


def _open(tab: Browsing, url: str) -> Any:
    return open_page(tab, url)


def _log_in(tab: Browsing, name: str) -> Any:
    """Fill the login form as staff do; the answer of its POST."""
    return log_in(tab, name, PASSWORD)


def _shot(tab: Browsing, path: str) -> None:
    shot(tab, path)


def test_login_page_through_the_proxy(deployment: Deployment, browsing: Browsing) -> None:
    page = browsing.page
    _open(browsing, deployment.base + "/studio" + PERIOD)
    assert page.url == deployment.base + "/studio/dang-nhap?tiep=%2Fky%2F2021-h1"
    assert page.get_by_label("Tên đăng nhập").is_visible()
    assert page.get_by_label("Mật khẩu").is_visible()
    assert page.get_by_role("button", name="Đăng nhập").is_visible()
    assert page.locator("h1").inner_text() == "Đăng nhập Studio báo cáo"
    # The studio's stylesheet came through the prefix (an error answer fails in the fixture).
    sheets = page.evaluate("[...document.styleSheets].map(s => [s.href, s.cssRules.length])")
    assert [deployment.base + "/studio/static/studio.css", 1] < max(sheets)
    _shot(browsing, "/tmp/proxy-login.png")

    serious = serious_violations(browsing)  # axe-core ("assert report['passes']" inside)
    if serious is None:
        pytest.skip("axe-core (npm) is not installed: node_modules/axe-core or BAOCAO_AXE")
    assert serious == []


def _post_form(tab: Browsing, url: str, fields: dict[str, str]) -> dict[str, Any]:
    """POST ``fields`` as a form from the page (the browser adds its cookie and Origin)."""
    return tab.page.evaluate(
        """async ([url, fields]) => {
            const answer = await fetch(url, {method: "POST", body: new URLSearchParams(fields)});
            return {status: answer.status, redirected: answer.redirected, url: answer.url};
        }""",
        [url, fields],
    )


def test_a_unit_contributor_through_the_proxy(deployment: Deployment, browsing: Browsing) -> None:
    page, base, project = browsing.page, deployment.base, deployment.project
    _open(browsing, base + "/studio" + PERIOD)
    posted = _log_in(browsing, CONTRIBUTOR)

    # (b) The session's cookie: Secure (the scheme came from nginx), HttpOnly, SameSite=Strict,
    # and only for the studio's prefix.
    assert posted.status == 303
    cookie = posted.header_value("set-cookie")
    assert cookie is not None and cookie.startswith("baocao_studio=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=strict", "path=/studio/"} <= attributes, cookie
    (stored,) = page.context.cookies()
    assert (stored["secure"], stored["httpOnly"], stored["sameSite"], stored["path"]) == (
        True,
        True,
        "Strict",
        "/studio/",
    )
    # Landed on the page asked for, which lists its own unit only.
    assert page.url == base + "/studio" + PERIOD
    rows = page.locator("table.progress tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("th").inner_text() == "VKSND thành phố Tuy Hòa"
    _shot(browsing, "/tmp/proxy-period.png")
    rows.first.get_by_role("link", name="VKSND thành phố Tuy Hòa").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "/studio" + OWN
    image = page.locator(".item img").first
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")  # media under the prefix

    # (c) A caption edited through the form is written, and the trail names the account.
    own = project / OWN_FILE
    before = own.read_text("utf-8")
    caption = "Hội nghị triển khai công tác năm 2021 (sửa qua nginx)"
    page.locator("#muc-0 input[name=caption]").fill(caption)
    page.locator("#muc-0").get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_selector(f"text=Đã lưu «{caption}».")
    after = own.read_text("utf-8")
    assert yaml.safe_load(after)["media"][0]["caption"] == caption
    changed = set(before.splitlines()) ^ set(after.splitlines())
    assert len(changed) == 2, changed  # the caption's line, nothing else

    # (d) Another unit: its page is refused, and so is a form to it that would be valid.
    token = page.locator("#muc-1 input[name=csrf]").input_value()
    browsing.expected = {"/studio" + OTHER, "/studio" + OTHER + "/muc/1"}
    refused = _open(browsing, base + "/studio" + OTHER)
    assert refused.status == 403
    other = project / OTHER_FILE
    other_bytes = other.read_bytes()
    item = yaml.safe_load(other_bytes)["media"][1]
    assert item["caption"] not in page.content()
    fields = {
        "csrf": token,
        "digest": hashlib.sha256(other_bytes).hexdigest(),
        "file": item["file"],
        "caption": "Chú thích sửa trộm",
        "narration": item["narration"],
        "category": item["category"],
        "date": item["date"].strftime("%d/%m/%Y"),
        "visibility": "public",
    }
    answer = _post_form(browsing, base + "/studio" + OTHER + "/muc/1", fields)
    assert answer["status"] == 403
    assert other.read_bytes() == other_bytes
    # The same form, with its own file's values, is taken on the contributor's own unit.
    mine = yaml.safe_load(after)["media"][1]
    own_bytes = own.read_bytes()
    fields |= {
        "digest": hashlib.sha256(own_bytes).hexdigest(),
        "file": mine["file"],
        "caption": "Chú thích sửa qua biểu mẫu",
        "narration": mine["narration"],
        "category": mine["category"],
        "date": mine["date"].strftime("%d/%m/%Y"),
        "visibility": mine.get("visibility", "public"),
    }
    answer = _post_form(browsing, base + "/studio" + OWN + "/muc/1", fields)
    assert (answer["status"], answer["redirected"], answer["url"]) == (
        200,
        True,
        base + "/studio" + OWN,
    )
    assert yaml.safe_load(own.read_text("utf-8"))["media"][1]["caption"] == fields["caption"]

    trail = _baocao(project, "audit").splitlines()
    kinds = [line.split(" · ")[1:3] for line in trail]
    assert ["dang-nhap", CONTRIBUTOR] in kinds
    writes = [line for line in trail if f" · ghi · {CONTRIBUTOR} · " in line]
    assert len(writes) == 2 and all(OWN_FILE in line for line in writes), trail
    refusals = [line for line in trail if f" · bi-tu-choi · {CONTRIBUTOR} · " in line]
    assert len(refusals) == 2 and all("song-cau" in line for line in refusals), trail

    # Signing out ends the session: the next page asks to log in again.
    _open(browsing, base + "/studio" + OWN)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "/studio/dang-nhap"
    _open(browsing, base + "/studio" + OWN)
    assert page.url.startswith(base + "/studio/dang-nhap?tiep=")


def test_everything_stays_under_the_prefix(deployment: Deployment, browsing: Browsing) -> None:
    """Every request a page makes, and every link of the guide, stays under /studio/."""
    page = browsing.page
    _open(browsing, deployment.base + "/studio/huong-dan")
    _log_in(browsing, CONTRIBUTOR)
    assert page.url == deployment.base + "/studio/huong-dan"
    _open(browsing, deployment.base + "/studio/huong-dan/studio")  # a page with screenshots
    links = page.eval_on_selector_all(".guide a[href]", "links => links.map(a => a.href)")
    assert [u for u in links if urlsplit(u).hostname == "127.0.0.1"], "no link in the guide"
    outside = [u for u in links if not urlsplit(u).path.startswith("/studio/")]
    assert (browsing.outside, outside) == ([], [])
    assert page.evaluate("document.fonts.check('1em \"Be Vietnam Pro\"')")
