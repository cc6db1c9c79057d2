"""report.md's front matter: found in every form staff save it in, or refused at its line."""

from __future__ import annotations

import pytest

from generator.load.frontmatter import STRAY_LEVEL, UNCLOSED, Split, split_front_matter
from generator.load.yamlsource import parse_yaml


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("---\nvisibility: restricted\n---\n# B\n", 2),
        ("\n\n  \n---\nvisibility: restricted\n---\n# B\n", 5),
        ("--- # phần đầu\nvisibility: restricted\n---\t# hết\n# B\n", 2),
        ("---   \nvisibility: restricted\n...\n# B\n", 2),
        ("---\nvisibility: restricted\n... # hết\n# B\n", 2),
    ],
    ids=["plain", "blank-lines-before", "fence-comments", "dots", "dots-comment"],
)
def test_front_matter_is_found_with_its_line_numbers(text: str, first_line: int) -> None:
    split = split_front_matter(text, "report.md")
    assert not split.problems
    assert split.body == "# B\n"
    assert split.yaml is not None
    source, problems = parse_yaml(split.yaml, "report.md")
    assert not problems and source is not None
    assert source.data == {"visibility": "restricted"}
    assert source.position(("visibility",)) == (first_line, 13)


def test_no_front_matter_keeps_the_whole_text() -> None:
    text = "# Báo cáo\n\n---\n\nPhần hai.\n"  # a thematic break further down is not a fence
    assert split_front_matter(text, "report.md") == Split(None, text)


def test_an_unclosed_fence_is_an_error_at_the_fence() -> None:
    split = split_front_matter("\n---\nvisibility: restricted\n# Báo cáo\n", "report.md")
    assert [(p.line, p.message) for p in split.problems] == [(2, UNCLOSED)]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("visibility: restricted\n\n# Báo cáo\n", 1),
        ("# Báo cáo\nVisibility : restricted\n", 2),
        ("  visibility: restricted\n", 1),
        ("- visibility: restricted\n", 1),
        ("**visibility**: restricted\n", 1),
        ("visibility：restricted\n", 1),  # full-width colon
        ("# B\n<!-- visibility: restricted -->\n", 2),
        ("----\nvisibility: restricted\n----\n", 2),  # not the fence: four dashes
        (" ---\nvisibility: restricted\n ---\n", 2),  # not the fence: indented
        ("---\ntitle: A\n---\nvisibility: restricted\n", 4),  # after the front matter
    ],
)
def test_a_level_outside_the_front_matter_is_an_error_at_its_line(text: str, line: int) -> None:
    split = split_front_matter(text, "report.md")
    assert [(p.line, p.message) for p in split.problems] == [(line, STRAY_LEVEL)]
