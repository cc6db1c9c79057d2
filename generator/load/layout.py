"""Where each content file lives: the one module that names paths under ``content/``.

Paths are POSIX and relative to the project folder, as problems print them. The reader takes
``.yml`` and ``.yaml`` alike and a unit's file by the ``unit:`` it holds, whatever its name; so
a writer finds an existing unit file through what the reader found (``unit_file``), and only a
file not there yet gets the name these formulas give.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

CONTENT = "content"
SITE = f"{CONTENT}/site.yml"
UNITS = f"{CONTENT}/units.yml"
INDICATORS = f"{CONTENT}/indicators.yml"
PERIODS = f"{CONTENT}/periods"

PERIOD_YML = "period.yml"
REPORT_MD = "report.md"
VIDEO_YML = "video.yml"
REVIEW_YML = "review.yml"
RESULTS = "results"
HIGHLIGHTS = "highlights"
YAML_SUFFIXES = (".yml", ".yaml")
TAKES = "loi-dan"
"""Under ``media/<period>/``: the narrator's takes, recorded or imported in the studio."""


def period_dir(period_id: str) -> str:
    return f"{PERIODS}/{period_id}"


def period_file(period_id: str) -> str:
    return f"{period_dir(period_id)}/{PERIOD_YML}"


def report_file(period_id: str) -> str:
    return f"{period_dir(period_id)}/{REPORT_MD}"


def video_file(period_id: str) -> str:
    return f"{period_dir(period_id)}/{VIDEO_YML}"


def review_file(period_id: str) -> str:
    """The period's review states and sign-off, written by the studio."""
    return f"{period_dir(period_id)}/{REVIEW_YML}"


def results_dir(period_id: str) -> str:
    return f"{period_dir(period_id)}/{RESULTS}"


def highlights_dir(period_id: str) -> str:
    return f"{period_dir(period_id)}/{HIGHLIGHTS}"


def results_file(period_id: str, unit_id: str) -> str:
    """A new results file's name (an existing one: ``unit_file``)."""
    return f"{results_dir(period_id)}/{unit_id}.yml"


def highlights_file(period_id: str, unit_id: str) -> str:
    """A new highlights file's name (an existing one: ``unit_file``)."""
    return f"{highlights_dir(period_id)}/{unit_id}.yml"


def unit_file(found: Iterable[tuple[str, str]], unit_id: str, new: str) -> str:
    """The file the reader found holding ``unit_id``'s records — ``found`` is (path, unit) of
    each file it read in that folder — else ``new`` (``results_file`` / ``highlights_file``)."""
    return next((path for path, unit in found if unit == unit_id), new)


def is_take(media_rel: str) -> bool:
    """Whether a path under media/ (``<period>/loi-dan/…``) is in a period's takes folder."""
    parts = PurePosixPath(media_rel).parts
    return len(parts) >= 3 and parts[1] == TAKES
