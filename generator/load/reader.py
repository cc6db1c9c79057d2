"""Read every content file and validate each against its schema, file by file.

Cross-file checks (references, dates, media) are `checks.py`'s job; this module only turns
files into typed records, remembering where each record stands for later messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, Severity
from generator.load import layout
from generator.load.frontmatter import Split, split_front_matter
from generator.load.messages import validation_problems
from generator.load.yamlsource import Loc, SourceFile, decode_text, parse_yaml, read_text
from generator.model import (
    HighlightsFile,
    Indicator,
    Period,
    Report,
    ResultsFile,
    SiteInfo,
    Unit,
    VideoSettings,
    Visibility,
)
from generator.model.base import Level, StrictModel
from generator.model.limits import MAX_REPORT_BYTES, MAX_YAML_BYTES
from generator.model.records import PLACEHOLDER_MARK, placeholder_lines
from generator.model.review import ReviewFile

M = TypeVar("M", bound=BaseModel)

PERIOD_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Record(Generic[M]):
    """A validated record and where it stands (its file, and its place in that file)."""

    model: M
    source: SourceFile
    loc: Loc = ()
    # After invalid list items were dropped: list field -> original index of each kept item.
    original_index: dict[str, list[int]] = field(default_factory=dict)

    def problem(self, loc: Loc, message: str, **kwargs: Any) -> Problem:
        return self.source.problem(self.file_loc(loc), message, **kwargs)

    def file_loc(self, loc: Loc) -> Loc:
        """``loc`` within the model, as a location in the file."""
        if len(loc) >= 2 and isinstance(loc[1], int) and loc[0] in self.original_index:
            loc = (loc[0], self.original_index[str(loc[0])][loc[1]], *loc[2:])
        return (*self.loc, *loc)


@dataclass
class RawPeriod:
    id: str
    folder: Path
    period: Record[Period] | None = None
    results: list[Record[ResultsFile]] = field(default_factory=list)
    highlights: list[Record[HighlightsFile]] = field(default_factory=list)
    report: Report | None = None
    video: Record[VideoSettings] | None = None
    review: Record[ReviewFile] | None = None

    def highlights_rel(self, unit_id: str) -> str:
        """The unit's highlights file as read (any name, .yml or .yaml), else a new one's."""
        found = [(r.source.path, r.model.unit) for r in self.highlights]
        return layout.unit_file(found, unit_id, layout.highlights_file(self.id, unit_id))

    def results_rel(self, unit_id: str) -> str:
        """As ``highlights_rel``, for the unit's results file."""
        found = [(r.source.path, r.model.unit) for r in self.results]
        return layout.unit_file(found, unit_id, layout.results_file(self.id, unit_id))


@dataclass
class RawContent:
    """Everything read from content/, before cross-file checks."""

    root: Path
    site: Record[SiteInfo] | None = None
    units: list[Record[Unit]] = field(default_factory=list)
    indicators: list[Record[Indicator]] = field(default_factory=list)
    periods: list[RawPeriod] = field(default_factory=list)
    # ids written in the files, even in records that failed validation: a reference to them
    # is not reported again as "unknown" (one mistake, one message).
    written_unit_ids: set[str] = field(default_factory=set)
    written_indicator_ids: set[str] = field(default_factory=set)


