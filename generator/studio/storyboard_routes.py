"""The video's plan as a list of scenes, for one audience: what is shown, what is said.

The storyboard comes from generator.video.storyboard.plan on the audience-filtered project (the
same call ``baocao video --plan`` makes, without the narration step); each line can be heard.
"""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from generator.errors import InputError
from generator.formatting import format_number
from generator.load.reader import RawPeriod
from generator.model import SECTION_TITLES, SectionId, VideoSettings, Visibility
from generator.pipeline import load_for
from generator.studio import forms, store
from generator.studio.app import Studio
from generator.studio.state import video_rel
from generator.studio.validate import check_change
from generator.video.storyboard.plan import plan_storyboard
from generator.workflow.roundtrip import EditRefused

VIDEO_KEYS = list(VideoSettings.model_fields)


def routes(studio: Studio) -> list[Route]:
    def page(request: Request) -> Response:
        period_id = request.path_params["period"]
        snapshot = studio.state.snapshot()
        period = snapshot.period(period_id)
        if period is None:
            return PlainTextResponse("Không có kỳ báo cáo này.", status_code=404)
        asked = request.query_params.get("doi-tuong", "internal")  # `baocao video`'s default
        try:
            audience = Visibility(asked)
        except ValueError:  # never a guess: a plan for another audience than asked
            return PlainTextResponse(
                f"Đối tượng xem «{asked}» không hợp lệ; chọn public, internal hoặc restricted.",
                status_code=400,
            )
        context = {
            "period": period,
            "audience": audience.value,
            "levels": [v.value for v in Visibility],
            "sections": sections_form(period),
            "digest": store.read(studio.root, video_rel(period_id)).digest,
        }
        try:
            project, _loaded = load_for(studio.root, audience)
        except InputError as error:
            errors = [str(p) for p in error.problems if p.severity == "error"]
            return studio.page(
                request, "storyboard.html", {**context, "general": errors, "scenes": []}
            )
        board = plan_storyboard(project, period_id)
        media_root = project.media_root.resolve()
        scenes = []
        for number, shot in enumerate(board.shots, start=1):
            scenes.append(
                {
                    "number": number,
                    "id": shot.id,
                    "section": SECTION_TITLES[shot.section],
                    "title": shot.title,
                    "narration": shot.narration,
                    "kind": shot.media_kind or "slide",
                    "media": _relative(shot.media, media_root),
                    "seconds": shot.min_seconds,
                }
            )
        return studio.page(
            request, "storyboard.html", {**context, "scenes": scenes, "title": board.title}
        )

    def save_sections(request: Request, form: FormData, session: str) -> Response:
        return _save_sections(studio, request, form, session)

    return [
        Route("/ky/{period}/kich-ban", page),
        studio.write_route("/ky/{period}/kich-ban/cac-phan", save_sections),
    ]


def sections_form(period: RawPeriod) -> list[dict[str, object]]:
    """The video's parts as video.yml sets them (order, kept or dropped, minimum seconds)."""
    video = period.video.model if period.video is not None else VideoSettings()
    order = [*video.sections, *(s for s in SectionId if s not in video.sections)]
    return [
        {
            "id": section.value,
            "title": SECTION_TITLES[section],
            "kept": section in video.sections,
            "seconds": _seconds(video.durations.get(section)),
        }
        for section in order
    ]


def _seconds(value: object) -> str:
    return "" if value is None else format_number(value, 1)  # type: ignore[arg-type]


def _save_sections(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    """video.yml's ``sections`` (the parts kept, in the order given) and ``durations``,
    written round-trip and checked by the loader like every save."""
    period_id = request.path_params["period"]
    rel = video_rel(period_id)

    def back(message: str, kind: str = "loi", undo: str | None = None) -> Response:
        studio.guard.flash(session, message, undo, kind)
        return RedirectResponse(f"/ky/{period_id}/kich-ban", status_code=303)

    kept = {str(v) for v in form.getlist("giu")}
    try:
        rank = {s.value: int(str(form.get(f"thu-tu-{s.value}", ""))) for s in SectionId}
    except ValueError:
        return back("Chưa lưu: thứ tự phải là số 1, 2, 3…")
    order = sorted(rank, key=lambda section: rank[section])  # ties keep the listed order
    # a value that is not a number goes to the loader as typed: it says what is wrong with it
    typed = {s: forms.number(form, f"giay-{s}", decimal=True) for s in order}
    durations = {section: seconds for section, seconds in typed.items() if seconds is not None}
    values: dict[str, object] = {
        "sections": [s for s in order if s in kept],
        "durations": durations or None,
    }
    current = store.read(studio.root, rel)
    stale = f"Chưa lưu: «{rel}» đã được sửa ở nơi khác; hãy tải lại trang."
    if current.digest != str(form.get("digest", "")):
        return back(stale)
    try:
        text = store.edit(
            current.text or "{}\n", lambda doc: store.set_fields(doc, values, VIDEO_KEYS)
        )
    except EditRefused as exc:
        return back(f"Không lưu được: {exc}.")
    verdict = check_change(studio.root, rel, text)
    if not verdict.ok:
        return back("Chưa lưu: " + "; ".join(str(p) for p in verdict.errors))
    try:
        studio.history.commit(rel, text, current.digest)
    except store.StaleEdit:
        return back(stale)
    return back("Đã lưu các phần của video.", "ok", rel)


def _relative(path: Path | None, media_root: Path) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(media_root).as_posix()
    except ValueError:
        return ""
