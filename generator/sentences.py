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
    withheld = counts[Status.WITHHELD]
    if not with_data:
        if not withheld:
            return f"Toàn tỉnh chưa có số liệu của {missing} chỉ tiêu nghiệp vụ."
        return f"Số liệu toàn tỉnh của {withheld} chỉ tiêu nghiệp vụ không có trong bản này."
    sentence = f"Toàn tỉnh đạt {counts[Status.MET]} trên {with_data} chỉ tiêu nghiệp vụ"
    if missing or withheld:
        sentence += " có số liệu" + (" trong bản này" if withheld else "")
    if counts[Status.NOT_MET]:
        sentence += f", còn {counts[Status.NOT_MET]} chỉ tiêu chưa đạt"
    if missing:
        sentence += f"; {missing} chỉ tiêu chưa có số liệu"
    if withheld:
        sentence += f"; số liệu toàn tỉnh của {withheld} chỉ tiêu không có trong bản này"
    return sentence + "."


def indicator_sentence(
    province: Evaluation, missed: list[str], change: Change | None = None, *, complete: bool = True
) -> str:
    """``Về tỷ lệ …, toàn tỉnh đạt 96,8%, vượt 6,8% so với chỉ tiêu, tăng 1,2 điểm phần trăm so
    với cùng kỳ. Còn 2 đơn vị chưa đạt: …``

    ``complete`` is False when some unit's result for the indicator is not in this version: the
    units named as missing the target are then said to be among those in it, not all of them."""
    name = province.indicator.name
    name = name[0].lower() + name[1:]
    if province.status is Status.NO_DATA:
        sentence = f"Về {name}, chưa có số liệu toàn tỉnh."
    elif province.status is Status.WITHHELD:
        sentence = f"Về {name}, số liệu toàn tỉnh không có trong bản này."
    else:
        verb = "đạt" if province.indicator.measure is Measure.RATE else "là"
        sentence = f"Về {name}, toàn tỉnh {verb} {province.value_text}, {province.margin_text}"
        if change is not None and change.text:
            sentence += f", {change.text}"
        sentence += "."
    if missed:
        shown = ", ".join(missed[:4]) + (" và các đơn vị khác" if len(missed) > 4 else "")
        among = "" if complete else "Trong các đơn vị có trong bản này, c"
        sentence += f" {among or 'C'}òn {len(missed)} đơn vị chưa đạt: {shown}."
    return sentence
