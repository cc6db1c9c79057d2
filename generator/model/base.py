"""Shared pieces of the content model: the strict base class and the visibility levels."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


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


_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


def _accept_decimal_comma(value: object) -> object:
    """Read a Vietnamese decimal comma ("95,62") as 95.62 in fields that allow decimals.

    Only the unambiguous form digits-comma-digits is accepted; anything else is left to the
    normal validation (and its error message).
    """
    if isinstance(value, str) and _DECIMAL_COMMA.match(value):
        return value.strip().replace(",", ".")
    return value


DecimalValue = Annotated[Decimal, BeforeValidator(_accept_decimal_comma), Field(ge=0)]
"""A non-negative decimal; the Vietnamese decimal comma ("95,62") is accepted."""
