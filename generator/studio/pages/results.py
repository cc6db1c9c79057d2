"""A unit's results: one row per indicator, each with its rate or value and met / not met as
typed (``live_result``, also the JSON of ``/api/danh-gia``), and the messages at the fields."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from generator.errors import Problem, Severity
from generator.evaluation import STATUS_LABELS, evaluate, evaluate_figures
from generator.load.reader import RawPeriod
from generator.model import Indicator, Measure, Unit, Visibility
from generator.model.records import effective_visibility
from generator.office.accounts import Account
from generator.studio import forms, store
from generator.studio.app import WARNING, Studio, may_see
from generator.studio.state import Snapshot
from generator.studio.validate import Verdict, parsed, place_problems

ROW_FIELDS = ("numerator", "denominator", "value", "note")
FIGURES = ("numerator", "denominator", "value")
LABELS = {"numerator": "tử số", "denominator": "mẫu số", "value": "giá trị", "note": "ghi chú"}
"""The grid's fields by the words on the page (the spreadsheet's column names)."""


def results_context(
    studio: Studio,
    period: RawPeriod,
    unit: Unit,
    submitted: dict[str, dict[str, str]] | None = None,
    verdict: Verdict | None = None,
    notice: str | None = None,
    level: str | None = None,
    typed_errors: dict[str, dict[str, list[str]]] | None = None,
    *,
    account: Account | None,
) -> dict[str, Any]:
    """The page's rows; ``submitted`` (per indicator) and ``level`` (the file's visibility) are
    what was typed, shown again when a save was refused, with ``typed_errors`` (per indicator
    and field: figures the form could not read) or the loader's ``verdict``. A row above what
    ``account`` may see is shown as withheld, without its figures."""
    snapshot = studio.state.snapshot()
    rel = snapshot.results_rel(period.id, unit.id)
    current = store.read(studio.root, rel)
    entries: dict[str, tuple[int, dict[str, Any]]] = {}
    file_level: Visibility | None = None
    written_level = ""
    placed = Verdict(())
    if current.text is not None:
        source = parsed(rel, current.text)
        placed = place_problems(rel, current.text, snapshot.by_path.get(rel, []), source)
        document = source.data if source is not None else None
        if isinstance(document, dict):
            file_level = forms.written_level(document.get("visibility"))
            if document.get("visibility") is not None:
                written_level = str(document.get("visibility"))
            for index, entry in enumerate(document.get("results") or []):
                if isinstance(entry, dict) and "indicator" in entry:
                    entries[str(entry["indicator"])] = (index, entry)
    shown = verdict or placed
    rows, held = [], set()
    for indicator in snapshot.indicators_for(period):
        index, entry = entries.get(indicator.id, (-1, {}))
        values = {name: as_typed(entry.get(name)) for name in ROW_FIELDS}
        if submitted and indicator.id in submitted:
            values.update(submitted[indicator.id])
        errors: dict[str, list[str]] = {}
        position = verdict.indices.get(indicator.id, -1) if verdict else index
        for loc, problems in shown.placed.items():
            if len(loc) >= 2 and loc[0] == "results" and loc[1] == position >= 0:
                held.add(loc)
                name = str(loc[2]) if len(loc) > 2 and loc[2] in ROW_FIELDS else "_row"
                for problem in problems:
                    where, message = in_words(problem, name)
                    errors.setdefault(where, []).append(message)
        for name, messages in (typed_errors or {}).get(indicator.id, {}).items():
            errors.setdefault(name, []).extend(messages)
        row_level = effective_visibility(
            forms.written_level(entry.get("visibility")), file_level
        ).value
        if not may_see(studio, account, period.id, unit.id, row_level):
            rows.append({"indicator": indicator, "withheld": True, "level": row_level})
            continue
        rows.append(
            {
                "indicator": indicator,
                "withheld": False,
                "rate": indicator.measure is Measure.RATE,
                "fields": values,
                "errors": errors,
                "live": live_result(snapshot, {"chi_tieu": indicator.id, **values}),
                "target": evaluate(indicator, None).target_text,  # also in the error state
                "level": row_level,
            }
        )
    # every other message of the file stands at the top: none is counted and not shown
    elsewhere = [
        message
        for loc, messages in shown.fields.items()
        if loc not in held and loc != ("visibility",)
        for message in messages
    ]
    return {
        "period": period,
        "unit": unit,
        "rel": rel,
        "digest": current.digest,
        "undo_at": studio.undo_offer(rel, current.digest),
        "rows": rows,
        "general": [*shown.general, *(m for m in elsewhere if not m.startswith(WARNING))],
        "notes": [*shown.notes, *(m for m in elsewhere if m.startswith(WARNING))],
        "notice": notice,
        "file_level": written_level if level is None else level,
        "file_level_errors": [
            m for loc, messages in shown.fields.items() if loc == ("visibility",) for m in messages
        ],
        "levels": [v.value for v in Visibility],
    }


def as_typed(value: object) -> str:
    """A figure as staff type it in the grid: a decimal comma (``95,62``: the grid reads
    ``95.62`` as ninety-five thousand six hundred and two), no thousands mark."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(str(value)), "f").replace(".", ",")


