"""Editing one list item on its own lines; moving and removing items with their comments."""

from __future__ import annotations

from generator.workflow.scaffold import render
from generator.yamledit.items import edit_item, item_spans, move_item, remove_item
from generator.yamledit.roundtrip import set_keys
from generator.yamledit.text import append_list_items

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
    swapped = move_item(LIST, "media", 1, 2)
    assert swapped is not None
    assert swapped.index("- file: c.jpg") < swapped.index("- file: b.jpg")
    assert "    caption: 'B: có dấu hai chấm'\n    # ghi chú trong mục b\n" in swapped
    assert sorted(swapped.splitlines()) == sorted(LIST.splitlines())
    removed = remove_item(LIST, "media", 1)
    assert removed == LIST.replace(
        "  - file: b.jpg\n    caption: 'B: có dấu hai chấm'\n    # ghi chú trong mục b\n", ""
    )
    assert remove_item("unit: u\nmedia:\n  - file: a\n    caption: b\n", "media", 0) is None


def test_an_item_dragged_far_lands_at_its_place_with_the_file_otherwise_unchanged() -> None:
    text = "unit: u\nmedia:\n" + "".join(f"  - file: {n}.jpg  # {n}\n" for n in "abcde")
    moved = move_item(text, "media", 4, 1)
    assert moved is not None
    assert [line.split()[2] for line in moved.splitlines()[2:]] == [
        "a.jpg",
        "e.jpg",
        "b.jpg",
        "c.jpg",
        "d.jpg",
    ]
    assert move_item(moved, "media", 1, 4) == text  # and back
    assert move_item(text, "media", 0, 5) is None and move_item(text, "media", -1, 0) is None
    # the last item, without a final line end, moves without running into the next line
    bare = "unit: u\nmedia:\n  - file: a.jpg\n  - file: b.jpg"
    assert move_item(bare, "media", 1, 0) == "unit: u\nmedia:\n  - file: b.jpg\n  - file: a.jpg"
    after = "media:\n  - file: a.jpg\n  - file: b.jpg\nvisibility: public"
    assert move_item(after, "media", 1, 0) == after.replace("a.jpg", "X").replace(
        "b.jpg", "a.jpg"
    ).replace("X", "b.jpg")


def test_an_unusual_list_falls_back_to_the_whole_file_edit() -> None:
    flow = "unit: u\nmedia: [{file: a, caption: b}]\n"
    assert item_spans(flow, "media") is None
    out = edit_item(flow, "media", 0, lambda item: set_keys(item, {"caption": "c"}, []))
    assert out == "unit: u\nmedia: [{file: a, caption: c}]\n"


def test_a_comment_left_of_an_item_s_keys_never_moves_a_key_to_another_item() -> None:
    # the comment ends the item by its layout, but visibility still belongs to mat.jpg
    text = (
        "media:\n"
        "  - file: mat.jpg\n"
        "    caption: Ảnh mật\n"
        "  # lãnh đạo duyệt: chỉ lãnh đạo xem ảnh này\n"
        "    visibility: restricted\n"
        "  - file: b.jpg\n"
        "    caption: B\n"
    )
    assert move_item(text, "media", 0, 1) is None  # the caller edits the whole file instead
    assert remove_item(text, "media", 0) is None  # else b.jpg would become restricted
    assert remove_item(text, "media", 1) == text.split("  - file: b.jpg")[0]


def test_publishing_an_ingested_item_drops_the_scaffold_comment_on_its_visibility() -> None:
    """``ingest`` writes «visibility: internal   # nội bộ; ghi public khi…»: once the item is
    public, that comment would describe the old level."""
    items = [
        render(
            "highlight_item.yml.j2",
            source=name.upper(),
            file=f"2021-h2/tuy-hoa/{name}",
            caption="Ảnh",
            date=None,
            narration="Lời dẫn",
        )
        for name in ("a.jpg", "b.jpg")
    ]
    text = append_list_items("unit: tuy-hoa\n", "media", items)
    scaffold = "  visibility: internal   # nội bộ; ghi public khi ảnh được phép công khai\n"
    assert text.count(scaffold) == 2

    out = edit_item(
        text, "media", 0, lambda i: set_keys(i, {"visibility": "public"}), exact_layout=True
    )
    assert out == text.replace(scaffold, "  visibility: public\n", 1)
