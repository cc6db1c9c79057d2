"""Round-trip edits of staff YAML: only what the edit changes differs, byte for byte."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.loader import load_project
from generator.workflow.new_period import new_period
from generator.yamledit.roundtrip import (
    CommentedMap,
    EditRefused,
    delete_key,
    edit_text,
    edit_yaml,
    insert_item,
    set_key,
    set_keys,
)

STAFF = """\
# Kết quả – Tuy Hòa
unit: tuy-hoa
results:
  - indicator: giai-quyet-tin-bao
    numerator: 152   # số đã giải quyết
    denominator: 0160

    note: 'Còn 8 tin báo đang xác minh.'
  # chỉ tiêu này do phòng 2 báo cáo
  - indicator: tam-giam-qua-han
    value: "0"
    note: >-
      dài
      dòng
  # - indicator: tra-ho-so   # tỷ lệ
  #   numerator:      # tử số
cases:
  - {title: "Vụ án X", status: Đang điều tra}
  - title: Vụ án Y
    status: ~
"""


def _changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _first(data: CommentedMap) -> CommentedMap:
    return data["results"][0]


def test_changing_one_value_changes_exactly_its_line() -> None:
    new = edit_text(STAFF, lambda d: set_key(_first(d), "numerator", 153))
    assert _changed_lines(STAFF, new) == [
        "-    numerator: 152   # số đã giải quyết\n",
        "+    numerator: 153   # số đã giải quyết\n",
    ]


def test_an_edit_that_changes_nothing_returns_the_text_itself() -> None:
    assert edit_text(STAFF, lambda d: set_key(_first(d), "numerator", 152)) is STAFF
    assert edit_text(STAFF, lambda d: None) is STAFF


def test_edit_yaml_does_not_write_an_unchanged_file(tmp_path: Path) -> None:
    path = tmp_path / "tuy-hoa.yml"
    path.write_text(STAFF, encoding="utf-8")
    os.utime(path, (1_600_000_000, 1_600_000_000))

    assert edit_yaml(path, lambda d: set_key(_first(d), "numerator", 152)) is False
    assert path.stat().st_mtime == 1_600_000_000 and path.read_text("utf-8") == STAFF

    assert edit_yaml(path, lambda d: set_key(_first(d), "numerator", 153)) is True
    assert "numerator: 153   # số đã giải quyết" in path.read_text("utf-8")


def test_validate_can_refuse_and_then_the_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "tuy-hoa.yml"
    path.write_text(STAFF, encoding="utf-8")

    def refuse(text: str) -> None:
        raise ValueError("không hợp lệ")

    with pytest.raises(ValueError):
        edit_yaml(path, lambda d: set_key(_first(d), "numerator", 1), validate=refuse)
    assert path.read_text("utf-8") == STAFF
    assert [p.name for p in tmp_path.iterdir()] == ["tuy-hoa.yml"]  # no temporary left


def test_crlf_bom_and_a_missing_final_newline_are_kept() -> None:
    text = "\ufeff" + STAFF.rstrip("\n").replace("\n", "\r\n")
    new = edit_text(text, lambda d: set_key(_first(d), "numerator", 153))
    assert new.startswith("\ufeff") and not new.endswith("\n")
    assert new.count("\r\n") == new.count("\n") == text.count("\r\n")
    assert new == text.replace("numerator: 152", "numerator: 153")


def test_a_deleted_key_leaves_the_comment_below_it() -> None:
    new = edit_text(STAFF, lambda d: delete_key(_first(d), "note"))
    assert _changed_lines(STAFF, new) == ["-    note: 'Còn 8 tin báo đang xác minh.'\n"]


def test_new_keys_and_items_keep_the_comments_in_their_place() -> None:
    def mutate(data: CommentedMap) -> None:
        set_key(data["results"][1], "visibility", "public", order=("indicator", "value", "note"))
        set_key(_first(data), "visibility", "yes", order=("indicator", "numerator", "note"))
        data["results"].append(CommentedMap([("indicator", "tra-ho-so"), ("numerator", 3)]))

    new = edit_text(STAFF, mutate)

    assert _changed_lines(STAFF, new) == [
        "+    visibility: 'yes'\n",
        "+    visibility: public\n",
        "+  - indicator: tra-ho-so\n",
        "+    numerator: 3\n",
    ]
    lines = new.splitlines()
    assert lines[lines.index("    visibility: 'yes'") + 1] == "  # chỉ tiêu này do phòng 2 báo cáo"
    assert lines[lines.index("    visibility: public") - 1] == "      dòng"
    assert lines[lines.index("  - indicator: tra-ho-so") - 1] == "  #   numerator:      # tử số"
    # YAML 1.1, as the project's reader reads it: "yes" written as a string stays one.
    assert yaml.safe_load(new)["results"][0]["visibility"] == "yes"


def test_a_replaced_string_keeps_its_quotes_and_decimals_are_written_exactly() -> None:
    def mutate(data: CommentedMap) -> None:
        set_key(_first(data), "note", "Đã xong.")
        set_key(data["results"][1], "value", Decimal("95.62"))

    new = edit_text(STAFF, mutate)

    assert _changed_lines(STAFF, new) == [
        "-    note: 'Còn 8 tin báo đang xác minh.'\n",
        "+    note: 'Đã xong.'\n",
        '-    value: "0"\n',
        "+    value: 95.62\n",
    ]


def test_an_edit_where_the_layout_cannot_be_kept_is_refused() -> None:
    # Lists indented two ways in one file: ruamel writes both one way, so an edit in the
    # list it would re-indent cannot be spliced into the original lines.
    text = "unit: x\nresults:\n- indicator: a\n  value: 1\ncases:\n  - title: X\n    note: a\n"
    assert "value: 2" in edit_text(text, lambda d: set_key(d["results"][0], "value", 2))
    with pytest.raises(EditRefused) as refused:
        edit_text(text, lambda d: set_key(d["cases"][0], "note", "b"))
    assert refused.value.line == 7
    assert "giữ nguyên cách trình bày" in refused.value.reason


def test_a_file_with_a_syntax_error_is_refused() -> None:
    with pytest.raises(EditRefused, match="lỗi cú pháp YAML"):
        edit_text("unit: [x\n", lambda d: None)


def test_an_inserted_item_takes_the_comments_below_the_item_before_it() -> None:
    def mutate(data: CommentedMap) -> None:
        insert_item(data["results"], 1, CommentedMap([("indicator", "moi"), ("value", 1)]))

    new = edit_text(STAFF, mutate)

    lines = new.splitlines()
    at = lines.index("  - indicator: moi")
    assert lines[at - 2 : at + 3] == [
        "",
        "    note: 'Còn 8 tin báo đang xác minh.'",
        "  - indicator: moi",
        "    value: 1",
        "  # chỉ tiêu này do phòng 2 báo cáo",
    ]


@st.composite
def _staff_files(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A results file written some way staff write them, and its numerators."""
    dash = draw(st.sampled_from(["", "  ", "    "]))
    counts = draw(st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
    quote = draw(st.sampled_from(["{}", "'{}'", '"{}"']))
    lines = ["# Kết quả", "unit: tuy-hoa", "results:"]
    for n, count in enumerate(counts):
        if draw(st.booleans()):
            lines.append(f"{dash}# chỉ tiêu {n}")
        lines.append(f"{dash}- indicator: chi-tieu-{n}")
        pad = dash + "  "
        lines.append(f"{pad}numerator: {count}" + draw(st.sampled_from(["", "   # tử số"])))
        lines.append(f"{pad}denominator: 10000")
        if draw(st.booleans()):
            lines.append(f"{pad}note: " + quote.format(f"Ghi chú {n}, đủ"))
        if draw(st.booleans()):
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + newline.join(lines) + newline, counts


@settings(max_examples=60, deadline=None)
@given(_staff_files(), st.data())
def test_any_change_of_numbers_changes_exactly_their_lines(
    staff: tuple[str, list[int]], data: st.DataObject
) -> None:
    text, counts = staff
    new_counts = [data.draw(st.sampled_from([c, c + 1])) for c in counts]

    def mutate(d: CommentedMap) -> None:
        for item, count in zip(d["results"], new_counts, strict=True):
            set_key(item, "numerator", count)

    new = edit_text(text, mutate)

    old_lines, new_lines = text.split("\n"), new.split("\n")
    assert len(old_lines) == len(new_lines) and new.startswith("\ufeff") == text.startswith(
        "\ufeff"
    )
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == sum(a != b for a, b in zip(counts, new_counts, strict=True))
    for before, after in changed:
        assert before.replace(str(_number(before)), str(_number(before) + 1), 1) == after
    loaded = yaml.safe_load(new.removeprefix("\ufeff"))
    assert [r["numerator"] for r in loaded["results"]] == new_counts


def _number(line: str) -> int:
    return int(line.split("numerator: ")[1].split()[0])


def test_a_new_key_with_none_of_its_predecessors_there_goes_before_its_successors() -> None:
    text = "unit: tuy-hoa\ncases: []\n"
    order = ("unit", "visibility", "results", "cases")
    new = edit_text(text, lambda d: set_keys(d, {"visibility": "public"}, order))
    assert new == "unit: tuy-hoa\nvisibility: public\ncases: []\n"
    new = edit_text("cases: []\n", lambda d: set_key(d, "unit", "tuy-hoa", order=order))
    assert new == "unit: tuy-hoa\ncases: []\n"


def test_set_keys_removes_none_and_keeps_a_value_equal_to_the_one_written() -> None:
    def mutate(data: CommentedMap) -> None:
        set_keys(_first(data), {"numerator": 152, "note": None, "value": Decimal("95")})

    new = edit_text(STAFF, mutate)
    assert _changed_lines(STAFF, new) == [
        "+    value: 95\n",
        "-    note: 'Còn 8 tin báo đang xác minh.'\n",
    ]
    assert "    denominator: 0160\n    value: 95\n\n  # chỉ tiêu này" in new


def test_a_file_not_made_of_fields_is_refused() -> None:
    """A list or a scalar at the top is refused; ``~`` and ``---`` are a value, not nothing."""
    for text in ("- a\n- b\n", "chỉ một dòng chữ\n", "~\n", "# ghi chú\n---\n", "- a"):
        with pytest.raises(EditRefused, match="không phải nhóm trường"):
            edit_text(text, lambda d: None)


def test_exact_layout_refuses_a_file_ruamel_would_write_otherwise_even_far_from_the_edit() -> None:
    text = "unit: x\nresults:\n- indicator: a\n  value: 1\ncases:\n  - title: X\n    note: a\n"
    with pytest.raises(EditRefused, match="trình soạn thảo văn bản"):
        edit_text(text, lambda d: set_key(d["results"][0], "value", 2), exact_layout=True)
    crlf = "\ufeff# Kết quả\r\nresults:\r\n  - indicator: a   # chỉ tiêu\r\n    numerator: 152"
    new = edit_text(crlf, lambda d: set_key(d["results"][0], "numerator", 153), exact_layout=True)
    assert new == crlf.replace("numerator: 152", "numerator: 153")


def test_a_comment_after_a_value_keeps_its_spacing_when_the_value_grows_or_shrinks() -> None:
    text = 'results:\n- indicator: a\n  numerator: 9999   # tử số\n  note: "x  # y"   # z\n'

    def mutate(data: CommentedMap) -> None:
        set_keys(data["results"][0], {"numerator": 10000, "note": "xyzw  # y"})

    assert edit_text(text, mutate) == (
        'results:\n- indicator: a\n  numerator: 10000   # tử số\n  note: "xyzw  # y"   # z\n'
    )
    shrunk = edit_text(text, lambda d: set_key(d["results"][0], "numerator", 5))
    assert shrunk == text.replace("9999   #", "5   #")


VIDEO_ORDER = ("title", "intro", "outro", "sections", "music", "durations", "narration")


def test_the_scaffolds_comment_only_video_yml_takes_keys_below_its_comments(
    tiny_project: Path,
) -> None:
    """Issue 19: the storyboard could not save on a period made by ``new-period``."""
    new_period(tiny_project, "2021-h2", dt.date(2021, 6, 1), dt.date(2021, 11, 30))
    path = tiny_project / "content/periods/2021-h2/video.yml"
    scaffold = path.read_text(encoding="utf-8")

    def narration(data: CommentedMap) -> None:
        set_key(data, "narration", CommentedMap({"mo-dau": "Kính thưa các đồng chí."}))

    text = edit_text(
        scaffold,
        lambda d: set_key(d, "sections", ["mo-dau", "don-vi", "ket-thuc"], order=VIDEO_ORDER),
        exact_layout=True,  # as the studio edits
    )
    assert text == scaffold + "sections:\n  - mo-dau\n  - don-vi\n  - ket-thuc\n"
    text = edit_text(text, narration, exact_layout=True)
    text = edit_text(
        text, lambda d: set_key(d, "intro", "Xin chào.", order=VIDEO_ORDER), exact_layout=True
    )
    assert text == scaffold + (
        "intro: Xin chào.\n"
        "sections:\n  - mo-dau\n  - don-vi\n  - ket-thuc\n"
        "narration:\n  mo-dau: Kính thưa các đồng chí.\n"
    )
    path.write_text(text, encoding="utf-8")
    video = load_project(tiny_project).project.period("2021-h2").video
    assert [str(s) for s in video.sections] == ["mo-dau", "don-vi", "ket-thuc"]
    assert video.intro == "Xin chào."
    assert video.narration == {"mo-dau": "Kính thưa các đồng chí."}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "sections:\n  - mo-dau\n"),
        ("\n  \n", "\n  \nsections:\n  - mo-dau\n"),
        ("# ghi chú", "# ghi chú\nsections:\n  - mo-dau"),  # no final line end: still none
        (
            "\ufeff# một\r\n\r\n  # hai\r\n",
            "\ufeff# một\r\n\r\n  # hai\r\nsections:\r\n  - mo-dau\r\n",
        ),
    ],
    ids=["empty", "blank", "no-final-newline", "bom-crlf"],
)
def test_an_empty_or_comment_only_file_is_an_empty_mapping(text: str, expected: str) -> None:
    new = edit_text(text, lambda d: set_key(d, "sections", ["mo-dau"]), exact_layout=True)
    assert new == expected
    assert yaml.safe_load(new.removeprefix("\ufeff")) == {"sections": ["mo-dau"]}
    assert edit_text(text, lambda d: set_keys(d, {"sections": None})) is text  # nothing set


