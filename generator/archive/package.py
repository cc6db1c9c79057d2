"""What goes into a period's tradition-room bag: the offline site, the conference video with its
subtitles and chapters, the original public photos and clips (full resolution, not re-encoded,
cleaned of location and free-text metadata on the way in), and the records.

Everything here comes from a model already filtered to the public audience.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.archive.bag import BagInfo, Source, bagging_date
from generator.archive.records import period_records
from generator.media.strip import StrippedCopy
from generator.model import PeriodContent, Project
from generator.model.records import media_key
from generator.outputs import sidecar_paths


def payload(
    project: Project, content: PeriodContent, site_dir: Path, video: Path | None
) -> dict[str, Source]:
    """POSIX paths inside the bag's data/ → source file, bytes or original to clean."""
    files: dict[str, Source] = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        files[f"site/{path.relative_to(site_dir).as_posix()}"] = path
    if video is not None:
        files[f"video/{video.name}"] = video
        for kind in ("srt", "vtt", "chapters"):
            sidecar = sidecar_paths(video)[kind]
            if sidecar.is_file():
                files[f"video/{sidecar.name}"] = sidecar
    for written in _originals(content):
        file = project.media_file(written)
        files[f"media/{media_key(written)}"] = StrippedCopy(file.path)
    for rel, data in period_records(project, content).items():
        files[f"records/{rel}"] = data
    return files


def _originals(content: PeriodContent) -> list[str]:
    written = []
    for _unit, item in content.media_items():
        written.append(item.file)
        if item.voiceover:
            written.append(item.voiceover)
    return sorted(set(written))


def bag_info(project: Project, content: PeriodContent, made: date | None = None) -> BagInfo:
    """bag-info.txt's fields for ``content``'s bag, made on ``made`` (default: today, or the
    day ``SOURCE_DATE_EPOCH`` names — see ``bagging_date``)."""
    period = content.period
    return BagInfo(
        organization=project.site.organisation,
        description=(
            f"{period.title}: trang báo cáo xem không cần mạng, video hội nghị kèm phụ đề, "
            "ảnh và video gốc, hồ sơ kết quả (phần công khai)."
        ),
        bagging_date=made or bagging_date(),
        period_id=content.id,
        period_title=period.title,
        period_start=period.start,
        period_end=period.end,
        identifier=f"{project.site.short_name} {content.id}",
    )
