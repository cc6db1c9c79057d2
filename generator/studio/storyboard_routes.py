"""The video's plan in the studio (``pages.storyboard``): its parts (order, kept, seconds) and
the lines of its cards, saved in the period's video.yml."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from generator.load import layout
from generator.model import SectionId, VideoSettings, Visibility
from generator.model.video import SUMMARY_NARRATION
from generator.studio import forms, store
from generator.studio.app import period_or_404, studio_of, write_route
from generator.studio.pages.storyboard import (
    LINE_FIELDS,
    Typed,
    storyboard_context,
    typed_sections,
    written_lines,
)
from generator.studio.saving import form_answer, save_edit
from generator.studio.validate import Verdict
from generator.yamledit.roundtrip import CommentedMap

VIDEO_KEYS = list(VideoSettings.model_fields)
PLAN = "/ky/{period}/kich-ban"
_LEVELS = {v.value for v in Visibility}


def page(request: Request) -> Response:
    studio = studio_of(request)
    period = period_or_404(request)
    asked = request.query_params.get("doi-tuong", "internal")  # `baocao video`'s default
    try:
        audience = Visibility(asked)
    except ValueError:  # never a guess: a plan for another audience than asked
        return PlainTextResponse(
            f"Đối tượng xem «{asked}» không hợp lệ; chọn public, internal hoặc restricted.",
            status_code=400,
        )
    return studio.page(request, "storyboard.html", storyboard_context(studio, period, audience))


def save_sections(request: Request, form: FormData, session: str) -> Response:
    """video.yml's ``sections`` (the parts kept, in the order given) and ``durations``."""
    period_or_404(request)
    kept = {str(v) for v in form.getlist("giu")}
    ranks = {
        s.value: forms.index(str(form.get(f"thu-tu-{s.value}", "")).strip()) for s in SectionId
    }
    if any(rank is None for rank in ranks.values()):
        notice = "Chưa lưu: thứ tự phải là số 1, 2, 3…"
        return _again(request, form, 422, notice, None, sections=True)
    order = sorted(ranks, key=lambda section: ranks[section] or 0)  # ties keep the listed order
    # a value that is not a number goes to the loader as typed: it says what is wrong with it
    typed = {s: forms.number(form, f"giay-{s}", decimal=True) for s in order}
    durations = {section: seconds for section, seconds in typed.items() if seconds is not None}
    values: dict[str, object] = {
        "sections": [s for s in order if s in kept],
        "durations": durations or None,
    }
    return _write_video(
        request,
        form,
        session,
        lambda document: store.set_fields(document, values, VIDEO_KEYS),
        "Đã lưu các phần của video.",
        sections=True,
    )


def save_line(request: Request, form: FormData, session: str) -> Response:
    """One line of a card (the opening, the closing, a table of indicators) rewritten in
    video.yml, or given back to the words the video writes itself (an empty box)."""
    period = period_or_404(request)
    key = str(form.get("khoa", ""))
    indicators = studio_of(request).state.snapshot().indicators_for(period)
    if key not in {*LINE_FIELDS, SUMMARY_NARRATION, *(i.id for i in indicators)}:
        return PlainTextResponse("Lời dẫn này không sửa được ở đây.", status_code=400)
    typed = forms.text(form, "loi-dan")
    if key not in written_lines(period) and typed in (None, forms.text(form, "goc")):
        # the video's own words, unchanged: written into video.yml they would stop following
        # the results (and a line shown for another audience would be frozen for all)
        studio_of(request).guard.flash(session, "Lời dẫn không đổi: không ghi gì.", None, "ok")
        return RedirectResponse(_back_url(request, form), 303)

    def change(document: Any) -> None:
        if key in LINE_FIELDS:
            store.set_fields(document, {key: typed}, VIDEO_KEYS)
            return
        overrides = document.get("narration")
        if not isinstance(overrides, dict):
            overrides = CommentedMap()
        store.set_fields(overrides, {key: typed}, [*overrides, key])
        store.set_fields(document, {"narration": overrides or None}, VIDEO_KEYS)

    return _write_video(request, form, session, change, "Đã lưu lời dẫn.")


ROUTES: list[BaseRoute] = [
    Route(PLAN, page),
    write_route(PLAN + "/cac-phan", save_sections),
    write_route(PLAN + "/loi-dan", save_line),
]


def _write_video(
    request: Request,
    form: FormData,
    session: str,
    change: Callable[[Any], None],
    done: str,
    *,
    sections: bool = False,
) -> Response:
    """video.yml with ``change`` applied, through the one save path: when it is not saved,
    the page comes back with what was typed."""
    rel = layout.video_file(request.path_params["period"])

    def again(status: int, notice: str, verdict: Verdict | None) -> Response:
        return _again(request, form, status, notice, verdict, sections=sections)

    outcome = save_edit(
        request, rel, lambda text: store.edit(text, change), digest=str(form.get("digest", ""))
    )
    return form_answer(
        request,
        session,
        outcome,
        again,
        done=done,
        back=_back_url(request, form),
        invalid="Chưa lưu: nội dung có lỗi, xem lời báo trong ô vừa sửa.",
    )


def _again(
    request: Request,
    form: FormData,
    status: int,
    notice: str,
    verdict: Verdict | None,
    *,
    sections: bool,
) -> Response:
    """A refused save: the storyboard again for the audience the form came from, with what
    was typed in its form (the parts, or the card line) and the loader's messages there."""
    studio = studio_of(request)
    period = period_or_404(request)
    asked = str(form.get("doi-tuong", ""))
    audience = Visibility(asked) if asked in _LEVELS else Visibility.INTERNAL
    errors: list[str] = []
    section_errors: dict[str, list[str]] = {}
    if verdict is not None:
        errors = list(verdict.general)
        for loc, messages in verdict.fields.items():
            if sections and len(loc) == 2 and loc[0] == "durations":
                section_errors.setdefault(str(loc[1]), []).extend(messages)
            else:
                errors.extend(messages)
    typed = Typed(
        notice,
        str(form.get("digest", "")),
        typed_sections(form) if sections else None,
        None if sections else (str(form.get("khoa", "")), str(form.get("loi-dan", ""))),
        errors,
        section_errors,
    )
    context = storyboard_context(studio, period, audience, typed)
    return studio.page(request, "storyboard.html", context, status)


def _back_url(request: Request, form: FormData) -> str:
    """To the storyboard for the audience the page showed, at the scene the form was for."""
    asked = str(form.get("doi-tuong", ""))
    audience = asked if asked in _LEVELS else Visibility.INTERNAL.value
    scene = str(form.get("canh", ""))
    anchor = f"#canh-{scene}" if forms.SLUG.fullmatch(scene) else ""
    return f"/ky/{request.path_params['period']}/kich-ban?doi-tuong={audience}{anchor}"
