"""Text as people type it, made comparable and fit for names: accent folding and slugs.

Staff and readers type "Tuy Hoa", "TUY HÒA" or "tuy hoà", in NFC or a Mac's NFD. ``fold`` gives
the one form they share ("tuy hoa"); ``slug`` the ASCII, hyphenated form of it ("tuy-hoa") that
file names under the site, heading anchors and the keys typed names are matched on are made of.
"đ" is a letter of its own, not "d" with a mark (Unicode gives it no decomposition), so it is
mapped explicitly.

This module imports nothing of the generator, so anything may use it: MkDocs' ``toc.slugify``
points at ``slug`` without the site engine being imported.
"""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str, *, casefold: bool = False) -> str:
    """Lower case without diacritics: ``"Kiểm sát ĐIỀU TRA"`` → ``"kiem sat dieu tra"``, the
    same from NFC or NFD input.

    ``casefold=True`` lowers with Unicode case folding (``str.casefold``: "ß" → "ss", "ﬁ" →
    "fi"), for matching what staff type; the default ``str.lower`` is what the search index
    and the site's names hold. The two differ only outside Vietnamese.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return bare.casefold() if casefold else bare.lower()


def slug(
    text: str, separator: str = "-", *, casefold: bool = False, drop_foreign: bool = False
) -> str:
    """The ASCII letters and digits of ``fold(text)``, each other run one ``separator``, none
    at either end: ``"Sơ kết 6 tháng đầu năm"`` → ``"so-ket-6-thang-dau-nam"``; may be empty.

    A character that folding leaves outside ASCII ("ø", a non-breaking space, a Russian name)
    separates like punctuation ("Bjørn" → ``"bj-rn"``); ``drop_foreign=True`` drops it and
    joins its neighbours (``"bjrn"``), as staff names and ingested files are keyed.
    ``casefold`` is ``fold``'s. The signature is Python-Markdown's ``toc.slugify(value,
    separator)``, so ``slug`` serves as the heading anchors' slugify.
    """
    folded = fold(text, casefold=casefold)
    if drop_foreign:
        folded = folded.encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub(separator, folded).strip(separator)


# Invisible characters Word and Notepad leave in text: a zero-width space, a byte-order mark,
# a word joiner. They separate words like a space does.
_INVISIBLE = str.maketrans({"\u200b": " ", "\ufeff": " ", "\u2060": " "})


def same_words(a: str, b: str) -> bool:
    """Whether two texts are the same words: compared in NFC with every run of spacing (line
    breaks, tabs, no-break and zero-width spaces) made one space, so an edit in Word or
    Notepad that only changed the spacing is not a change of words."""
    return _comparable(a) == _comparable(b)


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())
