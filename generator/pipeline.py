"""The orchestrators: each reads like the pipeline — load → validate → filter → stage.

`cli.py` parses arguments and prints; these functions do the work and return plain results.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import fsutil, outputs
from generator.archive import package
from generator.archive.bag import make_bag
from generator.audience import filter_for_audience
from generator.errors import InputError, Problem, Severity, relative_to_project
from generator.fsutil import environment_errors, link_or_copy
from generator.load import layout
from generator.load.loader import Loaded, load_project
from generator.load.reader import read_content
from generator.model import SECTION_TITLES, Project, SiteInfo, Visibility
from generator.office.accounts import ACCOUNTS_FILE
from generator.outputs import storyboard_digest
from generator.report.document import written_report as report_document
from generator.report.docx import write_docx
from generator.report.files import check_report_out, write_report_files
from generator.report.pdf import docx_to_pdf
from generator.site.build import SiteReport, build_site
from generator.site.contact import ContactShot
from generator.site.mkdocs_config.compose import project_config_checked
from generator.video.assemble import build_scenes, render_settings, scene_seconds
from generator.video.narration.narrate import narrate
from generator.video.narration.voice import engine_for
from generator.video.render.engine import RenderReport, render_video
from generator.video.render.scenes import Card, Chapter, ClipShot, RenderSettings, Scene
from generator.video.storyboard.plan import Storyboard, plan_storyboard
from generator.video.storyboard.script import Script, TakeState, narration_script
from generator.withheld import withheld


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
    # The tradition-room archive is public: say now what that audience will not get.
    public = filter_for_audience(project, Visibility.PUBLIC)
    held_back = [w for p in project.periods for w in withheld(project, public, p.id)]
    loaded = dataclasses.replace(loaded, warnings=tuple(sorted((*loaded.warnings, *held_back))))
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


def written_report(root: Path, period_id: str, audience: Visibility, out: Path) -> list[Path]:
    """load → filter → the written report → DOCX, and the PDF converted from that DOCX."""
    check_report_out(out, period_id, root)
    project, _loaded = load_for(root, audience)
    _require_period(project, period_id)
    document = write_docx(report_document(project, period_id))
    pdf = docx_to_pdf(document)
    with environment_errors(f"ghi báo cáo vào {out}"):
        return write_report_files(out, period_id, document, pdf)


@dataclass(frozen=True)
class VideoPlan:
    """The storyboard with real narration lengths: what ``--plan`` prints."""

    storyboard: Storyboard
    scenes: list[Scene]
    chapters: list[Chapter]
    audience: Visibility
    digest: str
    """The filtered storyboard's digest, recorded beside the rendered video."""
    warnings: tuple[Problem, ...] = ()
    """Parts of the period this audience does not get (``withheld``)."""

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
    project, loaded = load_for(root, audience)
    plan = _plan(project, period_id, settings, on_progress)
    held_back = tuple(withheld(loaded.project, project, period_id))
    script = narration_script(project, plan.storyboard, loaded.project)
    return dataclasses.replace(plan, warnings=(*held_back, *_unheard(script)))


def _unheard(script: Script) -> list[Problem]:
    """A recorded line the video does not use: its takes were recorded for other words (the
    figures or the words changed since, or another audience's line), so the engine reads it."""
    return [
        Problem(
            layout.video_file(script.period_id),
            message=f"dòng lời dẫn {line.number} «{line.code}» có bản thu nhưng không bản nào "
            "thu cho lời hiện tại của dòng (số liệu hoặc lời đã đổi, hoặc thu cho đối tượng xem "
            "khác): video dùng giọng máy cho dòng này — hãy thu lại trong «Phòng thu lời dẫn»",
            severity=Severity.WARNING,
        )
        for line in script.lines
        if line.state is TakeState.STALE
    ]


