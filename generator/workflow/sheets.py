"""Spreadsheets as staff send them: .xlsx or .csv, cells with Vietnamese numbers.

A CSV saved by a Vietnamese Excel uses ";" between columns (the comma is the decimal mark) and
may be in Windows-1258 rather than UTF-8; both are handled. Every cell keeps its row and
column so that a problem can be reported as ``FILE:ROW:COL``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator.errors import InputError, Problem
from generator.text import slug


@dataclass(frozen=True)
class Cell:
    value: object  # str | int | float | Decimal | datetime | None
    row: int  # 1-based
    column: int  # 1-based
    percent: bool = False  # an Excel cell formatted as a percentage (0.9562 shows 95,62%)

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        return unicodedata.normalize("NFC", str(self.value)).strip()


def read_table(path: Path, shown: str) -> list[list[Cell]]:
    """The rows of the first sheet of ``path`` (.xlsx or .csv); InputError if unreadable."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(Problem(shown, 0, 0, "không tìm thấy tệp"))
    if suffix == ".csv":
        return _read_csv(path, shown)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, shown)
    raise InputError(
        Problem(
            shown,
            0,
            0,
            "chỉ đọc được tệp .xlsx hoặc .csv; hãy mở bằng Excel và lưu lại "
            "dạng «Excel Workbook (.xlsx)»",
        )
    )


def _read_csv(path: Path, shown: str) -> list[list[Cell]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode(
            "cp1258", errors="replace"
        )  # "CSV (Comma delimited)" of a Vietnamese Windows
    text = unicodedata.normalize("NFC", text)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            row = reader.line_num
            rows.append([Cell(v, row, col) for col, v in enumerate(values, start=1)])
    except csv.Error as exc:
        raise InputError(Problem(shown, reader.line_num, 1, f"tệp CSV lỗi ({exc})")) from None
    return rows


def _read_xlsx(path: Path, shown: str) -> list[list[Cell]]:
    # only the spreadsheet commands need it; no stubs (types-openpyxl is not a dependency)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or encrypted file
        raise InputError(
            Problem(
                shown,
                0,
                0,
                f"không đọc được tệp Excel ({type(exc).__name__}); tệp hỏng hoặc có mật khẩu",
            )
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [
            [Cell(c.value, c.row, c.column, "%" in str(c.number_format or "")) for c in cells]
            for cells in sheet.iter_rows()
        ]
    finally:
        workbook.close()


_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3}){2,}$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def parse_number(cell: Cell) -> Decimal | None:
    """A cell's number: None when empty; ValueError (Vietnamese) when it is not a number.

    Vietnamese writing first: "1.234" is 1234, "95,62" is 95.62, "1.234,5" is 1234.5. A
    number with both marks takes the last one as the decimal mark, so "1,234.5" works too.
    A percentage cell of Excel (0.9562 formatted as 95,62%) gives 95.62.
    """
    value = cell.value
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("ô chứa đúng/sai, không phải số")
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return number * 100 if cell.percent else number
    if not isinstance(value, str):
        raise ValueError(f"«{value}» không phải số")
    text = value.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if text in ("", "-", "–"):
        return None
    if "." in text and "," in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not _PLAIN.match(text):
        raise ValueError(f"«{value.strip()}» không phải số")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"«{value.strip()}» không phải số") from None


def header_key(text: str) -> str:
    """A header as compared: no accents, case, brackets or punctuation ("Tử số (vụ)" → "tu so")."""
    return slug(re.sub(r"\(.*?\)", " ", text), " ", casefold=True)
