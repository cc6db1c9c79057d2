"""The Jinja2 environment that turns views into Markdown pages, and its escaping filters.

Templates are files under ``templates/``. Autoescape is on: every value from the content is
HTML-escaped unless a filter below has already made it safe. Staff text goes into HTML blocks,
which Markdown passes through untouched, so neither HTML nor Markdown in a caption or note
has any effect; text that must sit in Markdown (headings) also gets Markdown's specials escaped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup

from generator.comparison import NO_SAME_PERIOD
from generator.evaluation import STATUS_LABELS, STATUS_MARKS, Evaluation, Status
from generator.formatting import format_date, format_date_range, format_number
from generator.model import (
    CATEGORY_LABELS,
    PERIOD_KIND_LABELS,
    UNIT_KIND_LABELS,
)
from generator.site import charts, paths

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")

GALLERY_SIZES = "(min-width: 76.25em) 17rem, (min-width: 45em) 30vw, 92vw"


def md_text(value: object) -> Markup:
    """Plain text for a Markdown line (a heading): HTML and Markdown syntax both neutralised."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", escape(str(value), quote=False)))


def safe_markdown(text: str) -> Markup:
    """Staff Markdown (the report) with HTML disabled: ``<`` and entity-like ``&`` escaped.

    ``>`` stays, so quotes still work; without ``<`` no tag can form. Unsafe link targets
    (``javascript:``) are dropped after rendering, in ``finish.py``.
    """
    return Markup(_ENTITY_START.sub("&amp;", text).replace("<", "&lt;"))


def lightbox_text(value: object) -> str:
    """Text for a GLightbox ``data-title``: GLightbox inserts it as HTML, so escape it once
    here; autoescape escapes it again for the attribute."""
    return escape(str(value), quote=False)


def nav_title(value: str) -> str:
    """A title for mkdocs.yml's nav. Themes print nav titles unescaped: no tag may form."""
    return value.replace("&", "&amp;").replace("<", "‹").replace(">", "›")


def one_line(value: object) -> str:
    """Text with every run of white space (line breaks included) made one space: a blank line
    would end the HTML block it sits in and hand the rest to Markdown."""
    return " ".join(str(value).split())


def duration_text(seconds: float) -> str:
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    return f"{minutes}:{secs:02d}"


def figure_text(evaluation: Evaluation) -> str:
    """``95,00% (152/160)`` for rates with counts, otherwise the value text."""
    text = evaluation.value_text
    if evaluation.numerator is not None and evaluation.denominator is not None:
        numbers = f"{format_number(evaluation.numerator)}/{format_number(evaluation.denominator)}"
        text = f"{text} ({numbers})" if evaluation.value is not None else numbers
    return text


def svg(chart: str) -> Markup:
    """Chart SVG from ``charts.py``, which escapes every text it draws."""
    return Markup(chart)


@functools.cache
def make_environment() -> jinja2.Environment:
    """One environment per process: its templates are compiled once (``serve`` rebuilds, and
    every build, reuse them). Nothing may change it after this returns."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_text,
        markdown=safe_markdown,
        lightbox=lightbox_text,
        date=_date,
        number=format_number,
        duration=duration_text,
        figure=figure_text,
        oneline=one_line,
    )
    env.globals.update(
        STATUS_LABELS={s.value: label for s, label in STATUS_LABELS.items()},
        STATUS_MARKS={s.value: mark for s, mark in STATUS_MARKS.items()},
        Status=Status,
        NO_SAME_PERIOD=NO_SAME_PERIOD,
        CATEGORY_LABELS=CATEGORY_LABELS,
        PERIOD_KIND_LABELS=PERIOD_KIND_LABELS,
        UNIT_KIND_LABELS=UNIT_KIND_LABELS,
        GALLERY_SIZES=GALLERY_SIZES,
        paths=paths,
        charts=charts,
        svg=svg,
        date_range=format_date_range,
    )
    return env


def _date(value: date | None) -> str:
    return format_date(value) if value else ""


class PageRenderer:
    """Render one template per page; ``url(target)`` in a template links relative to the page."""

    def __init__(self, **shared: Any) -> None:
        self.env = make_environment()
        self.shared = shared

    def render(self, template: str, page: str, **context: Any) -> str:
        url: Callable[[str], str] = lambda target: paths.relative_url(page, target)  # noqa: E731
        return self.env.get_template(template).render(page=page, url=url, **self.shared, **context)
