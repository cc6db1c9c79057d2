"""The staff guide (generator/site/guide): plain Markdown, working links, valid examples."""

from __future__ import annotations

import argparse
import re
import shlex
import textwrap

import markdown
import pytest
import yaml

from generator.cli import build_parser
from generator.model import MediaItem
from generator.workflow.reference import GUIDE_DIR, REFERENCE_PAGE

PAGES = sorted(GUIDE_DIR.glob("*.md"))
COMMANDS = {
    "check",
    "build",
    "serve",
    "video",
    "publish",
    "archive",
    "verify",
    "new-period",
    "ingest",
    "import-results",
    "export-results",
    "report",
    "studio",
    "users",
    "audit",
}
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(text: str, language: str) -> list[str]:
    return [textwrap.dedent(m.group(2)) for m in _FENCE.finditer(text) if m.group(1) == language]


def test_the_guide_covers_each_step() -> None:
    names = {p.name for p in PAGES}
    assert {
        "index.md",
        "hinh-anh.md",
        "loi-dan.md",
        "nhap-ket-qua.md",
        "kiem-tra.md",
        "xem-truoc.md",
        "video.md",
        "xuat-ban.md",
        "luu-tru.md",
        "ky-bao-cao.md",
    } <= names
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    for command in (
        "baocao serve",
        "baocao check",
        "baocao video 2021-h1 --plan",
        "baocao publish --to",
        "baocao archive 2021-h1 --out",
        "baocao verify",
        "baocao import-results",
        "baocao ingest",
        "baocao new-period",
    ):
        assert command in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_is_plain_markdown_with_working_links(page) -> None:
    text = page.read_text(encoding="utf-8")
    prose = _FENCE.sub("", text)
    prose = re.sub(r"`[^`]*`", "", prose)
    assert not re.search(r"<[a-zA-Z/!]", prose), "raw HTML"
    for target in re.findall(r"\]\(([^)#]+)\)", prose):
        assert (GUIDE_DIR / target).is_file() or target == REFERENCE_PAGE, target
    markdown.markdown(text, extensions=["tables", "fenced_code"])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_commands_and_yaml_examples_are_real(page) -> None:
    text = page.read_text(encoding="utf-8")
    for block in _blocks(text, ""):
        for command in re.findall(r"^baocao ([a-z-]+)", block, re.MULTILINE):
            assert command in COMMANDS, command
    for block in _blocks(text, "yaml"):
        data = yaml.safe_load(block)
        items = data.get("media", []) if isinstance(data, dict) else data
        for item in items if isinstance(items, list) else []:
            MediaItem.model_validate(item)  # the examples are valid highlight entries


def _options(command: str) -> set[str]:
    """The options ``baocao COMMAND`` accepts, as its --help lists them."""
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices[command]._option_string_actions)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_command_line_in_the_guide_parses(page) -> None:
    """Whole command lines in examples parse; inline mentions use real commands and options."""
    text = page.read_text(encoding="utf-8")
    parser = build_parser()
    for block in _blocks(text, ""):
        for line in re.findall(r"^baocao .*$", block, re.MULTILINE):
            parser.parse_args(shlex.split(line)[1:])  # SystemExit on an unknown option
    for span in re.findall(r"`(baocao [^`]*)`", _FENCE.sub("", text)):
        command, *rest = span.split()[1:]
        assert command in COMMANDS, span
        for option in (w for w in rest if w.startswith("--")):
            assert option in _options(command), span
