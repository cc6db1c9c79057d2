"""Where every generated page and file lives in the site, and relative links between them.

URLs are always relative (the intranet serves the site under a sub-path; the archive opens it
from file://). ``use_directory_urls`` is off: ``ky-bao-cao/2021-h1/tuy-hoa.md`` becomes
``ky-bao-cao/2021-h1/tuy-hoa.html``, the same layout over HTTP and from disk, and any web
server can serve it without index-file rewriting.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from generator.text import slug

HOME = "index.md"
INDICATORS = "chi-tieu/index.md"
GALLERIES = "hinh-anh/index.md"
UNITS = "don-vi/index.md"
ARCHIVE = "luu-tru/index.md"
GUIDE_DIR = "huong-dan"
MEDIA_DIR = "media"  # derivatives are linked into <site>/media/, not copied through MkDocs
VIDEO_DIR = "media/video"
ASSETS_DIR = "assets/baocao"


def period_page(period_id: str) -> str:
    return f"ky-bao-cao/{period_id}/index.md"


def report_page(period_id: str) -> str:
    return f"ky-bao-cao/{period_id}/bao-cao.md"


def video_page(period_id: str) -> str:
    return f"ky-bao-cao/{period_id}/video.md"


def unit_page(period_id: str, unit_id: str) -> str:
    return f"ky-bao-cao/{period_id}/{unit_id}.md"


def indicator_page(indicator_id: str) -> str:
    return f"chi-tieu/{indicator_id}.md"


def gallery_page(category: str) -> str:
    return f"hinh-anh/{category}.md"


def output_path(docs_path: str) -> str:
    """The built file of a docs path: ``a/b.md`` → ``a/b.html``; other files keep their name."""
    return docs_path[:-3] + ".html" if docs_path.endswith(".md") else docs_path


def relative_url(from_docs_path: str, to_site_path: str) -> str:
    """A link from the page built from ``from_docs_path`` to a file of the built site.

    ``to_site_path`` may be a docs path (``.md``, converted) or any file path in the site.
    """
    source_dir = posixpath.dirname(output_path(from_docs_path))
    target = output_path(to_site_path)
    return posixpath.relpath(target, source_dir or ".")


UNNAMED = "tep"
"""The file-name part of a name with no ASCII letter or digit in it (``"😀"``)."""


def media_stems(keys: Iterable[str]) -> dict[str, str]:
    """A unique, URL-safe output stem (no suffix) for each media key (path under media/).

    ``2021-h1/tuy-hoa/Kiểm sát.JPG`` → ``2021-h1/tuy-hoa/kiem-sat``; stems that would collide
    (``a.jpg`` and ``a.png``) get ``-2``, ``-3``… in sorted key order, so builds are stable.
    """
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(set(keys)):
        parts = key.split("/")
        folders = [slug(p) or UNNAMED for p in parts[:-1]]
        base = posixpath.join(*folders, slug(posixpath.splitext(parts[-1])[0]) or UNNAMED)
        stem, n = base, 1
        while stem in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem)
        stems[key] = stem
    return stems
