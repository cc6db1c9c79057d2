"""The video's plan as a list of scenes, for one audience: what is shown, what is said.

The storyboard comes from generator.video.storyboard.plan on the audience-filtered project (the
same call ``baocao video --plan`` makes, without the narration step); each line can be heard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from generator.errors import InputError
from generator.formatting import format_length, format_number, format_seconds
from generator.load import layout
from generator.load.reader import RawPeriod
from generator.model import SECTION_TITLES, SectionId, VideoSettings, Visibility
from generator.model.video import SUMMARY_NARRATION
from generator.pipeline import load_for, scene_lengths
from generator.studio import forms, store
from generator.studio.app import Studio
from generator.studio.validate import Verdict
from generator.video.storyboard.plan import plan_storyboard
from generator.yamledit.roundtrip import CommentedMap

VIDEO_KEYS = list(VideoSettings.model_fields)


@dataclass(frozen=True)
class Typed:
    """What a refused save sent, shown again on the page: the parts form as typed, or one
    card line; the messages of the loader, each at its form; the version the page was
    written against (after a stale save, so that sending it again is refused again)."""

    notice: str
    digest: str
    sections: list[dict[str, object]] | None = None
    line: tuple[str, str] | None = None  # (line key, text typed)
    errors: list[str] = field(default_factory=list)
    section_errors: dict[str, list[str]] = field(default_factory=dict)


def routes(studio: Studio) -> list[Route]:
    def page(request: Request) -> Response:
        period = studio.state.snapshot().period_or_404(request.path_params["period"])
        asked = request.query_params.get("doi-tuong", "internal")  # `baocao video`'s default
        try:
            audience = Visibility(asked)
        except ValueError:  # never a guess: a plan for another audience than asked
            return PlainTextResponse(
                f"Đối tượng xem «{asked}» không hợp lệ; chọn public, internal hoặc restricted.",
                status_code=400,
            )
        return _page(studio, request, period, audience)

    def save_sections(request: Request, form: FormData, session: str) -> Response:
        studio.state.snapshot().period_or_404(request.path_params["period"])
        return _save_sections(studio, request, form, session)

    def save_line(request: Request, form: FormData, session: str) -> Response:
        return _save_line(studio, request, form, session)

    return [
        Route("/ky/{period}/kich-ban", page),
        studio.write_route("/ky/{period}/kich-ban/cac-phan", save_sections),
        studio.write_route("/ky/{period}/kich-ban/loi-dan", save_line),
    ]


def _page(
    studio: Studio,
    request: Request,
    period: RawPeriod,
    audience: Visibility,
    typed: Typed | None = None,
    status: int = 200,
) -> Response:
    """The storyboard for ``audience``; ``typed``: a refused save's values and messages."""
    period_id, video = period.id, layout.video_file(period.id)
    context: dict[str, Any] = {
        "period": period,
        "audience": audience.value,
        "levels": [v.value for v in Visibility],
        "sections": typed.sections if typed and typed.sections else sections_form(period),
        "section_errors": typed.section_errors if typed and typed.sections else {},
        "sections_errors": typed.errors if typed and typed.sections else [],
        "sections_open": bool(typed and typed.sections),
        "digest": typed.digest if typed else store.read(studio.root, video).digest,
        "notice": typed.notice if typed else None,
    }
    try:
        project, _loaded = load_for(studio.root, audience)
    except InputError as error:
        errors = [str(p) for p in error.problems if p.severity == "error"]
        context |= {"general": errors, "scenes": [], "notice": _unshown(typed)}
        return studio.page(request, "storyboard.html", context, status)
    board = plan_storyboard(project, period_id)
    lengths = scene_lengths(studio.root, board)
    media_root = project.media_root.resolve()
    items = _item_places(period)
    written = _written_lines(period)
    scenes, start = [], 0.0
    for number, (shot, length) in enumerate(zip(board.shots, lengths, strict=True), start=1):
        media = _relative(shot.media, media_root)
        line = typed.line if typed and typed.line and typed.line[0] == shot.line_key else None
        scenes.append(
            {
                "number": number,
                "id": shot.id,
                "section": SECTION_TITLES[shot.section],
                "title": shot.title,
                "narration": shot.narration,
                "kind": shot.media_kind or "slide",
                "media": media,
                "start": format_seconds(start),
                "length": format_length(length.seconds),
                "estimated": length.estimated,
                "line_key": shot.line_key,
                "line_written": shot.line_key in written,
                "typed": line[1] if line else None,
                "errors": typed.errors if line and typed else [],
                "item": items.get(media) if shot.section is SectionId.UNITS else None,
                "voiceover": shot.voiceover is not None,
            }
        )
        start += length.seconds
    total = {
        "length": format_seconds(start),
        "estimated": any(length.estimated for length in lengths),
    }
    context |= {"scenes": scenes, "title": board.title, "total": total}
    if all(scene["typed"] is None for scene in scenes):
        context["notice"] = _unshown(typed)
    return studio.page(request, "storyboard.html", context, status)


