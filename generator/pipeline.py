"""The orchestrators: each reads like the pipeline — load → validate → filter → stage.

`cli.py` parses arguments and prints; these functions do the work and return plain results.
"""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.archive import package
from generator.archive.bag import make_bag
from generator.audience import filter_for_audience
from generator.errors import InputError, Problem
from generator.fsutil import atomic_write_text, link_or_copy
from generator.load.loader import Loaded, load_project
from generator.model import Project, Visibility
from generator.site.build import SiteReport, build_site
from generator.site.config import project_config_checked
from generator.site.contact import ContactShot
from generator.video.assemble import build_scenes
from generator.video.narration import narrate
from generator.video.render import RenderReport, render_video, sidecar_paths
from generator.video.scenes import Card, Chapter, ClipShot, RenderSettings, Scene
from generator.video.storyboard import Storyboard, plan_storyboard
from generator.video.tts import default_engine


@dataclass(frozen=True)
class CheckSummary:
    periods: int
    units: int
    indicators: int
    photos: int
    clips: int
    audio: int
    warnings: int


def check(root: Path) -> tuple[CheckSummary, Loaded]:
    """Load and validate everything; raise InputError listing every problem."""
    with project_config_checked(root):  # mkdocs.yml too, its problems with the content's
        loaded = load_project(root)
    project = loaded.project
    kinds = [f.info.kind for f in project.media.values()]
    summary = CheckSummary(
        periods=len(project.periods),
        units=len(project.units),
        indicators=len(project.indicators),
        photos=kinds.count("photo"),
        clips=kinds.count("clip"),
        audio=kinds.count("audio"),
        warnings=len(loaded.warnings),
    )
    return summary, loaded


def load_for(root: Path, audience: Visibility) -> tuple[Project, Loaded]:
    """Load, validate, and keep only what ``audience`` may see (the one filter)."""
    loaded = load_project(root)
    return filter_for_audience(loaded.project, audience), loaded


@dataclass(frozen=True)
class VideoPlan:
    """The storyboard with real narration lengths: what ``--plan`` prints."""

    storyboard: Storyboard
    scenes: list[Scene]
    chapters: list[Chapter]
    audience: Visibility

    @property
    def seconds(self) -> float:
        return sum(scene.duration for scene in self.scenes)


