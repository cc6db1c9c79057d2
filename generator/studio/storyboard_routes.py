"""The video's plan as a list of scenes, for one audience: what is shown, what is said.

The storyboard comes from generator.video.storyboard.plan on the audience-filtered project (the
same call ``baocao video --plan`` makes, without the narration step); each line can be heard.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from generator.errors import InputError
from generator.model import SECTION_TITLES, Visibility
from generator.pipeline import load_for
from generator.studio.app import Studio
from generator.video.storyboard.plan import plan_storyboard


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

    return [Route("/ky/{period}/kich-ban", page)]


def _relative(path: Path | None, media_root: Path) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(media_root).as_posix()
    except ValueError:
        return ""
