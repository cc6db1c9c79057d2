"""A unit's results: one row per indicator, the rate and met / not met computed live by
generator.evaluation (the JSON endpoint), saved through the loader like every write."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from generator.evaluation import STATUS_LABELS, evaluate
from generator.load.messages import validation_problems
from generator.load.yamlsource import parse_yaml
from generator.model import Measure, Result, ResultsFile, Visibility
from generator.model.records import effective_visibility
from generator.studio import forms, store
from generator.studio.app import Studio
from generator.studio.state import results_rel
from generator.studio.validate import Verdict, parsed, place_problems

RESULT_ORDER = list(Result.model_fields)
FILE_ORDER = list(ResultsFile.model_fields)
ROW_FIELDS = ("numerator", "denominator", "value", "note")


def routes(studio: Studio) -> list[Route]:
    base = "/ky/{period}/don-vi/{unit}/ket-qua"

    def page(request: Request) -> Response:
        studio.state.snapshot().period_or_404(request.path_params["period"])
        context = results_context(
            studio, request.path_params["period"], request.path_params["unit"]
        )
        if context is None:
            return PlainTextResponse("Không có đơn vị này.", status_code=404)
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
) -> dict[str, Any] | None:
    """The page's rows; ``submitted`` (per indicator) and ``level`` (the file's visibility) are
    what was typed, shown again when a save was refused."""
    snapshot = studio.state.snapshot()
    period = snapshot.period(period_id)
    unit = snapshot.unit(unit_id)
    if period is None or unit is None:
        return None
    rel = results_rel(period_id, unit_id)
    current = store.read(studio.root, rel)
    entries: dict[str, tuple[int, dict]] = {}
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
    rows = []
    for indicator in snapshot.indicators_for(period):
        index, entry = entries.get(indicator.id, (-1, {}))
        values = {
            name: "" if entry.get(name) is None else str(entry.get(name)) for name in ROW_FIELDS
        }
        if submitted and indicator.id in submitted:
            values.update(submitted[indicator.id])
        errors: dict[str, list[str]] = {}
        position = _index_in(verdict, indicator.id) if verdict else index
        for loc, messages in shown.fields.items():
            if len(loc) >= 2 and loc[0] == "results" and loc[1] == position >= 0:
                name = str(loc[2]) if len(loc) > 2 and loc[2] in ROW_FIELDS else "_row"
                errors.setdefault(name, []).extend(messages)
        live = _evaluate(studio, {"chi_tieu": indicator.id, **values})
        rows.append(
            {
                "indicator": indicator,
                "rate": indicator.measure is Measure.RATE,
                "fields": values,
                "errors": errors,
                "live": live,
                "level": effective_visibility(
                    forms.written_level(entry.get("visibility")), file_level
                ).value,
            }
        )
    return {
        "period": period,
        "unit": unit,
        "rel": rel,
        "digest": current.digest,
        "undo_at": studio.undo_offer(rel, current.digest),
        "rows": rows,
        "general": list(shown.general),
        "notice": notice,
        "file_level": written_level if level is None else level,
        "file_level_errors": [
            m for loc, messages in shown.fields.items() if loc == ("visibility",) for m in messages
        ],
        "levels": [v.value for v in Visibility],
    }


def _index_in(verdict: Verdict, indicator_id: str) -> int:
    return verdict.indices.get(indicator_id, -1)


def _evaluate(studio: Studio, query: dict[str, str]) -> dict[str, str]:
    """What the row would show: the rate or value, and met / not met (or the loader's message)."""
    snapshot = studio.state.snapshot()
    indicator = next(
        (r.model for r in snapshot.raw.indicators if r.model.id == query.get("chi_tieu")), None
    )
    if indicator is None:
        return {"status": "invalid", "text": "—", "label": "không có chỉ tiêu này"}
    data: dict[str, Any] = {"indicator": indicator.id}
    for name in ("numerator", "denominator", "value"):
        value = (query.get(name) or "").strip()
        if value:
            plain = value.isascii() and value.isdigit() and len(value) <= forms.MAX_DIGITS
            data[name] = int(value) if plain else value
    try:
        result = Result.model_validate(data)
    except ValidationError as error:
        source, _ = parse_yaml("indicator: x\n", "")
        assert source is not None
        message = "; ".join(p.message for p in validation_problems(error, source, Result))
        return {"status": "invalid", "text": "—", "label": message}
    if len(data) == 1:
        result = None
    elif (
        indicator.measure is Measure.COUNT
        and result.value is not None
        and result.value != result.value.to_integral_value()
    ):  # the loader's cross-file check says the same when the file is saved
        return {
            "status": "invalid",
            "text": "—",
            "label": f"{result.value} không phải số nguyên; nếu dấu chấm là dấu ngăn cách "
            "hàng nghìn, hãy viết liền (ví dụ 1234)",
        }
    evaluation = evaluate(indicator, result)
    return {
        "status": evaluation.status.value,
        "text": evaluation.value_text,
        "label": STATUS_LABELS[evaluation.status],
        "margin": evaluation.margin_text,
        "target": evaluation.target_text,
    }


def _save(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    period_id, unit_id = request.path_params["period"], request.path_params["unit"]
    rel = results_rel(period_id, unit_id)
    snapshot = studio.state.snapshot()
    period = snapshot.period_or_404(period_id)
    if snapshot.unit(unit_id) is None:
        return PlainTextResponse("Không có đơn vị này.", status_code=404)
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
            values = {
                name: forms.number(form, f"{indicator.id}.{name}", decimal=name == "value")
                for name in ("numerator", "denominator", "value")
            }
            values["note"] = forms.text(form, f"{indicator.id}.note")
            entry = next(
                (e for e in rows if isinstance(e, dict) and e.get("indicator") == indicator.id),
                None,
            )
            empty = all(v is None for v in values.values())
            if entry is None:
                if empty:
                    continue
                entry = store.CommentedMap(indicator=indicator.id)
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
        invalid="Chưa lưu: có số liệu không hợp lệ, xem các ô được đánh dấu.",
    )


def _stale(rel: str) -> str:
    return (
        f"Chưa lưu: «{rel}» đã được sửa ở nơi khác sau khi trang này được mở. Số liệu bạn vừa "
        "nhập vẫn còn trong ô; hãy tải lại trang rồi nhập lại."
    )
