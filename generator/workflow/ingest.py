"""``baocao ingest``: file the photos and clips staff received into media/ and highlights.

For each unit: (1) look at every new file — content hash against everything already filed
anywhere under media/ (any period, any unit) and earlier in this run, probe it, read its capture
date, choose a clean unique name; (2) build the unit's highlights text by appending entries
(internal until staff review them), and validate it; (3) copy the files; (4) write the
highlights file atomically. Nothing in the inbox is moved, changed or deleted, and a second run
finds only duplicates, so it changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from pydantic import ValidationError

from generator.errors import EnvironmentProblem, InputError, Problem, Severity
from generator.fsutil import atomic_path, atomic_write_text, file_sha256
from generator.load.messages import validation_problems
from generator.load.yamlsource import parse_yaml
from generator.media.probe import MediaUnreadable, media_kind, probe_media
from generator.model import HighlightsFile, Period
from generator.model.records import PLACEHOLDER_MARK
from generator.text import fold, slug
from generator.workflow.capture_date import capture_day
from generator.workflow.inbox import InboxFile, Skipped, scan_inbox
from generator.workflow.registry import Registry, describe_match_failure, read_registry
from generator.workflow.scaffold import render
from generator.yamledit.text import NotAppendable, append_list_items

Progress = Callable[[int, int], None]
_CHUNK = 1 << 20
_MAX_SLUG = 80


NEXT_STEP = (
    f"Tiếp theo: sửa các chỗ «{PLACEHOLDER_MARK}» (chú thích, lời dẫn), chọn nhóm (category) cho "
    "từng mục, đổi «visibility: internal» thành «public» cho ảnh được phép công khai, rồi chạy "
    "«baocao check»."
)


@dataclass(frozen=True)
class FiledMedia:
    source: Path  # the file in the inbox (its real, possibly NFD, name)
    shown: str  # relative to the inbox, NFC: as staff see it
    target: str  # relative to media/, as written in the highlights file
    unit: str
    date: dt.date | None


@dataclass(frozen=True)
class Duplicate:
    shown: str
    same_as: str  # "media/…" already filed (any period), or another inbox file


@dataclass
class IngestReport:
    """What ``ingest`` did, as plain data; ``lines()`` says it in Vietnamese."""

    period: str
    copied: list[FiledMedia] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    unknown_folders: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)  # files written, project-relative
    warnings: list[Problem] = field(default_factory=list)

    def lines(self, next_step: str = NEXT_STEP) -> list[str]:
        """``next_step``: what to do next, said where files were added (the command line's
        advice unless the caller has its own)."""
        out = []
        if self.copied:
            out.append(f"Đã chép {len(self.copied)} tệp vào media/{self.period}/:")
            out += [f"  {c.shown} → {c.target}" for c in self.copied]
        if self.highlights:
            out.append("Đã thêm mục vào: " + ", ".join(self.highlights))
        if self.duplicates:
            out.append(f"Bỏ qua {len(self.duplicates)} tệp trùng nội dung:")
            out += [f"  {d.shown} (giống {d.same_as})" for d in self.duplicates]
        if self.unknown_folders:
            out.append("Thư mục không được xử lý:")
            out += [f"  {s.shown}: {s.reason}" for s in self.unknown_folders]
        if self.ignored:
            out.append(f"Bỏ qua {len(self.ignored)} tệp:")
            out += [f"  {s.shown}: {s.reason}" for s in self.ignored]
        if self.copied:
            out.append(next_step)
        elif not self.highlights:
            out.append("Không có gì mới: mọi ảnh, video đã có trong media/.")
        return out


def ingest(
    root: Path,
    inbox: Path,
    period: str,
    unit: str | None = None,
    on_progress: Progress | None = None,
) -> IngestReport:
    """File the photos and clips of ``inbox`` under media/<period>/<unit>/ and append highlight
    entries for them. Raises InputError for a wrong period, unit or inbox, or a highlights file
    that cannot be extended; EnvironmentProblem when copying fails (disk full)."""
    registry = read_registry(root)
    raw_period, period_model = registry.period(period)
    media_root = registry.root / "media"
    _check_inbox(inbox, media_root)
    active = {u.id for u in registry.units_active(period_model.start, period_model.end)}
    unit_id = _resolve_unit(registry, unit, active) if unit is not None else None
    scan = scan_inbox(inbox, registry.unit_matcher(), active, unit_id)
    report = IngestReport(period, unknown_folders=scan.unknown_folders, ignored=scan.ignored)
    units_with_files = sorted({f.unit for f in scan.files})
    errors = [e for u in units_with_files for e in registry.errors_in(raw_period.highlights_rel(u))]
    if errors:
        raise InputError(errors)

    filed = _FiledIndex(media_root, period)
    done, total = 0, len(scan.files)
    if on_progress:
        on_progress(0, total)
    files = sorted(scan.files, key=lambda f: (f.unit, fold(f.shown, casefold=True), f.shown))
    for unit_id_, group in groupby(files, key=lambda f: f.unit):
        new: list[tuple[InboxFile, FiledMedia]] = []
        for item in group:
            filed_item = _examine(item, filed, period, period_model, inbox, report)
            if filed_item is not None:
                new.append((item, filed_item))
            done += 1
            if on_progress:
                on_progress(done, total)
        if new:
            _file_unit(registry, period, period_model, unit_id_, new, report)
    return report


def _examine(
    item: InboxFile,
    filed: _FiledIndex,
    period_id: str,
    period: Period,
    inbox: Path,
    report: IngestReport,
) -> FiledMedia | None:
    """The entry to make for ``item``, or None (duplicate or unreadable: recorded in report)."""
    digest = file_sha256(item.path)
    same = filed.find(item.path.stat().st_size, digest)
    if same is not None:
        report.duplicates.append(Duplicate(item.shown, same))
        return None
    try:
        info = probe_media(item.path)
    except MediaUnreadable as exc:
        report.ignored.append(Skipped(item.shown, str(exc)))
        return None
    day = capture_day(info)
    if day is not None and not period.contains(day):
        report.warnings.append(
            Problem(
                (inbox / item.shown).as_posix(),
                message=f"ngày chụp/quay {day:%d/%m/%Y} nằm ngoài kỳ báo cáo "
                f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}; không ghi ngày cho mục này",
                severity=Severity.WARNING,
            )
        )
        day = None
    name = filed.claim_name(item.unit, item.path)
    target = f"{period_id}/{item.unit}/{name}"
    filed.add(item.path.stat().st_size, digest, item.shown)
    return FiledMedia(item.path, item.shown, target, item.unit, day)


def _file_unit(
    registry: Registry,
    period_id: str,
    period: Period,
    unit_id: str,
    new: list[tuple[InboxFile, FiledMedia]],
    report: IngestReport,
) -> None:
    rel = registry.period(period_id)[0].highlights_rel(unit_id)
    path = registry.root / rel
    text = _highlights_text(registry, period_id, period, unit_id, path)
    entries = [
        render(
            "highlight_item.yml.j2",
            source=" ".join(item.shown.split()),  # one comment line, whatever the name holds
            file=filed.target,
            caption=f"{PLACEHOLDER_MARK}: chú thích cho «{Path(item.shown).name}»",
            date=filed.date,
            narration=f"{PLACEHOLDER_MARK}: lời dẫn đọc trong video",
        )
        for item, filed in new
    ]
    try:
        updated = append_list_items(text, "media", entries)
    except NotAppendable as exc:
        raise InputError(Problem(rel, 0, 0, f"không thêm được mục vào tệp: {exc}")) from None
    _validate(updated, rel, unit_id, expected_new=len(new), before=text)
    copied: list[Path] = []
    try:
        for item, filed in new:
            target = registry.root / "media" / filed.target
            with atomic_path(target, durable=True) as tmp:
                shutil.copyfile(item.path, tmp)
                shutil.copystat(item.path, tmp)
            copied.append(target)
        atomic_write_text(path, updated, durable=True)
    except OSError as exc:
        for target in copied:  # our own new copies only: the content stays consistent
            target.unlink(missing_ok=True)
        raise EnvironmentProblem(f"Không chép được tệp vào media/ ({exc.strerror}).") from exc
    report.copied += [filed for _, filed in new]
    report.highlights.append(rel)


def _highlights_text(
    registry: Registry, period_id: str, period: Period, unit_id: str, path: Path
) -> str:
    if not path.is_file():
        unit = next(u for u in registry.units if u.id == unit_id)
        return render(
            "highlights.yml.j2",
            period_id=period_id,
            period=period,
            unit=unit,
            placeholder=PLACEHOLDER_MARK,
        )
    return path.read_bytes().decode("utf-8")  # the loader has read it: it is UTF-8


def _validate(text: str, rel: str, unit_id: str, *, expected_new: int, before: str) -> None:
    """The appended text must still be a valid highlights file holding the old items + new."""
    counts = []
    for version in (before, text):
        source, problems = parse_yaml(version.removeprefix("\ufeff"), rel)
        if source is None:
            raise InputError(problems)
        try:
            model = HighlightsFile.model_validate(source.data or {"unit": unit_id})
        except ValidationError as error:
            raise InputError(validation_problems(error, source, HighlightsFile)) from None
        counts.append(len(model.media))
    if counts[1] != counts[0] + expected_new:
        raise InputError(Problem(rel, 0, 0, "không thêm được mục vào tệp (bố cục tệp lạ)"))


def _check_inbox(inbox: Path, media_root: Path) -> None:
    if not inbox.is_dir():
        raise InputError(f"không tìm thấy thư mục «{inbox}»")
    if inbox.resolve().is_relative_to(media_root.resolve()):
        raise InputError(
            f"thư mục «{inbox}» nằm trong media/ của dự án; hãy dùng thư mục nhận tệp riêng"
        )


def _resolve_unit(registry: Registry, typed: str, active: set[str]) -> str:
    match = registry.unit_matcher().find(typed)
    if match.record is None:
        raise InputError(describe_match_failure("đơn vị", typed, match))
    if match.record.id not in active:
        raise InputError(f"đơn vị «{match.record.id}» không hoạt động trong kỳ báo cáo này")
    return match.record.id


class _FiledIndex:
    """Every file under media/ and those claimed in this run, by size and (lazily) hash."""

    def __init__(self, media_root: Path, period: str) -> None:
        self.media_root = media_root
        self.period = period
        self._by_size: dict[int, list[Path]] = {}
        self._hashes: dict[Path, str] = {}
        self._claimed: dict[tuple[int, str], str] = {}
        self._names: dict[str, set[str]] = {}
        for folder, dirs, names in os.walk(media_root):  # nothing when media/ is missing
            dirs.sort()  # the first of several copies is reported: always the same one
            for name in sorted(names):
                path = Path(folder) / name
                with contextlib.suppress(OSError):  # a dangling link is no duplicate
                    self._by_size.setdefault(path.stat().st_size, []).append(path)

    def find(self, size: int, digest: str) -> str | None:
        """What already holds this content: "media/…" or an earlier inbox file; else None."""
        if (size, digest) in self._claimed:
            return self._claimed[(size, digest)]
        for path in self._by_size.get(size, []):
            if path not in self._hashes:
                self._hashes[path] = file_sha256(path)
            if self._hashes[path] == digest:
                return "media/" + unicodedata.normalize(
                    "NFC", path.relative_to(self.media_root).as_posix()
                )
        return None

    def add(self, size: int, digest: str, shown: str) -> None:
        self._claimed[(size, digest)] = shown

    def claim_name(self, unit: str, source: Path) -> str:
        """A clean name not yet used in media/<period>/<unit>/ (compared without case)."""
        taken = self._names.get(unit)
        if taken is None:
            folder = self.media_root / self.period / unit
            taken = {n.casefold() for n in os.listdir(folder)} if folder.is_dir() else set()
            self._names[unit] = taken
        suffix = source.suffix.lower()
        stem = slug(source.stem, casefold=True, drop_foreign=True)[:_MAX_SLUG].strip("-")
        stem = stem or ("anh" if media_kind(source) == "photo" else "video")
        name, n = f"{stem}{suffix}", 2
        while name.casefold() in taken:
            name, n = f"{stem}-{n}{suffix}", n + 1
        taken.add(name.casefold())
        return name
