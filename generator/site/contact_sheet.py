"""The contact sheet of a period's video: the storyboard as a grid of small pictures, for staff
to review order, pictures and narration before the long render.

The pipeline hands the site a sequence of ``ContactShot`` per period (``contact.py``). Each shot
gets a small WebP thumbnail and a larger one for the lightbox, made through the media cache
like every other derivative: drawn slides (1920x1080 PNG) and photos directly, clips from one
frame at the cut's start (``media/frame.py``: taken once, cached as a PNG, then treated like
a photo)::

    media/kich-ban/<period>/<nnn>-<box>.webp
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.formatting import format_number
from generator.media.cache import MediaCache
from generator.media.frame import clip_frame
from generator.media.image import PhotoFailure, PhotoJob, make_photo_sets
from generator.media.probe import MediaUnreadable
from generator.site.contact import ContactShot
from generator.site.media import SitePhoto
from generator.site.paths import MEDIA_DIR

THUMB_BOXES: tuple[int, ...] = (320, 960)  # the grid's picture, the lightbox's
_SMALL_BATCH = 4

KIND_LABELS = {"slide": "Trang chiếu", "photo": "Ảnh", "clip": "Video clip"}


def stamp(seconds: float) -> str:
    """A position in the video, rounded down: ``0:15``, ``12:03``."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def length_text(seconds: float) -> str:
    """``6,2 giây``."""
    return f"{format_number(seconds, 1)} giây"


@dataclass(frozen=True)
class SheetShot:
    number: int  # from 1, in video order
    shot: ContactShot
    start: float  # seconds from the start of the video
    thumb: SitePhoto | None  # None when no thumbnail could be made

    @property
    def time_text(self) -> str:
        """``0:15 · 6,2 giây``: where the shot starts and how long it lasts."""
        return f"{stamp(self.start)} · {length_text(self.shot.seconds)}"

    @property
    def kind_label(self) -> str:
        label = KIND_LABELS[self.shot.kind]
        if self.shot.kind == "clip" and self.shot.clip_start:
            return f"{label}, từ giây {format_number(self.shot.clip_start, 1)}"
        return label


@dataclass(frozen=True)
class ContactSheet:
    period_id: str
    shots: tuple[SheetShot, ...]

    @property
    def total(self) -> float:
        return sum(s.shot.seconds for s in self.shots)

    @property
    def sections(self) -> tuple[str, ...]:
        """Chapter titles in order of first appearance."""
        return tuple(dict.fromkeys(s.shot.section for s in self.shots))


@dataclass
class ContactSheets:
    sheets: dict[str, ContactSheet] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # Vietnamese, one line each


def prepare_contact_sheets(
    sheets: Mapping[str, Sequence[ContactShot]],
    period_ids: Iterable[str],
    root: Path,
    cache: MediaCache,
) -> ContactSheets:
    """Thumbnails under ``root/media/kich-ban/`` for the sheets of the given periods (a sheet
    for a period the site does not show is ignored)."""
    result = ContactSheets()
    wanted = [p for p in period_ids if sheets.get(p)]
    jobs: list[PhotoJob] = []
    owners: list[tuple[str, int]] = []  # (period, shot index) of each job
    pictures: dict[tuple[str, int], Path | None] = {}
    for period_id in wanted:
        for index, shot in enumerate(sheets[period_id]):
            picture = _picture(shot, cache, result.failures)
            pictures[(period_id, index)] = picture
            if picture is not None:
                stem = f"{MEDIA_DIR}/kich-ban/{period_id}/{index + 1:03d}"
                jobs.append(PhotoJob(picture, root, stem, THUMB_BOXES))
                owners.append((period_id, index))
    workers = 1 if len(jobs) < _SMALL_BATCH else None
    thumbs: dict[tuple[str, int], SitePhoto] = {}
    for owner, outcome in zip(owners, make_photo_sets(jobs, cache, workers=workers), strict=True):
        if isinstance(outcome, PhotoFailure):
            result.failures.append(f"Kịch bản {owner[0]}, cảnh {owner[1] + 1}: {outcome.reason}")
            continue
        thumbs[owner] = SitePhoto(
            tuple((d.path.as_posix(), d.width, d.height) for d in outcome.derivatives)
        )
    for period_id in wanted:
        start = 0.0
        shots = []
        for index, shot in enumerate(sheets[period_id]):
            shots.append(SheetShot(index + 1, shot, start, thumbs.get((period_id, index))))
            start += shot.seconds
        result.sheets[period_id] = ContactSheet(period_id, tuple(shots))
    return result


def _picture(shot: ContactShot, cache: MediaCache, failures: list[str]) -> Path | None:
    """The still to make thumbnails from: the slide or photo itself, a clip's frame."""
    if shot.kind != "clip":
        return shot.picture
    try:
        return clip_frame(cache, shot.picture, shot.clip_start)
    except MediaUnreadable as exc:
        failures.append(f"Kịch bản, cảnh «{shot.title}»: {exc}")
        return None
