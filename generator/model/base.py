"""Shared pieces of the content model: the strict base class and the visibility levels."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from generator.model.limits import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_FIGURE,
    day_out_of_range,
    figure_too_large,
)


class StrictModel(BaseModel):
    """Base of every content record: unknown fields are errors (a typo must not lose data)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        str_strip_whitespace=True,
    )


class FieldError(ValueError):
    """A model-level check that blames one field, so the message points at that field's line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Visibility(StrEnum):
    """Who may see a record. An audience sees its own level and those below it."""

    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def visible_to(self, audience: Visibility) -> bool:
        """True when a reader of ``audience`` may see something marked ``self``."""
        return self.rank <= audience.rank


_RANKS = {Visibility.PUBLIC: 0, Visibility.INTERNAL: 1, Visibility.RESTRICTED: 2}

VISIBILITY_LABELS = {
    Visibility.PUBLIC: "công khai",
    Visibility.INTERNAL: "nội bộ",
    Visibility.RESTRICTED: "hạn chế",
}


def _written_level(value: object) -> object:
    """A ``visibility`` that is written must be one of the three levels, exactly.

    Runs only when the key is present: a level left out takes the default, but one written
    and unreadable (``visibility:`` left empty, ``Restricted``, ``hạn chế``, a list) is an
    error, never a silent fall back to the default.
    """
    choices = ", ".join(level.value for level in Visibility)
    if isinstance(value, Visibility):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(
            f"để trống; ghi một trong: {choices} (hoặc xóa cả dòng để lấy mức mặc định)"
        )
    if not isinstance(value, str):
        raise ValueError(f"phải là một trong: {choices} (một từ, không phải danh sách hay số)")
    text = value.strip()
    if text in Visibility._value2member_map_:
        return text
    for level, label in VISIBILITY_LABELS.items():
        if text.lower() == level.value:
            raise ValueError(f"«{text}» không hợp lệ; viết đúng «{level.value}» (chữ thường)")
        if text.lower() == label:
            raise ValueError(f"«{text}» không hợp lệ; ghi mã «{level.value}» thay cho «{label}»")
    raise ValueError(f"«{text}» không hợp lệ; chọn một trong: {choices}")


Level = Annotated[Visibility | None, BeforeValidator(_written_level)]
"""A visibility field: optional, but when written it must be readable (fail closed)."""


def reject_boolean(value: object) -> object:
    """YAML reads ``yes``, ``no``, ``true``, ``on`` as booleans; a figure is never one."""
    if isinstance(value, bool):
        raise ValueError(
            "YAML đọc giá trị này là đúng/sai (yes, no, true, false, on, off), không phải số; "
            "hãy ghi một con số"
        )
    return value


def within_figure_bounds(value: Decimal | int) -> Decimal | int:
    if value > MAX_FIGURE:
        raise ValueError(figure_too_large(value))
    return value


def _day_within_bounds(day: dt.date) -> dt.date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(day_out_of_range(day))
    return day


Day = Annotated[dt.date, AfterValidator(_day_within_bounds)]
"""A date between ``EARLIEST_DAY`` and ``LATEST_DAY``."""


_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


def _accept_decimal_comma(value: object) -> object:
    """Read a Vietnamese decimal comma ("95,62") as 95.62 in fields that allow decimals.

    Only the unambiguous form digits-comma-digits is accepted; anything else is left to the
    normal validation (and its error message).
    """
    if isinstance(value, str) and _DECIMAL_COMMA.match(value):
        return value.strip().replace(",", ".")
    return value


DecimalValue = Annotated[
    Decimal,
    BeforeValidator(_accept_decimal_comma),
    BeforeValidator(reject_boolean),
    Field(ge=0),
    AfterValidator(within_figure_bounds),
]
"""A non-negative finite decimal up to ``MAX_FIGURE``; the decimal comma ("95,62") is accepted."""
