"""«Hướng dẫn» in the studio: the staff guide the site carries (``generator/site/guide/``), each
page rendered with Python-Markdown for the studio's layout.

Only the guide's own files are read: a page is one of its Markdown files (or the field reference
generated from the content model, as the site's build writes it), an image one of the files of
its folders, each looked up by name in the package's listing — a URL is never joined onto a
path, so nothing else can be reached.

A page is rendered once (its links and images in the studio's URLs, each starting with
``ROOT``); ``guide.html`` puts the request's root path (``--root-path``, behind nginx) in place
of ``ROOT``, so every link and image stays under the prefix the page was asked under.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from importlib import resources
from importlib.resources.abc import Traversable
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.text import slug
from generator.workflow.reference import REFERENCE_PAGE, field_reference_markdown

BASE = "/huong-dan"
INDEX = "index"
ROOT = "baocao-root:"
"""Where the studio's root path goes in a rendered page (``guide.html`` replaces it, escaped):
not a path, so a link it were left in would go nowhere rather than outside the prefix."""
IMAGES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def _guide() -> Traversable:
    return resources.files("generator.site").joinpath("guide")


@functools.cache
def sources() -> dict[str, str]:
    """Every page of the guide by its name in URLs (``studio`` for studio.md) → Markdown."""
    guide = _guide()
    pages = {
        item.name.removesuffix(".md"): item.read_text(encoding="utf-8")
        for item in guide.iterdir()
        if item.name.endswith(".md") and item.is_file()
    }
    pages[REFERENCE_PAGE.removesuffix(".md")] = field_reference_markdown()
    return pages


@functools.cache
def guide_page(name: str) -> tuple[str, str] | None:
    """The page ``name`` as (title, HTML), or None when the guide has no such page; the HTML's
    links and images to the studio start with ``ROOT``, to be replaced by the root path."""
    text = sources().get(name)
    if text is None:
        return None
    renderer = markdown.Markdown(
        extensions=[
            "tables",
            "attr_list",
            "md_in_html",
            "admonition",
            "pymdownx.superfences",  # fences indented under a list item, as on the site
            "toc",
            _StudioLinks(),
        ],
        extension_configs={"toc": {"slugify": slug}},
    )
    body = renderer.convert(text)
    title = next(
        (line.removeprefix("# ").strip() for line in text.splitlines() if line.startswith("# ")),
        name,
    )
    return title, body


@functools.cache
def contents() -> list[tuple[str, str]]:
    """(name, title) of every page, the guide's first page first, for the page's side list."""
    names = sorted(sources(), key=lambda n: (n != INDEX, n))
    return [(name, (guide_page(name) or ("", ""))[0]) for name in names]


def guide_image(folder: str, name: str) -> tuple[bytes, str] | None:
    """An image of the guide's folder ``folder`` by its exact name, with its type; else None."""
    media_type = IMAGES.get("." + name.rpartition(".")[2].lower()) if "." in name else None
    if media_type is None:
        return None
    for item in _guide().iterdir():
        if item.name == folder and item.is_dir() and not folder.startswith((".", "_")):
            for entry in item.iterdir():
                if entry.name == name and entry.is_file():
                    return entry.read_bytes(), media_type
    return None


def page_url(name: str) -> str:
    """The page's URL in the rendered HTML (``ROOT`` first: see ``guide_page``)."""
    return ROOT + (BASE if name == INDEX else f"{BASE}/{name}")


class _Links(Treeprocessor):  # type: ignore[misc]  # Markdown has no type information here
    """The guide's links between its pages (``ky-bao-cao.md#muc``) and its images
    (``studio/tien-do.png``), written for the site, made to point at the studio's pages."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                element.set("href", _href(element.get("href", "")))
            elif element.tag == "img":
                source = element.get("src", "")
                if source and not _absolute(source):
                    element.set("src", f"{ROOT}{BASE}/{source}")


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith(("/", "#"))


def _href(url: str) -> str:
    if not url or _absolute(url):
        return url
    path, _, anchor = url.partition("#")
    if not path.endswith(".md"):
        return url
    return page_url(path.removesuffix(".md")) + (f"#{anchor}" if anchor else "")


class _StudioLinks(Extension):  # type: ignore[misc]  # as _Links
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Links(md), "baocao_studio_links", 5)
