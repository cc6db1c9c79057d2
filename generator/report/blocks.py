"""The written report as plain blocks: what the DOCX writer lays out, whatever the source.

``from_markdown`` turns the leadership's report.md into these blocks with markdown-it (the
CommonMark parser Material's toolchain already brings); raw HTML is kept as literal text, never
interpreted. Headings are numbered the Vietnamese way: I., II. — 1., 2. — a), b).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Run:
    """A piece of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    level: int  # 1: I., 2: 1., 3: a)
    number: str
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    bullet: bool = False  # a list item, written with the Vietnamese dash «-»

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bold_rows: frozenset[int] = field(default_factory=frozenset)  # e.g. the province row


Block = Heading | Paragraph | Table

# Sub-points follow the Vietnamese alphabet without its marked vowels: a, b, c, d, đ, e, g…
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
# A number the writer typed himself ("I. ", "2. ", "a) "): the report numbers headings itself.
_TYPED_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+|[a-zđ])[.)]\s+")


def roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


class HeadingNumbers:
    """Numbers headings I., 1., a) in order, each level restarting under its parent."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]

    def next(self, level: int) -> str:
        level = min(max(level, 1), 3)
        self.counts[level - 1] += 1
        for deeper in range(level, 3):
            self.counts[deeper] = 0
        count = self.counts[level - 1]
        if level == 1:
            return f"{roman(count)}."
        if level == 2:
            return f"{count}."
        return f"{_LETTERS[(count - 1) % len(_LETTERS)]})"

    def heading(self, level: int, runs: tuple[Run, ...]) -> Heading:
        return Heading(level, self.next(level), runs)


def from_markdown(markdown: str, numbers: HeadingNumbers) -> list[Block]:
    """report.md as blocks. ``#`` is the document's own title (the report has its own title
    line), so ``##`` is a section (I.), ``###`` a sub-section (1.), ``####`` and below a)."""
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(markdown)
    blocks: list[Block] = []
    index = 0
    list_depth = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            runs = _runs(tokens[index + 1])
            if level > 1:
                blocks.append(numbers.heading(level - 1, _without_typed_number(runs)))
            index += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline":
            blocks.append(Paragraph(_runs(token), bullet=list_depth > 0))
        elif token.type in ("fence", "code_block"):
            blocks.extend(Paragraph((Run(line),)) for line in token.content.splitlines() if line)
        elif token.type == "table_open":
            table, index = _table(tokens, index)
            blocks.append(table)
            continue
        index += 1
    return blocks


def _runs(inline: Token) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = False
    for child in inline.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak",):
            runs.append(Run(" ", bold, italic))
        elif child.type == "hardbreak":
            runs.append(Run("\n", bold, italic))
        elif child.type == "image" or child.content:
            runs.append(Run(child.content, bold, italic))
    return _merged(runs)


def _merged(runs: list[Run]) -> tuple[Run, ...]:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def _without_typed_number(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    if not runs:
        return runs
    first = runs[0]
    return (Run(_TYPED_NUMBER.sub("", first.text, count=1), first.bold, first.italic), *runs[1:])


def _table(tokens: list[Token], index: int) -> tuple[Table, int]:
    header: list[str] = []
    rows: list[list[str]] = []
    in_head = False
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            rows.append([])
        elif token.type == "inline":
            text = "".join(run.text for run in _runs(token))
            (header if in_head else rows[-1]).append(text)
        index += 1
    return Table(tuple(header), tuple(tuple(row) for row in rows)), index + 1
