"""Files the docs tree needs besides the generated pages: the package's CSS and scripts, the
self-hosted Be Vietnam Pro font, the logo, the staff guide, the project's own pages, and the
theme overrides (custom_dir)."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import material
from PIL import Image, ImageOps

from generator.media.strip import STRIPPABLE_PHOTOS, strip_metadata
from generator.model import Project
from generator.model.records import media_key
from generator.site.paths import ASSETS_DIR, GUIDE_DIR
from generator.tools import font_path
from generator.workflow.reference import REFERENCE_PAGE, field_reference_markdown

FONT_FILES = (
    ("Light", False),
    ("Regular", False),
    ("Regular", True),
    ("Bold", False),
    ("Bold", True),
)
_ASSET_FILES = ("baocao.css", "baocao.js", "iframe-worker.js", "search-query.js")

# Material's Vietnamese strings that its translators left in English.
_VI_FIXES = {
    "search.result.initializer": "Đang chuẩn bị tìm kiếm",
    "source.file.contributors": "Người đóng góp",
    "rss.created": "Tin mới",
    "rss.updated": "Tin cập nhật",
    "blog.meta": "Thông tin",
    "tabs": "Thẻ",
}


def write_assets(docs: Path) -> None:
    """CSS, scripts and fonts under ``docs/assets/baocao/``."""
    target = docs / ASSETS_DIR
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    package = resources.files("generator.site").joinpath("assets")
    for name in _ASSET_FILES:
        (target / name).write_bytes(package.joinpath(name).read_bytes())
    for weight, italic in FONT_FILES:
        font = font_path(weight, italic)
        shutil.copyfile(font, target / "fonts" / font.name)


def write_logo(project: Project, docs: Path) -> str | None:
    """The site's logo (content/site.yml ``logo``, under media/) in the docs tree, or None."""
    if not project.site.logo:
        return None
    media = project.media.get(media_key(project.site.logo))
    if media is None:
        return None
    # Every page shows the logo, whatever the audience: it goes without its location and
    # free-text metadata (a logo photographed with a phone carries GPS), pixels untouched.
    suffix = media.path.suffix.lower()
    if suffix in STRIPPABLE_PHOTOS:
        rel = f"{ASSETS_DIR}/logo{suffix}"
        strip_metadata(media.path, docs / rel)
        return rel
    rel = f"{ASSETS_DIR}/logo.png"  # e.g. a HEIC logo: a PNG the browser shows, no metadata
    (docs / rel).parent.mkdir(parents=True, exist_ok=True)
    with Image.open(media.path) as image:
        ImageOps.exif_transpose(image).save(docs / rel, "PNG")
    return rel


def named_search_dialog(template: str) -> str:
    """Material's search partial with its dialog named for screen readers (its
    ``role="dialog"`` has no accessible name: axe-core's ``aria-dialog-name``)."""
    return re.sub(
        r'(<div class="md-search"[^>]*\brole="dialog")(?![^>]*aria-label)',
        "\\1 aria-label=\"{{ lang.t('search') }}\"",
        template,
        count=1,
    )


def write_guide(docs: Path) -> list[str]:
    """The staff guide's Markdown (``generator/site/guide/``, if present) → ``huong-dan/``.

    Returns the docs paths in name order (``index.md`` first), for the nav.
    """
    guide = resources.files("generator.site").joinpath("guide")
    if not guide.is_dir():
        return []
    names = sorted(
        (f.name for f in guide.iterdir() if f.name.endswith(".md")),
        key=lambda n: (n != "index.md", n),
    )
    for name in names:
        (docs / GUIDE_DIR).mkdir(parents=True, exist_ok=True)
        (docs / GUIDE_DIR / name).write_bytes(guide.joinpath(name).read_bytes())
    for folder in (f for f in guide.iterdir() if f.is_dir() and f.name != "__pycache__"):
        with resources.as_file(folder) as path:
            shutil.copytree(path, docs / GUIDE_DIR / folder.name, dirs_exist_ok=True)
    # The guide's field reference page, generated from the content model.
    name, text = REFERENCE_PAGE, field_reference_markdown()
    (docs / GUIDE_DIR).mkdir(parents=True, exist_ok=True)
    (docs / GUIDE_DIR / name).write_text(text, encoding="utf-8")
    if name not in names:
        names.insert(1 if names[:1] == ["index.md"] else 0, name)
    return [f"{GUIDE_DIR}/{name}" for name in names]


def copy_project_docs(source: Path | None, docs: Path) -> None:
    """The project's own pages (its mkdocs.yml ``docs_dir``), under the generated ones."""
    if source is not None:
        shutil.copytree(source, docs, dirs_exist_ok=True)


def write_theme(theme: Path, project_theme: Path | None) -> None:
    """custom_dir: the package's templates (``theme/``: a Vietnamese 404 page), Material's
    Vietnamese strings completed, its search dialog named, then the project's overrides."""
    languages = theme / "partials" / "languages"
    languages.mkdir(parents=True, exist_ok=True)
    package = resources.files("generator.site").joinpath("theme")
    for item in package.iterdir() if package.is_dir() else ():
        if item.name.endswith(".html"):
            (theme / item.name).write_bytes(item.read_bytes())
    partials = Path(material.__file__).parent / "templates" / "partials"
    original = partials / "languages" / "vi.html"
    if original.is_file():
        text = original.read_text(encoding="utf-8")
        for key, value in _VI_FIXES.items():
            text = re.sub(rf'("{re.escape(key)}": )"[^"]*"', rf'\1"{value}"', text)
        (languages / "vi.html").write_text(text, encoding="utf-8")
    search = partials / "search.html"
    if search.is_file():
        (theme / "partials" / "search.html").write_text(
            named_search_dialog(search.read_text(encoding="utf-8")), encoding="utf-8"
        )
    if project_theme is not None:
        shutil.copytree(project_theme, theme, dirs_exist_ok=True)
