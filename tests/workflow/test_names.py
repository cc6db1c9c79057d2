"""Matching typed names to units (folding and slugs: tests/test_text.py)."""

from __future__ import annotations

import unicodedata

import pytest

from generator.model import Unit
from generator.workflow.names import NameMatcher

UNITS = [
    Unit(id="vks-tinh", name="Viện kiểm sát nhân dân tỉnh Phú Yên", kind="province"),
    Unit(id="tuy-hoa", name="VKSND thành phố Tuy Hòa", short_name="Tuy Hòa", kind="district"),
    Unit(id="tuy-an", name="VKSND huyện Tuy An", kind="district"),
    Unit(id="dong-hoa", name="VKSND thị xã Đông Hòa", kind="district"),
]


def _matcher() -> NameMatcher[Unit]:
    return NameMatcher(UNITS, lambda u: u.id, lambda u: (u.name, u.short_name or ""))


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("tuy-hoa", "tuy-hoa"),
        ("Tuy Hoa", "tuy-hoa"),
        ("VKS Tuy Hòa", "tuy-hoa"),
        ("TP TUY HOA", "tuy-hoa"),
        (unicodedata.normalize("NFD", "VKSND thành phố Tuy Hòa"), "tuy-hoa"),
        ("H. Tuy An", "tuy-an"),
        ("Dong Hoa", "dong-hoa"),
        ("VKS tỉnh", "vks-tinh"),
    ],
)
def test_units_are_found_by_id_or_name(typed: str, unit: str) -> None:
    found = _matcher().find(typed).record
    assert found is not None and found.id == unit


def test_unknown_names_match_nothing() -> None:
    assert _matcher().find("Hà Nội").record is None
    assert _matcher().find("Tuy").record is None
