"""``baocao export-results``: a period's results as an .xlsx for review, re-importable as is.

One row per unit active in the period × indicator applicable in it (blank figures where there is
no result yet, so the file doubles as the sheet to fill in), with Vietnamese headers that
``import_results`` reads back: the id columns come first, the name columns are for reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from generator.errors import InputError
from generator.fsutil import atomic_path, check_output_files
from generator.load import layout
from generator.model import Indicator, ResultsFile, Unit
from generator.workflow.registry import Registry, read_registry

Progress = Callable[[int, int], None]

EXPORT_HEADERS = (
    ("Đơn vị", 14),
    ("Tên đơn vị", 32),
    ("Chỉ tiêu", 30),
    ("Tên chỉ tiêu", 60),
    ("Tử số", 10),
    ("Mẫu số", 10),
    ("Giá trị", 10),
    ("Ghi chú", 50),
    ("Mức công khai", 14),
)


WRITTEN_BY = "baocao export-results"  # in the workbook's properties: a later export may replace it


def _exported_by_us(path: Path) -> bool:
    """Whether ``path`` is a workbook an earlier export wrote (staff files are never replaced)."""
    if not path.is_file():
        return False
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # not a workbook openpyxl can open: not ours
        return False
    try:
        creator: str | None = workbook.properties.creator
        return creator == WRITTEN_BY
    finally:
        workbook.close()


def export_results(
    root: Path, period: str, out_xlsx: Path, on_progress: Progress | None = None
) -> Path:
    """Write the period's results to ``out_xlsx`` for review, one row per active unit ×
    applicable indicator (blank figures where there is no result yet); re-importable as is."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    registry = read_registry(root)
    raw_period, period_model = registry.period(period)
    errors = registry.errors_in(layout.results_dir(period))
    if errors:
        raise InputError(errors)
    if out_xlsx.suffix.lower() != ".xlsx":
        raise InputError(f"tệp xuất «{out_xlsx}» phải có đuôi .xlsx")
    owned = [out_xlsx.name] if _exported_by_us(out_xlsx) else []
    check_output_files(out_xlsx, [out_xlsx], owned, root, "TỆP")
    existing = {r.model.unit: r.model for r in raw_period.results}
    units = registry.units_active(period_model.start, period_model.end)
    units += [u for u in registry.units if u.id in existing and u not in units]
    indicators = [
        i for i in registry.indicators if i.applies_during(period_model.start, period_model.end)
    ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"Kết quả {period}"[:31]
    sheet.append([name for name, _ in EXPORT_HEADERS])
    for column, (_, width) in enumerate(EXPORT_HEADERS, start=1):
        sheet.cell(1, column).font = Font(bold=True)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
    for index, unit in enumerate(units, start=1):
        for row in _export_rows(unit, indicators, registry, existing.get(unit.id)):
            sheet.append(row)
        if on_progress:
            on_progress(index, len(units))
    for cells in sheet.iter_rows(min_row=2, min_col=8, max_col=8):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    moment = dt.datetime.combine(period_model.end, dt.time())
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.title = period_model.title
    workbook.properties.creator = WRITTEN_BY
    with atomic_path(out_xlsx) as tmp:
        workbook.save(tmp)
    return out_xlsx


def _export_rows(
    unit: Unit, indicators: list[Indicator], registry: Registry, results: ResultsFile | None
) -> list[list[object]]:
    by_id = {r.indicator: r for r in (results.results if results else ())}
    shown = indicators + [i for i in registry.indicators if i.id in by_id and i not in indicators]
    rows: list[list[object]] = []
    for indicator in shown:
        result = by_id.get(indicator.id)
        rows.append(
            [
                unit.id,
                unit.name,
                indicator.id,
                indicator.name,
                result.numerator if result else None,
                result.denominator if result else None,
                result.value if result else None,
                result.note if result else None,
                result.visibility.value if result and result.visibility else None,
            ]
        )
    return rows