def test_a_visibility_change_drops_the_comment_that_described_the_old_level() -> None:
    """The scaffold's «# nội bộ; ghi public khi…» would say the wrong thing beside ``public``;
    a comment naming every level still holds and stays; the lines below stay either way."""
    text = (
        "unit: tuy-hoa\n"
        "visibility: internal   # công khai: public | nội bộ: internal | hạn chế: restricted\n"
        "media:\n"
        "  - file: 2021-h2/tuy-hoa/a.jpg\n"
        "    visibility: internal   # nội bộ; ghi public khi ảnh được phép công khai\n"
        "    # ảnh chụp tại hội trường\n"
        "  - file: 2021-h2/tuy-hoa/b.jpg\n"
        "    visibility: internal   # nội bộ; ghi public khi ảnh được phép công khai\n"
    )

    def publish(data: CommentedMap) -> None:
        set_key(data, "visibility", "public")
        set_key(data["media"][0], "visibility", "public")
        set_key(data["media"][1], "visibility", "internal")  # unchanged: its comment stays

    new = edit_text(text, publish, exact_layout=True)
    assert _changed_lines(text, new) == [
        "-visibility: internal   # công khai: public | nội bộ: internal | hạn chế: restricted\n",
        "+visibility: public   # công khai: public | nội bộ: internal | hạn chế: restricted\n",
        "-    visibility: internal   # nội bộ; ghi public khi ảnh được phép công khai\n",
        "+    visibility: public\n",
    ]
    assert "    visibility: public\n    # ảnh chụp tại hội trường\n" in new
    last = edit_text(new, lambda d: set_key(d["media"][1], "visibility", "restricted"))
    assert last.endswith("  - file: 2021-h2/tuy-hoa/b.jpg\n    visibility: restricted\n")
