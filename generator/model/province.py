"""Province-wide figures as the model carries them: summed over every unit's results when the
project is loaded, before any audience filter, each with the lowest audience that may see it.

A stage never sums filtered rows into a figure labelled «toàn tỉnh»: it reads these. The audience
filter passes a figure on only to an audience that may see it and leaves a withheld marker
otherwise, so a partial sum cannot exist downstream.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.base import Visibility


@dataclass(frozen=True)
class ProvinceFigure:
    """One indicator's province-wide figure for one period."""

    indicator: str
    numerator: int | None = None  # rates: the sum over every unit
    denominator: int | None = None
    value: Decimal | None = None  # counts: the sum; values: the province unit's own figure
    visibility: Visibility = Visibility.PUBLIC
    """The lowest audience that may see the figure: the strictest level of the results that go
    into it, lowered to the period's ``province_visibility`` when that is set."""
    units: tuple[str, ...] = ()
    """The units whose results go into the figure."""
    withheld: bool = False
    """True once the audience filter has removed the figure (its numbers are then None)."""

    def withheld_copy(self) -> ProvinceFigure:
        """What an audience that may not see the figure receives: only that it exists."""
        return ProvinceFigure(self.indicator, visibility=self.visibility, withheld=True)
