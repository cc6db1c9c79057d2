"""Reading cells the way staff type numbers, and CSV files from a Vietnamese Excel."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from generator.workflow.sheets import Cell, header_key, parse_number, read_table


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, None),
        ("", None),
        (" - ", None),
        (152, Decimal(152)),
        (95.62, Decimal("95.62")),
        ("1.234", Decimal(1234)),
        ("1.234.567", Decimal(1234567)),
        ("95,62", Decimal("95.62")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("95.62", Decimal("95.62")),
        ("95,62%", Decimal("95.62")),
        ("1\u00a0234", Decimal(1234)),
    ],
)
def test_vietnamese_numbers(value: object, number: Decimal | None) -> None:
    assert parse_number(Cell(value, 1, 1)) == number


def test_percent_formatted_excel_cells_are_scaled() -> None:
    assert parse_number(Cell(0.9562, 1, 1, percent=True)) == Decimal("95.6200")


@pytest.mark.parametrize("value", ["mười", "1,2,3", "-5", True])
def test_not_numbers(value: object) -> None:
    with pytest.raises(ValueError, match=r"không phải số|đúng/sai"):
        parse_number(Cell(value, 1, 1))


def test_header_keys() -> None:
    assert header_key(" TỬ SỐ (vụ) ") == "tu so"
    assert header_key("Đơn vị") == "don vi"


def _windows_1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_csv_from_a_vietnamese_windows_excel(tmp_path: Path) -> None:
    path = tmp_path / "kq.csv"
    path.write_bytes(_windows_1258("Đơn vị;Giá trị\r\nTuy Hòa;95,62\r\n"))
    rows = read_table(path, "kq.csv")
    assert [[c.text for c in row] for row in rows] == [["Đơn vị", "Giá trị"], ["Tuy Hòa", "95,62"]]
    assert (rows[1][1].row, rows[1][1].column) == (2, 2)
