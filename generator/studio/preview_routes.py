"""A draft of the whole video, rendered from the studio with its progress on the page.

The same pipeline as ``baocao video --preview`` (640×360, the same storyboard and narration, the
same audience filter), run in a background thread; the draft goes to ``.baocao/previews/``,
never to dist/ (it is not the conference video) and never into content/ or media/.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from generator import pipeline
from generator.errors import BaocaoError, InputError
from generator.model import Visibility
from generator.studio.app import Studio
from generator.video.render.scenes import RenderSettings


@dataclass
class Job:
    """One draft being rendered: how far it is, and how it ended."""

    state: str = "dang-dung"  # dang-dung (rendering) | xong (done) | loi (failed)
    done: int = 0
    total: int = 0
    message: str = ""


class Previews:
    """The drafts of a studio process, one per period and audience."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / ".baocao" / "previews"
        self.jobs: dict[tuple[str, str], Job] = {}
        self.lock = threading.Lock()

    def path(self, period_id: str, audience: Visibility) -> Path:
        return self.folder / f"{period_id}-{audience}.mp4"

    def start(self, period_id: str, audience: Visibility) -> Job:
        key = (period_id, str(audience))
        with self.lock:
            running = self.jobs.get(key)
            if running is not None and running.state == "dang-dung":
                return running
            job = self.jobs[key] = Job()
        threading.Thread(target=self._render, args=(job, period_id, audience), daemon=True).start()
        return job

    def _render(self, job: Job, period_id: str, audience: Visibility) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        settings = RenderSettings.preview(cache_dir=pipeline.cache_dir(self.root) / "video")
        out = self.path(period_id, audience)
        try:
            pipeline.check_video_out(self.root, out)
            plan = pipeline.plan_video(self.root, period_id, audience, settings)
            pipeline.render_period_video(plan, out, settings, progress)
        except InputError as error:
            job.state, job.message = "loi", "; ".join(str(p) for p in error.problems)
        except BaocaoError as error:
            job.state, job.message = "loi", str(error)
        else:
            job.state = "xong"


def routes(studio: Studio, previews: Previews) -> list[Route]:
    def audience_of(request: Request) -> Visibility | None:
        try:
            return Visibility(request.query_params.get("doi-tuong", "internal"))
        except ValueError:
            return None

    def start(request: Request, form: FormData, session: str) -> Response:
        audience = audience_of(request)
        if audience is None:
            return PlainTextResponse("Đối tượng xem không hợp lệ.", status_code=400)
        job = previews.start(request.path_params["period"], audience)
        return JSONResponse(dataclasses.asdict(job), status_code=202)

    async def status(request: Request) -> Response:
        audience = audience_of(request)
        job = previews.jobs.get((request.path_params["period"], str(audience)))
        if job is None:
            return JSONResponse({"state": "chua-co"})
        return JSONResponse(dataclasses.asdict(job))

    async def video(request: Request) -> Response:
        audience = audience_of(request)
        path = previews.path(request.path_params["period"], audience) if audience else None
        if path is None or not path.is_file():
            return PlainTextResponse("Chưa có bản xem trước.", status_code=404)
        return FileResponse(path, media_type="video/mp4", headers={"Cache-Control": "no-store"})

    base = "/ky/{period}/xem-truoc"
    return [
        studio.write_route(base, start),
        Route(base + "/tien-do", status),
        Route(base + ".mp4", video),
    ]
