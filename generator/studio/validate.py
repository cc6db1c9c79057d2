"""Every save is checked by the loader itself before anything is written.

The content is read as it would be with the new text in place (the loader's overlay: nothing
is written for it) and checked as ``baocao check`` checks it, so a save meets exactly the rules
of ``check``. Problems in the edited file are then placed at the form field they concern; the
reading itself can stand as the studio's view of the content once the save is written.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, Severity
from generator.load.yamlsource import Loc, SourceFile, parse_yaml
from generator.studio.state import (
    Snapshot,
    Stamp,
    current_snapshot,
    project_stamp,
    read_snapshot,
)


@dataclass(frozen=True)
class Verdict:
    """What the loader says of the project with the edited file in place."""

    problems: tuple[Problem, ...]  # in the edited file, then the errors it adds elsewhere
    fields: dict[Loc, list[str]] = field(default_factory=dict)  # loc in the file -> messages
    general: tuple[str, ...] = ()  # errors that no field holds (also those of other files)
    notes: tuple[str, ...] = ()  # its warnings that no field holds
    indices: dict[str, int] = field(default_factory=dict)  # record id -> index in its list
    content: Snapshot | None = None  # the whole content as read with the edit in place
    seen: Stamp = ()  # what the project looked like on disk when it was read
    placed: dict[Loc, list[Problem]] = field(default_factory=dict)  # ``fields``, as problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_change(root: Path, rel: str, text: str, before: Snapshot | None = None) -> Verdict:
    """Read and check the project as it would be with ``text`` written to ``rel``; nothing is
    written. Refused (not ``ok``) for an error in the edited file, or for any error the change
    adds anywhere else in the project (``before``: the project as it stands, by default the
    studio's current view of it): a save never makes ``check`` fail."""
    seen = project_stamp(root)
    before = before if before is not None else current_snapshot(root)
    overlay = _Overlay(rel, text.encode("utf-8"))
    content = read_snapshot(root, overlay)
    errors = [p for p in content.problems if p.severity is Severity.ERROR]
    if not overlay.read:  # nothing `check` reads: it could not say whether the file is right
        errors.append(Problem(rel, 0, 0, UNREAD))
    warnings = sorted(p for p in content.problems if p.severity is Severity.WARNING)
    mine = tuple(p for p in [*errors, *warnings] if p.path == rel)
    verdict = place_problems(rel, text, mine)
    elsewhere = _added(before.problems, [p for p in errors if p.path != rel])
    if elsewhere:
        verdict = dataclasses.replace(
            verdict,
            problems=(*verdict.problems, *elsewhere),
            general=(*verdict.general, *(str(p) for p in elsewhere)),
        )
    return dataclasses.replace(verdict, content=content, seen=seen)


UNREAD = (
    "tệp này nằm ngoài nội dung mà «baocao check» đọc (không có kỳ báo cáo hoặc thư mục này); "
    "Studio không ghi nó"
)


class _Overlay(Mapping[str, bytes]):
    """The edited file as the loader reads it instead of the disk's, noting whether the
    loader read it at all (a file in a folder it does not read is never checked)."""

    def __init__(self, rel: str, data: bytes) -> None:
        self.rel, self.data, self.read = rel, data, False

    def __contains__(self, key: object) -> bool:
        return key == self.rel

    def __getitem__(self, key: str) -> bytes:
        if key != self.rel:
            raise KeyError(key)
        self.read = True
        return self.data

    def __iter__(self) -> Iterator[str]:
        return iter((self.rel,))

    def __len__(self) -> int:
        return 1


def _added(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """The errors of ``after`` that ``before`` did not have (as many times as they are new)."""
    had = Counter(p for p in before if p.severity is Severity.ERROR)
    added = []
    for problem in sorted(after):
        if had[problem]:
            had[problem] -= 1
        else:
            added.append(problem)
    return added


def parsed(rel: str, text: str) -> SourceFile | None:
    """The file as the loader parses it (plain data with positions); None on a syntax error."""
    source, _ = parse_yaml(text.removeprefix("\ufeff"), rel)
    return source


def place_problems(
    rel: str,
    text: str,
    problems: tuple[Problem, ...] | list[Problem],
    source: SourceFile | None = None,
) -> Verdict:
    """``problems`` of the file ``rel`` (holding ``text``), placed at the keys they concern."""
    if not problems:
        return Verdict(())  # nothing to place: the file need not be parsed again
    source = source or parsed(rel, text)
    where: dict[tuple[int, int], Loc] = {}
    if source is not None:
        # A value's position first (an item's problems stand where its mapping starts, which
        # is also its first key's position; the whole file's, where the file's mapping starts:
        # no field); a key's only where no value starts (unknown keys).
        for table in (source.values, source.keys):
            found: dict[tuple[int, int], Loc] = {}
            for loc, position in table.items():
                if position not in where and (
                    position not in found or len(loc) > len(found[position])
                ):
                    found[position] = loc
            where.update(found)
    fields: dict[Loc, list[str]] = {}
    placed: dict[Loc, list[Problem]] = {}
    general: list[str] = []
    notes: list[str] = []
    for problem in problems:
        at = where.get((problem.line, problem.column or 1))
        if at is None or not at:
            (general if problem.severity is Severity.ERROR else notes).append(str(problem))
            continue
        fields.setdefault(at, []).append(_message(problem))
        placed.setdefault(at, []).append(problem)
    return Verdict(tuple(problems), fields, tuple(general), tuple(notes), placed=placed)


def _message(problem: Problem) -> str:
    label = "cảnh báo: " if problem.severity is Severity.WARNING else ""
    return f"{label}{problem.message} ({problem.path}:{problem.line}:{problem.column or 1})"
