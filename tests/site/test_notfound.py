"""The 404 page's links, made relative to a site root found at run time."""

import json
import re

from generator.site.notfound import relocatable

PAGE = """<!doctype html>
<html lang="vi"><head>
<meta charset="utf-8">
<link rel="stylesheet" href="/assets/main.css"><script>__md_scope=new URL("/",location)</script>
</head><body><a href="/">Trang chủ</a> <a href="/ky-bao-cao/2021-h1/index.html">Kỳ</a>
<a href="https://example.org/">ngoài</a> <img src="//cdn.example/x.png">
<script id="__config" type="application/json">{"base": "/", "search": "/assets/search.js"}</script>
<script src="/assets/bundle.js"></script></body></html>"""


def test_root_links_become_relative_and_a_base_is_set_first():
    page = relocatable(PAGE, "/", ["ky-bao-cao", "luu-tru"])
    assert 'href="assets/main.css"' in page and 'src="assets/bundle.js"' in page
    assert '<a href="./">Trang chủ</a>' in page
    assert 'href="ky-bao-cao/2021-h1/index.html"' in page
    assert 'href="https://example.org/"' in page and 'src="//cdn.example/x.png"' in page
    head = page[: page.index('<link rel="stylesheet"')]
    assert head.index('<meta charset="utf-8">') < head.index('<base href="about:blank">')
    assert head.index('<base href="about:blank">') < head.index('querySelector("base").href =')
    names = json.loads(re.search(r"var top = (\[[^\]]*\])", page).group(1))
    assert names == ["assets", "ky-bao-cao", "luu-tru", "media", "search"]
    config = re.search(r'id="__config" type="application/json">(.*?)</script>', page).group(1)
    assert json.loads(config) == {"base": ".", "search": "assets/search.js"}
    assert page.index("config.base = new URL") < page.index('src="assets/bundle.js"')
    assert '__md_scope=new URL(".",document.baseURI)' in page


def test_a_site_url_path_is_the_prefix_removed():
    page = relocatable(PAGE.replace('href="/', 'href="/baocao/'), "/baocao", [])
    assert 'href="assets/main.css"' in page and '<a href="./">Trang chủ</a>' in page
    assert 'href="ky-bao-cao/2021-h1/index.html"' in page
