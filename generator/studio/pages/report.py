"""The leadership's report (report.md) of a period: its text and its level in the browser.

A level the file writes but the loader cannot read is never replaced by a guess: the page then
offers to keep it as written (``KEEP``), and saving another needs it chosen.
"""

from __future__ import annotations

from typing import Any

from generator.load import layout
from generator.load.reader import RawPeriod
from generator.model import Visibility
from generator.model.records import placeholder_lines
from generator.studio import store
from generator.studio.app import Studio
from generator.workflow.report_file import body_of, written_level

KEEP = "giu"
"""The level choice «as the file writes it» (offered when that cannot be read)."""


def report_context(
    studio: Studio,
    period: RawPeriod,
    typed: dict[str, str] | None = None,
    problems: list[str] | None = None,
    notice: str = "",
    digest: str | None = None,
) -> dict[str, Any]:
    """The page; ``typed`` (``body``, ``level``): what a refused save sent, with its
    ``problems`` and ``notice``; ``digest``: the version the typed text was written against
    (after a refused stale save, so that sending the form again is refused again, not written
    over the other edit)."""
    rel = layout.report_file(period.id)
    current = store.read(studio.root, rel)
    written = written_level(current.text)
    if problems is None:  # what `check` says of the file now
        problems = [str(p) for p in studio.state.snapshot().by_path.get(rel, [])]
    body = typed["body"] if typed else body_of(current.text)
    return {
        "period": period,
        "rel": rel,
        "digest": current.digest if digest is None else digest,
        "undo_at": studio.undo_offer(rel, current.digest),
        "levels": [v.value for v in Visibility],
        "level": typed["level"] if typed else (written or Visibility.INTERNAL.value),
        "unreadable_level": written is not None and written not in {v.value for v in Visibility},
        "written_level": written,
        "body": body,
        "placeholders": len(placeholder_lines(body)),
        "problems": problems,
        "notice": notice,
    }
