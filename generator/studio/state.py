"""What the studio shows: the content as the loader reads it, with each unit's progress.

The content is read with the loader's own reader and checks (the ``baocao check`` problems);
the result is kept until a file under content/ or media/ changes.
"""

from __future__ import annotations

import functools
import os
import threading
import time
import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from starlette.exceptions import HTTPException

from generator.audience import filter_for_audience
from generator.errors import Problem, Severity
from generator.load import layout
from generator.load.checks import check_content
from generator.load.loader import build_project
from generator.load.reader import RawContent, RawPeriod, read_content
from generator.load.yamlsource import SourceFile
from generator.model import (
    HighlightsFile,
    Indicator,
    Measure,
    MediaFile,
    ResultsFile,
    Unit,
    Visibility,
)
from generator.model.records import effective_visibility, is_placeholder
from generator.model.review import ReviewFile
from generator.withheld import withheld

NO_PERIOD = "Không có kỳ báo cáo này."
"""The one answer (404) of every route whose URL names a period that does not exist."""
NO_UNIT = "Không có đơn vị này."
"""The one answer (404) of every route whose URL names a unit that does not exist."""


@dataclass(frozen=True)
class Progress:
    """Who still owes what, for one unit in one period."""

    unit: Unit
    media: int = 0
    no_caption: int = 0
    no_narration: int = 0
    no_category: int = 0
    results: int = 0  # indicators with a figure
    indicators: int = 0  # indicators that apply in the period
    errors: int = 0
    warnings: int = 0
    problems: tuple[Problem, ...] = ()  # the errors and warnings counted, to be listed

    @property
    def done(self) -> bool:
        missing = self.no_caption + self.no_narration + self.no_category + self.errors
        return self.media > 0 and not missing and self.results == self.indicators


@dataclass
class Snapshot:
    raw: RawContent
    problems: list[Problem]
    by_path: dict[str, list[Problem]] = field(default_factory=dict)
    # what the checks probed, by media/ path
    media: dict[str, MediaFile] = field(default_factory=dict)

    @functools.cached_property
    def held_back(self) -> dict[str, list[Problem]]:
        """By period: the warnings ``baocao check`` adds about what the public version (the
        tradition room's) loses wholly or mostly (generator.withheld). None while the content
        has errors: check says those first."""
        if self.raw.site is None or any(p.severity is Severity.ERROR for p in self.problems):
            return {}
        project = build_project(self.raw, self.media)
        public = filter_for_audience(project, Visibility.PUBLIC)
        return {p.id: withheld(project, public, p.id) for p in project.periods}

    @functools.cached_property
    def sources(self) -> dict[str, SourceFile]:
        """Each valid results or highlights file as parsed, by its path in the project."""
        return {
            source.path: source
            for period in self.raw.periods
            for source in (
                *(record.source for record in period.results),
                *(record.source for record in period.highlights),
            )
        }

    def review(self, period_id: str) -> ReviewFile:
        """The period's review states and sign-off (none yet: every part being drafted)."""
        period = self.period(period_id)
        if period is None or period.review is None:
            return ReviewFile()
        return period.review.model

    def media_level(self, rel: str) -> Visibility:
        """The level of a file under media/: the strictest of the items that show it or speak
        over it; while none does, internal (the default level) — but restricted for a take of
        the narrator's booth, which may say a restricted line's figures (the booth plays a
        card's take through its own route, for the audience it was recorded for)."""
        levels = [
            effective_visibility(item.visibility, record.model.visibility)
            for period in self.raw.periods
            for record in period.highlights
            for item in record.model.media
            if rel in (item.file, item.voiceover)
        ]
        unshown = Visibility.RESTRICTED if layout.is_take(rel) else Visibility.INTERNAL
        return max(levels, key=lambda level: level.rank, default=unshown)

    def take_unit(self, rel: str) -> str | None:
        """The unit whose item speaks over the take ``rel`` (named as its ``voiceover``); None
        when no item does (a card's take, or one not chosen)."""
        return next(
            (
                record.model.unit
                for period in self.raw.periods
                for record in period.highlights
                for item in record.model.media
                if item.voiceover == rel
            ),
            None,
        )

    def period(self, period_id: str) -> RawPeriod | None:
        return next((p for p in self.raw.periods if p.id == period_id), None)

    def period_or_404(self, period_id: str) -> RawPeriod:
        """The period a URL names, or HTTPException 404 (``NO_PERIOD``): no route reads, or
        writes a file for, a period that does not exist (nor a path like ``..``)."""
        period = self.period(period_id)
        if period is None:
            raise HTTPException(404, NO_PERIOD)
        return period

    def highlights_rel(self, period_id: str, unit_id: str) -> str:
        """The unit's highlights file: the one the reader found (any name, .yml or .yaml),
        else the name a new one gets."""
        period = self.period(period_id)
        return (
            period.highlights_rel(unit_id) if period else layout.highlights_file(period_id, unit_id)
        )

    def results_rel(self, period_id: str, unit_id: str) -> str:
        """As ``highlights_rel``, for the unit's results file."""
        period = self.period(period_id)
        return period.results_rel(unit_id) if period else layout.results_file(period_id, unit_id)

    def unit_of_period_or_404(self, period_id: str, unit_id: str) -> tuple[RawPeriod, Unit]:
        """The period and the unit a URL names, or HTTPException 404 (``NO_PERIOD``,
        ``NO_UNIT``), before any handler reads or writes a file of theirs."""
        period = self.period_or_404(period_id)
        unit = self.unit(unit_id)
        if unit is None:
            raise HTTPException(404, NO_UNIT)
        return period, unit

    @property
    def units(self) -> list[Unit]:
        return [r.model for r in self.raw.units]

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def indicators_for(self, period: RawPeriod) -> list[Indicator]:
        if period.period is None:
            return []
        p = period.period.model
        return [r.model for r in self.raw.indicators if r.model.applies_during(p.start, p.end)]

    def units_for(self, period: RawPeriod) -> list[Unit]:
        """Units active during the period, and any unit with a file in it."""
        with_files = {r.model.unit for r in period.results} | {
            h.model.unit for h in period.highlights
        }
        if period.period is None:
            return [u for u in self.units if u.id in with_files]
        p = period.period.model
        return [u for u in self.units if u.id in with_files or u.active_during(p.start, p.end)]

    def progress(self, period: RawPeriod) -> list[Progress]:
        indicators = self.indicators_for(period)
        out = []
        for unit in self.units_for(period):
            highlights = next((h.model for h in period.highlights if h.model.unit == unit.id), None)
            results = next((r.model for r in period.results if r.model.unit == unit.id), None)
            # the unit's own files only: a period-wide warning that `check` files under a
            # unit's file (the public version loses a part: held_back) is the period's
            rels = (self.highlights_rel(period.id, unit.id), self.results_rel(period.id, unit.id))
            found = sorted(p for rel in rels for p in self.by_path.get(rel, []))
            counts = Counter(p.severity for p in found)
            out.append(
                Progress(
                    unit,
                    **_media_counts(highlights),
                    results=_entered(results, indicators),
                    indicators=len(indicators),
                    errors=counts[Severity.ERROR],
                    warnings=counts[Severity.WARNING],
                    problems=tuple(found),
                )
            )
        return out


