"""After the engine: one pass over the written site for what a docs tree cannot say by itself.

The site stage hands the engine plain Markdown and files, and needs no hook inside it (so any
MkDocs 1.x engine, ProperDocs, or a successor that runs no Python plugins can build the tree).
What the hooks once did inside MkDocs' build is done here, on the files it wrote:

- Safety: links and images whose target could run script or reach another host are removed
  from every page (staff Markdown, e.g. the report, may contain them). An image glightbox
  wrapped in a lightbox link goes with its link: the lightbox would load the target too.
- Search: accent-folded index fields (``folded_title``: the whole title folded, weighted like
  the title; ``folded_text``: the folded spelling of each word folding changes), declared in the
  search plugin's ``fields``, so "tuy hoa" finds and ranks "Tuy Hòa" as "tuy hòa" would; the
  offline build's inlined copy of the index is written again from it.
  (``assets/search-query.js`` adds the query side: whole words first.)
- The 404 page: links relative to the site root, found at run time (``notfound.py``), so the
  page works under any sub-path.
- Search sections: glightbox hands the search plugin each page as a whole document; the empty
  untitled section that opens every page's index entries is dropped.

Determinism needs no pass: the engine reads ``SOURCE_DATE_EPOCH`` (``content_dates``), so the
sitemap's ``lastmod`` and the gzip header carry a date from the content, never the build date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.site import notfound
from generator.site.fold import folded_words, plain_text
from generator.text import fold

SEARCH_INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"  # Material's offline plugin: the index inlined
OFFLINE_PREFIX = "var __index = "

_URL_ATTR = re.compile(
    r"""\s(href|src|srcset|poster|xlink:href|action|formaction)\s*=\s*(["'])(.*?)\2""", re.I | re.S
)
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:)?//", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_LIGHTBOX_IMG = re.compile(
    r"""<a\b[^>]*\bclass=(["'])glightbox\1[^>]*>\s*(<img\b[^>]*>)\s*</a>""", re.I
)
_FIRST_HEADING = re.compile(r"""<h1\b[^>]*\bid=(["'])(.*?)\1""", re.I)
_ALT = re.compile(r"""\salt\s*=\s*(["'])(.*?)\1""", re.I | re.S)


NO_FOLDED_SEARCH = (
    "chỉ mục tìm kiếm không theo dạng của Material (search/search_index.json) nên không thêm "
    "được dạng bỏ dấu: tìm «tuy hoa» có thể không ra «Tuy Hòa»"
)


def finish_site(site_dir: Path, *, base_path: str, top_level: list[str]) -> list[str]:
    """The pass over ``site_dir`` once the engine has written it: each page read once.
    Returns warnings for the build's report."""
    first_headings: dict[str, str] = {}
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        finished = scrub_urls(text)
        if rel == notfound.PAGE:
            finished = notfound.relocatable(finished, base_path, top_level)
        if finished != text:
            page.write_text(finished, encoding="utf-8")
        heading = _FIRST_HEADING.search(finished)
        if heading:
            first_headings[rel] = html.unescape(heading.group(2))
    if not (site_dir / SEARCH_INDEX).is_file():
        return [NO_FOLDED_SEARCH]
    fold_search_index(site_dir, first_headings)
    return []


@contextlib.contextmanager
def content_dates(day: str) -> Iterator[None]:
    """While the engine builds, its "build date" is ``day`` (ISO), a date from the content:
    MkDocs and ProperDocs read SOURCE_DATE_EPOCH, as reproducible builds do."""
    epoch = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.UTC).timestamp()
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def scrub_urls(text: str) -> str:
    """Neutralise ``javascript:``/``data:`` targets and references to other hosts.

    Attribute values are compared after entity decoding and with control characters and
    spaces removed, as a browser would read them (``jav&#97;script:`` is caught too).
    The package's own pages never produce such URLs (data: tracks are added in the template for
    file:// builds, which this pass leaves alone: see ``_allowed``).
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

    def lightbox(match: re.Match[str]) -> str:
        tag = _IMG.fullmatch(match.group(2))
        assert tag is not None  # group 2 is what _IMG matches
        blocked = image(tag)
        return blocked if blocked != match.group(2) else match.group(0)

    return _URL_ATTR.sub(replace, _IMG.sub(image, _LIGHTBOX_IMG.sub(lightbox, text)))


def _allowed(name: str, value: str) -> bool:
    plain = _INVISIBLE.sub("", html.unescape(value))
    if name.lower() == "src" and plain.lower().startswith("data:text/vtt;"):
        return True  # the report video's subtitle tracks in the file:// build
    if _BAD_SCHEME.match(plain):
        return False
    if name.lower() == "href":
        return True  # a link to another site is a click away, not a request
    return not _OTHER_HOST.match(plain) and not plain.lower().startswith(("http:", "https:"))


def _without_empty_openings(
    docs: list[dict[str, Any]], first_headings: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each page's entry as a fragment would have given it: glightbox hands the search plugin
    the page as a whole document (``<html><head></head><body>…``), so the page's own entry comes
    out empty and its first heading becomes an entry of its own. The two are one entry again:
    the page's location, with the first heading's title and text."""
    kept: list[dict[str, Any]] = []
    for doc in docs:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and not previous.get("text")
            and doc.get("location")
            == f"{previous['location']}#{first_headings.get(previous['location'])}"
        ):
            kept[-1] = {**doc, "location": previous["location"]}
            continue
        kept.append(doc)
    return kept


def fold_search_index(site_dir: Path, first_headings: Mapping[str, str]) -> None:
    """Add ``folded_title``/``folded_text`` to each entry of the search index, drop the empty
    untitled section before each page's first heading (``first_headings``: page → its h1's
    id), and write the offline copy again.

    The title is folded whole, so an unaccented query matches every word of it, as the
    accented query matches the title (the field's boost equals the title's); the text keeps
    only the words folding changes, once each, to keep the index small.
    """
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] = _without_empty_openings(data.get("docs", []), first_headings)
    for doc in data["docs"]:
        title = plain_text(doc.get("title", ""))
        if fold(title) != title.lower():
            doc["folded_title"] = fold(title)
        folded = folded_words(doc.get("text", ""))
        if folded:
            doc["folded_text"] = folded
    text = json.dumps(data, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    offline = site_dir / OFFLINE_INDEX
    if offline.is_file():
        offline.write_text(OFFLINE_PREFIX + text, encoding="utf-8")
