"""MkDocs hooks shipped with the package (mkdocs.yml ``hooks:``): the few things a docs tree
cannot say by itself.

- Search: add accent-folded index fields (``folded_title``: the whole title folded, weighted
  like the title; ``folded_text``: the folded spelling of each word folding changes), declared
  in the search plugin's ``fields``, so "tuy hoa" finds and ranks "Tuy Hòa" as "tuy hòa" would.
  Runs after the search plugin wrote the index and before Material's offline plugin inlines it
  (priority -100). (``assets/search-query.js`` adds the query side: whole words first.)
- 404 page: links relative to the site root, found at run time (``notfound.py``), so the page
  works under any sub-path.
- Determinism: every page's ``update_date`` (sitemap ``lastmod``, sitemap.xml.gz mtime) is a
  date from the content, never the build date.
- Search sections: page content is a fragment again after glightbox made it a document.
- Safety: links and images whose target could run script or reach another host are removed
  from the rendered HTML (staff Markdown, e.g. the report, may contain them).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

from generator.site import notfound
from generator.site.fold import fold, folded_words, plain_text

CONFIG_KEY = "baocao"  # config.extra["baocao"]: {"content_date": "2021-07-15"}

_URL_ATTR = re.compile(
    r"""\s(href|src|srcset|poster|xlink:href|action|formaction)\s*=\s*(["'])(.*?)\2""", re.I | re.S
)
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:)?//", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_WRAPPED = re.compile(r"^\s*<html><head></head><body>(.*)</body></html>\s*$", re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"""\salt\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def on_pre_page(page: Any, *, config: Any, files: Any) -> Any:
    date = (config.extra.get(CONFIG_KEY) or {}).get("content_date")
    if date:
        page.update_date = date
    return page


@event_priority(100)  # before glightbox wraps images in lightbox links
def on_page_content(html_text: str, *, page: Any, config: Any, files: Any) -> str:
    return scrub_urls(html_text)


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context: Any, *, page: Any, config: Any, nav: Any) -> Any:
    page.content = unwrap_document(page.content)
    return context


def on_post_template(output_content: str, *, template_name: str, config: Any) -> str:
    if template_name != notfound.PAGE:
        return output_content
    base_path = urlsplit(config.site_url or "/").path
    docs = Path(config.docs_dir)
    top_level = [p.name for p in docs.iterdir() if p.is_dir()] if docs.is_dir() else []
    return notfound.relocatable(output_content, base_path, top_level)


@event_priority(-50)
def on_post_build(*, config: Any) -> None:
    fold_search_index(Path(config.site_dir) / "search" / "search_index.json")


def unwrap_document(content: str) -> str:
    """Page content as a fragment again. glightbox re-serialises it as a whole document
    (``<html><head></head><body>…``); the search index would then start every page with an
    empty untitled section before the h1."""
    match = _WRAPPED.match(content)
    return match.group(1) if match else content


def scrub_urls(text: str) -> str:
    """Neutralise ``javascript:``/``data:`` targets and references to other hosts.

    Attribute values are compared after entity decoding and with control characters and
    spaces removed, as a browser would read them (``jav&#97;script:`` is caught too).
    The package's own pages never produce such URLs (data: tracks are added later, in the
    template for file:// builds, which this hook also leaves alone: see ``_allowed``).
    """

    def replace(match: re.Match[str]) -> str:
        name, quote, value = match.group(1), match.group(2), match.group(3)
        if _allowed(name, value):
            return match.group(0)
        return (
            f" {name}={quote}#{quote}"
            if name.lower() == "href"
            else f" data-blocked-{name}={quote}{quote}"
        )

    def image(match: re.Match[str]) -> str:
        tag = match.group(0)
        if all(_allowed(m.group(1), m.group(3)) for m in _URL_ATTR.finditer(tag)):
            return tag
        alt = _ALT.search(tag)
        return f'<span class="bc-blocked">[{alt.group(2) if alt else "ảnh"}]</span>'

    return _URL_ATTR.sub(replace, _IMG.sub(image, text))


def _allowed(name: str, value: str) -> bool:
    plain = _INVISIBLE.sub("", html.unescape(value))
    if name.lower() == "src" and plain.lower().startswith("data:text/vtt;"):
        return True  # the report video's subtitle tracks in the file:// build
    if _BAD_SCHEME.match(plain):
        return False
    if name.lower() == "href":
        return True  # a link to another site is a click away, not a request
    return not _OTHER_HOST.match(plain) and not plain.lower().startswith(("http:", "https:"))


def fold_search_index(path: Path) -> None:
    """Add ``folded_title``/``folded_text`` to each entry of Material's search index.

    The title is folded whole, so an unaccented query matches every word of it, as the
    accented query matches the title (the field's boost equals the title's); the text keeps
    only the words folding changes, once each, to keep the index small.
    """
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        title = plain_text(doc.get("title", ""))
        if fold(title) != title.lower():
            doc["folded_title"] = fold(title)
        folded = folded_words(doc.get("text", ""))
        if folded:
            doc["folded_text"] = folded
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
