"""The written report as plain blocks: what the DOCX writer lays out, whatever the source.

``from_markdown`` turns the leadership's report.md into these blocks with markdown-it (the
CommonMark parser Material's toolchain already brings); raw HTML is kept as literal text, never
interpreted. Headings are numbered the Vietnamese way: I., II. — 1., 2. — a), b). Lists keep
what the writer wrote: a numbered list («1. 2. 3.») stays numbered from its own first number, a
list inside a list stays one level deeper, a «-» list keeps its dashes.
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
class ListItem:
    """Where a paragraph stands in a list: numbered or dashed, how deep, which list."""

    ordered: bool = False  # «1. 2. 3.»; otherwise the Vietnamese dash «-»
    depth: int = 0  # 0: a list in the text; 1: a list inside one of its items…
    list_id: int = 0  # each numbered list counts on its own (0 for dashed lists)
    start: int = 1  # the number its first item carries


BULLET = ListItem()


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    item: ListItem | None = None  # the first paragraph of a list item carries its marker

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def bullet(self) -> bool:
        return self.item is not None and not self.item.ordered


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bold_rows: frozenset[int] = field(default_factory=frozenset)  # e.g. the province row
    # The cells' styled text, row by row (the header first), where the source had emphasis.
    runs: tuple[tuple[tuple[Run, ...], ...], ...] = field(default=(), compare=False)


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
    lists = _Lists()
    index = 0
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
            lists.open(token)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.close()
        elif token.type == "list_item_open":
            lists.pending = True
        elif token.type == "inline":
            blocks.append(Paragraph(_runs(token), lists.take()))
        elif token.type in ("fence", "code_block"):
            blocks.extend(Paragraph((Run(line),)) for line in token.content.splitlines() if line)
        elif token.type == "table_open":
            table, index = _table(tokens, index)
            blocks.append(table)
            continue
        index += 1
    return blocks


class _Lists:
    """The lists open at a point of the token stream, innermost last."""

    def __init__(self) -> None:
        self.stack: list[ListItem] = []
        self.numbered = 0
        self.pending = False  # an item opened whose first paragraph has not come yet

    def open(self, token: Token) -> None:
        depth = len(self.stack)
        if token.type == "ordered_list_open":
            self.numbered += 1
            start = token.attrGet("start")
            first = int(start) if isinstance(start, (int, str)) and str(start).isdigit() else 1
            self.stack.append(ListItem(True, depth, self.numbered, first))
        else:
            self.stack.append(ListItem(False, depth))

    def close(self) -> None:
        self.stack.pop()
        self.pending = False

    def take(self) -> ListItem | None:
        """The marker for the next paragraph: an item's first paragraph carries it, a second
        paragraph of the same item reads on without one."""
        if not self.pending or not self.stack:
            return None
        self.pending = False
        return self.stack[-1]


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
    header: list[tuple[Run, ...]] = []
    rows: list[list[tuple[Run, ...]]] = []
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
            (header if in_head else rows[-1]).append(_runs(token))
        index += 1
    cells = (tuple(header), *(tuple(row) for row in rows))
    table = Table(
        tuple(_plain(runs) for runs in header),
        tuple(tuple(_plain(runs) for runs in row) for row in rows),
        runs=cells,
    )
    return table, index + 1


def _plain(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)
