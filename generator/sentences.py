"""Sentences drafted from the figures: the same words in the narration and the written report."""

from __future__ import annotations

from generator.comparison import Change
from generator.evaluation import Evaluation, Scoreboard, Status
from generator.model import Measure


def summary_sentence(board: Scoreboard) -> str:
    """``Toàn tỉnh đạt 10 trên 12 chỉ tiêu nghiệp vụ có số liệu, còn 2 chỉ tiêu chưa đạt.``

    Only indicators with data are counted; those without are named as such, not as missed.
    """
    counts = board.province_counts()
    with_data = counts[Status.MET] + counts[Status.NOT_MET]
    missing = counts[Status.NO_DATA]
    if not with_data:
        return f"Toàn tỉnh chưa có số liệu của {missing} chỉ tiêu nghiệp vụ."
    sentence = f"Toàn tỉnh đạt {counts[Status.MET]} trên {with_data} chỉ tiêu nghiệp vụ"
    if missing:
        sentence += " có số liệu"
    if counts[Status.NOT_MET]:
        sentence += f", còn {counts[Status.NOT_MET]} chỉ tiêu chưa đạt"
    if missing:
        sentence += f"; {missing} chỉ tiêu chưa có số liệu"
    return sentence + "."


def indicator_sentence(
    province: Evaluation, missed: list[str], change: Change | None = None
) -> str:
    """``Về tỷ lệ …, toàn tỉnh đạt 96,8%, vượt 6,8% so với chỉ tiêu, tăng 1,2 điểm phần trăm so
    với cùng kỳ. Còn 2 đơn vị chưa đạt: …``"""
    name = province.indicator.name
    name = name[0].lower() + name[1:]
    if province.status is Status.NO_DATA:
        return f"Về {name}, chưa có số liệu toàn tỉnh."
    verb = "đạt" if province.indicator.measure is Measure.RATE else "là"
    sentence = f"Về {name}, toàn tỉnh {verb} {province.value_text}, {province.margin_text}"
    if change is not None and change.text:
        sentence += f", {change.text}"
    sentence += "."
    if missed:
        shown = ", ".join(missed[:4]) + (" và các đơn vị khác" if len(missed) > 4 else "")
        sentence += f" Còn {len(missed)} đơn vị chưa đạt: {shown}."
    return sentence