class _Reader:
    def __init__(self, root: Path, overlay: Mapping[str, bytes] | None = None) -> None:
        self.root = root
        self.overlay = overlay or {}
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def exists(self, path: Path) -> bool:
        return self.rel(path) in self.overlay or path.is_file()

    def text(self, path: Path, limit: int = MAX_YAML_BYTES) -> tuple[str | None, list[Problem]]:
        rel = self.rel(path)
        if rel in self.overlay:
            return decode_text(self.overlay[rel], rel, limit)
        return read_text(path, rel, limit)

    def yaml_files(self, folder: Path) -> list[Path]:
        """The YAML files of a folder, with those the overlay adds."""
        added = [
            self.root / rel
            for rel in self.overlay
            if (self.root / rel).parent == folder
            and Path(rel).suffix.lower() in layout.YAML_SUFFIXES
        ]
        return sorted({*_yaml_files(folder), *added})

    def source(self, path: Path, *, required: bool) -> SourceFile | None:
        if not self.exists(path):
            if required:
                self.problems.append(
                    Problem(self.rel(path), 0, 0, "thiếu tệp bắt buộc; hãy tạo tệp này")
                )
            return None
        text, problems = self.text(path)
        self.problems.extend(problems)
        if text is None:
            return None
        source, problems = parse_yaml(text, self.rel(path))
        self.problems.extend(problems)
        return source

    def record(
        self, model: type[M], source: SourceFile, data: Any, loc: Loc = ()
    ) -> Record[M] | None:
        if not isinstance(data, dict):
            what = "danh sách" if isinstance(data, list) else "giá trị đơn"
            self.problems.append(
                source.problem(loc, f"cần một nhóm trường (tên: giá trị), không phải {what}")
            )
            return None
        try:
            return Record(model.model_validate(data), source, loc)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, source, model, loc))
            salvage = _without_bad_items(data, error)
            if salvage is None:
                return None
            try:
                # Keep the file's valid items so that cross-file checks still look at them.
                return Record(model.model_validate(salvage[0]), source, loc, salvage[1])
            except ValidationError:
                return None

    def single(self, model: type[M], path: Path, *, required: bool) -> Record[M] | None:
        source = self.source(path, required=required)
        if source is None:
            return None
        if source.data is None:
            if required:
                self.problems.append(Problem(source.path, 1, 1, "tệp rỗng"))
                return None
            return Record(model.model_validate({}), source)
        return self.record(model, source, source.data)

    def listing(self, model: type[M], path: Path, written_ids: set[str]) -> list[Record[M]]:
        source = self.source(path, required=True)
        if source is None:
            return []
        if not isinstance(source.data, list):
            self.problems.append(
                source.problem((), "tệp này phải là một danh sách (mỗi mục bắt đầu bằng «-»)")
            )
            return []
        records = []
        for index, item in enumerate(source.data):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                written_ids.add(item["id"])
            record = self.record(model, source, item, (index,))
            if record is not None:
                records.append(record)
        return records

    def report(self, path: Path) -> Report | None:
        """``report.md``; None when it is absent or cannot be read with certainty."""
        if not self.exists(path):
            return None
        rel = self.rel(path)
        text, problems = self.text(path, MAX_REPORT_BYTES)
        self.problems.extend(problems)
        if text is None:
            return None
        split = split_front_matter(text, rel)
        self.problems.extend(split.problems)
        if split.problems:
            return None
        self.problems.extend(_report_placeholders(split, rel))
        if split.yaml is None:
            return Report(markdown=split.body)
        source, problems = parse_yaml(split.yaml, rel)
        self.problems.extend(problems)
        if source is None or problems:
            return None
        data = {} if source.data is None else source.data
        front = self.record(_ReportFrontMatter, source, data)
        if front is None:
            return None
        level = front.model.visibility or Visibility.INTERNAL
        return Report(markdown=split.body, visibility=level, title=front.model.title)

    def period(self, folder: Path) -> RawPeriod:
        raw = RawPeriod(folder.name, folder)
        if not PERIOD_ID.match(folder.name):
            self.problems.append(
                Problem(
                    self.rel(folder),
                    0,
                    0,
                    "tên thư mục kỳ báo cáo chỉ dùng chữ thường không dấu, số và gạch nối "
                    "(ví dụ 2021-h1)",
                )
            )
        raw.period = self.single(Period, folder / layout.PERIOD_YML, required=True)
        for path in self.yaml_files(folder / layout.RESULTS):
            results = self.single(ResultsFile, path, required=True)
            if results is not None:
                raw.results.append(results)
        for path in self.yaml_files(folder / layout.HIGHLIGHTS):
            highlights = self.single(HighlightsFile, path, required=True)
            if highlights is not None:
                raw.highlights.append(highlights)
        raw.report = self.report(folder / layout.REPORT_MD)
        raw.video = self.single(VideoSettings, folder / layout.VIDEO_YML, required=False)
        raw.review = self.single(ReviewFile, folder / layout.REVIEW_YML, required=False)
        return raw


class _ReportFrontMatter(StrictModel):
    visibility: Level = None
    title: str | None = None


def _without_bad_items(
    data: dict[str, Any], error: ValidationError
) -> tuple[dict[str, Any], dict[str, list[int]]] | None:
    """``data`` minus the list items that failed, with each kept item's original index;
    None if some failure is not inside a list item."""
    bad: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if len(loc) < 2 or not isinstance(loc[0], str) or not isinstance(loc[1], int):
            return None
        bad.setdefault(loc[0], set()).add(loc[1])
    salvaged = dict(data)
    original: dict[str, list[int]] = {}
    for name, indexes in bad.items():
        items = data.get(name)
        if not isinstance(items, list):
            return None
        original[name] = [i for i in range(len(items)) if i not in indexes]
        salvaged[name] = [items[i] for i in original[name]]
    return salvaged, original


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    # A name starting with a dot is hidden, never content: an atomic write's temporary file
    # (``.tuy-hoa.k3j2.tmp.yml``, renamed in a moment, or left by a killed process).
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in layout.YAML_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def read_content(
    root: Path, overlay: Mapping[str, bytes] | None = None
) -> tuple[RawContent, list[Problem]]:
    """Read and schema-validate every content file under ``root/content``; ``overlay``
    (project-relative path → bytes) is read in place of, or beside, the files on disk: the
    content as it would be once those are written."""
    reader = _Reader(root, overlay)
    content_dir = root / layout.CONTENT
    raw = RawContent(root)
    if not content_dir.is_dir():
        return raw, [Problem("content", 0, 0, "không có thư mục content/ trong dự án")]
    raw.site = reader.single(SiteInfo, root / layout.SITE, required=True)
    raw.units = reader.listing(Unit, root / layout.UNITS, raw.written_unit_ids)
    raw.indicators = reader.listing(Indicator, root / layout.INDICATORS, raw.written_indicator_ids)
    periods_dir = root / layout.PERIODS
    if periods_dir.is_dir():
        for folder in sorted(p for p in periods_dir.iterdir() if p.is_dir()):
            raw.periods.append(reader.period(folder))
    return raw, reader.problems


def _report_placeholders(split: Split, rel: str) -> list[Problem]:
    """A warning at the first of the report's lines still holding the scaffold's «CẦN BỔ SUNG»."""
    lines = [split.body_line + number for number in placeholder_lines(split.body)]
    if not lines:
        return []
    where = ", ".join(str(n) for n in lines)
    return [
        Problem(
            rel,
            lines[0],
            1,
            f"báo cáo còn {len(lines)} chỗ «{PLACEHOLDER_MARK}» (dòng {where}); hãy viết nội "
            "dung thật thay cho các dòng đó",
            severity=Severity.WARNING,
        )
    ]