def _plan(
    project: Project,
    period_id: str,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    speak: bool = True,
) -> VideoPlan:
    _require_period(project, period_id)
    storyboard = plan_storyboard(project, period_id)
    engine = engine_for(project.root, project.site)
    narrations = narrate(storyboard.shots, engine, settings.cache_dir, on_progress, speak=speak)
    scenes, chapters = build_scenes(storyboard, narrations, settings.size, settings.cache_dir)
    digest = storyboard_digest(storyboard, project.root, project.audience)
    return VideoPlan(storyboard, scenes, chapters, project.audience, digest)


def plan_scene(
    root: Path,
    period_id: str,
    audience: Visibility,
    settings: RenderSettings,
    scene_id: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> VideoPlan:
    """One scene of the video alone, planned as the whole video plans it (the same picture,
    motion, narration and subtitles): only its own line is spoken, the others are estimated."""
    project, _loaded = load_for(root, audience)
    _require_period(project, period_id)
    storyboard = plan_storyboard(project, period_id)
    index = next((i for i, s in enumerate(storyboard.shots) if s.id == scene_id), None)
    if index is None:
        raise InputError(
            Problem(
                layout.video_file(period_id),
                message=f"video kỳ {period_id} cho đối tượng {audience} không còn cảnh "
                f"«{scene_id}» (kịch bản đã đổi); hãy tải lại trang kịch bản",
            )
        )
    shot = storyboard.shots[index]
    engine = engine_for(project.root, project.site)
    narrations = narrate(storyboard.shots, engine, settings.cache_dir, speak=False)
    narrations[index] = narrate([shot], engine, settings.cache_dir, on_progress)[0]
    # the whole list is built so a photo gets the same camera move as in the whole video
    scenes, chapters = build_scenes(storyboard, narrations, settings.size, settings.cache_dir)
    alone = dataclasses.replace(storyboard, shots=(shot,), chapters=(shot.section,))
    digest = storyboard_digest(alone, project.root, project.audience)
    return VideoPlan(alone, [scenes[index]], chapters, project.audience, digest)


@dataclass(frozen=True)
class SceneLength:
    seconds: float
    estimated: bool
    """Its line has not been spoken yet (not in the narration cache): the length is reckoned."""


def scene_lengths(root: Path, storyboard: Storyboard, site: SiteInfo) -> list[SceneLength]:
    """How long each shot will last, without speaking anything: a line already spoken (by a
    render or a preview) is measured, the others are estimated from their words. ``site``
    decides the voice whose lines are looked up."""
    cache = cache_dir(root) / "video"
    narrations = narrate(storyboard.shots, engine_for(root, site), cache, speak=False)
    return [
        SceneLength(
            scene_seconds(shot, narration),
            bool(shot.narration.strip()) and narration.audio is None,
        )
        for shot, narration in zip(storyboard.shots, narrations, strict=True)
    ]


def contact_sheet(plan: VideoPlan) -> tuple[ContactShot, ...]:
    """The plan as plain data for the site's contact sheet."""
    sheet = []
    for shot, scene in zip(plan.storyboard.shots, plan.scenes, strict=True):
        visual = scene.visual
        kind: Literal["slide", "photo", "clip"]
        if isinstance(visual, Card):
            kind, picture = "slide", visual.path
        elif isinstance(visual, ClipShot):
            kind, picture = "clip", visual.path
        else:
            kind, picture = "photo", visual.path
        sheet.append(
            ContactShot(
                section=SECTION_TITLES[shot.section],
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
    """Encode a planned video (segments cached per scene) with its subtitles and chapters,
    and record beside it what it was made from (``outputs``). Check ``out`` first with
    ``check_video_out``: this replaces the files at and beside it."""
    period_id = plan.storyboard.period_id
    if not plan.scenes:  # e.g. only sections this audience has nothing for
        raise InputError(
            Problem(
                layout.video_file(period_id),
                message=f"video kỳ {period_id} cho đối tượng {plan.audience} không có cảnh nào; "
                "hãy xem «sections» trong video.yml và mức công khai của các tệp (baocao video "
                f"{period_id} --plan --audience {plan.audience})",
            )
        )
    settings = render_settings(plan.storyboard, settings)
    with (
        environment_errors(f"ghi video {out}"),
        outputs.claimed(out, period_id, plan.audience),
    ):
        report = render_video(plan.scenes, plan.chapters, out, settings, on_progress)
        outputs.write_record(out, period_id, plan.audience, plan.digest)
    return report


def check_video_out(root: Path, out: Path) -> None:
    """Refuse, before anything is planned or written, a video path that would replace staff
    files or write into content/ or media/ (exit 1)."""
    outputs.check_video_out(out, root)


def _require_period(project: Project, period_id: str) -> None:
    known = [p.id for p in project.periods]
    if period_id not in known:
        raise InputError(
            Problem(
                layout.period_dir(period_id),
                message=f"không có kỳ báo cáo «{period_id}»; các kỳ hiện có: {', '.join(known)}",
            )
        )


def cache_dir(root: Path) -> Path:
    """The project's cache of derivatives, narration and video segments (safe to delete)."""
    return root / ".cache" / "baocao"


def video_path(root: Path, period_id: str) -> Path:
    """Where ``baocao video`` writes a period's conference video by default."""
    return root / "dist" / f"{period_id}.mp4"


def videos_for(
    root: Path, full: Project, audience: Visibility
) -> tuple[dict[str, Path], list[str]]:
    """The rendered videos a site for ``audience`` may embed, by period id, and a warning for
    each one left out (made for a higher audience, stale, or without its record).

    ``full`` is the unfiltered project: a video is checked against the storyboard the current
    content gives for the audience it was made for.
    """
    found: dict[str, Path] = {}
    warnings: list[str] = []
    for content in filter_for_audience(full, audience).periods:
        video = video_path(root, content.id)
        if not video.is_file():
            continue

        def digest(made_for: Visibility, period_id: str = content.id) -> str:
            board = plan_storyboard(filter_for_audience(full, made_for), period_id)
            return storyboard_digest(board, root, made_for)

        shown = relative_to_project(video, root)
        warning = outputs.embeddable(video, content.id, audience, digest, shown)
        if warning is None:
            found[content.id] = video
        else:
            warnings.append(warning)
    return found, warnings


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
    review before the long render; it shows the plan of the default (internal) conference
    video, without running the speech engine (narration not yet spoken is timed by an estimate).

    ``out`` is refused (before anything is loaded) unless it is new, empty or a site baocao
    built; the new site is built beside it and swapped in at the end, so a failure (a full
    disk, a read-only folder: exit 2) leaves the old one as it was. The site records its
    audience in its marker file (``publish`` reads it).
    """
    check_site_out(root, out)
    sources = sources_stamp(root)  # before reading: a change meanwhile makes the site stale
    loaded = load_project(root)
    project = filter_for_audience(loaded.project, audience)
    with environment_errors(f"dựng trang vào {out}"):
        sheets = None
        if audience is not Visibility.PUBLIC:
            planned = filter_for_audience(loaded.project, Visibility.INTERNAL)
            settings = RenderSettings(cache_dir=cache_dir(root) / "video")
            sheets = {
                p.id: contact_sheet(_plan(planned, p.id, settings, speak=False))
                for p in planned.periods
            }
        videos, stale = videos_for(root, loaded.project, audience)
        report = _build_site(
            project,
            root,
            out,
            offline=offline,
            videos=videos,
            contact_sheets=sheets,
            on_progress=on_progress,
            marker={**site_marker(audience, offline), "sources": sources},
        )
    return dataclasses.replace(report, warnings=(*stale, *report.warnings))


def check_site_out(root: Path, out: Path) -> None:
    """Refuse a site folder that is not new, empty or a site baocao built (exit 1)."""
    fsutil.check_output_folder(out, root, "--out")


def site_marker(audience: Visibility, offline: bool) -> dict[str, object]:
    """What a built site records about itself in its marker file."""
    return {"written_by": "baocao build", "audience": str(audience), "offline": offline}


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
            for path in outputs.embedded_files(video):
                link_or_copy(path, folder / path.name)
        yield folder


@contextlib.contextmanager
def allowed_videos(root: Path, audience: Visibility) -> Iterator[Path]:
    """A folder of the rendered videos ``audience`` may see (for the live preview)."""
    loaded = load_project(root)
    videos, _stale = videos_for(root, loaded.project, audience)
    with video_folder(videos, cache_dir(root)) as folder:
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
    marker: dict[str, object] | None = None,
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
            marker=marker,
        )


def fresh_site(root: Path, audience: Visibility | None = None) -> Path:
    """The project's built site, rebuilt first unless it was built from exactly the files there
    are now: a file deleted, moved, added or changed in content/, media/, dist/ or mkdocs.yml
    since makes it stale (times alone miss a deletion). It is rebuilt for ``audience``, or, when
    none is asked for, for the audience it was built for (internal for a site never built)."""
    site = root / "site"
    marker = fsutil.read_marker(site) if (site / "index.html").is_file() else None
    built_for = str(marker.get("audience")) if marker is not None else None
    wanted = audience or _known_audience(built_for) or Visibility.INTERNAL
    if marker is None or built_for != str(wanted) or marker.get("sources") != sources_stamp(root):
        build(root, wanted, site)
    return site


def _known_audience(text: str | None) -> Visibility | None:
    try:
        return Visibility(text) if text is not None else None
    except ValueError:
        return None


def sources_stamp(root: Path) -> str:
    """A digest of what a site is built from: every file's path, size and time."""
    digest = hashlib.sha256()
    files = [root / "mkdocs.yml"] + [
        p for folder in ("content", "media", "dist") for p in sorted((root / folder).rglob("*"))
    ]
    for path in files:
        if path.is_file():
            stat = path.stat()
            rel = path.relative_to(root).as_posix()
            digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def not_signed_off(root: Path, period_id: str | None = None) -> list[Problem]:
    """Warnings for the periods (or the one period) the leadership has not signed off, when the
    project uses the office's review (it has accounts); nothing for a one-person project."""
    if not (root / ACCOUNTS_FILE).is_file():
        return []
    raw, _problems = read_content(root)
    return [
        Problem(
            layout.review_file(period.id),
            message=f"kỳ «{period.id}» chưa được lãnh đạo duyệt (nút «Duyệt kỳ» trong Studio "
            "của văn phòng); bản này có thể chưa phải bản cuối",
            severity=Severity.WARNING,
        )
        for period in raw.periods
        if (period_id is None or period.id == period_id)
        and (period.review is None or period.review.model.signed_off is None)
    ]


def check_publish_to(root: Path, target: Path) -> None:
    """Refuse a web root at or around content/ and media/."""
    fsutil.check_output_place(target, root, "--to")


def check_archive_out(root: Path, out: Path) -> None:
    """Refuse a bag folder at or around content/ and media/ (the bag itself refuses a folder
    that is not new or empty)."""
    fsutil.check_output_place(out, root, "--out")


def archive(
    root: Path,
    period_id: str,
    out: Path,
    settings: RenderSettings,
    on_progress: Callable[[int, int], None] | None = None,
) -> Path:
    """load → filter (public) → offline site + video + originals + records → BagIt bag."""
    check_archive_out(root, out)
    project, _loaded = load_for(root, Visibility.PUBLIC)
    _require_period(project, period_id)
    content = project.period(period_id)
    single = dataclasses.replace(project, periods=(content,))
    info = package.bag_info(single, content)  # first: a wrong SOURCE_DATE_EPOCH stops it here
    plan = _plan(project, period_id, settings)
    video = settings.cache_dir / "archive" / f"{period_id}.mp4"
    render_period_video(plan, video, settings, on_progress)
    with tempfile.TemporaryDirectory(prefix="baocao-archive-") as tmp:
        site = Path(tmp) / "site"
        _build_site(single, root, site, offline=True, videos={period_id: video})
        return make_bag(package.payload(single, content, site, video), out, info)
