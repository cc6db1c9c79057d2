"""The leadership's report of a period (``report.md``) edited in place: its body replaced, its
level set, every other line of its front matter kept.

The front matter is found as the loader finds it (``generator.load.frontmatter``) and kept line
for line — only its ``visibility`` changes, when another level is given, through ``roundtrip``
(comments and the other keys stay) — and so are a byte order mark and CRLF line ends. A front
matter whose end cannot be found for certain is never rewritten (EditRefused).
"""

from __future__ import annotations

import unicodedata

from generator.load.frontmatter import split_front_matter
from generator.load.yamlsource import parse_yaml
from generator.model import Visibility
from generator.yamledit.roundtrip import CommentedMap, EditRefused, edit_text


def written_level(text: str | None) -> str | None:
    """The front matter's ``visibility`` as written (None: not written, or no file)."""
    if text is None:
        return None
    split = split_front_matter(text.removeprefix("\ufeff").replace("\r\n", "\n"), "report.md")
    if split.yaml is None or split.problems:
        return None
    source, problems = parse_yaml(split.yaml, "report.md")
    data = source.data if source is not None and not problems else None
    if not isinstance(data, dict) or data.get("visibility") is None:
        return None
    return str(data["visibility"])


def body_of(text: str | None) -> str:
    """The report's text without its front matter ("" for no file)."""
    if text is None:
        return ""
    split = split_front_matter(text.removeprefix("\ufeff").replace("\r\n", "\n"), "report.md")
    return split.body.strip("\n")


def with_body(text: str | None, body: str, level: str | None) -> str:
    """report.md's text with ``body`` as its body and, when ``level`` is given and differs
    from the level in force, that level in its front matter; every other line of the front
    matter is kept, so are a byte order mark and CRLF line ends."""
    text = text or ""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    raw = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in raw else "\n"
    plain = raw.replace("\r\n", "\n")
    split = split_front_matter(plain, "report.md")
    if split.problems:  # an unclosed fence: where the body starts is not known for certain
        raise EditRefused(split.problems[0].message, split.problems[0].line)
    lines = plain.split("\n")
    head = "".join(line + "\n" for line in lines[: split.body_line])
    current = written_level(plain) or Visibility.INTERNAL.value
    if level is not None and level != current:
        head = _with_level(head, split.yaml is not None, level)
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n")).strip("\n") + "\n"
    return bom + (head + body).replace("\n", newline)


def _with_level(head: str, fenced: bool, level: str) -> str:
    if not fenced:
        return f"---\nvisibility: {level}\n---\n" + head
    lines = head.split("\n")
    opening = next(i for i, line in enumerate(lines) if line.strip())
    closing = len(lines) - 2  # head ends with the closing fence's line and its "\n"
    front = "".join(line + "\n" for line in lines[opening + 1 : closing])
    if not any(line.strip() and not line.lstrip().startswith("#") for line in front.split("\n")):
        edited = front + f"visibility: {level}\n"  # no field yet (or only comments)
    else:

        def change(document: CommentedMap) -> None:
            document["visibility"] = level

        edited = edit_text(front, change, exact_layout=True)
    return "".join(line + "\n" for line in lines[: opening + 1]) + edited + lines[closing] + "\n"
