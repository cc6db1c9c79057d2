"""Editing one list item on its own lines; moving and removing items with their comments."""

from __future__ import annotations

from generator.workflow.roundtrip import set_keys
from generator.workflow.roundtrip_items import edit_item, item_spans, remove_item, swap_items

LIST = """\
unit: tuy-hoa
media:
  # trước mục a
  - file: a.jpg
    caption: A   # ghi chú của a
    narration: |
      Dòng một

      dòng ba

  - file: b.jpg
    caption: 'B: có dấu hai chấm'
    # ghi chú trong mục b
  # trước mục c
  - file: c.jpg
    caption: C
# ghi chú cuối danh sách
cases: []
"""


def test_an_item_edit_re_emits_only_that_item() -> None:
    def change(item) -> None:  # type: ignore[no-untyped-def]
        set_keys(item, {"category": "cntt"}, ["file", "caption", "category", "narration"])

    out = edit_item(LIST, "media", 1, change, exact_layout=True)
    # the comment that ended item b stays inside it; every other line is untouched
    assert out == LIST.replace(
        "    # ghi chú trong mục b\n", "    # ghi chú trong mục b\n    category: cntt\n"
    )
    first = edit_item(LIST, "media", 0, change, exact_layout=True)
    assert first == LIST.replace(
        "    caption: A   # ghi chú của a\n",
        "    caption: A   # ghi chú của a\n    category: cntt\n",
    )


def test_items_move_and_go_with_their_own_lines() -> None:
    swapped = swap_items(LIST, "media", 1)
    assert swapped is not None
    assert swapped.index("- file: c.jpg") < swapped.index("- file: b.jpg")
    assert "    caption: 'B: có dấu hai chấm'\n    # ghi chú trong mục b\n" in swapped
    assert sorted(swapped.splitlines()) == sorted(LIST.splitlines())
    removed = remove_item(LIST, "media", 1)
    assert removed == LIST.replace(
        "  - file: b.jpg\n    caption: 'B: có dấu hai chấm'\n    # ghi chú trong mục b\n", ""
    )
    assert remove_item("unit: u\nmedia:\n  - file: a\n    caption: b\n", "media", 0) is None


def test_an_unusual_list_falls_back_to_the_whole_file_edit() -> None:
    flow = "unit: u\nmedia: [{file: a, caption: b}]\n"
    assert item_spans(flow, "media") is None
    out = edit_item(flow, "media", 0, lambda item: set_keys(item, {"caption": "c"}, []))
    assert out == "unit: u\nmedia: [{file: a, caption: c}]\n"
