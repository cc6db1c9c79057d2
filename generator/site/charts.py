"""Charts as inline SVG, drawn in Python: no JavaScript chart library, nothing fetched.

Readable in black and white: "met" bars are solid, "not met" bars hatched, and every value is
printed with its ✓ / ✗ mark. Colours come from CSS classes (``baocao.css``), so print styles
and dark mode can change them. All text is escaped here: labels are staff content.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from generator.evaluation import STATUS_LABELS, STATUS_MARKS, Evaluation, Status

WIDTH = 640
LABEL_W = 200
VALUE_W = 120
ROW_H = 26
BAR_H = 16
TOP = 34
_MAX_LABEL = 30


@dataclass(frozen=True)
class Bar:
    label: str
    evaluation: Evaluation

    @property
    def value(self) -> float | None:
        value = self.evaluation.value
        return None if value is None else float(value)


@dataclass(frozen=True)
class Tally:
    label: str
    met: int
    not_met: int
    no_data: int

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.no_data


def _defs(uid: str) -> str:
    return (
        "<defs>"
        f'<pattern id="bc-hatch-{uid}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="bc-hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="bc-hatch-line" stroke-width="3"/>'
        "</pattern></defs>"
    )


def _label(text: str, y: float) -> str:
    short = text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1].rstrip() + "…"
    return (
        f'<text x="{LABEL_W - 8}" y="{y:.1f}" text-anchor="end" class="bc-chart-label">'
        f"<title>{escape(text)}</title>{escape(short)}</text>"
    )


def _svg(uid: str, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg class="bc-chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="bc-chart-title-{uid}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="bc-chart-title-{uid}">{escape(title)}</title>'
        + _defs(uid)
        + f'<text x="0" y="18" class="bc-chart-title">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def _fill(status: Status, uid: str) -> str:
    if status is Status.NOT_MET:
        return f'fill="url(#bc-hatch-{uid})" class="bc-bar bc-bar--not-met"'
    return 'class="bc-bar bc-bar--met"'


def value_bars(title: str, bars: list[Bar], uid: str) -> str:
    """One bar per row (unit, period or indicator) against its target, drawn as a dashed line:
    one line across the chart when every row has the same target, else a tick on each row.
    Nothing (an empty string) when no row has a value."""
    if all(b.value is None for b in bars):
        return ""
    targets = [float(b.evaluation.indicator.target) for b in bars]
    values = [b.value for b in bars if b.value is not None]
    top = max([*targets, *values, 1.0])
    if all(b.evaluation.indicator.measure.value == "rate" for b in bars):
        top = max(top, 100.0)
    scale = (WIDTH - LABEL_W - VALUE_W) / top
    shared = len(set(targets)) == 1
    bottom = TOP + ROW_H * len(bars)
    body: list[str] = []
    for row, bar in enumerate(bars):
        y = TOP + row * ROW_H
        body.append(_label(bar.label, y + BAR_H - 3))
        status = bar.evaluation.status
        x_text = LABEL_W + 4.0
        text = f"{STATUS_MARKS[status]} {STATUS_LABELS[status].lower()}"
        if bar.value is not None:
            w = max(bar.value * scale, 1.5)
            body.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                f"{_fill(status, uid)}/>"
            )
            x_text = LABEL_W + w + 6
            text = f"{STATUS_MARKS[status]} {bar.evaluation.value_text}"
        if not shared:
            x_target = LABEL_W + targets[row] * scale
            x_text = max(x_text, x_target + 6)
            body.append(
                f'<line x1="{x_target:.1f}" y1="{y - 4}" x2="{x_target:.1f}" y2="{y + BAR_H + 4}" '
                f'class="bc-target bc-target--tick"><title>Chỉ tiêu {escape(bar.evaluation.target_text)}</title></line>'
            )
        body.append(
            f'<text x="{x_text:.1f}" y="{y + BAR_H - 3}" class="bc-chart-value bc-{status.value}">'
            f"{escape(text)}</text>"
        )
    if shared:
        x_target = LABEL_W + targets[0] * scale
        note = f"Chỉ tiêu {bars[0].evaluation.target_text}"
        body.append(
            f'<line x1="{x_target:.1f}" y1="{TOP - 6}" x2="{x_target:.1f}" y2="{bottom}" '
            'class="bc-target"/>'
        )
    else:
        x_target, note = float(LABEL_W), "Vạch dọc: mức chỉ tiêu của từng dòng"
    anchor = "middle" if shared else "start"
    body.append(
        f'<text x="{x_target:.1f}" y="{bottom + 16}" text-anchor="{anchor}" class="bc-chart-note">'
        f"{escape(note)}</text>"
    )
    return _svg(uid, bottom + 24, title, body)


def tally_bars(title: str, tallies: list[Tally], uid: str) -> str:
    """Per unit: how many indicators were met (solid), not met (hatched), without data (pale)."""
    if not tallies:
        return ""
    most = max(t.total for t in tallies) or 1
    plot_w = WIDTH - LABEL_W - VALUE_W
    scale = plot_w / most
    height = TOP + ROW_H * len(tallies) + 8
    body: list[str] = []
    for row, tally in enumerate(tallies):
        y = TOP + row * ROW_H
        body.append(_label(tally.label, y + BAR_H - 3))
        x = float(LABEL_W)
        for count, status in (
            (tally.met, Status.MET),
            (tally.not_met, Status.NOT_MET),
            (tally.no_data, Status.NO_DATA),
        ):
            if not count:
                continue
            w = count * scale
            css = (
                'class="bc-bar bc-bar--no-data"' if status is Status.NO_DATA else _fill(status, uid)
            )
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" {css}>'
                f"<title>{count} {escape(_STATUS_WORDS[status])}</title></rect>"
            )
            x += w
        text = f"✓ {tally.met} · ✗ {tally.not_met}" + (
            f" · — {tally.no_data}" if tally.no_data else ""
        )
        body.append(
            f'<text x="{x + 6:.1f}" y="{y + BAR_H - 3}" class="bc-chart-value">{escape(text)}</text>'
        )
    return _svg(uid, height, title, body)


_STATUS_WORDS = {
    Status.MET: "chỉ tiêu đạt",
    Status.NOT_MET: "chỉ tiêu không đạt",
    Status.NO_DATA: "chỉ tiêu chưa có số liệu",
}
