"""One error base for everything the CLI reports to staff (MkDocs' Abort/BuildError pattern).

`sys.exit` happens only in `cli.py`: stages raise these, the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in the user's input, printed as ``path:line:col: message``.

    ``path`` is relative to the project folder (POSIX separators); ``line`` and ``column`` are
    1-based, 0 when unknown. ``message`` is Vietnamese: staff read it.
    """

    path: str
    line: int = 0
    column: int = 0
    message: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        label = "cảnh báo: " if self.severity is Severity.WARNING else ""
        return f"{where}: {label}{self.message}"


class BaocaoError(Exception):
    """Base of every error the CLI turns into an exit code and a message for staff."""

    exit_code = 1


class InputError(BaocaoError):
    """The user's input is wrong (content, media, arguments): exit 1.

    Carries every problem found, so they are all reported at once.
    """

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class EnvironmentProblem(BaocaoError):
    """Something outside the user's content is missing or broken (a tool, disk space): exit 2."""

    exit_code = 2


def relative_to_project(path: Path, project_root: Path) -> str:
    """Return ``path`` relative to the project as a POSIX string (for messages)."""
    try:
        return path.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
