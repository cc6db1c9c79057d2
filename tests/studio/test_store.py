"""The studio's edits: comments, order and untouched lines kept; the stale guard; undo."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from generator import fsutil
from generator.errors import InputError
from generator.studio import store
from generator.yamledit.roundtrip import EditRefused

DEMO = Path(__file__).parents[2] / "content"
TEXT = """\
# Ghi chú đầu tệp
unit: tuy-hoa   # mã đơn vị
visibility: public
media:
  # mục đầu
  - file: 2021-h1/tuy-hoa/a.jpg
    caption: "Chú thích cũ"
    date: 2021-03-12
    clip: {start: 2.0, end: 10.5}
  - file: 2021-h1/tuy-hoa/b.jpg
    caption: 'Ảnh thứ hai: có dấu hai chấm'
"""


def test_every_demo_highlights_and_results_file_round_trips_byte_for_byte() -> None:
    files = sorted(DEMO.glob("periods/*/*/*.yml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text("utf-8")
        assert store.edit(text, lambda document: None) == text, path


def test_an_edit_changes_only_the_lines_it_touches() -> None:
    def change(document) -> None:  # type: ignore[no-untyped-def]
        item = document["media"][0]
        store.set_fields(
            item,
            {"caption": "Mới # không phải ghi chú", "category": "quan-ly"},
            ["file", "caption", "category", "date"],
        )
        store.set_fields(item, {"clip": None}, [])

    out = store.edit(TEXT, change)
    assert out == TEXT.replace(
        '"Chú thích cũ"', '"Mới # không phải ghi chú"\n    category: quan-ly'
    ).replace("    clip: {start: 2.0, end: 10.5}\n", "")


def test_values_keep_their_types_and_new_keys_follow_the_model_order() -> None:
    def change(document) -> None:  # type: ignore[no-untyped-def]
        store.set_fields(
            document["media"][1],
            {
                "narration": "Lời dẫn",
                "date": dt.date(2021, 4, 1),
                "caption": "Ảnh thứ hai: có dấu hai chấm",
            },
            ["file", "caption", "category", "date", "narration"],
        )

    out = store.edit(TEXT, change)
    assert out.endswith(
        "    caption: 'Ảnh thứ hai: có dấu hai chấm'\n    date: 2021-04-01\n    narration: Lời dẫn\n"
    )


def test_a_file_the_writer_cannot_keep_as_it_is_is_refused() -> None:
    mixed = "unit: x\nmedia:\n  - file: a\n    caption: b\nother:\n    - c\n"
    with pytest.raises(EditRefused, match="trình soạn thảo văn bản"):
        store.edit(mixed, lambda document: None)
    with pytest.raises(EditRefused, match="lỗi cú pháp"):
        store.edit("unit: [a\n", lambda document: None)


def test_commit_refuses_a_stale_digest_and_undo_restores(tmp_path: Path) -> None:
    rel = "content/periods/p/highlights/u.yml"
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text(TEXT, "utf-8")
    history = store.History(tmp_path)
    loaded = store.read(tmp_path, rel)
    history.commit(rel, TEXT + "# một\n", loaded.digest)
    with pytest.raises(store.StaleEdit, match="đã được sửa ở nơi khác"):
        history.commit(rel, TEXT + "# hai\n", loaded.digest)
    assert (tmp_path / rel).read_text("utf-8") == TEXT + "# một\n"
    history.undo(rel)
    assert (tmp_path / rel).read_text("utf-8") == TEXT
    assert not list((tmp_path / "content").rglob("*.jsonl"))  # history lives outside content/
    assert list((tmp_path / ".baocao/history").iterdir())


def test_undo_after_someone_else_changed_the_file_keeps_their_change(tmp_path: Path) -> None:
    rel = "content/a.yml"
    (tmp_path / "content").mkdir()
    (tmp_path / rel).write_text("unit: a\n", "utf-8")
    history = store.History(tmp_path)
    history.commit(rel, "unit: b\n", store.read(tmp_path, rel).digest)
    (tmp_path / rel).write_text("unit: c\n", "utf-8")
    with pytest.raises(store.StaleEdit, match=f"^{re.escape(store.stale_notice(rel))}$"):
        history.undo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: c\n"


def test_a_word_yaml_reads_as_yes_or_no_is_written_as_text() -> None:
    def change(document) -> None:  # type: ignore[no-untyped-def]
        store.set_fields(
            document["media"][1], {"narration": "yes"}, ["file", "caption", "narration"]
        )

    out = store.edit(TEXT, change)
    assert out.endswith("    narration: 'yes'\n")
    assert yaml.safe_load(out)["media"][1]["narration"] == "yes"


def test_a_fallback_edit_that_would_drop_a_comment_is_refused() -> None:
    text = "unit: u\nmedia: [{file: a, caption: b}]\n# ghi chú cuối\nother: 1\n"

    def change(document) -> None:  # type: ignore[no-untyped-def]
        del document["other"]

    with pytest.raises(EditRefused, match="mất dòng ghi chú «# ghi chú cuối»"):
        store.edit(text, change)


def test_an_undo_can_be_redone_and_undone_again(tmp_path: Path) -> None:
    rel = "content/a.yml"
    (tmp_path / "content").mkdir()
    (tmp_path / rel).write_text("unit: a\n", "utf-8")
    history = store.History(tmp_path)
    history.commit(rel, "unit: b\n", store.read(tmp_path, rel).digest)
    history.commit(rel, "unit: c\n", store.read(tmp_path, rel).digest)
    assert history.redoable(rel) is None
    history.undo(rel)
    history.undo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: a\n"
    assert history.last(rel) is None  # nothing older to undo
    history.redo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: b\n"
    history.redo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: c\n"
    with pytest.raises(InputError, match="không có lần hoàn tác nào để làm lại"):
        history.redo(rel)
    history.undo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: b\n"
    # a new save after an undo: what was undone cannot be redone over it
    history.commit(rel, "unit: d\n", store.read(tmp_path, rel).digest)
    assert history.redoable(rel) is None
    history.undo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: b\n"


def test_a_redo_after_someone_else_changed_the_file_keeps_their_change(tmp_path: Path) -> None:
    rel = "content/a.yml"
    (tmp_path / "content").mkdir()
    (tmp_path / rel).write_text("unit: a\n", "utf-8")
    history = store.History(tmp_path)
    history.commit(rel, "unit: b\n", store.read(tmp_path, rel).digest)
    history.undo(rel)
    (tmp_path / rel).write_text("unit: tay\n", "utf-8")
    with pytest.raises(store.StaleEdit, match=f"^{re.escape(store.stale_notice(rel))}$"):
        history.redo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: tay\n"


def test_the_history_of_a_file_with_a_long_path_is_kept(tmp_path: Path) -> None:
    rel = "content/periods/" + "a" * 200 + "/highlights/" + "b" * 200 + ".yml"
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text("unit: a\n", "utf-8")
    history = store.History(tmp_path)
    history.commit(rel, "unit: b\n", store.read(tmp_path, rel).digest)
    history.undo(rel)
    assert (tmp_path / rel).read_text("utf-8") == "unit: a\n"
    assert all(len(p.name.encode()) <= 255 for p in (tmp_path / ".baocao/history").iterdir())


def test_an_item_s_version_changes_only_with_its_own_lines() -> None:
    first, second = store.item_digests(TEXT, "media")
    assert first != second
    assert store.item_digest(TEXT, "media", 1) == second
    assert store.item_digest(TEXT, "media", 2) == store.item_digest(TEXT, "list", 0) == ""
    other = TEXT.replace("Chú thích cũ", "Chú thích mới").replace("unit: tuy-hoa", "unit: x")
    assert store.item_digests(other, "media")[1] == second
    assert store.item_digests(other, "media")[0] != first
    assert store.item_digests(TEXT.replace("# mục đầu", "# mục một"), "media")[0] != first
    assert store.item_digests("media: [{file: a.jpg}]\n", "media") == []  # not plain: the file
    assert store.item_digests(None, "media") == []


def test_content_is_written_durably_and_the_history_s_bookkeeping_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rel = "content/a.yml"
    (tmp_path / "content").mkdir()
    (tmp_path / rel).write_text("unit: a\n", "utf-8")
    synced: list[Path] = []
    monkeypatch.setattr(fsutil, "_sync", synced.append)
    history = store.History(tmp_path)
    history.commit(rel, "unit: b\n", store.read(tmp_path, rel).digest)
    history.undo(rel)
    history.redo(rel)
    assert [p.parent for p in synced] == [tmp_path / "content"] * 3  # each a temporary beside it
    assert (tmp_path / rel).read_text("utf-8") == "unit: b\n"


def test_a_media_file_is_told_to_the_audit_hook_with_its_digest(tmp_path: Path) -> None:
    told: list[tuple[str, str | None, str]] = []
    history = store.History(tmp_path, on_write=lambda *write: told.append(write))
    photo = tmp_path / "media/2021-h1/tuy-hoa/anh.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 not really a photo")
    digest = store.digest_of(photo.read_bytes())
    assert history.record_media("media/2021-h1/tuy-hoa/anh.jpg") == digest
    assert history.record_media("media/2021-h1/tuy-hoa/anh.jpg", "ab" * 32) == digest
    assert told == [
        ("media/2021-h1/tuy-hoa/anh.jpg", None, digest),
        ("media/2021-h1/tuy-hoa/anh.jpg", "ab" * 32, digest),
    ]
    assert history.last("media/2021-h1/tuy-hoa/anh.jpg") is None  # nothing to undo