def plan_video(
    root: Path,
    period_id: str,
    audience: Visibility,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> VideoPlan:
    """load → filter → storyboard → narration → scenes (cards drawn, nothing encoded yet)."""
    project, _loaded = load_for(root, audience)
    return _plan(project, period_id, settings, on_progress)


def _plan(
    project: Project,
    period_id: str,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> VideoPlan:
    _require_period(project, period_id)
    storyboard = plan_storyboard(project, period_id)
    narrations = narrate(storyboard.shots, default_engine(), settings.cache_dir, on_progress)
    scenes, chapters = build_scenes(storyboard, narrations, settings.size, settings.cache_dir)
    return VideoPlan(storyboard, scenes, chapters, project.audience)


def contact_sheet(plan: VideoPlan) -> tuple[ContactShot, ...]:
    """The plan as plain data for the site's contact sheet."""
    titles = {str(section): title for section, title in plan.storyboard.chapters}
    sheet = []
    for shot, scene in zip(plan.storyboard.shots, plan.scenes, strict=True):
        visual = scene.visual
        if isinstance(visual, Card):
            kind, picture = "slide", visual.path
        elif isinstance(visual, ClipShot):
            kind, picture = "clip", visual.path
        else:
            kind, picture = "photo", visual.path
        sheet.append(
            ContactShot(
                section=titles[str(shot.section)],
                title=shot.title,
                seconds=scene.duration,
                narration=shot.narration,
                kind=kind,
                picture=picture,
                clip_start=shot.clip_start,
            )
        )
    return tuple(sheet)


def render_period_video(
    plan: VideoPlan,
    out: Path,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> RenderReport:
    """Encode a planned video (segments cached per scene) with its subtitles and chapters."""
    settings = dataclasses.replace(
        settings, music=plan.storyboard.music, title=plan.storyboard.title
    )
    report = render_video(plan.scenes, plan.chapters, out, settings, on_progress)
    record_video_audience(out, plan.audience)
    return report


def _require_period(project: Project, period_id: str) -> None:
    known = [p.id for p in project.periods]
    if period_id not in known:
        raise InputError(
            Problem(
                f"content/periods/{period_id}",
                message=f"không có kỳ báo cáo «{period_id}»; các kỳ hiện có: {', '.join(known)}",
            )
        )


def cache_dir(root: Path) -> Path:
    """The project's cache of derivatives, narration and video segments (safe to delete)."""
    return root / ".cache" / "baocao"


def video_path(root: Path, period_id: str) -> Path:
    """Where ``baocao video`` writes a period's conference video by default."""
    return root / "dist" / f"{period_id}.mp4"


def _audience_note(video: Path) -> Path:
    return video.with_name(f"{video.stem}.audience")


def record_video_audience(video: Path, audience: Visibility) -> None:
    """Remember which audience a video was made for, so a site for a lower audience never
    shows it (the video carries captions, narration and subtitles of that audience)."""
    atomic_write_text(_audience_note(video), f"{audience}\n")


def videos_for(root: Path, project: Project) -> dict[str, Path]:
    """The rendered videos ``project``'s audience may see, by period id."""
    found = {}
    for content in project.periods:
        video = video_path(root, content.id)
        note = _audience_note(video)
        if not (video.is_file() and note.is_file()):
            continue
        try:
            made_for = Visibility(note.read_text(encoding="utf-8").strip())
        except ValueError:
            continue
        if made_for.visible_to(project.audience):
            found[content.id] = video
    return found


def build(
    root: Path,
    audience: Visibility,
    out: Path,
    *,
    offline: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> SiteReport:
    """load → filter → site: the intranet site (or its file:// variant) for ``audience``.

    Staff sites (internal and above) also get each period's storyboard as a contact sheet, for
    review before the long render; it shows the default (public) video's plan.
    """
    loaded = load_project(root)
    project = filter_for_audience(loaded.project, audience)
    sheets = None
    if audience is not Visibility.PUBLIC:
        public = filter_for_audience(loaded.project, Visibility.PUBLIC)
        settings = RenderSettings(cache_dir=cache_dir(root) / "video")
        sheets = {p.id: contact_sheet(_plan(public, p.id, settings)) for p in public.periods}
    return _build_site(
        project,
        root,
        out,
        offline=offline,
        videos=videos_for(root, project),
        contact_sheets=sheets,
        on_progress=on_progress,
    )


@contextlib.contextmanager
def video_folder(videos: dict[str, Path], beside: Path) -> Iterator[Path]:
    """A temporary folder (under ``beside``) holding snapshots of ``videos`` and their sidecars:
    the site stage reads ``<period>.mp4`` and its subtitles from one folder.

    Snapshots, never symlinks: a built site must keep the video its audience was allowed to see
    even when another audience's video is rendered to the same path later.
    """
    beside.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="videos-", dir=beside) as tmp:
        folder = Path(tmp)
        for video in videos.values():
            for path in [video, *sidecar_paths(video).values()]:
                if path.is_file():
                    link_or_copy(path, folder / path.name)
        yield folder


@contextlib.contextmanager
def allowed_videos(root: Path, audience: Visibility) -> Iterator[Path]:
    """A folder of the rendered videos ``audience`` may see (for the live preview)."""
    project, _loaded = load_for(root, audience)
    with video_folder(videos_for(root, project), cache_dir(root)) as folder:
        yield folder


def _build_site(
    project: Project,
    root: Path,
    out: Path,
    *,
    offline: bool,
    videos: dict[str, Path],
    contact_sheets: dict[str, tuple[ContactShot, ...]] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> SiteReport:
    with video_folder(videos, cache_dir(root)) as folder:
        return build_site(
            project,
            out,
            project_root=root,
            cache_dir=cache_dir(root),
            offline=offline,
            videos_dir=folder,
            contact_sheets=contact_sheets,
            on_progress=on_progress,
        )


def fresh_site(root: Path) -> Path:
    """The project's built site, rebuilt first when missing or older than the content."""
    site = root / "site"
    index = site / "index.html"
    sources = [p for folder in ("content", "media") for p in (root / folder).rglob("*")]
    newest = max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)
    if not index.is_file() or index.stat().st_mtime < newest:
        build(root, Visibility.INTERNAL, site)
    return site


def archive(
    root: Path,
    period_id: str,
    out: Path,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> Path:
    """load → filter (public) → offline site + video + originals + records → BagIt bag."""
    project, _loaded = load_for(root, Visibility.PUBLIC)
    _require_period(project, period_id)
    content = project.period(period_id)
    single = dataclasses.replace(project, periods=(content,))
    plan = _plan(project, period_id, settings)
    video = settings.cache_dir / "archive" / f"{period_id}.mp4"
    render_period_video(plan, video, settings, on_progress)
    with tempfile.TemporaryDirectory(prefix="baocao-archive-") as tmp:
        site = Path(tmp) / "site"
        _build_site(single, root, site, offline=True, videos={period_id: video})
        return make_bag(
            package.payload(single, content, site, video), out, package.bag_info(single, content)
        )