def withheld_indicators(
    studio: Studio, account: Account | None, period: RawPeriod, unit: Unit, text: str | None
) -> set[str]:
    """The indicators whose results in the unit's file (``text``) ``account`` may not see: a
    save from its page leaves them as they are."""
    if text is None:
        return set()
    source = parsed("results.yml", text)
    document = source.data if source is not None else None
    if not isinstance(document, dict):
        return set()
    file_level = forms.written_level(document.get("visibility"))
    return {
        str(entry["indicator"])
        for entry in document.get("results") or []
        if isinstance(entry, dict)
        and "indicator" in entry
        and not may_see(
            studio,
            account,
            period.id,
            unit.id,
            effective_visibility(forms.written_level(entry.get("visibility")), file_level).value,
        )
    }


def in_words(problem: Problem, where: str) -> tuple[str, str]:
    """The loader's message of a row for the grid: at the field it names (``where``, or the
    field a «thiếu …» names), each field called by its label, without the file's line (the
    field is the place)."""
    message = problem.message
    for name, label in LABELS.items():
        head = f"trường «{name}»: "
        if message.startswith(head):
            rest = message.removeprefix(head)
            message = rest if rest.startswith(label) else f"{label}: {rest}"
        message = message.replace(f"«{name}» ({label})", f"«{label}»")
        message = message.replace(f"«{name}»", f"«{label}»")
        if where == "_row" and message.endswith(f"thiếu «{label}»"):
            where = name
    label = WARNING if problem.severity is Severity.WARNING else ""
    return where, label + message


def live_result(snapshot: Snapshot, typed: Mapping[str, str]) -> dict[str, str]:
    """What a row shows as it is typed (``chi_tieu``: the indicator; its figures as typed): the
    rate or value and met / not met, or why the figures cannot be read."""
    indicator = next(
        (r.model for r in snapshot.raw.indicators if r.model.id == typed.get("chi_tieu")), None
    )
    if indicator is None:
        return _invalid("không có chỉ tiêu này")
    figures, errors = read_figures(indicator, typed)
    if errors:
        return _invalid("; ".join(m for messages in errors.values() for m in messages))
    evaluation = evaluate_figures(indicator, figures)
    if isinstance(evaluation, list):
        return _invalid("; ".join(in_words(p, "_row")[1] for p in evaluation))
    return {
        "status": evaluation.status.value,
        "text": evaluation.value_text,
        "label": STATUS_LABELS[evaluation.status],
        "margin": evaluation.margin_text,
        "target": evaluation.target_text,
    }


def _invalid(label: str) -> dict[str, str]:
    return {"status": "invalid", "text": "—", "label": label}


def read_figures(
    indicator: Indicator, typed: Mapping[str, str]
) -> tuple[dict[str, int | float | str | None], dict[str, list[str]]]:
    """The figures of a row as the form reads them (``forms.figure``: the spreadsheet's rule;
    the value of a count is whole), and the message of each that cannot be read."""
    values: dict[str, int | float | str | None] = {}
    errors: dict[str, list[str]] = {}
    for name in FIGURES:
        whole = name != "value" or indicator.measure is Measure.COUNT
        read = forms.figure(str(typed.get(name) or ""), whole=whole, label=LABELS[name])
        values[name] = read.value
        if read.error:
            errors[name] = [read.error]
    return values, errors
