"""The MkDocs configuration of a build: package defaults, then the project's mkdocs.yml, then
what the generator always decides (see ``mkdocs.default.yml`` for the list and reasons)."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator, Mapping
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from generator.errors import InputError
from generator.model import SiteInfo
from generator.site.mkdocs_config.settings import PROJECT_CONFIG, read_settings, settings_problems
from generator.site.paths import ASSETS_DIR
from generator.text import slug

__all__ = [
    "PROJECT_CONFIG",
    "build_config",
    "merge",
    "project_config_checked",
    "project_docs_dir",
    "project_theme_dir",
    "read_project_config",
]
EXTRA_CSS = f"{ASSETS_DIR}/baocao.css"
EXTRA_JS = f"{ASSETS_DIR}/baocao.js"
WORKER_SHIM = f"{ASSETS_DIR}/iframe-worker.js"
SEARCH_SHIM = f"{ASSETS_DIR}/search-query.js"


def package_defaults() -> dict[str, Any]:
    text = (
        resources.files("generator.site.mkdocs_config")
        .joinpath("mkdocs.default.yml")
        .read_text("utf-8")
    )
    defaults: dict[str, Any] = yaml.safe_load(text)  # the package's own file: a mapping
    return defaults


def read_project_config(project_root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml, read safely and checked (``settings``), or {} without one.

    Raises InputError listing every problem at ``mkdocs.yml:line:col``."""
    return read_settings(project_root)


@contextlib.contextmanager
def project_config_checked(project_root: Path) -> Iterator[None]:
    """For ``check``: the problems of mkdocs.yml are raised with those of the body (the
    content), all at once."""
    _, problems = settings_problems(project_root)
    try:
        yield
    except InputError as error:
        raise InputError([*error.problems, *problems]) from None
    if problems:
        raise InputError(problems)


def build_config(
    site: SiteInfo,
    project: Mapping[str, Any],
    *,
    docs_dir: Path,
    site_dir: Path,
    theme_dir: Path,
    nav: list[Any],
    offline: bool,
    logo: str | None,
    project_root: Path,
) -> dict[str, Any]:
    """The merged configuration, ready for ``mkdocs.config.load_config(**config)``."""
    ours: dict[str, Any] = {
        "site_name": site.short_name,
        "copyright": escape(", ".join(p for p in (site.organisation, site.address) if p)),
    }
    if logo:
        ours["theme"] = {"logo": logo, "favicon": logo}
    config = merge(merge(package_defaults(), ours), _without(project, _GENERATED))
    config["plugins"] = _merge_named(package_defaults()["plugins"], project.get("plugins", []))
    if offline:
        config["plugins"] = _merge_named(config["plugins"], ["offline"])
    config["markdown_extensions"] = _merge_named(
        [*package_defaults()["markdown_extensions"], {"toc": {"slugify": slug}}],
        project.get("markdown_extensions", []),
    )
    config["theme"].update(name="material", font=False, custom_dir=str(theme_dir))
    config["extra_css"] = [EXTRA_CSS, *project.get("extra_css", [])]
    config["extra_javascript"] = [EXTRA_JS, *project.get("extra_javascript", [])]
    extra = config.setdefault("extra", {})
    extra["polyfills"] = [WORKER_SHIM, SEARCH_SHIM]  # in this order: the second wraps the first
    config.update(
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        use_directory_urls=False,
        nav=[*nav, *project.get("nav", [])],
        hooks=[str(project_root / h) for h in project.get("hooks", [])],
    )
    return config


_GENERATED = (
    "docs_dir",
    "site_dir",
    "nav",
    "use_directory_urls",
    "plugins",
    "markdown_extensions",
    "extra_css",
    "extra_javascript",
    "hooks",
    "dev_addr",
    "watch",
)


def project_docs_dir(project_root: Path, project: Mapping[str, Any]) -> Path | None:
    """The project's own pages (mkdocs.yml's docs_dir, default ``docs/``), if any."""
    folder = project_root / str(project.get("docs_dir", "docs"))
    return folder if folder.is_dir() else None


def project_theme_dir(project_root: Path, project: Mapping[str, Any]) -> Path | None:
    theme = project.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, Mapping) else None
    folder = project_root / str(custom) if custom else None
    return folder if folder is not None and folder.is_dir() else None


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``; mappings merge key by key, anything else is replaced."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _without(config: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in config.items() if k not in keys}


def _merge_named(base: list[Any], override: list[Any]) -> list[Any]:
    """Lists like ``plugins``/``markdown_extensions``: entries are names or {name: options};
    an overriding entry's options merge into the base entry of the same name."""
    entries: dict[str, dict[str, Any]] = {}
    for item in [*base, *override]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(dict(item).items()))
        entries[name] = merge(entries.get(name, {}), options or {})
    return [{name: options} if options else name for name, options in entries.items()]
