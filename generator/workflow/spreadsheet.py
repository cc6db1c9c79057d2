"""``baocao import-results`` and ``export-results``: unit × indicator results as a spreadsheet.

Sheet layout (first sheet of an .xlsx, or a .csv): a header row, then one row per unit and
indicator. Headers are matched without accents or case: Đơn vị / unit, Chỉ tiêu / indicator,
Tử số / numerator, Mẫu số / denominator, Giá trị / value, Ghi chú / note, Mức công khai /
visibility. Units and indicators are found by id or by name. An empty unit cell repeats the
unit above it (merged cells). Rows with no figure at all are skipped.

Merging into an existing results file: a row replaces that indicator's figures; results of
indicators not in the sheet, the cases and the file's visibility are kept; a note or visibility
is kept when the sheet has no such column, and a level also when its cell is blank. Only the results that differ are edited, in place
(``roundtrip``): comments, key order, quoting, line endings and every untouched line stay as
staff wrote them, and a file with no change is not written at all. A unit without a results
file gets one from the template. Nothing is written if any row or any new text has an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

from generator.errors import InputError, Problem, Severity, relative_to_project
from generator.fsutil import atomic_write_bytes
from generator.load.reader import Record
from generator.model import Indicator, Measure, Period, ResultsFile, Unit, Visibility
from generator.text import fold
from generator.workflow.export import export_results
from generator.workflow.registry import Registry, describe_match_failure, read_registry
from generator.workflow.results_file import (
    Change,
    check_results_text,
    edited_results_text,
    template_text,
)
from generator.workflow.sheets import Cell, header_key, parse_number, read_table

Progress = Callable[[int, int], None]
__all__ = ["COLUMNS", "ImportReport", "export_results", "import_results"]

COLUMNS: dict[str, tuple[str, ...]] = {  # field → accepted headers (folded), first found wins
    "unit": ("unit", "ma don vi", "don vi", "ten don vi"),
    "indicator": ("indicator", "ma chi tieu", "chi tieu", "ten chi tieu"),
    "numerator": ("numerator", "tu so"),
    "denominator": ("denominator", "mau so"),
    "value": ("value", "gia tri", "so lieu"),
    "note": ("note", "ghi chu", "giai trinh"),
    "visibility": ("visibility", "muc cong khai", "cong khai"),
}
_VISIBILITY_WORDS = {
    "public": Visibility.PUBLIC,
    "cong khai": Visibility.PUBLIC,
    "internal": Visibility.INTERNAL,
    "noi bo": Visibility.INTERNAL,
    "restricted": Visibility.RESTRICTED,
    "han che": Visibility.RESTRICTED,
    "mat": Visibility.RESTRICTED,
}
_HEADER_SEARCH_ROWS = 20


@dataclass
class ImportReport:
    """What ``import_results`` did; ``lines()`` says it in Vietnamese."""

    period: str
    rows: int = 0  # rows imported
    skipped_rows: list[int] = field(default_factory=list)  # rows without any figure
    written: list[str] = field(default_factory=list)  # results files written
    unchanged: list[str] = field(default_factory=list)  # results files left as they were
    changed_results: int = 0  # results (unit × indicator) new or different
    unchanged_results: int = 0  # results the sheet gives as the file already has them
    warnings: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Đã đọc {self.rows} dòng kết quả cho kỳ {self.period}."]
        if self.written:
            out.append(
                f"Đã ghi {len(self.written)} tệp ({self.changed_results} kết quả thay đổi): "
                + ", ".join(self.written)
            )
        else:
            out.append("Không có kết quả nào thay đổi; không ghi tệp nào.")
        if self.unchanged_results:
            kept = f"; {len(self.unchanged)} tệp giữ nguyên" if self.unchanged else ""
            out.append(f"{self.unchanged_results} kết quả không đổi{kept}.")
        if self.skipped_rows:
            rows = ", ".join(str(r) for r in self.skipped_rows)
            out.append(f"Bỏ qua {len(self.skipped_rows)} dòng chưa có số liệu (dòng {rows}).")
        out.append("Tiếp theo: chạy «baocao check» rồi xem lại trang kết quả.")
        return out


@dataclass(frozen=True)
class _Row:
    row: int
    unit: Unit
    indicator: Indicator
    figures: dict[str, int | Decimal | None]
    kept: dict[str, object]  # note / visibility, only for columns the sheet has

    def change(self) -> Change:
        kept = {k: v.value if isinstance(v, Visibility) else v for k, v in self.kept.items()}
        return Change(self.indicator.id, {**self.figures, **kept})


def import_results(
    root: Path, file: Path, period: str, on_progress: Progress | None = None
) -> ImportReport:
    """Write the sheet ``file``'s results into content/periods/<period>/results/.

    Raises InputError listing every wrong row as ``FILE:ROW:COL: …``; then nothing is written.
    """
    registry = read_registry(root)
    raw_period, period_model = registry.period(period)
    shown = relative_to_project(file, registry.root)
    reader = _SheetReader(registry, period_model, shown)
    rows = reader.read(read_table(file, shown), on_progress)
    report = ImportReport(period, rows=len(rows), skipped_rows=reader.skipped)
    existing = {r.model.unit: r for r in raw_period.results}
    files: dict[str, tuple[Record[ResultsFile] | None, list[_Row]]] = {}
    for unit_id in sorted({r.unit.id for r in rows}):
        record = existing.get(unit_id)
        rel = raw_period.results_rel(unit_id)
        reader.problems += registry.errors_in(rel)
        files[rel] = (record, [r for r in rows if r.unit.id == unit_id])
    problems = list(dict.fromkeys(reader.problems))  # a repeated unit cell: one message
    report.warnings = [p for p in problems if p.severity is Severity.WARNING]
    if any(p.severity is Severity.ERROR for p in problems):
        raise InputError(problems)
    indicators, order = registry.indicators, [i.id for i in registry.indicators]
    writes: dict[str, str] = {}
    for rel, (record, unit_rows) in files.items():
        results_file = record.model if record else None
        old = {r.indicator: r for r in (results_file.results if results_file else ())}
        changes = [r.change() for r in unit_rows]
        changed = [c for c in changes if c.differs_from(old.get(c.indicator))]
        report.changed_results += len(changed)
        report.unchanged_results += len(changes) - len(changed)
        if not changed:
            report.unchanged.append(rel)
            continue
        path, unit = registry.root / rel, unit_rows[0].unit
        scaffold = partial(
            template_text, period, period_model, unit, results_file, indicators=indicators
        )
        if results_file is None or path.read_bytes() == scaffold([]).encode("utf-8"):
            text = scaffold(changed)  # nothing typed into the file yet: the template again
        else:
            text = edited_results_text(path, rel, changed, old, order)
        check_results_text(text, rel, changes)
        writes[rel] = text
    for rel, text in writes.items():
        atomic_write_bytes(registry.root / rel, text.encode("utf-8"), durable=True)
        report.written.append(rel)
    return report


class _SheetReader:
    """Turns table rows into checked results, collecting every problem with its cell."""

    def __init__(self, registry: Registry, period: Period, shown: str) -> None:
        self.registry = registry
        self.period = period
        self.shown = shown
        self.units = registry.unit_matcher()
        self.indicators = registry.indicator_matcher()
        self.problems: list[Problem] = []
        self.skipped: list[int] = []

    def problem(self, cell: Cell, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.shown, cell.row, cell.column, message, severity))

    def read(self, table: list[list[Cell]], on_progress: Progress | None) -> list[_Row]:
        found = self._header(table)
        if found is None:
            wanted = "«Đơn vị», «Chỉ tiêu» và «Tử số», «Mẫu số» hoặc «Giá trị»"
            self.problems.append(
                Problem(self.shown, 1, 1, f"không tìm thấy dòng tiêu đề có các cột {wanted}")
            )
            return []
        start, columns = found
        rows: list[_Row] = []
        seen: dict[tuple[str, str], int] = {}
        unit_above: Cell | None = None
        body = table[start + 1 :]
        for index, cells in enumerate(body, start=1):
            row = cells[0].row if cells else 0
            cell = {name: _cell_at(cells, col, row) for name, col in columns.items()}
            if cell["unit"].text:
                unit_above = cell["unit"]
            elif unit_above is not None and cell["indicator"].text:
                cell["unit"] = unit_above  # merged or left-blank unit cells repeat the one above
            parsed = self._row(cell, seen)
            if parsed is not None:
                rows.append(parsed)
            if on_progress:
                on_progress(index, len(body))
        return rows

    def _header(self, table: list[list[Cell]]) -> tuple[int, dict[str, int]] | None:
        for index, cells in enumerate(table[:_HEADER_SEARCH_ROWS]):
            keys = {header_key(c.text): c.column for c in reversed(cells) if c.text}
            columns = {}
            for name, aliases in COLUMNS.items():
                column = next((keys[a] for a in aliases if a in keys), None)
                if column is not None:
                    columns[name] = column
            figures = {"numerator", "denominator", "value"} & columns.keys()
            if "unit" in columns and "indicator" in columns and figures:
                return index, columns
        return None

    def _row(self, cell: dict[str, Cell], seen: dict[tuple[str, str], int]) -> _Row | None:
        figures_cells: dict[str, Cell] = {
            n: cell[n] for n in ("numerator", "denominator", "value") if n in cell
        }
        if not any(c.text for c in cell.values()):
            return None
        row = cell["indicator"].row
        unit = self._unit(cell["unit"])
        indicator = self._indicator(cell["indicator"])
        figures: dict[str, Decimal | None] = {}
        unreadable = False
        for name, c in figures_cells.items():
            try:
                figures[name] = parse_number(c)
            except ValueError as exc:
                self.problem(c, f"{_LABELS[name]}: {exc}")
                figures[name], unreadable = None, True
        if not any(v is not None for v in figures.values()) and all(
            not c.text for c in figures_cells.values()
        ):
            self.skipped.append(row)
            return None
        if unit is None or indicator is None or unreadable:
            return None
        key = (unit.id, indicator.id)
        if key in seen:
            self.problem(
                cell["indicator"],
                f"đơn vị «{unit.id}», chỉ tiêu «{indicator.id}» đã có ở dòng {seen[key]}",
            )
            return None
        seen[key] = row
        checked = self._figures(indicator, figures, figures_cells, cell["indicator"])
        kept: dict[str, object] = {}
        if "note" in cell:
            kept["note"] = cell["note"].text or None
        # A blank level cell keeps the written level: clearing it must not let the result
        # inherit its file's, perhaps lower, level. Lowering a level is written, not implied.
        if "visibility" in cell and cell["visibility"].text:
            kept["visibility"] = self._visibility(cell["visibility"])
        if checked is None:
            return None
        return _Row(row, unit, indicator, checked, kept)

    def _unit(self, cell: Cell) -> Unit | None:
        if not cell.text:
            self.problem(cell, "thiếu đơn vị")
            return None
        match = self.units.find(cell.text)
        if match.record is None:
            self.problem(
                cell, describe_match_failure("đơn vị", cell.text, match) + " trong units.yml"
            )
            return None
        unit = match.record
        if not unit.active_during(self.period.start, self.period.end):
            self.problem(cell, f"đơn vị «{unit.id}» không hoạt động trong kỳ báo cáo này")
            return None
        return unit

    def _indicator(self, cell: Cell) -> Indicator | None:
        if not cell.text:
            self.problem(cell, "thiếu chỉ tiêu")
            return None
        match = self.indicators.find(cell.text)
        if match.record is None:
            self.problem(
                cell, describe_match_failure("chỉ tiêu", cell.text, match) + " trong indicators.yml"
            )
            return None
        indicator = match.record
        if not indicator.applies_during(self.period.start, self.period.end):
            self.problem(
                cell,
                f"chỉ tiêu «{indicator.id}» không áp dụng trong kỳ báo cáo này",
                Severity.WARNING,
            )
        return indicator

    def _figures(
        self,
        indicator: Indicator,
        figures: dict[str, Decimal | None],
        cells: dict[str, Cell],
        where: Cell,
    ) -> dict[str, int | Decimal | None] | None:
        num, den, value = (figures.get(n) for n in ("numerator", "denominator", "value"))
        errors = len(self.problems)
        if indicator.measure is Measure.RATE:
            if num is None or den is None:
                missing = "tử số" if num is None else "mẫu số"
                self.problem(
                    cells.get("numerator" if num is None else "denominator", where),
                    f"chỉ tiêu «{indicator.id}» là tỷ lệ: thiếu {missing}",
                )
            elif value is not None:
                self.problem(
                    cells["value"],
                    f"chỉ tiêu «{indicator.id}» là tỷ lệ: bỏ qua cột "
                    "giá trị, tỷ lệ được tính từ tử số và mẫu số",
                    Severity.WARNING,
                )
            result: dict[str, int | Decimal | None] = {
                "numerator": self._count(num, cells, "numerator"),
                "denominator": self._count(den, cells, "denominator"),
                "value": None,
            }
            if num is not None and den is not None and num > den:
                self.problem(cells["numerator"], f"tử số ({num}) lớn hơn mẫu số ({den})")
        else:
            what = "số đếm" if indicator.measure is Measure.COUNT else "giá trị"
            for name in ("numerator", "denominator"):
                if figures.get(name) is not None:
                    self.problem(
                        cells[name],
                        f"chỉ tiêu «{indicator.id}» là {what}: ghi vào cột "
                        f"giá trị, không ghi {_LABELS[name]}",
                    )
            if value is None:
                self.problem(cells.get("value", where), f"chỉ tiêu «{indicator.id}»: thiếu giá trị")
            elif indicator.measure is Measure.COUNT:
                self._count(value, cells, "value")
            result = {"numerator": None, "denominator": None, "value": value}
        return None if self._new_errors(errors) else result

    def _count(self, number: Decimal | None, cells: dict[str, Cell], name: str) -> int | None:
        if number is None:
            return None
        if number != number.to_integral_value():
            self.problem(cells[name], f"{_LABELS[name]}: {number} không phải số nguyên")
            return None
        return int(number)

    def _visibility(self, cell: Cell) -> Visibility | None:
        if not cell.text:
            return None
        found = _VISIBILITY_WORDS.get(fold(cell.text, casefold=True).strip())
        if found is None:
            self.problem(
                cell,
                f"mức công khai «{cell.text}» không hợp lệ; chọn: công khai "
                "(public), nội bộ (internal), hạn chế (restricted)",
            )
        return found

    def _new_errors(self, since: int) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems[since:])


_LABELS = {"numerator": "tử số", "denominator": "mẫu số", "value": "giá trị"}


def _cell_at(cells: list[Cell], column: int, row: int) -> Cell:
    return cells[column - 1] if column <= len(cells) else Cell(None, row, column)
