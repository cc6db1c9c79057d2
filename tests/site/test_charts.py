import xml.etree.ElementTree as ET
from decimal import Decimal

from generator.evaluation import evaluate
from generator.model import Indicator, Result
from generator.site.charts import Bar, Tally, tally_bars, value_bars

RATE = Indicator(
    id="r", name="Tỷ lệ <giải quyết>", measure="rate", comparator=">", target=Decimal(90)
)


def _bar(label: str, num: int | None, den: int | None) -> Bar:
    result = None if num is None else Result(indicator="r", numerator=num, denominator=den)
    return Bar(label, evaluate(RATE, result))


def test_value_bars_are_valid_svg_with_marks_hatching_and_target():
    svg = value_bars(
        "Kết quả <toàn tỉnh>",
        [_bar("Tuy Hòa", 95, 100), _bar("<b>X</b>", 80, 100), _bar("Sông Cầu", None, None)],
        "t",
    )
    root = ET.fromstring(svg)  # well-formed: every label escaped
    texts = " ".join(t for t in root.itertext())
    assert "✓ 95%" in texts and "✗ 80%" in texts and "— chưa có số liệu" in texts
    assert "Chỉ tiêu > 90%" in texts and "<b>X</b>" in texts
    assert 'fill="url(#bc-hatch-t)"' in svg  # the "not met" bar prints hatched in B/W
    assert "bc-target" in svg


def test_tally_bars_show_counts_as_text():
    svg = tally_bars("Số chỉ tiêu đạt", [Tally("Tuy Hòa", 8, 2, 1)], "u")
    ET.fromstring(svg)
    assert "✓ 8 · ✗ 2 · — 1" in svg


def test_no_rows_no_chart():
    assert value_bars("x", [], "a") == "" and tally_bars("x", [], "b") == ""
