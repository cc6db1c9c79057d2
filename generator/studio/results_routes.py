"""A unit's results: one row per indicator, the rate and met / not met computed live by
generator.evaluation (the JSON endpoint), saved through the loader like every write."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.errors import Problem, Severity
from generator.evaluation import STATUS_LABELS, evaluate
from generator.load.messages import validation_problems
from generator.load.yamlsource import parse_yaml
from generator.model import Indicator, Measure, Result, ResultsFile, Visibility
from generator.model.records import effective_visibility
from generator.studio import forms, store
from generator.studio.app import WARNING, Studio
from generator.studio.state import NO_UNIT
from generator.studio.validate import Verdict, parsed, place_problems
from generator.yamledit.roundtrip import CommentedMap

RESULT_ORDER = list(Result.model_fields)
FILE_ORDER = list(ResultsFile.model_fields)
ROW_FIELDS = ("numerator", "denominator", "value", "note")


def routes(studio: Studio) -> list[Route]:
    base = "/ky/{period}/don-vi/{unit}/ket-qua"

    def page(request: Request) -> Response:
        period_id, unit_id = request.path_params["period"], request.path_params["unit"]
        studio.state.snapshot().unit_of_period_or_404(period_id, unit_id)
        context = results_context(studio, period_id, unit_id)
        if context is None:  # removed on disk since the line above
            raise HTTPException(404, NO_UNIT)
        return studio.page(request, "results.html", context)

    def save(request: Request, form: FormData, session: str) -> Response:
        return _save(studio, request, form, session)

    async def evaluation(request: Request) -> Response:
        return JSONResponse(_evaluate(studio, dict(request.query_params)))

    return [
        Route(base, page),
        studio.write_route(base, save),
        Route("/api/danh-gia", evaluation),
    ]


def results_context(
    studio: Studio,
    period_id: str,
    unit_id: str,
    submitted: dict[str, dict[str, str]] | None = None,
    verdict: Verdict | None = None,
    notice: str | None = None,
    level: str | None = None,
    typed_errors: dict[str, dict[str, list[str]]] | None = None,
) -> dict[str, Any] | None:
    """The page's rows; ``submitted`` (per indicator) and ``level`` (the file's visibility) are
    what was typed, shown again when a save was refused, with ``typed_errors`` (per indicator
    and field: figures the form could not read) or the loader's ``verdict``."""
    snapshot = studio.state.snapshot()
    period = snapshot.period(period_id)
    unit = snapshot.unit(unit_id)
    if period is None or unit is None:
        return None
    rel = snapshot.results_rel(period_id, unit_id)
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
        values = {
            name: "" if entry.get(name) is None else str(entry.get(name)) for name in ROW_FIELDS
        }
        if submitted and indicator.id in submitted:
            values.update(submitted[indicator.id])
        errors: dict[str, list[str]] = {}
        position = _index_in(verdict, indicator.id) if verdict else index
        for loc, problems in shown.placed.items():
            if len(loc) >= 2 and loc[0] == "results" and loc[1] == position >= 0:
                held.add(loc)
                name = str(loc[2]) if len(loc) > 2 and loc[2] in ROW_FIELDS else "_row"
                for problem in problems:
                    where, message = in_words(problem, name)
                    errors.setdefault(where, []).append(message)
        for name, messages in (typed_errors or {}).get(indicator.id, {}).items():
            errors.setdefault(name, []).extend(messages)
        live = _evaluate(studio, {"chi_tieu": indicator.id, **values})
        rows.append(
            {
                "indicator": indicator,
                "rate": indicator.measure is Measure.RATE,
                "fields": values,
                "errors": errors,
                "live": live,
                "target": evaluate(indicator, None).target_text,  # also in the error state
                "level": effective_visibility(
                    forms.written_level(entry.get("visibility")), file_level
                ).value,
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


LABELS = {"numerator": "tử số", "denominator": "mẫu số", "value": "giá trị", "note": "ghi chú"}
"""The grid's fields by the words on the page (the spreadsheet's column names)."""


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


def _index_in(verdict: Verdict, indicator_id: str) -> int:
    return verdict.indices.get(indicator_id, -1)


def _evaluate(studio: Studio, query: dict[str, str]) -> dict[str, str]:
    """What the row would show: the rate or value, and met / not met (or the message)."""
    snapshot = studio.state.snapshot()
    indicator = next(
        (r.model for r in snapshot.raw.indicators if r.model.id == query.get("chi_tieu")), None
    )
    if indicator is None:
        return {"status": "invalid", "text": "—", "label": "không có chỉ tiêu này"}
    figures, errors = read_figures(indicator, query)
    if errors:
        return _invalid("; ".join(m for messages in errors.values() for m in messages))
    data: dict[str, Any] = {"indicator": indicator.id}
    data |= {name: value for name, value in figures.items() if value is not None}
    try:
        result = Result.model_validate(data)
    except ValidationError as error:
        source, _ = parse_yaml("indicator: x\n", "")
        assert source is not None
        problems = validation_problems(error, source, Result)
        return _invalid("; ".join(in_words(p, "_row")[1] for p in problems))
    evaluation = evaluate(indicator, result if len(data) > 1 else None)
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
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The figures of a row as the form reads them (``forms.figure``: the spreadsheet's rule;
    the value of a count is whole), and the message of each that cannot be read."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in FIGURES:
        whole = name != "value" or indicator.measure is Measure.COUNT
        read = forms.figure(str(typed.get(name) or ""), whole=whole, label=LABELS[name])
        values[name] = read.value
        if read.error:
            errors[name] = [read.error]
    return values, errors


FIGURES = ("numerator", "denominator", "value")


def _save(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    period_id, unit_id = request.path_params["period"], request.path_params["unit"]
    snapshot = studio.state.snapshot()
    period, _unit = snapshot.unit_of_period_or_404(period_id, unit_id)
    rel = snapshot.results_rel(period_id, unit_id)
    indicators = snapshot.indicators_for(period)
    submitted = {
        i.id: {
            name: str(form.get(f"{i.id}.{name}", ""))
            for name in ROW_FIELDS
            if f"{i.id}.{name}" in form
        }
        for i in indicators
    }
    level = str(form["visibility"]) if "visibility" in form else None
    figures, typed_errors = {}, {}
    for indicator in indicators:
        typed = {name: str(form.get(f"{indicator.id}.{name}", "")) for name in FIGURES}
        figures[indicator.id], errors = read_figures(indicator, typed)
        if errors:
            typed_errors[indicator.id] = errors
    invalid = "Chưa lưu: có số liệu không hợp lệ, xem các ô được đánh dấu."
    if typed_errors:  # figures the form cannot read: said at their fields, nothing written
        context = results_context(
            studio, period_id, unit_id, submitted, None, invalid, level, typed_errors
        )
        assert context is not None
        return studio.page(request, "results.html", context, 422)

    indices: dict[str, int] = {}

    def again(status: int, notice: str, verdict: Verdict | None = None) -> Response:
        if verdict is not None:
            verdict.indices.update(indices)
        context = results_context(studio, period_id, unit_id, submitted, verdict, notice, level)
        assert context is not None
        return studio.page(request, "results.html", context, status)

    def apply(document: Any) -> None:
        if level is not None:  # the whole file's visibility: none written is internal
            store.set_fields(document, {"visibility": forms.text(form, "visibility")}, FILE_ORDER)
        rows = store.as_seq(document, "results")
        for indicator in indicators:
            values = dict(figures[indicator.id])
            values["note"] = forms.text(form, f"{indicator.id}.note")
            entry = next(
                (
                    e
                    for e in rows
                    if isinstance(e, CommentedMap) and e.get("indicator") == indicator.id
                ),
                None,
            )
            empty = all(v is None for v in values.values())
            if entry is None:
                if empty:
                    continue
                entry = CommentedMap(indicator=indicator.id)
                rows.append(entry)
            store.set_fields(entry, values, RESULT_ORDER)
            if empty and set(entry) == {"indicator"}:
                rows.remove(entry)
        for position, entry in enumerate(rows):
            if isinstance(entry, dict) and "indicator" in entry:
                indices[str(entry["indicator"])] = position

    def edit(text: str | None) -> str:
        return store.edit(text if text is not None else f"unit: {unit_id}\nresults: []\n", apply)

    return studio.save_form(
        session,
        form,
        rel,
        edit,
        again,
        done="Đã lưu kết quả.",
        back=f"/ky/{period_id}/don-vi/{unit_id}/ket-qua",
        stale=_stale(rel),
        invalid=invalid,
    )


def _stale(rel: str) -> str:
    return (
        f"Chưa lưu: «{rel}» đã được sửa ở nơi khác sau khi trang này được mở. Số liệu bạn vừa "
        "nhập vẫn còn trong ô; hãy tải lại trang rồi nhập lại."
    )