def _unshown(typed: Typed | None) -> str | None:
    """The notice of a refused save whose line no scene of the page holds (the plan has no
    scenes, or not that card): what was typed is said with it, never dropped."""
    if typed is None or not (typed.line and typed.line[1]):
        return typed.notice if typed else None
    return f"{typed.notice} Lời bạn vừa nhập: «{typed.line[1]}»"


LINE_FIELDS = ("intro", "outro")
"""video.yml's own fields for a line; every other line key is a key of its ``narration``."""


def _written_lines(period: RawPeriod) -> set[str]:
    """The line keys video.yml rewrites (its intro, outro and narration overrides)."""
    if period.video is None:
        return set()
    video = period.video.model
    return {f for f in LINE_FIELDS if getattr(video, f)} | set(video.narration)


def _item_places(period: RawPeriod) -> dict[str, tuple[str, int]]:
    """Each highlighted file (as written, relative to media/) → its unit and its place in the
    unit's highlights file: where its caption and narration are edited."""
    places: dict[str, tuple[str, int]] = {}
    for record in period.highlights:
        original = record.original_index.get("media")
        for position, item in enumerate(record.model.media):
            index = original[position] if original else position
            places.setdefault(item.file, (record.model.unit, index))
    return places


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


def typed_sections(form: FormData) -> list[dict[str, object]]:
    """The parts form as it was sent, in the order typed (a rank that is no number: last)."""
    kept = {str(v) for v in form.getlist("giu")}
    rows: list[dict[str, object]] = [
        {
            "id": section.value,
            "title": SECTION_TITLES[section],
            "kept": section.value in kept,
            "seconds": str(form.get(f"giay-{section.value}", "")),
            "rank": str(form.get(f"thu-tu-{section.value}", "")).strip(),
        }
        for section in SectionId
    ]
    return sorted(rows, key=lambda row: _rank(str(row["rank"])))


def _rank(text: str) -> int:
    return int(text) if forms.index(text) is not None else 1 << 31


def _seconds(value: object) -> str:
    return "" if value is None else format_number(value, 1)  # type: ignore[arg-type]


