"""Form values as YAML values: what staff typed, converted only where it is unambiguous.

Anything that is not clearly a number or a date is written as typed, so that the loader, not
the form, decides whether it is valid and says so in ``baocao check``'s words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from generator.model import Visibility
from generator.workflow.sheets import Cell, parse_number


def text(form: FormData, name: str, *, required: bool = False) -> str | None:
    """Stripped NFC text; empty gives None (the key is removed), or "" when required."""
    value = unicodedata.normalize("NFC", str(form.get(name, "")).replace("\r\n", "\n")).strip()
    if value:
        return value
    return "" if required else None


def number(form: FormData, name: str, *, decimal: bool = False) -> Any:
    """An int or float when the text is plainly one (``12``, ``9.5``; with ``decimal``, also
    the Vietnamese ``9,5``); else the text itself, for the loader to explain. For seconds and
    other measures that are no figures of a report; a unit's figures are read by ``figure``."""
    value = text(form, name)
    if value is None:
        return None
    if len(value) > MAX_DIGITS:  # far beyond any limit: the loader says so, no int() of it
        return value
    if re.fullmatch(r"[0-9]+", value):
        return int(value)
    if decimal and re.fullmatch(r"[0-9]+[.,][0-9]+", value):
        return float(value.replace(",", "."))
    return value


@dataclass(frozen=True)
class Figure:
    """A figure typed in a form: its value as written to the file (None: left empty, or not
    read), or the Vietnamese message for its field when it cannot be read."""

    value: int | float | str | None
    error: str = ""


def figure(typed: str, *, whole: bool, label: str = "số liệu") -> Figure:
    """A figure typed in a form, read as the spreadsheet import reads a cell (one rule for
    what people type, ``generator.workflow.sheets.parse_number``): «1.234» and «1 234» are
    1234, «95,62» is 95.62; a count (``whole``) is a whole number. Hand-written YAML keeps the
    loader's own rule: this is the form's reading, and what it writes is a plain number."""
    text = unicodedata.normalize("NFC", typed).strip()
    if not text:
        return Figure(None)
    if len(text) > MAX_DIGITS:  # far beyond any limit: the loader says so, no int() of it
        return Figure(text)
    try:
        number = parse_number(Cell(text, 0, 0))
    except ValueError as exc:
        return Figure(None, f"{label}: {exc}")
    if number is None:
        return Figure(None)
    if number == number.to_integral_value():
        return Figure(int(number))
    if whole:
        return Figure(None, f"{label}: «{text}» không phải số nguyên")
    return Figure(float(number))


MAX_DIGITS = 40
"""Longer figures are passed on as typed (Python's int() refuses over 4,300 digits)."""


SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
"""Period and scene ids (``2021-h1``, ``mo-dau``, ``tuy-hoa-3``…): also safe in a file name
and in a URL."""


def index(text: str) -> int | None:
    """A list position sent by the page (ASCII digits, a few of them), else None."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def date(form: FormData, name: str) -> Any:
    """A date typed ``12/03/2021`` (day first, as staff write it) or ``2021-03-12``."""
    value = text(form, name)
    if value is None:
        return None
    day = date_of(value)
    return value if day is None else day


def date_of(value: str) -> dt.date | None:
    """The day ``value`` writes (``12/03/2021`` or ``2021-03-12``), or None."""
    day_first = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    try:
        if day_first:
            return dt.date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def shown_date(value: object) -> str:
    """How a date stands in the form: ``12/03/2021``; anything else as written."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def written_level(value: object) -> Visibility | None:
    """A ``visibility`` as written in a file, for the badge beside an item: None when there is
    none. One that cannot be read shows as restricted — never lower than may be meant — while
    the loader's message for it stands at the field."""
    if value is None:
        return None
    try:
        return Visibility(str(value))
    except ValueError:
        return Visibility.RESTRICTED
