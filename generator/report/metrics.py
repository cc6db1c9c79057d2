"""How wide a line of Times New Roman is, for the rules Nghị định 30/2020 sizes by their text.

The rule under the motto is as long as the motto; the rules under the issuing body and the
summary line are 1/3 to 1/2 of their line. The widths are the Times-Roman and Times-Bold metrics
(Adobe's core-font tables, which Times New Roman and its metric twin Liberation Serif share), so
the DOCX is the same on every machine whatever fonts it has. Vietnamese letters take the width
of their base letter (``ế`` is ``e``), except the few whose base glyph differs (``đ ư ơ``).
"""

from __future__ import annotations

import unicodedata

# Advance widths in 1/1000 em of the printable ASCII characters, U+0020 to U+007E.
_REGULAR = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 "
    "611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 "
    "500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
    "500 500 444 480 200 480 541"
)
_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 "
    "667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 333 500 "
    "556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 "
    "500 500 444 394 220 394 520"
)
_EXTRA_REGULAR = {"đ": 500, "Đ": 722, "ư": 542, "Ư": 776, "ơ": 529, "Ơ": 722, "–": 500, "…": 1000}
_EXTRA_BOLD = {"đ": 556, "Đ": 722, "ư": 600, "Ư": 796, "ơ": 554, "Ơ": 778, "–": 500, "…": 1000}
_FALLBACK = 500


def _table(widths: str, extra: dict[str, int]) -> dict[str, int]:
    table = {chr(32 + index): int(width) for index, width in enumerate(widths.split())}
    return {**table, **extra}


_WIDTHS = {False: _table(_REGULAR, _EXTRA_REGULAR), True: _table(_BOLD, _EXTRA_BOLD)}


def _char_width(char: str, bold: bool) -> int:
    table = _WIDTHS[bold]
    if char in table:
        return table[char]
    # a letter with marks takes its base letter's width: «ế» → «e», «ự» → «ư» (the horn kept)
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[:1] + ("\u031b" if "\u031b" in decomposed else "")
    return table.get(unicodedata.normalize("NFC", base), _FALLBACK)


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` on one line, in points, at ``size`` points."""
    composed = unicodedata.normalize("NFC", text)
    return sum(_char_width(char, bold) for char in composed) * size / 1000


def wrapped_lines(text: str, size: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_pt``, as a word processor
    breaks it (a word longer than the line stays whole on its own line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width_pt(candidate, size, bold=bold) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def longest_line_pt(text: str, size: float, width_pt: float, *, bold: bool = False) -> float:
    """The width of the longest line ``text`` takes in a column ``width_pt`` wide."""
    return max(
        text_width_pt(line, size, bold=bold)
        for line in wrapped_lines(text, size, width_pt, bold=bold)
    )
