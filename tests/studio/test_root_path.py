"""The studio under a prefix (``--root-path /studio``, behind nginx): every address a page
gives the browser — links, images, scripts, styles, forms, the URLs its scripts read from
``data-*`` attributes, the font its stylesheet names — stays under the prefix.

In this process, with Starlette's TestClient made to send what uvicorn sends behind nginx: nginx
strips ``/studio`` (``proxy_pass …/``), and uvicorn puts its ``--root-path`` back in front of the
path, so the application sees ``root_path="/studio"`` and ``path="/studio/ky/…"``: the
TestClient's scope with ``root_path`` and the full URL asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from starlette.testclient import TestClient
from studio.client import make_project

from generator.studio.server import create_app

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PREFIX = "/studio"
PAGES = [
    PREFIX + "/",  # the periods
    PREFIX + "/ky/2021-h1",
    PREFIX + "/ky/2021-h1/don-vi/tuy-hoa",
    PREFIX + "/huong-dan",
    PREFIX + "/huong-dan/studio",  # a page with screenshots
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "srcset"}


@pytest.fixture(scope="module")
def prefixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = make_project(tmp_path_factory.mktemp("prefix") / "project")
    app = create_app(root, PORT)
    with TestClient(
        app,
        base_url=BASE,
        root_path=PREFIX,
        follow_redirects=False,
        client=("127.0.0.1", 50000),
    ) as client:
        yield client


class _Addresses(HTMLParser):
    """Every address of a page: (tag, attribute, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                urls = (
                    [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
                )
                self.found += [(tag, name, url) for url in urls if url]
            elif name.startswith("data-") and _looks_like_a_url(value):
                self.found.append((tag, name, value))


def _looks_like_a_url(value: str) -> bool:
    return value.startswith(("/", "http:", "https:", "./", "../"))


def addresses(page: str) -> list[tuple[str, str, str]]:
    parser = _Addresses()
    parser.feed(page)
    return parser.found


def _outside(name: str, url: str) -> bool:
    """Whether the browser would ask ``url`` outside the prefix (of this server)."""
    if url.startswith(("#", "data:", "mailto:")) or (name, url) == ("data-root", PREFIX):
        return False  # data-root: the prefix itself, that the page's script builds on
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc != f"127.0.0.1:{PORT}":
        return False  # another site (the guide's links to the world)
    return not url.startswith(PREFIX + "/") and not parts.path.startswith(PREFIX + "/")


def test_the_test_client_sends_what_uvicorn_sends_behind_nginx(tmp_path: Path) -> None:
    app = create_app(make_project(tmp_path / "project"), PORT)
    seen: list[tuple[str, str]] = []

    async def spy(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            seen.append((scope["root_path"], scope["path"]))
        await app(scope, receive, send)

    with TestClient(spy, base_url=BASE, root_path=PREFIX, client=("127.0.0.1", 50000)) as client:
        assert client.get(PREFIX + "/ky/2021-h1").status_code == 200
    # uvicorn --root-path /studio, asked /ky/2021-h1 by nginx (which stripped /studio)
    assert seen == [(PREFIX, PREFIX + "/ky/2021-h1")]


@pytest.mark.parametrize("path", PAGES)
def test_every_address_of_a_page_is_under_the_prefix(prefixed: TestClient, path: str) -> None:
    answer = prefixed.get(path)
    assert answer.status_code == 200, path
    found = addresses(answer.text)
    assert found, path
    outside = [f"<{tag} {name}={url!r}>" for tag, name, url in found if _outside(name, url)]
    assert outside == [], path
    assert "baocao-root:" not in answer.text  # the guide's mark, every one replaced


def test_the_guide_s_links_and_images_are_under_the_prefix_and_answer(
    prefixed: TestClient,
) -> None:
    page = prefixed.get(PREFIX + "/huong-dan/studio").text
    found = addresses(page)
    images = [url for tag, name, url in found if tag == "img" and name == "src"]
    assert images and all(url.startswith(PREFIX + "/huong-dan/studio/") for url in images)
    for url in images:
        image = prefixed.get(url)
        assert (image.status_code, image.headers["content-type"]) == (200, "image/png"), url
    links = [url for tag, name, url in found if tag == "a" and url.startswith(PREFIX + "/huong")]
    assert PREFIX + "/huong-dan" in links  # the side list and the crumbs: the guide's first page
    assert PREFIX + "/huong-dan/ky-bao-cao" in links  # the text's link to another page (.md)
    for url in set(links):
        assert prefixed.get(url.partition("#")[0]).status_code == 200, url
    index = prefixed.get(PREFIX + "/huong-dan").text
    assert f'<a href="{PREFIX}/huong-dan/studio">Studio</a>' in index


def test_the_font_is_asked_under_the_prefix(prefixed: TestClient) -> None:
    page = prefixed.get(PREFIX + "/")
    sheets = [
        url for tag, name, url in addresses(page.text) if tag == "link" and url.endswith(".css")
    ]
    assert sheets == [PREFIX + "/static/studio.css"]
    sheet_url = urljoin(BASE + PREFIX + "/", sheets[0])
    css = prefixed.get(sheet_url)
    assert css.status_code == 200
    fonts = re.findall(r"url\(\"?([^\")]+)\"?\)", css.text)
    assert len(fonts) == 2
    for font in fonts:
        url = urljoin(sheet_url, font)  # as the browser resolves it: against the stylesheet
        assert urlsplit(url).path.startswith(PREFIX + "/phong-chu/"), font
        answer = prefixed.get(url)
        assert answer.status_code == 200 and answer.content[:4] == b"\x00\x01\x00\x00", url


def test_without_a_prefix_the_same_addresses_are_at_the_root(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    with TestClient(create_app(root, PORT), base_url=BASE, client=("127.0.0.1", 50000)) as client:
        page = client.get("/huong-dan/studio").text
        assert 'src="/huong-dan/studio/' in page and 'href="/huong-dan/ky-bao-cao' in page
        css = client.get("/static/studio.css").text
        font = re.findall(r"url\(\"?([^\")]+)\"?\)", css)[0]
        assert client.get(urljoin(BASE + "/static/studio.css", font)).status_code == 200
