"""Appending list items to YAML text staff have edited, keeping every byte already there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.yamledit.text import NotAppendable, append_list_items, yaml_number, yaml_scalar

ITEM = "- file: a.jpg\n  caption: Ảnh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("unit: x\n", "unit: x\nmedia:\n  - file: a.jpg\n    caption: Ảnh\n"),
        ("unit: x", "unit: x\nmedia:\n  - file: a.jpg\n    caption: Ảnh\n"),
        ("unit: x\nmedia:\n", "unit: x\nmedia:\n  - file: a.jpg\n    caption: Ảnh\n"),
        ("unit: x\nmedia: ~\n", "unit: x\nmedia: \n  - file: a.jpg\n    caption: Ảnh\n"),
        (
            "unit: x\nmedia:\n- file: b.jpg\n  caption: B\n# cuối\n",
            "unit: x\nmedia:\n- file: b.jpg\n  caption: B\n# cuối\n- file: a.jpg\n  caption: Ảnh\n",
        ),
        (
            "media:\n  - file: b.jpg\n    caption: B  # x\n\nvisibility: public\n",
            "media:\n  - file: b.jpg\n    caption: B  # x\n\n  - file: a.jpg\n    caption: Ảnh\n"
            "visibility: public\n",
        ),
        ("\ufeffunit: x\n", "\ufeffunit: x\nmedia:\n  - file: a.jpg\n    caption: Ảnh\n"),
    ],
)
def test_append(text: str, expected: str) -> None:
    assert append_list_items(text, "media", [ITEM]) == expected
    yaml.safe_load(expected.removeprefix("\ufeff"))


@pytest.mark.parametrize("text", ["{unit: x}\n", "unit: x\nmedia: [{file: b.jpg}]\n", "- a\n"])
def test_unusual_layouts_are_refused(text: str) -> None:
    with pytest.raises(NotAppendable):
        append_list_items(text, "media", [ITEM])


# Text as staff type it: no control characters, which YAML cannot carry unescaped.
_TYPED = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufeff")


@given(st.text(_TYPED | st.sampled_from("\n\t:#-'\"«» ")))
def test_scalars_read_back_as_themselves(text: str) -> None:
    assert yaml.safe_load(f"k: {yaml_scalar(text)}") == {"k": text}


def test_other_scalars() -> None:
    assert yaml_scalar("CẦN BỔ SUNG: chú thích") == '"CẦN BỔ SUNG: chú thích"'
    assert yaml_scalar("Phiên tòa rút kinh nghiệm") == "Phiên tòa rút kinh nghiệm"
    assert yaml_scalar("2021-03-12") == '"2021-03-12"'
    assert yaml_scalar(dt.date(2021, 3, 12)) == "2021-03-12"
    assert yaml_number(Decimal("95.620")) == "95.62"
    assert yaml_number(Decimal("1E+2")) == "100"
