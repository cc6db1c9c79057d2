"""Every route that names a period answers 404 for one that does not exist, and writes nothing
(red team F1); «Kỳ báo cáo mới» on the studio's home."""

from __future__ import annotations

import urllib.parse

import pytest
from studio.client import StudioClient, tree_digest

NO_PERIOD = "Không có kỳ báo cáo này."
PAGES = [
    "/ky/{p}",
    "/ky/{p}/kich-ban",
    "/ky/{p}/bao-cao",
    "/ky/{p}/don-vi/tuy-hoa/ket-qua",
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
