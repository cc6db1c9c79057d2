"""What a drawn card shows, as plain data: the storyboard makes these, the drawers draw them.

One record per table line (``IndicatorRow``) travels unchanged from the storyboard to the
drawing, with the evaluation's own ``Status``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.evaluation import Status


@dataclass(frozen=True)
class IndicatorRow:
    """One line of an indicator table: a unit or an indicator and how it did."""

    label: str
    value: str
    target: str
    status: Status
    fraction: float | None = None
    """Where the value sits between 0 and 100 % (rates only), for the bar under it."""


@dataclass(frozen=True)
class Slide:
    """A card to draw at the render size; ``kind`` names its drawer in ``slides.registry``."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    number: int = 0
    rows: tuple[IndicatorRow, ...] = ()
    footer: str = ""
    headers: tuple[str, ...] = ()