def _save_sections(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    """video.yml's ``sections`` (the parts kept, in the order given) and ``durations``."""
    kept = {str(v) for v in form.getlist("giu")}
    ranks = {
        s.value: forms.index(str(form.get(f"thu-tu-{s.value}", "")).strip()) for s in SectionId
    }
    if any(rank is None for rank in ranks.values()):
        return _again(
            studio, request, form, 422, "Chưa lưu: thứ tự phải là số 1, 2, 3…", None, sections=True
        )
    order = sorted(ranks, key=lambda section: ranks[section] or 0)  # ties keep the listed order
    # a value that is not a number goes to the loader as typed: it says what is wrong with it
    typed = {s: forms.number(form, f"giay-{s}", decimal=True) for s in order}
    durations = {section: seconds for section, seconds in typed.items() if seconds is not None}
    values: dict[str, object] = {
        "sections": [s for s in order if s in kept],
        "durations": durations or None,
    }
    return _write_video(
        studio,
        request,
        form,
        session,
        lambda document: store.set_fields(document, values, VIDEO_KEYS),
        "Đã lưu các phần của video.",
        sections=True,
    )


def _save_line(studio: Studio, request: Request, form: FormData, session: str) -> Response:
    """One line of a card (the opening, the closing, a table of indicators) rewritten in
    video.yml, or given back to the words the video writes itself (an empty box)."""
    snapshot = studio.state.snapshot()
    period = snapshot.period_or_404(request.path_params["period"])
    key = str(form.get("khoa", ""))
    keys = {*LINE_FIELDS, SUMMARY_NARRATION, *(i.id for i in snapshot.indicators_for(period))}
    if key not in keys:
        return PlainTextResponse("Lời dẫn này không sửa được ở đây.", status_code=400)
    typed = forms.text(form, "loi-dan")
    if key not in _written_lines(period) and typed in (None, forms.text(form, "goc")):
        # the video's own words, unchanged: written into video.yml they would stop following
        # the results (and a line shown for another audience would be frozen for all)
        return _back(studio, request, form, session, "Lời dẫn không đổi: không ghi gì.")

    def change(document: Any) -> None:
        if key in LINE_FIELDS:
            store.set_fields(document, {key: typed}, VIDEO_KEYS)
            return
        overrides = document.get("narration")
        if not isinstance(overrides, dict):
            overrides = CommentedMap()
        store.set_fields(overrides, {key: typed}, [*overrides, key])
        store.set_fields(document, {"narration": overrides or None}, VIDEO_KEYS)

    return _write_video(studio, request, form, session, change, "Đã lưu lời dẫn.")


def _back(studio: Studio, request: Request, form: FormData, session: str, message: str) -> Response:
    """To the storyboard for the audience the page showed, at the scene the form was for."""
    studio.guard.flash(session, message, None, "ok")
    return RedirectResponse(_back_url(request, form), 303)


def _again(
    studio: Studio,
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
    period = studio.state.snapshot().period_or_404(request.path_params["period"])
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
    return _page(studio, request, period, audience, typed, status)


_LEVELS = {v.value for v in Visibility}


def _back_url(request: Request, form: FormData) -> str:
    asked = str(form.get("doi-tuong", ""))
    audience = asked if asked in _LEVELS else Visibility.INTERNAL.value
    scene = str(form.get("canh", ""))
    anchor = f"#canh-{scene}" if forms.SLUG.fullmatch(scene) else ""
    return f"/ky/{request.path_params['period']}/kich-ban?doi-tuong={audience}{anchor}"


def _write_video(
    studio: Studio,
    request: Request,
    form: FormData,
    session: str,
    change: Callable[[Any], None],
    done: str,
    *,
    sections: bool = False,
) -> Response:
    """video.yml with ``change`` applied, written round-trip and checked by the loader like
    every save, refused when the file changed since the page was loaded: the page then comes
    back with what was typed."""
    rel = layout.video_file(request.path_params["period"])

    def again(status: int, notice: str, verdict: Verdict | None) -> Response:
        return _again(studio, request, form, status, notice, verdict, sections=sections)

    return studio.save_form(
        session,
        form,
        rel,
        lambda text: store.edit(text, change),
        again,
        done=done,
        back=_back_url(request, form),
        stale=f"Chưa lưu: «{rel}» đã được sửa ở nơi khác sau khi trang này được mở. Chữ bạn "
        "vừa nhập vẫn còn trong ô; hãy sao chép lại nếu cần, rồi tải lại trang.",
        invalid="Chưa lưu: nội dung có lỗi, xem lời báo trong ô vừa sửa.",
    )


def _relative(path: Path | None, media_root: Path) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(media_root).as_posix()
    except ValueError:
        return ""
