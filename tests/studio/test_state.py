"""Each unit's progress: photos without caption, narration or category; results entered."""

from __future__ import annotations

from pathlib import Path

from studio.client import make_project

from generator.fsutil import atomic_write_text
from generator.studio.state import ContentState
from generator.studio.validate import check_change

PLACEHOLDER_ITEM = """\
  - file: 2021-h1/tuy-hoa/moi.jpg
    caption: "CẦN BỔ SUNG: chú thích cho «moi.jpg»"
    narration: "CẦN BỔ SUNG: lời dẫn đọc trong video"
"""


def test_progress_counts_what_each_unit_still_owes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "media/2021-h1/tuy-hoa/moi.jpg").write_bytes(
        (root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg").read_bytes()
    )
    highlights = root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    highlights.write_text(highlights.read_text("utf-8") + PLACEHOLDER_ITEM, "utf-8")
    state = ContentState(root)
    snapshot = state.snapshot()
    rows = {row.unit.id: row for row in snapshot.progress(snapshot.period("2021-h1"))}
    tuy_hoa = rows["tuy-hoa"]
    assert (tuy_hoa.media, tuy_hoa.no_caption, tuy_hoa.no_narration, tuy_hoa.no_category) == (
        2,
        1,
        1,
        1,
    )
    assert (tuy_hoa.results, tuy_hoa.indicators) == (2, 3)
    # three on the new item, each shown where it is counted (the row lists them); the
    # period-wide one (the public version has no results) is the period's, not Tuy Hòa's,
    # though `check` files it under Tuy Hòa's results
    assert tuy_hoa.errors == 0 and tuy_hoa.warnings == 3
    assert len(tuy_hoa.problems) == 3
    assert all(p.path.endswith("highlights/tuy-hoa.yml") for p in tuy_hoa.problems)
    assert [p.path for p in snapshot.held_back["2021-h1"]] == [
        "content/periods/2021-h1/results/tuy-hoa.yml"
    ]
    assert all(row.warnings == 0 for row in rows.values() if row.unit.id != "tuy-hoa")
    assert not tuy_hoa.done
    assert (rows["song-cau"].media, rows["song-cau"].results) == (0, 2)
    assert "khu-vuc-1" not in rows  # not active in the first half of 2021


def test_the_snapshot_is_read_again_when_a_file_changes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    state = ContentState(root)
    first = state.snapshot()
    assert state.snapshot() is first
    results = root / "content/periods/2021-h1/results/song-cau.yml"
    results.write_text(results.read_text("utf-8").replace("144", "1440"), "utf-8")
    second = state.snapshot()
    assert second is not first
    assert any("tử số (1440) lớn hơn mẫu số (160)" in p.message for p in second.problems)


def test_a_save_s_check_becomes_the_view_unless_another_file_changed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    state = ContentState(root)
    rel = "content/periods/2021-h1/highlights/tuy-hoa.yml"
    path = root / rel
    first = state.snapshot()
    text = path.read_text("utf-8").replace("chú thích ngắn", "chú thích đã sửa")
    verdict = check_change(root, rel, text)
    atomic_write_text(path, text)
    state.adopt(verdict.content, verdict.seen, rel, text)
    adopted = state.snapshot()
    assert adopted is verdict.content and adopted is not first  # no second read
    # another editor's change between the check and the write is never hidden
    text = text.replace("chú thích đã sửa", "lần hai")
    verdict = check_change(root, rel, text)
    units = root / "content/units.yml"
    units.write_text(units.read_text("utf-8") + "# ghi chú của người khác\n", "utf-8")
    atomic_write_text(path, text)
    state.adopt(verdict.content, verdict.seen, rel, text)
    assert state.snapshot() is not verdict.content  # read again from the disk
