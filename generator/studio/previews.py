"""The drafts of the video a studio renders — the whole of it, or one scene alone — each in a
background thread with its progress.

The same pipeline as ``baocao video --preview`` (640×360, the same storyboard and narration, the
same audience filter), one draft at a time (they share the render cache); a draft goes to
``.baocao/previews/``, never to dist/ (it is not the conference video) and never into content/
or media/.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from generator import pipeline
from generator.errors import BaocaoError, InputError
from generator.model import Visibility
from generator.video.render.scenes import RenderSettings


@dataclass
class Job:
    """One draft being rendered: how far it is, and how it ended."""

    state: str = "dang-dung"  # dang-dung (rendering) | xong (done) | loi (failed)
    done: int = 0
    total: int = 0
    message: str = ""


Draft = tuple[str, str, str]
"""What a draft is of: (period, audience, scene id — "" for the whole video)."""


class Previews:
    """The drafts of a studio process, one per period, audience and scene."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / ".baocao" / "previews"
        self.jobs: dict[Draft, Job] = {}
        self.lock = threading.Lock()
        self.rendering = threading.Lock()  # one encode at a time: drafts share the cache

    def path(self, draft: Draft) -> Path:
        period_id, audience, scene = draft
        name = f"{period_id}-{audience}" + (f"-canh-{scene}" if scene else "")
        return self.folder / f"{name}.mp4"

    def start(self, draft: Draft) -> Job:
        with self.lock:
            running = self.jobs.get(draft)
            if running is not None and running.state == "dang-dung":
                return running
            job = self.jobs[draft] = Job()
            if self.rendering.locked():
                job.message = "bản xem trước khác đang dựng"
        threading.Thread(target=self._render, args=(job, draft), daemon=True).start()
        return job

    def _render(self, job: Job, draft: Draft) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        period_id, level, scene = draft
        audience = Visibility(level)
        settings = RenderSettings.preview(cache_dir=pipeline.cache_dir(self.root) / "video")
        out = self.path(draft)
        with self.rendering:
            job.message = ""
            try:
                pipeline.check_video_out(self.root, out)
                if scene:
                    plan = pipeline.plan_scene(self.root, period_id, audience, settings, scene)
                else:
                    plan = pipeline.plan_video(self.root, period_id, audience, settings)
                pipeline.render_period_video(plan, out, settings, progress)
            except InputError as error:
                job.state, job.message = "loi", "; ".join(str(p) for p in error.problems)
            except BaocaoError as error:
                job.state, job.message = "loi", str(error)
            except Exception as error:  # a thread's failure must end its job, not hang it
                job.state, job.message = "loi", f"lỗi không lường trước khi dựng ({error!r})"
                raise
            else:
                job.state = "xong"
