"""Results of a whole period from a spreadsheet, on the period's page: ``import-results``'s own
rules (the same reader, the same round-trip edits), every file it changes undoable; and the
sheet to fill in, as ``export-results`` writes it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from generator.errors import BaocaoError, InputError
from generator.studio import store
from generator.studio.app import period_or_404, studio_of, write_route
from generator.studio.upload import safe_name, spool_file, spool_folder
from generator.workflow.export import export_results
from generator.workflow.spreadsheet import import_results

SHEET_LIMIT = 10 << 20  # bytes: a results sheet is small; anything bigger is not one
SHEET_SUFFIXES = (".xlsx", ".csv")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_PATH = "/ky/{period}/mau-bang-tinh.xlsx"


def template(request: Request) -> Response:
    """«Tải mẫu bảng tính»: the period's sheet exactly as ``baocao export-results`` writes it
    (one row per unit × indicator, the figures already entered filled in), to fill in and
    import back; made in a temporary folder, nothing written in the project."""
    studio = studio_of(request)
    period = period_or_404(request)
    with tempfile.TemporaryDirectory(prefix="baocao-mau-") as tmp:
        try:
            sheet = export_results(studio.root, period.id, Path(tmp) / f"{period.id}.xlsx")
        except InputError as error:  # results with errors: check's own words, one a line
            lines = "\n".join(str(p) for p in error.problems)
            return PlainTextResponse(f"Chưa tải được mẫu bảng tính:\n{lines}", status_code=422)
        data = sheet.read_bytes()
    shown = f"Kết quả {period.id}.xlsx"
    disposition = (
        f"attachment; filename=\"ket-qua-{period.id}.xlsx\"; filename*=UTF-8''{quote(shown)}"
    )
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
    return Response(data, media_type=XLSX, headers=headers)


def receive(request: Request, form: FormData, session: str) -> Response:
    """The sheet imported as ``import-results`` does; every file it wrote can be undone."""
    studio = studio_of(request)
    period = period_or_404(request)
    snapshot = studio.state.snapshot()
    period_id = period.id
    wants_json = "application/json" in request.headers.get("accept", "")

    def answer(lines: list[str], ok: bool) -> Response:
        if wants_json:
            return JSONResponse({"ok": ok, "lines": lines}, status_code=200 if ok else 422)
        # one line each (the files written, the rows skipped, every wrong row), as uploads say
        studio.guard.flash(session, lines[0], None, "ok" if ok else "loi", lines=lines)
        return RedirectResponse(f"/ky/{period_id}", status_code=303)

    sheets = [f for f in form.getlist("tep") if isinstance(f, UploadFile)]
    name = safe_name(sheets[0].filename) if len(sheets) == 1 else None
    if name is None or Path(name).suffix.lower() not in SHEET_SUFFIXES:
        return answer(["Hãy chọn một bảng tính .xlsx hoặc .csv (không tệp nào được ghi)."], False)
    rels = [snapshot.results_rel(period_id, unit.id) for unit in snapshot.units_for(period)]
    before = {rel: store.read(studio.root, rel) for rel in rels}
    with spool_folder(studio.root) as inbox:
        sheet = spool_file(sheets[0], inbox / name)
        spooled = sheet.relative_to(studio.root).as_posix()
        try:
            report = import_results(studio.root, sheet, period_id)
        except InputError as error:  # every wrong row, named by the sheet staff chose
            return answer([str(p).replace(spooled, name) for p in error.problems], False)
        except BaocaoError as error:
            return answer([str(error)], False)
    for rel in report.written:
        if rel in before:
            studio.history.record(rel, before[rel])
    warnings = [str(w).replace(spooled, name) for w in report.warnings]
    return answer([*report.lines(), *warnings], True)


ROUTES: list[BaseRoute] = [
    write_route("/ky/{period}/nhap-ket-qua", receive, limit=SHEET_LIMIT, max_files=1),
    Route(TEMPLATE_PATH, template),
]
