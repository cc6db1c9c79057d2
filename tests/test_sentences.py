"""Sentences drafted from the figures (shared by the narration and the written report)."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.evaluation import scoreboard
from generator.load.loader import load_project
from generator.sentences import indicator_sentence, summary_sentence


def test_summary_counts_only_indicators_with_data_and_names_the_rest(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path / "p")).project
    board = scoreboard(project, project.period("2021-h1"))
    # giai-quyet-tin-bao 296/320 = 92,5% > 90 (met); tam-giam-qua-han 1 = 0 (not met);
    # tra-ho-so: nobody reported it.
    assert summary_sentence(board) == (
        "Toàn tỉnh đạt 1 trên 2 chỉ tiêu nghiệp vụ có số liệu, còn 1 chỉ tiêu chưa đạt; "
        "1 chỉ tiêu chưa có số liệu."
    )
    sentence = indicator_sentence(board.province["giai-quyet-tin-bao"], ["Sông Cầu"])
    assert sentence == (
        "Về tỷ lệ giải quyết tố giác, tin báo về tội phạm, toàn tỉnh đạt 92,5%, "
        "vượt 2,5% so với chỉ tiêu. Còn 1 đơn vị chưa đạt: Sông Cầu."
    )
