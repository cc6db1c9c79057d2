"""The sector's reporting calendar: what «Kỳ báo cáo mới» proposes and ``new-period`` titles."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shlex

import pytest

from generator.cli import build_parser
from generator.errors import InputError
from generator.model import PeriodKind
from generator.workflow.calendar import ProposedPeriod, parse_period_id, proposed_period
from generator.workflow.reference import GUIDE_DIR

D = dt.date


@pytest.mark.parametrize(
    ("kind", "year", "number", "expected"),
    [
        (
            "year",
            2022,
            None,
            ("2022", "Tổng kết công tác năm 2022", D(2021, 12, 1), D(2022, 11, 30)),
        ),
        (
            "half-year",
            2021,
            1,
            ("2021-h1", "Sơ kết công tác 6 tháng đầu năm 2021", D(2020, 12, 1), D(2021, 5, 31)),
        ),
        (
            "half-year",
            2021,
            2,
            ("2021-h2", "Sơ kết công tác 6 tháng cuối năm 2021", D(2021, 6, 1), D(2021, 11, 30)),
        ),
        (
            "quarter",
            2022,
            1,
            ("2022-q1", "Báo cáo công tác quý 1 năm 2022", D(2021, 12, 1), D(2022, 2, 28)),
        ),
        (
            "quarter",
            2024,
            1,
            ("2024-q1", "Báo cáo công tác quý 1 năm 2024", D(2023, 12, 1), D(2024, 2, 29)),
        ),
        (
            "quarter",
            2022,
            2,
            ("2022-q2", "Báo cáo công tác quý 2 năm 2022", D(2022, 3, 1), D(2022, 5, 31)),
        ),
        (
            "quarter",
            2022,
            3,
            ("2022-q3", "Báo cáo công tác quý 3 năm 2022", D(2022, 6, 1), D(2022, 8, 31)),
        ),
        (
            "quarter",
            2022,
            4,
            ("2022-q4", "Báo cáo công tác quý 4 năm 2022", D(2022, 9, 1), D(2022, 11, 30)),
        ),
        (
            "month",
            2022,
            3,
            ("2022-03", "Báo cáo công tác tháng 3/2022", D(2022, 3, 1), D(2022, 3, 31)),
        ),
        (
            "month",
            2024,
            2,
            ("2024-02", "Báo cáo công tác tháng 2/2024", D(2024, 2, 1), D(2024, 2, 29)),
        ),
        (
            "month",
            2021,
            12,
            ("2021-12", "Báo cáo công tác tháng 12/2021", D(2021, 12, 1), D(2021, 12, 31)),
        ),
    ],
)
def test_the_sectors_calendar(kind: str, year: int, number: int | None, expected: tuple) -> None:
    proposed = proposed_period(kind, year, number)
    assert proposed == expected
    assert isinstance(proposed, ProposedPeriod) and proposed.id == expected[0]
    assert parse_period_id(proposed.id) == (PeriodKind(kind), year, number)


def test_the_halves_quarters_and_months_tile_the_year_without_gap_or_overlap() -> None:
    year = proposed_period(PeriodKind.YEAR, 2024)
    for kind, count in (("half-year", 2), ("quarter", 4), ("month", 12)):
        parts = [proposed_period(kind, 2024, n) for n in range(1, count + 1)]
        if kind == "month":  # calendar months: January – December of the year named
            assert (parts[0].start, parts[-1].end) == (D(2024, 1, 1), D(2024, 12, 31))
        else:
            assert (parts[0].start, parts[-1].end) == (year.start, year.end)
        for before, after in itertools.pairwise(parts):
            assert after.start == before.end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("week", 2022, 1), "loại kỳ «week» không hợp lệ; chọn một trong: month, quarter"),
        (("quarter", 2022, 5), "quý phải là một số từ 1 đến 4"),
        (("quarter", 2022, None), "quý phải là một số từ 1 đến 4"),
        (("half-year", 2022, 0), "nửa năm phải là một số từ 1 đến 2"),
        (("month", 2022, 13), "tháng phải là một số từ 1 đến 12"),
        (("year", 2022, 2), "kỳ báo cáo năm không chia nhỏ: bỏ số 2"),
        (("year", 22, None), "năm 22 không hợp lệ: ghi năm từ 1900 đến 2999"),
    ],
)
def test_what_the_calendar_cannot_propose_is_said_in_vietnamese(args: tuple, message: str) -> None:
    with pytest.raises(InputError, match=message):
        proposed_period(*args)


def test_ids_outside_the_calendar_name_no_kind() -> None:
    assert parse_period_id("2022") == (PeriodKind.YEAR, 2022, None)
    for other in ("so-ket-2022", "2022-13", "2022-h3", "2022-q0", "22-h1", "2022-3"):
        assert parse_period_id(other) is None, other


GUIDE = GUIDE_DIR / "ky-bao-cao.md"


def test_every_new_period_command_in_the_guide_follows_the_calendar() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    lines = re.findall(r"^baocao new-period .*$", text, re.MULTILINE)
    kinds = set()
    for line in lines:
        args = build_parser().parse_args(shlex.split(line)[1:])
        named = parse_period_id(args.period)
        assert named is not None and named[0] == args.kind, line
        kinds.add(args.kind)
        proposed = proposed_period(*named)
        assert (proposed.start, proposed.end) == (args.start, args.end), line
    assert kinds == {k.value for k in PeriodKind}


def test_the_guides_calendar_table_is_the_calendar() -> None:
    rows = re.findall(
        r"^\| [^|]+ \| `([^`]+)` \| (\d\d/\d\d/\d{4}) \| (\d\d/\d\d/\d{4})[^|]* \| ([^|]+) \|$",
        GUIDE.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert len(rows) == 8
    for period_id, start, end, title in rows:
        named = parse_period_id(period_id)
        assert named is not None, period_id
        proposed = proposed_period(*named)
        assert proposed.start == dt.datetime.strptime(start, "%d/%m/%Y").date()
        assert proposed.end == dt.datetime.strptime(end, "%d/%m/%Y").date()
        assert proposed.title == title.strip()