def _media_counts(highlights: HighlightsFile | None) -> dict[str, int]:
    items = highlights.media if highlights else ()
    return {
        "media": len(items),
        "no_caption": sum(is_placeholder(i.caption) for i in items),
        "no_narration": sum(
            i.voiceover is None and (not i.narration or is_placeholder(i.narration)) for i in items
        ),
        "no_category": sum(i.category is None for i in items),
    }


def _entered(results: ResultsFile | None, indicators: list[Indicator]) -> int:
    if results is None:
        return 0
    wanted = {i.id: i for i in indicators}
    entered = set()
    for result in results.results:
        indicator = wanted.get(result.indicator)
        if indicator is None:
            continue
        if indicator.measure is Measure.RATE:
            if result.numerator is not None and result.denominator is not None:
                entered.add(indicator.id)
        elif result.value is not None:
            entered.add(indicator.id)
    return len(entered)


class ContentState:
    """The last read of the project, redone when content/ or media/ changed on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._stamper = _Stamper(root)
        self._stamp: Stamp | None = None
        self._snapshot: Snapshot | None = None
        _VIEWS[root.resolve()] = self

    def snapshot(self) -> Snapshot:
        with self._lock:
            stamp = self._stamper.stamp()
            if self._snapshot is None or stamp != self._stamp:
                self._snapshot, self._stamp = read_snapshot(self.root), stamp
            return self._snapshot

    def adopt(self, snapshot: Snapshot, seen: Stamp, rel: str, text: str) -> None:
        """After a save: ``snapshot`` — the content as the save's check read it, ``text`` in
        place of ``rel``, when the project looked like ``seen`` — becomes the current one, so
        the next page need not read every file again. Only if nothing but ``rel`` changed on
        disk since (another editor's change is never hidden)."""
        with self._lock:
            stamp = self._stamper.stamp()
            path = self.root / rel
            try:
                written = path.read_bytes() == text.encode("utf-8")
            except OSError:
                written = False
            if written and _without(stamp, path) == _without(seen, path):
                self._snapshot, self._stamp = snapshot, stamp

    def parsed_if_current(self, rel: str) -> SourceFile | None:
        """The file ``rel`` as the current snapshot parsed it, when the snapshot is still what
        is on disk (no new read: a save need not parse a large file twice); else None."""
        with self._lock:
            if self._snapshot is None or self._stamper.stamp() != self._stamp:
                return None
            return self._snapshot.sources.get(rel)


_VIEWS: weakref.WeakValueDictionary[Path, ContentState] = weakref.WeakValueDictionary()
"""The studio's view of each project folder (one per studio), for ``current_snapshot``."""


def current_snapshot(root: Path) -> Snapshot:
    """The project as it stands on disk: the studio's view of it when there is one (read again
    only if a file changed since), else read now."""
    view = _VIEWS.get(root.resolve())
    return view.snapshot() if view is not None else read_snapshot(root)


Stamp = tuple[tuple[str, int, int, int], ...]
"""What the project looks like on disk (``project_stamp``): (path, mtime, size, inode) of every
file of content/ but hidden ones; every folder of content/ by its path alone (0, 0, 0: what it
holds is stamped name by name), every folder of media/ with its mtime (a file added, removed
or renamed in it changes that)."""


def read_snapshot(root: Path, overlay: Mapping[str, bytes] | None = None) -> Snapshot:
    """The content read and checked as ``baocao check`` does (``overlay``: files as they
    would be once written, read instead of the disk's)."""
    raw, problems = read_content(root, overlay)
    checked = check_content(raw)
    snapshot = Snapshot(raw, problems + checked.problems, media=checked.media)
    for problem in snapshot.problems:
        snapshot.by_path.setdefault(problem.path, []).append(problem)
    return snapshot


def project_stamp(root: Path) -> Stamp:
    """The project's ``Stamp``, every folder listed now (``ContentState`` lists again only the
    folders that changed)."""
    return _Stamper(root).stamp()


SETTLED_NS = 2_000_000_000
"""A folder's listing is taken again unless its times are at least this much older than the
moment it was listed: a change made within the same tick of the file system's clock as the one
before can leave those times as they were (2 s: FAT's resolution, far above any tick)."""


@dataclass(frozen=True)
class _Listing:
    key: tuple[int, int, int]  # the folder's inode, mtime and ctime when it was listed
    folders: tuple[str, ...]  # its sub-folders (not followed when they are symbolic links)
    files: tuple[str, ...]  # its other names but hidden ones (in content/ only)


class _Stamper:
    """``project_stamp`` for one project, remembering each folder's listing while the folder is
    unchanged: a check then costs one ``stat`` per folder and per content file, whatever the
    number of files under media/.

    A name that vanishes between the listing and its ``stat`` (a save's temporary file, renamed
    away meanwhile; a folder removed) is left out, as if it had never been listed; a hidden name
    (``.tuy-hoa.k3j2.tmp.yml``) is never content (the loader skips it: ``reader._yaml_files``)
    and is not stamped. Not thread-safe: ``ContentState`` asks under its lock."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self._listings: dict[str, _Listing] = {}

    def stamp(self) -> Stamp:
        entries: list[tuple[str, int, int, int]] = []
        kept: dict[str, _Listing] = {}
        for top in ("content", "media"):
            self._walk(os.path.join(self.root, top), top == "content", entries, kept)
        self._listings = kept  # folders gone are forgotten
        return tuple(entries)

    def _walk(
        self,
        folder: str,
        content: bool,
        entries: list[tuple[str, int, int, int]],
        kept: dict[str, _Listing],
    ) -> None:
        try:
            st = os.stat(folder)
        except OSError:  # gone since its parent was listed (or never there)
            return
        listing = self._listing(folder, st, content, kept)
        if listing is None:
            return
        entries.append((folder, 0, 0, 0) if content else (folder, st.st_mtime_ns, 0, 0))
        for name in listing.files:
            path = os.path.join(folder, name)
            try:
                file = os.stat(path)
            except OSError:  # renamed or removed since the listing
                continue
            entries.append((path, file.st_mtime_ns, file.st_size, file.st_ino))
        for name in listing.folders:
            self._walk(os.path.join(folder, name), content, entries, kept)

    def _listing(
        self, folder: str, st: os.stat_result, content: bool, kept: dict[str, _Listing]
    ) -> _Listing | None:
        key = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns)
        known = self._listings.get(folder)
        if known is not None and known.key == key:
            kept[folder] = known
            return known
        listed_at = time.time_ns()
        folders: list[str] = []
        files: list[str] = []
        try:
            with os.scandir(folder) as found:
                for entry in found:
                    kind = _kind(entry)
                    if kind == "folder":
                        folders.append(entry.name)
                    elif kind == "file" and content and not entry.name.startswith("."):
                        files.append(entry.name)
        except OSError:  # gone, or not readable: os.walk leaves it out too
            return None
        listing = _Listing(key, tuple(sorted(folders)), tuple(sorted(files)))
        if max(st.st_mtime_ns, st.st_ctime_ns) < listed_at - SETTLED_NS:
            kept[folder] = listing
        return listing


def _kind(entry: os.DirEntry[str]) -> str:
    """``folder`` (walked), ``link`` (a symbolic link to a folder: as ``os.walk``, neither
    walked nor a file) or ``file``."""
    try:
        if entry.is_dir():
            return "link" if entry.is_symlink() else "folder"
    except OSError:
        pass
    return "file"


def _without(stamp: Stamp, path: Path) -> Stamp:
    """``stamp`` but for a file and its folder (a write renames a new file into it)."""
    skipped = {str(path), str(path.parent)}
    return tuple(entry for entry in stamp if entry[0] not in skipped)
