"""«Hướng dẫn» in the studio: the staff guide, rendered in the studio's layout, linked from every
page's header; only the guide's own files can be reached."""

from __future__ import annotations

import re

from studio.client import StudioClient

from generator.studio.pages.guide import sources

PAGES = [
    "/",
    "/ky/2021-h1",
    "/ky/2021-h1/don-vi/tuy-hoa",
    "/ky/2021-h1/don-vi/tuy-hoa/ket-qua",
    "/ky/2021-h1/kich-ban",
    "/ky/2021-h1/bao-cao",
    "/cai-dat-bao-cao",
    "/huong-dan/studio",
]


def test_every_page_links_to_the_guide_in_its_header(client: StudioClient) -> None:
    for path in PAGES:
        page = client.get(path)
        assert page.status == 200, path
        header = re.search(r'<header class="top">.*?</header>', page.text, re.S)[0]
        assert re.search(r'<a href="/huong-dan"[^>]*>Hướng dẫn</a>', header), path


def test_the_guide_is_rendered_with_its_links_and_images_made_the_studio_s(
    client: StudioClient,
) -> None:
    index = client.get("/huong-dan")
    assert index.status == 200
    assert '<h1 id="huong-dan-su-dung">Hướng dẫn sử dụng</h1>' in index.text
    assert '<a href="/huong-dan/ky-bao-cao">Tạo kỳ báo cáo mới</a>' in index.text
    assert '<a href="/huong-dan/studio">Studio</a>' in index.text
    assert 'href="/huong-dan/tham-chieu-truong"' in index.text  # generated, as in the site
    studio = client.get("/huong-dan/studio")
    assert "<h1" in studio.text and "Studio: làm kỳ báo cáo trên trình duyệt" in studio.text
    images = re.findall(r'<img alt="[^"]*" src="([^"]+)"', studio.text)
    assert images and all(src.startswith("/huong-dan/studio/") for src in images)
    for src in images:
        image = client.get(src)
        assert image.status == 200 and image.headers["content-type"] == "image/png", src
    assert 'aria-current="page">Studio: làm kỳ báo cáo trên trình duyệt</a>' in studio.text
    reference = client.get("/huong-dan/tham-chieu-truong")
    assert reference.status == 200 and "period.yml" in reference.text
    for name in sources():
        assert client.get(f"/huong-dan/{name}").status == 200, name


UNREACHABLE = [
    "/huong-dan/khong-co",
    "/huong-dan/index.md",
    "/huong-dan/studio.md",
    "/huong-dan/..",
    "/huong-dan/%2e%2e",
    "/huong-dan/../pyproject.toml",
    "/huong-dan/studio/../index.md",
    "/huong-dan/studio/..%2f..%2fguide_routes.py",
    "/huong-dan/studio/khong-co.png",
    "/huong-dan/../../static/studio.css",
    "/huong-dan/__pycache__/x.png",
    "/huong-dan/studio/tien-do.png.md",
]


def test_nothing_but_the_guide_s_own_files_is_served(client: StudioClient) -> None:
    for path in UNREACHABLE:
        answer = client.get(path)
        assert answer.status in (400, 404), (path, answer.status)
        assert b"import" not in answer.body and b"[project]" not in answer.body
