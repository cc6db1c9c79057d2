from __future__ import annotations

import codecs
import itertools
import unicodedata
from pathlib import Path

import pytest

from generator.load.yamlsource import NOT_UTF8, NUL_BYTES, UTF16, parse_yaml, read_yaml
from generator.model.limits import (
    MAX_YAML_BYTES,
    MAX_YAML_NESTING,
    YAML_TOO_DEEP,
    YAML_TOO_MANY_ALIASES,
    YAML_TOO_MANY_VALUES,
)


def test_positions_of_keys_and_values() -> None:
    source, problems = parse_yaml("unit: a\nresults:\n  - indicator: x\n    value: 3\n", "f.yml")
    assert not problems and source is not None
    assert source.position(("results", 0, "value")) == (4, 12)
    assert source.position(("results", 0, "value"), key=True) == (4, 5)
    # a missing key points at its nearest existing parent
    assert source.position(("results", 0, "note")) == (3, 5)


def test_duplicate_keys_are_errors_not_silently_dropped() -> None:
    _source, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yml")
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "«a» bị lặp lại (đã có ở dòng 1)" in problems[0].message


def test_text_is_nfc_from_the_moment_it_is_read() -> None:
    nfd = unicodedata.normalize("NFD", "Tuy Hòa")
    source, _ = parse_yaml(f"name: {nfd}\n", "f.yml")
    assert source is not None
    assert source.data["name"] == "Tuy Hòa"
    assert unicodedata.is_normalized("NFC", source.data["name"])


def test_syntax_error_in_vietnamese_with_line() -> None:
    _source, problems = parse_yaml("a: 1\n\tb: 2\n", "f.yml")
    assert problems[0].line == 2
    assert "Tab" in problems[0].message


def test_impossible_date_is_left_for_validation() -> None:
    source, problems = parse_yaml("end: 2021-02-30\n", "f.yml")
    assert not problems and source is not None
    assert source.data == {"end": "2021-02-30"}


# --- what Word and Notepad save: read exactly, or refused with a message ---------------------

YAML_TEXT = "unit: tuy-hoa\nresults:\n  - indicator: giai-quyet-tin-bao\n    note: Ghi chú\n"


@pytest.mark.parametrize(
    "data",
    [
        YAML_TEXT.replace("\n", "\r\n").encode(),
        YAML_TEXT.replace("\n", "\r").encode(),
        codecs.BOM_UTF8 + YAML_TEXT.replace("\n", "\r\n").encode(),
        codecs.BOM_UTF8 + YAML_TEXT.encode(),
    ],
    ids=["crlf", "cr", "bom-crlf", "bom"],
)
def test_line_ends_and_encodings_read_as_written(tmp_path: Path, data: bytes) -> None:
    file = tmp_path / "f.yml"
    file.write_bytes(data)
    source, problems = read_yaml(file, "f.yml")
    assert not problems and source is not None
    assert source.data == {
        "unit": "tuy-hoa",
        "results": [{"indicator": "giai-quyet-tin-bao", "note": "Ghi chú"}],
    }
    assert source.position(("results", 0, "note")) == (4, 11)


@pytest.mark.parametrize(
    "data",
    [
        YAML_TEXT.replace("\n", "\r\n").encode("utf-16"),  # Notepad «Unicode»: LE with a BOM
        codecs.BOM_UTF16_BE + YAML_TEXT.encode("utf-16-be"),
        YAML_TEXT.encode("utf-32"),
    ],
    ids=["utf16le", "utf16be", "utf32"],
)
def test_notepad_unicode_is_refused_with_how_to_save_it(tmp_path: Path, data: bytes) -> None:
    file = tmp_path / "f.yml"
    file.write_bytes(data)
    source, problems = read_yaml(file, "f.yml")
    assert source is None
    assert [(p.line, p.message) for p in problems] == [(1, UTF16)]


def test_utf16_without_a_bom_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "f.yml"
    file.write_bytes(YAML_TEXT.encode("utf-16-le"))
    source, problems = read_yaml(file, "f.yml")
    assert source is None
    assert [(p.line, p.message) for p in problems] == [(1, NUL_BYTES)]


def test_bytes_that_are_not_utf8_are_refused_at_their_line(tmp_path: Path) -> None:
    file = tmp_path / "f.yml"
    file.write_bytes(unicodedata.normalize("NFD", "unit: a\nnote: Tuy Hòa\n").encode("cp1258"))
    _source, problems = read_yaml(file, "f.yml")
    assert [(p.line, p.message) for p in problems] == [(2, NOT_UTF8)]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    file = tmp_path / "f.yml"
    file.write_bytes(b"# " + b"x" * MAX_YAML_BYTES + b"\n")
    source, problems = read_yaml(file, "f.yml")
    assert source is None
    assert problems[0].message.startswith("tệp quá lớn (2,1 MiB; tối đa 2 MiB)")


def _laughs(levels: int) -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for previous, name in itertools.pairwise("abcdefghijklmnop"[: levels + 1]):
        text += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    return text


def test_alias_bomb_is_refused_not_expanded() -> None:
    source, problems = parse_yaml(_laughs(9), "f.yml")  # 9^10 values once expanded
    assert source is None
    assert [(p.line, p.message) for p in problems] == [(2, YAML_TOO_MANY_ALIASES)]


def test_wide_alias_fan_out_is_refused_by_the_value_limit() -> None:
    # Few aliases, each to a large list: under the alias limit, over the value limit.
    text = "a: &a [" + ", ".join(["1"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 300) + "]\n"
    source, problems = parse_yaml(text, "f.yml")
    assert source is None
    assert [p.message for p in problems] == [YAML_TOO_MANY_VALUES]


def test_a_few_aliases_are_read() -> None:
    source, problems = parse_yaml("x: &x {a: 1}\ny: *x\n", "f.yml")
    assert not problems and source is not None
    assert source.data == {"x": {"a": 1}, "y": {"a": 1}}


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * (MAX_YAML_NESTING + 2) + "]" * (MAX_YAML_NESTING + 2) + "\n",
        "a: &a [*a]\n",  # a list that holds itself
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    ],
    ids=["flow", "recursive-alias", "beyond-the-parser"],
)
def test_nesting_beyond_the_limit_is_refused(text: str) -> None:
    source, problems = parse_yaml(text, "f.yml")
    assert source is None
    assert len(problems) == 1 and YAML_TOO_DEEP in problems[0].message
