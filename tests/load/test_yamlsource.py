from __future__ import annotations

import unicodedata

from generator.load.yamlsource import parse_yaml


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
