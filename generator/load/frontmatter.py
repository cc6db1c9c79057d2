"""The front matter of ``report.md``: found in every form staff write it, or refused at its line.

Front matter is the YAML between a first line ``---`` and a closing ``---`` or ``...``; blank
lines may come before it and a ``# comment`` may follow either fence (the text has already had
its BOM removed and its line ends made ``\\n`` by ``read_text``). What cannot be read with
certainty is an error, never a silent default: an opening fence without a closing one, and a
``visibility`` line anywhere outside the front matter (which would otherwise be shown as text
while the report falls back to the default level).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Problem

_OPENING = re.compile(r"---[ \t]*(#.*)?")
_CLOSING = re.compile(r"(---|\.\.\.)[ \t]*(#.*)?")
# "visibility:" however it is dressed: indented, in a list or a quote, bold, in an HTML
# comment, another case, a full-width colon, an equals sign.
_STRAY_LEVEL = re.compile(r"[\s>*_`#<!-]*visibility[\s*_`]*[:：=]", re.IGNORECASE)

UNCLOSED = (
    "phần đầu (front matter) mở bằng dòng «---» nhưng không có dòng «---» đóng lại; hãy thêm "
    "dòng «---» ngay sau các trường (nếu «---» là đường kẻ ngang, hãy dùng «***»)"
)
STRAY_LEVEL = (
    "dòng «visibility» nằm ngoài phần đầu (front matter) nên không được đọc; ở đầu tệp hãy "
    "viết ba dòng «---», «visibility: …», «---» (không thụt lề, không có chữ nào phía trước)"
)


@dataclass(frozen=True)
class Split:
    """``report.md`` cut in two: its front matter (None when there is none) and its body.

    ``yaml`` is prefixed with blank lines so that YAML positions are the file's line numbers.
    """

    yaml: str | None
    body: str
    problems: tuple[Problem, ...] = ()
    body_line: int = 0
    """The index of the body's first line (0: no front matter)."""


def split_front_matter(text: str, rel: str) -> Split:
    """Find the front matter of a Markdown file; problems say what could not be read."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    yaml_text, body_start = None, 0
    if first is not None and _OPENING.fullmatch(lines[first]):
        closing = next(
            (j for j in range(first + 1, len(lines)) if _CLOSING.fullmatch(lines[j])), None
        )
        if closing is None:
            return Split(None, "", (Problem(rel, first + 1, 1, UNCLOSED),))
        yaml_text = "\n" * (first + 1) + "\n".join(lines[first + 1 : closing]) + "\n"
        body_start = closing + 1
    problems = tuple(
        Problem(rel, number, 1, STRAY_LEVEL)
        for number, line in enumerate(lines[body_start:], start=body_start + 1)
        if _STRAY_LEVEL.match(line)
    )
    return Split(yaml_text, "\n".join(lines[body_start:]), problems, body_start)
