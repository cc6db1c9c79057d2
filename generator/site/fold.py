"""Accent folding for search: "Tuy Hòa" and "tuy hoa" must find each other.

Vietnamese readers often type without diacritics. The search index gets, beside each section's
own title and text, its title folded whole and the folded spelling of every word whose folded
form differs (see ``finish.py``), so an unaccented query matches, and ranks, as the
accented one does on the original words. ``fold`` itself is ``generator.text``'s.
"""

from __future__ import annotations

import re

from generator.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def plain_text(text: str) -> str:
    """``text`` without HTML tags and entities (the search index stores text as HTML)."""
    return " ".join(_ENTITY.sub(" ", _TAG.sub(" ", text)).split())


def folded_words(text: str) -> str:
    """The folded form of each word of ``text`` that folding changes, in order, every time it
    occurs: a word used often weighs in the folded field what it weighs in the text.

    HTML tags and entities are ignored.
    """
    folded = []
    for word in _WORD.findall(plain_text(text)):
        lowered = word.lower()
        if fold(lowered) != lowered:
            folded.append(fold(lowered))
    return " ".join(folded)
