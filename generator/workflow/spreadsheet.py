"""``baocao import-results`` and ``export-results``: unit × indicator results as a spreadsheet.

Sheet layout (first sheet of an .xlsx, or a .csv): a header row, then one row per unit and
indicator. Headers are matched without accents or case: Đơn vị / unit, Chỉ tiêu / indicator,
Tử số / numerator, Mẫu số / denominator, Giá trị / value, Ghi chú / note, Mức công khai /
visibility. Units and indicators are found by id or by name. An empty unit cell repeats the
unit above it (merged cells). Rows with no figure at all are skipped.

Merging into an existing results/<unit>.yml: a row replaces that indicator's result; results of
indicators not in the sheet, the cases and the file's visibility are kept; a note or visibility
is kept when the sheet has no such column. The file is rewritten from the template, so comments
typed into it are not kept. Nothing is written if any row has an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from generator.errors import InputError, Problem, Severity, relative_to_project
from generator.fsutil import atomic_write_text
from generator.load.messages import validation_problems
from generator.load.yamlsource import parse_yaml
from generator.model import Indicator, Measure, Period, ResultsFile, Unit, Visibility
from generator.workflow.export import export_results
from generator.workflow.names import fold
from generator.workflow.new_period import render_results
from generator.workflow.registry import Registry, describe_match_failure, read_registry
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
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Đã đọc {self.rows} dòng kết quả cho kỳ {self.period}."]
        if self.written:
            out.append(f"Đã ghi {len(self.written)} tệp: " + ", ".join(self.written))
        if self.unchanged:
            out.append(f"Không thay đổi {len(self.unchanged)} tệp.")
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


def import_results(
    root: Path, file: Path, period: str, on_progress: Progress | None = None
) -> ImportReport:
    """Write content/periods/<period>/results/<unit>.yml from the sheet ``file``.

    Raises InputError listing every wrong row as ``FILE:ROW:COL: …``; then nothing is written.
    """
    registry = read_registry(root)
    raw_period, period_model = registry.period(period)
    shown = relative_to_project(file, registry.root)
    reader = _SheetReader(registry, period_model, shown)
    rows = reader.read(read_table(file, shown), on_progress)
    report = ImportReport(period, rows=len(rows), skipped_rows=reader.skipped)
    existing = {r.model.unit: r.model for r in raw_period.results}
    texts: dict[str, str] = {}
    for unit_id in sorted({r.unit.id for r in rows}):
        rel = f"content/periods/{period}/results/{unit_id}.yml"
        reader.problems += registry.errors_in(rel)
        unit_rows = [r for r in rows if r.unit.id == unit_id]
        texts[rel] = _merged_text(registry, period, period_model, unit_rows, existing.get(unit_id))
    problems = list(dict.fromkeys(reader.problems))  # a repeated unit cell: one message
    report.warnings = [p for p in problems if p.severity is Severity.WARNING]
    if any(p.severity is Severity.ERROR for p in problems):
        raise InputError(problems)
    for rel, text in texts.items():
        _validate(text, rel)
    for rel, text in texts.items():
        path = registry.root / rel
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            report.unchanged.append(rel)
            continue
        atomic_write_text(path, text)
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
        figures_cells = {n: cell[n] for n in ("numerator", "denominator", "value") if n in cell}
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
        if "visibility" in cell:
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
            result = {
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
        found = _VISIBILITY_WORDS.get(fold(cell.text).strip())
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


def _merged_text(
    registry: Registry, period_id: str, period: Period, rows: list[_Row], old: ResultsFile | None
) -> str:
    """The new text of a unit's results file: the sheet's rows merged into ``old``."""
    results = {r.indicator: r.model_dump(exclude_none=False) for r in (old.results if old else ())}
    for row in rows:
        merged = dict(results.get(row.indicator.id, {"note": None, "visibility": None}))
        merged.update(indicator=row.indicator.id, **row.figures, **row.kept)
        results[row.indicator.id] = merged
    order = {i.id: n for n, i in enumerate(registry.indicators)}
    ordered = sorted(results.values(), key=lambda r: order.get(str(r["indicator"]), len(order)))
    applicable = [i for i in registry.indicators if i.applies_during(period.start, period.end)]
    pending = [i for i in applicable if i.id not in results]
    unit = rows[0].unit
    return render_results(
        period_id,
        period,
        unit,
        visibility=old.visibility.value if old and old.visibility else None,
        results=[{k: _plain(v) for k, v in r.items()} for r in ordered],
        pending=pending,
        cases=[c.model_dump() for c in old.cases] if old else [],
    )


def _plain(value: object) -> object:
    return value.value if isinstance(value, Visibility) else value


def _validate(text: str, rel: str) -> None:
    source, problems = parse_yaml(text, rel)
    if source is None:
        raise InputError(problems)
    try:
        ResultsFile.model_validate(source.data)
    except ValidationError as error:
        raise InputError(validation_problems(error, source, ResultsFile)) from None
