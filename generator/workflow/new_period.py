"""``baocao new-period``: scaffold content/periods/<id>/ for staff to fill in.

Written: period.yml, results/<unit>.yml and highlights/<unit>.yml for every unit active in the
period's dates, report.md and video.yml — each with Vietnamese comments saying what to write.
Every file is valid as written (indicator entries are comments until staff fill them in), so
``baocao check`` passes on a fresh scaffold. An existing period is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from pydantic import ValidationError

from generator.errors import InputError, Problem
from generator.formatting import format_number
from generator.load import layout
from generator.model import Indicator, Measure, Period, PeriodKind, Unit
from generator.model.records import PLACEHOLDER_MARK
from generator.workflow.calendar import parse_period_id, period_title
from generator.workflow.registry import check_period_id, read_registry
from generator.workflow.scaffold import render

_MEASURE_HINTS = {
    Measure.RATE: "tỷ lệ",
    Measure.COUNT: "số đếm",
    Measure.VALUE: "giá trị",
}


def default_title(kind: PeriodKind | str, start: dt.date, end: dt.date) -> str:
    """The usual Vietnamese title of a period, e.g. "Sơ kết công tác 6 tháng đầu năm 2022"
    (``calendar.period_title``, the title ``calendar.proposed_period`` gives)."""
    return period_title(kind, start, end)


def indicator_hint(indicator: Indicator) -> str:
    """A one-line comment describing an indicator: name, measure and target."""
    target = format_number(indicator.target)
    if indicator.measure is Measure.RATE:
        target += "%"
    elif indicator.unit_label:
        target += f" {indicator.unit_label}"
    measure = _MEASURE_HINTS[indicator.measure]
    return f"{indicator.name} ({measure}, chỉ tiêu {indicator.comparator} {target})"


def report_title(title: str) -> str:
    if title.casefold().startswith("báo cáo"):
        return title
    return f"Báo cáo {title[:1].lower()}{title[1:]}"


def new_period(
    root: Path,
    period_id: str,
    start: dt.date,
    end: dt.date,
    kind: str = "half-year",
    title: str | None = None,
) -> list[Path]:
    """Create content/periods/<period_id>/ and return the files written (sorted).

    Raises InputError (Vietnamese) when the id or dates are wrong or the period already exists.
    """
    check_period_id(period_id)
    registry = read_registry(root)
    rel = layout.period_dir(period_id)
    target = registry.root / rel
    if target.exists():
        raise InputError(
            Problem(
                rel,
                0,
                0,
                f"kỳ báo cáo «{period_id}» đã có; lệnh này không ghi đè. "
                "Hãy chọn mã khác hoặc sửa trực tiếp các tệp trong thư mục này",
            )
        )
    period = _period(rel, period_id, kind, start, end, title)
    files = scaffold_files(
        period_id, period, registry.units_active(start, end), registry.indicators
    )
    return _write_new_folder(target, files)


def scaffold_files(
    period_id: str, period: Period, units: list[Unit], indicators: tuple[Indicator, ...]
) -> dict[str, str]:
    """The scaffold's files (path inside the period folder → text)."""
    applicable = [i for i in indicators if i.applies_during(period.start, period.end)]
    common = {
        "period_id": period_id,
        "period": period,
        "title": period.title,
        "report_title": report_title(period.title),
        "kind": period.kind.value,
        "start": period.start,
        "end": period.end,
        "placeholder": PLACEHOLDER_MARK,
    }
    files = {
        layout.PERIOD_YML: render("period.yml.j2", **common),
        layout.REPORT_MD: render("report.md.j2", **common),
        layout.VIDEO_YML: render("video.yml.j2", **common),
    }
    for unit in units:
        files[f"{layout.RESULTS}/{unit.id}.yml"] = render_results(
            period_id, period, unit, pending=applicable
        )
        files[f"{layout.HIGHLIGHTS}/{unit.id}.yml"] = render(
            "highlights.yml.j2", **common, unit=unit
        )
    return files


def render_results(
    period_id: str,
    period: Period,
    unit: Unit,
    *,
    visibility: str | None = None,
    results: list[dict[str, object]] | None = None,
    pending: list[Indicator] | None = None,
    cases: list[dict[str, object]] | None = None,
) -> str:
    """The text of results/<unit>.yml: the file's ``visibility`` (None: not written, so the
    default applies and items may be public), filled ``results`` (dicts of Result fields, None
    for absent), ``pending`` indicators as commented-out entries, and ``cases``."""
    return render(
        "results.yml.j2",
        period_id=period_id,
        period=period,
        unit=unit,
        visibility=visibility,
        results=results or [],
        pending=pending or [],
        cases=cases or [],
        hint=indicator_hint,
    )


def _period(
    rel: str, period_id: str, kind: str, start: dt.date, end: dt.date, title: str | None
) -> Period:
    try:
        kind = PeriodKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in PeriodKind)
        raise InputError(f"loại kỳ «{kind}» không hợp lệ; chọn một trong: {choices}") from None
    _check_kind_of_id(rel, period_id, kind)
    if end < start:
        raise InputError(f"ngày kết thúc {end:%d/%m/%Y} đứng trước ngày bắt đầu {start:%d/%m/%Y}")
    try:
        return Period(
            title=title or default_title(kind, start, end), kind=kind, start=start, end=end
        )
    except ValidationError as error:
        raise InputError(Problem(layout.period_file(period_id), 0, 0, str(error))) from None


_KIND_NAMES = {
    PeriodKind.MONTH: "một tháng",
    PeriodKind.QUARTER: "một quý",
    PeriodKind.HALF_YEAR: "6 tháng",
    PeriodKind.YEAR: "một năm",
}


def _check_kind_of_id(rel: str, period_id: str, kind: PeriodKind) -> None:
    """An id of the sector's calendar (``2022-q1``, ``2022-03``, ``2022``) names its kind: a
    quarter made with the default ``--kind half-year`` would be titled and compared as a
    half-year, so the two must agree."""
    named = parse_period_id(period_id)
    if named is None or named[0] is kind:
        return
    message = (
        f"mã kỳ «{period_id}» là mã của {_KIND_NAMES[named[0]]} nhưng loại kỳ (--kind) đang là "
        f"{kind} ({_KIND_NAMES[kind]}); hãy ghi thêm --kind {named[0]} hoặc chọn mã khác"
    )
    raise InputError(Problem(rel, 0, 0, message))


def _write_new_folder(target: Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` into a temporary folder beside content/periods, then rename it into place."""
    content = target.parent.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".new-period-{target.name}.", dir=content))
    try:
        for name, text in sorted(files.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # created meanwhile: still never overwrite
            raise InputError(f"kỳ báo cáo «{target.name}» đã có; lệnh này không ghi đè")
        os.rename(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return sorted(target / name for name in files)


def new_period_lines(root: Path, files: list[Path]) -> list[str]:
    """What ``new-period`` says it did, in Vietnamese (for the CLI)."""
    if not files:
        return []
    folder = files[0].resolve()
    while folder.parent.name != "periods":
        folder = folder.parent
    rel = folder.relative_to(root.resolve()).as_posix()
    lines = [f"Đã tạo kỳ báo cáo {folder.name} trong {rel}/ ({len(files)} tệp):"]
    lines += [f"  {f.resolve().relative_to(folder).as_posix()}" for f in files]
    lines.append(
        "Tiếp theo: đưa ảnh, video vào bằng «baocao ingest», nhập kết quả bằng "
        "«baocao import-results»."
    )
    return lines
