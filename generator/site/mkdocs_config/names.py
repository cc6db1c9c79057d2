"""What a project's mkdocs.yml may name: plugins, Markdown extensions and Material icons, and
whether their options load — checked by ``baocao check`` so that ``build`` does not fail later.

Each check returns (option, Vietnamese message) pairs; ``option`` is None when the message is
about the name itself. MkDocs' and Markdown's own reasons are kept as they say them.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import markdown
import material

# Material's plugins that need the Internet or outside tools at build, or stop the build.
REFUSED_PLUGINS = frozenset({"social", "privacy", "optimize", "projects", "info"})
ICONS = Path(material.__file__).parent / "templates" / ".icons"

Found = list[tuple[str | None, str]]


@cache
def _plugins() -> dict[str, Any]:
    return {e.name: e for e in entry_points(group="mkdocs.plugins")}


def plugin_problems(name: str, options: dict[str, Any] | None) -> Found:
    plugins = _plugins()
    short = name.removeprefix("material/")
    if short in REFUSED_PLUGINS:
        return [(None, f"plugin «{name}» cần Internet hoặc công cụ ngoài khi dựng trang")]
    entry = plugins.get(name) or plugins.get(f"material/{name}")
    if entry is None:
        usable = sorted({n.removeprefix("material/") for n in plugins} - REFUSED_PLUGINS)
        return [(None, f"không có plugin «{name}»; các plugin dùng được: {', '.join(usable)}")]
    try:
        errors, _warnings = entry.load()().load_config(dict(options or {}))
    except Exception as exc:  # a third-party plugin may raise anything while loading
        return [(None, f"plugin «{name}» không nạp được ({type(exc).__name__}: {exc})")]
    return [(key, f"plugin «{name}», tùy chọn «{key}»: {error}") for key, error in errors]


def extension_problems(name: str, options: dict[str, Any] | None) -> Found:
    known = {e.name for e in entry_points(group="markdown.extensions")}
    if name not in known and not _module_exists(name):
        return [
            (
                None,
                f"không có phần mở rộng Markdown «{name}»; dùng tên có sẵn (ví dụ admonition, "
                "footnotes) hoặc của pymdownx (ví dụ pymdownx.details)",
            )
        ]
    try:
        markdown.Markdown(extensions=[name], extension_configs={name: dict(options or {})})
    except KeyError as exc:
        option = str(exc.args[0]) if exc.args else None
        return [(option, f"phần mở rộng «{name}» không có tùy chọn «{option}»")]
    except Exception as exc:  # extensions raise anything for a bad option
        return [(None, f"phần mở rộng «{name}»: tùy chọn không hợp lệ ({exc})")]
    return []


def _module_exists(name: str) -> bool:
    """Only modules of the packages that ship extensions are looked up (nothing else imported)."""
    if name.split(".")[0] not in ("pymdownx", "markdown", "material"):
        return False
    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def icon_exists(icon: str, custom_dir: Path | None) -> bool:
    """``material/home``: an SVG under Material's ``.icons`` or the project's own."""
    folders = [ICONS] + ([custom_dir / ".icons"] if custom_dir is not None else [])
    return ".." not in icon.split("/") and any((f / f"{icon}.svg").is_file() for f in folders)


def language_exists(language: str, custom_dir: Path | None) -> bool:
    """A language of Material's interface (``partials/languages/vi.html``) or the project's."""
    templates = [ICONS.parent] + ([custom_dir] if custom_dir is not None else [])
    name = f"partials/languages/{language}.html"
    return "/" not in language and any((t / name).is_file() for t in templates)
