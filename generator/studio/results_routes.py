"""A unit's results: one row per indicator, the rate and met / not met computed live by
generator.evaluation (the JSON endpoint), saved through the loader like every write."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from generator.model import Result, ResultsFile
from generator.studio import forms, store
from generator.studio.app import account_of_request, studio_of, unit_or_404, write_route
from generator.studio.pages.results import (
    FIGURES,
    ROW_FIELDS,
    live_result,
    read_figures,
    results_context,
    withheld_indicators,
)
from generator.studio.saving import form_answer, save_edit
from generator.studio.validate import Verdict
from generator.yamledit.roundtrip import CommentedMap

RESULT_ORDER = list(Result.model_fields)
FILE_ORDER = list(ResultsFile.model_fields)
PATH = "/ky/{period}/don-vi/{unit}/ket-qua"
INVALID_FIGURES = "Chưa lưu: có số liệu không hợp lệ, xem các ô được đánh dấu."


def page(request: Request) -> Response:
    studio = studio_of(request)
    period, unit = unit_or_404(request)
    context = results_context(studio, period, unit, account=account_of_request(request))
    return studio.page(request, "results.html", context)


async def evaluation(request: Request) -> Response:
    snapshot = studio_of(request).state.snapshot()
    return JSONResponse(live_result(snapshot, dict(request.query_params)))


def save(request: Request, form: FormData, session: str) -> Response:
    studio = studio_of(request)
    period, unit = unit_or_404(request)
    snapshot = studio.state.snapshot()
    rel = snapshot.results_rel(period.id, unit.id)
    account = account_of_request(request)
    withheld = withheld_indicators(studio, account, period, unit, store.read(studio.root, rel).text)
    indicators = [i for i in snapshot.indicators_for(period) if i.id not in withheld]
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
    if typed_errors:  # figures the form cannot read: said at their fields, nothing written
        context = results_context(
            studio,
            period,
            unit,
            submitted,
            None,
            INVALID_FIGURES,
            level,
            typed_errors,
            account=account,
        )
        return studio.page(request, "results.html", context, 422)

    indices: dict[str, int] = {}

    def again(status: int, notice: str, verdict: Verdict | None = None) -> Response:
        if verdict is not None:
            verdict.indices.update(indices)
        context = results_context(
            studio, period, unit, submitted, verdict, notice, level, account=account
        )
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
        return store.edit(text if text is not None else f"unit: {unit.id}\nresults: []\n", apply)

    outcome = save_edit(request, rel, edit, digest=str(form.get("digest", "")))
    return form_answer(
        request,
        session,
        outcome,
        again,
        done="Đã lưu kết quả.",
        back=f"/ky/{period.id}/don-vi/{unit.id}/ket-qua",
        invalid=INVALID_FIGURES,
    )


ROUTES: list[BaseRoute] = [
    Route(PATH, page),
    write_route(PATH, save),
    Route("/api/danh-gia", evaluation),
]
