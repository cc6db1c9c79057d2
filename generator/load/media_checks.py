"""The media part of the cross-file checks: every file the content names, and every other file
under media/, is resolved, probed and held to generator.media.limits.

A file the content uses is checked as deeply as the later stages need (clips decoded at both
ends), at the line that names it; a file nobody uses yet only has to be readable, and is
reported at its own path (line 0). Problems are Vietnamese, as everywhere in the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.errors import Problem, Severity
from generator.formatting import format_number
from generator.load.media_refs import MediaIndex, probe_all
from generator.load.reader import Record
from generator.load.yamlsource import Loc
from generator.media import limits
from generator.media.probe import MediaInfo, media_kind
from generator.model import (
    HighlightsFile,
    MediaFile,
    MediaItem,
    SiteInfo,
    VideoSettings,
    Visibility,
    effective_visibility,
)
from generator.model.records import media_key

MIN_PHOTO_WIDTH = 1280
WARNING = Severity.WARNING

Expect = Literal["photo-or-clip", "audio", "photo"]
_EXPECTED_KINDS: dict[Expect, tuple[str, ...]] = {
    "photo-or-clip": ("photo", "clip"),
    "audio": ("audio",),
    "photo": ("photo",),
}
_EXPECTED_NAMES: dict[Expect, str] = {
    "photo-or-clip": "ảnh hoặc video",
    "audio": "âm thanh",
    "photo": "ảnh",
}
_END_TOLERANCE_S = 0.05  # containers round durations; a cut ending this close to the end is fine

# The records whose fields name media files: the site's logo, a period's music, its highlights.
MediaRecord = Record[SiteInfo] | Record[VideoSettings] | Record[HighlightsFile]


@dataclass
class _MediaUse:
    record: MediaRecord
    loc: Loc
    path: Path
    expect: Expect


class MediaChecks:
    """Collects media references while the content is checked, then probes them all at once."""

    def __init__(self, project_root: Path, problems: list[Problem]) -> None:
        self.index = MediaIndex(project_root / "media")
        self.problems = problems
        self.uses: list[_MediaUse] = []
        self._named: set[str] = set()  # NFC keys the content names, usable or not

    def ref(self, record: MediaRecord, loc: Loc, written: str, expect: Expect) -> None:
        """Note one reference; problems with the path itself are reported at once."""
        path, reason = self.index.resolve(written)
        self._named.add(self.index.key_of(path) if path else media_key(written))
        if reason is not None:
            self.problems.append(record.problem(loc, reason))
            return
        assert path is not None
        if media_kind(path) not in _EXPECTED_KINDS[expect]:
            message = f"tệp «{written}» không phải tệp {_EXPECTED_NAMES[expect]}"
            self.problems.append(record.problem(loc, message))
            return
        self.uses.append(_MediaUse(record, loc, path, expect))

    def probe(self) -> dict[str, MediaFile]:
        """Probe every used file (deeply) and every unused media file; the usable ones by key."""
        used = {use.path for use in self.uses}
        unused = self._unused_files()
        infos = probe_all(used | set(unused.values()), deep=used)
        media: dict[str, MediaFile] = {}
        for use in self.uses:
            info = infos[use.path]
            if isinstance(info, str):
                self.problems.append(use.record.problem(use.loc, info))
                continue
            rel = self.index.key_of(use.path)
            media[rel] = MediaFile(use.path, info)
            self._use_problems(use, info)
        for key, path in sorted(unused.items()):
            info = infos[path]
            if isinstance(info, str):
                self.problems.append(
                    _at_path(key, f"{info}; chưa mục nào dùng tệp này: hãy chép lại hoặc xóa nó")
                )
        for key, reason in sorted(self.index.links.items()):
            if not any(named == key or named.startswith(f"{key}/") for named in self._named):
                message = f"{reason}; liên kết này bị bỏ qua"
                self.problems.append(_at_path(key, message, WARNING))
        return media

    def _unused_files(self) -> dict[str, Path]:
        """Media files (by extension) nobody names; hidden ones (a Mac's ``._x.jpg``, anything in
        a hidden folder) left out."""
        return {
            key: path
            for key, path in self.index.files.items()
            if key not in self._named
            and media_kind(path) is not None
            and not any(part.startswith(".") for part in key.split("/"))
        }

    def _use_problems(self, use: _MediaUse, info: MediaInfo) -> None:
        record, loc = use.record, use.loc
        long_side = max(info.width, info.height)  # a portrait photo is judged by its height
        if use.expect == "photo-or-clip" and info.kind == "photo" and long_side < MIN_PHOTO_WIDTH:
            self.problems.append(
                record.problem(
                    loc,
                    f"ảnh chỉ có {info.width}×{info.height} điểm ảnh (cạnh dài nên từ {MIN_PHOTO_WIDTH} trở lên để trình chiếu rõ nét)",
                    severity=WARNING,
                )
            )
        item = _item_at(record, loc)
        if item is None:
            return
        assert isinstance(record.model, HighlightsFile)
        if info.kind == "clip":
            self._clip_problems(record, loc, use.path, item, info)
        public = effective_visibility(item.visibility, record.model.visibility)
        if info.gps and public is Visibility.PUBLIC:
            self.problems.append(
                record.problem(
                    loc,
                    f"tệp «{use.path.name}» có ghi vị trí GPS nơi chụp/quay; mục này công khai "
                    "nên gói lưu trữ sẽ xóa vị trí khỏi bản lưu (tệp trong media/ giữ nguyên)",
                    severity=WARNING,
                )
            )

    def _clip_problems(
        self, record: MediaRecord, loc: Loc, path: Path, item: MediaItem, info: MediaInfo
    ) -> None:
        item_loc = loc[:-1]
        if max(info.width, info.height) > limits.MAX_CLIP_SIDE:
            message = limits.CLIP_TOO_LARGE.format(
                name=path.name, width=info.width, height=info.height, limit=limits.MAX_CLIP_SIDE
            )
            self.problems.append(record.problem(loc, message))
        if info.duration < limits.MIN_CLIP_SECONDS:
            message = limits.CLIP_TOO_SHORT.format(name=path.name, actual=_seconds(info.duration))
            self.problems.append(record.problem(loc, message))
            return
        used, used_loc = info.duration, loc
        if item.clip is not None:
            start, end = float(item.clip.start), float(item.clip.end)
            length = f"{_seconds(info.duration)} giây"
            if start >= info.duration:
                self.problems.append(
                    record.problem(
                        (*item_loc, "clip", "start"),
                        f"điểm bắt đầu {item.clip.start} giây nằm ngoài độ dài video ({length})",
                    )
                )
                return
            if end > info.duration + _END_TOLERANCE_S:
                self.problems.append(
                    record.problem(
                        (*item_loc, "clip", "end"),
                        f"điểm kết thúc {item.clip.end} giây vượt quá độ dài video ({length})",
                    )
                )
                return
            used, used_loc = min(end, info.duration) - start, (*item_loc, "clip")
            if used < limits.MIN_CLIP_SECONDS:
                message = limits.CUT_TOO_SHORT.format(actual=_seconds(used))
                self.problems.append(record.problem(used_loc, message))
        if used > limits.MAX_CLIP_SECONDS:
            message = limits.CLIP_TOO_LONG.format(actual=format_number(used / 60, 1))
            self.problems.append(record.problem(used_loc, message))
        if "audio" in item.model_fields_set and item.audio == "keep" and not info.has_audio:
            self.problems.append(
                record.problem(
                    (*item_loc, "audio"),
                    f"video «{path.name}» không có tiếng nên «audio: keep» không có tác dụng; "
                    "hãy ghi «audio: mute» hoặc bỏ dòng này",
                    severity=WARNING,
                )
            )


def _item_at(record: MediaRecord, loc: Loc) -> MediaItem | None:
    if (
        isinstance(record.model, HighlightsFile)
        and len(loc) == 3
        and loc[0] == "media"
        and isinstance(loc[1], int)
        and loc[2] == "file"
    ):
        return record.model.media[loc[1]]
    return None


def _at_path(key: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(path=f"media/{key}", message=message, severity=severity)


def _seconds(value: float) -> str:
    return format_number(value, 2)
