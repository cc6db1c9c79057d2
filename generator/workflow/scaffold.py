"""The content files a period starts with, rendered from ``templates/``: YAML written for people
(comments kept, values as staff would type them)."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from generator.formatting import format_date, format_number
from generator.yamledit.text import yaml_scalar

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["vn_number"] = format_number
    env.filters["vn_date"] = format_date
    return env


def render(template: str, **context: object) -> str:
    """The scaffold ``template`` filled with ``context``."""
    return environment().get_template(template).render(**context)
