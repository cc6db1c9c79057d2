"""The settings a project's mkdocs.yml may set, declared once: what ``settings`` checks.

Everything else (folders, URLs style, fonts, the theme itself) is the generator's decision; see
``mkdocs.default.yml``. Paths, names of plugins and extensions, and icons are checked by
``settings`` beyond their types.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: object) -> object:
    """A mapping where a list is expected: one item (palette), or one item per key (plugins)."""
    if isinstance(value, dict):
        return (
            [value]
            if "scheme" in value or "primary" in value or "toggle" in value
            else [{k: v} for k, v in value.items()]
        )
    return value


Listed = Annotated[list[Any], BeforeValidator(_as_list)]


class Palette(_Settings):
    """One colour scheme of Material (``theme.palette``)."""

    scheme: str | None = None
    primary: str | None = None
    accent: str | None = None
    media: str | None = None
    toggle: dict[str, str] | None = None


class ThemeSettings(_Settings):
    """``theme``: Material only; fonts are the package's own (no Google Fonts)."""

    name: Literal["material"] | None = Field(default=None, description="luôn là material")
    language: str | None = None
    palette: (
        Annotated[list[Palette], BeforeValidator(lambda v: [v] if isinstance(v, dict) else v)]
        | None
    ) = None
    features: list[str] = Field(default_factory=list)
    custom_dir: str | None = Field(default=None, description="thư mục mẫu trang của dự án")
    logo: str | None = None
    favicon: str | None = None
    icon: dict[str, Any] | None = None


class Link(_Settings):
    """An item of ``extra.social`` or ``extra.alternate`` (Material's footer and language menu)."""

    name: str | None = None
    link: str
    icon: str | None = None
    lang: str | None = None


class ExtraSettings(BaseModel):
    """``extra``: free for the project's own templates; what Material reads is typed here."""

    model_config = ConfigDict(extra="allow", frozen=True)

    social: list[Link] = Field(default_factory=list)
    alternate: list[Link] = Field(default_factory=list)
    homepage: str | None = None
    generator: bool | None = None
    status: dict[str, str] = Field(default_factory=dict)
    tags: dict[str, str] = Field(default_factory=dict)
    version: dict[str, Any] | None = None


class ProjectSettings(_Settings):
    """What a project's mkdocs.yml may set; anything else is an error."""

    site_name: str | None = None
    site_description: str | None = None
    site_author: str | None = None
    site_url: str | None = None
    copyright: str | None = None
    strict: bool | None = None
    docs_dir: str | None = Field(default=None, description="trang riêng của dự án (docs/)")
    theme: ThemeSettings | None = None
    nav: list[Any] = Field(default_factory=list, description="trang thêm sau trang sinh ra")
    extra: ExtraSettings = Field(default_factory=ExtraSettings)
    extra_css: list[str] = Field(default_factory=list)
    extra_javascript: list[str] = Field(default_factory=list)
    plugins: Listed = Field(default_factory=list, description="tên, hoặc tên: {…}")
    markdown_extensions: Listed = Field(default_factory=list)
    hooks: list[str] = Field(default_factory=list)
