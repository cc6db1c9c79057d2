"""The written report as data: letterhead, body, annex, audience."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.audience import filter_for_audience
from generator.errors import InputError
from generator.load.loader import load_project
from generator.model import Visibility
from generator.report.blocks import Heading
from generator.report.document import place_date, written_report


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 7, 15), "Phú Yên, ngày 15 tháng 7 năm 2021"),
        (dt.date(2021, 2, 5), "Phú Yên, ngày 05 tháng 02 năm 2021"),
        (dt.date(2021, 12, 9), "Phú Yên, ngày 09 tháng 12 năm 2021"),
        (None, "Phú Yên, ngày      tháng      năm 2021"),
    ],
)
def test_the_date_line_follows_decree_30(day: dt.date | None, expected: str) -> None:
    assert place_date("Phú Yên", day, 2021) == expected


def test_letterhead_signature_and_annex(report_project: Path) -> None:
    project = filter_for_audience(load_project(report_project).project, Visibility.INTERNAL)
    report = written_report(project, "2021-h1")
    head = report.letterhead
    assert (head.parent_body, head.issuing_body) == (
        "VKSND tối cao",
        "Viện kiểm sát nhân dân tỉnh Phú Yên",
    )
    assert head.place_date == "Phú Yên, ngày 15 tháng 7 năm 2021"
    assert head.number == "Số:       /BC-VKS"
    assert report.signature.authority == ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")
    assert report.recipients[-1] == "- Lưu: VT, VP."
    assert report.recipients[0] == "- VKSND tối cao (để báo cáo);"
    headings = [b.number + " " + b.text for b in report.body if isinstance(b, Heading)]
    assert headings == ["I. Số liệu thực hiện các chỉ tiêu nghiệp vụ"]
    table = report.annex.scoreboard
    units = [row[1] for row in table.rows]
    # every district unit active in the period, then the province row (sum over sum: 296/320)
    assert units == ["VKSND thành phố Tuy Hòa", "VKSND thị xã Sông Cầu", "Toàn tỉnh"]
    assert table.rows[-1][2] == "92,5%\nđạt"
    assert table.rows[1][3] == "1 người\nkhông đạt"
    assert table.rows[0][4] == "—"  # nobody reported tra-ho-so


def test_a_report_needs_its_settings_in_site_yml(tiny_project: Path) -> None:
    project = load_project(tiny_project).project
    with pytest.raises(InputError) as caught:
        written_report(project, "2021-h1")
    assert str(caught.value.problems[0]).startswith("content/site.yml:1:1: thiếu phần «report:»")
