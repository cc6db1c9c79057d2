"""The written report as data: letterhead, body, annex, audience."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from projectfactory import FILES, write_project

from generator.audience import filter_for_audience
from generator.load.loader import load_project
from generator.model import Visibility
from generator.report.blocks import Heading, Paragraph
from generator.report.document import Signature, WrittenReport, place_date, written_report


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


def _report(root: Path, audience: Visibility = Visibility.INTERNAL) -> WrittenReport:
    project = filter_for_audience(load_project(root).project, audience)
    return written_report(project, "2021-h1")


def _texts(report: WrittenReport) -> list[str]:
    return [b.text for b in report.body if isinstance(b, (Heading, Paragraph))]


def test_without_report_settings_the_report_is_a_draft_with_marked_blanks(
    tiny_project: Path,
) -> None:
    report = _report(tiny_project)
    head = report.letterhead
    assert head.place_date == "[CẦN BỔ SUNG], ngày 15 tháng 7 năm 2021"
    assert head.number == "Số:       /BC-VKS"  # the default symbol stays
    assert (head.parent_body, head.issuing_body) == (None, "Viện kiểm sát nhân dân tỉnh Phú Yên")
    assert report.signature == Signature(
        ("[CẦN BỔ SUNG: CHỨC VỤ]",), "[CẦN BỔ SUNG: họ tên người ký]"
    )
    assert report.recipients == ("- [CẦN BỔ SUNG: nơi nhận];", "- Lưu: VT, VP.")


def test_settings_without_recipients_leave_only_the_recipients_to_fill_in(
    tmp_path: Path,
) -> None:
    site = textwrap.dedent(FILES["content/site.yml"]) + textwrap.dedent(
        """
        report:
          place: Phú Yên
          signer: {title: Viện trưởng, name: Nguyễn Văn An}
        """
    )
    report = _report(write_project(tmp_path / "p", {"content/site.yml": site}))
    assert report.letterhead.place_date.startswith("Phú Yên, ngày 15")
    assert report.signature == Signature(("VIỆN TRƯỞNG",), "Nguyễn Văn An")
    assert report.recipients == ("- [CẦN BỔ SUNG: nơi nhận];", "- Lưu: VT, VP.")


DEMO_SECTIONS = (
    "# Báo cáo\n\n## Tình hình chung\n\nA.\n\n## Kết quả thực hiện các chỉ tiêu\n\n- B.\n\n"
    "## Công tác tổ chức cán bộ\n\nC.\n\n## Tồn tại, hạn chế\n\nD.\n\n"
    "## Nhiệm vụ trọng tâm 6 tháng cuối năm\n\n1. E.\n\nLời kết.\n"
)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (  # after the results section, before what follows it; the closing words stay last
            DEMO_SECTIONS,
            [
                "I. Tình hình chung",
                "II. Kết quả thực hiện các chỉ tiêu",
                "III. Số liệu thực hiện các chỉ tiêu nghiệp vụ",
                "IV. Công tác tổ chức cán bộ",
                "V. Tồn tại, hạn chế",
                "VI. Nhiệm vụ trọng tâm 6 tháng cuối năm",
            ],
        ),
        (  # no results section: before the first section looking ahead
            "## Tình hình\n\nA.\n\n## II. Phương hướng, nhiệm vụ\n\nB.\n\n## Kiến nghị\n\nC.\n",
            [
                "I. Tình hình",
                "II. Số liệu thực hiện các chỉ tiêu nghiệp vụ",
                "III. Phương hướng, nhiệm vụ",
                "IV. Kiến nghị",
            ],
        ),
        (  # nothing to go by: after everything
            "## Tình hình\n\nA.\n\n## Công tác khác\n\nB.\n",
            ["I. Tình hình", "II. Công tác khác", "III. Số liệu thực hiện các chỉ tiêu nghiệp vụ"],
        ),
    ],
)
def test_the_figures_sit_in_the_results_part_of_the_report(
    report_project: Path, markdown: str, expected: list[str]
) -> None:
    (report_project / "content/periods/2021-h1/report.md").write_text(markdown, "utf-8")
    report = _report(report_project)
    headings = [f"{b.number} {b.text}" for b in report.body if isinstance(b, Heading)]
    assert headings == expected
    if markdown == DEMO_SECTIONS:
        assert _texts(report)[-1] == "Lời kết."  # the report ends once, with its own words


def test_without_last_years_period_the_report_says_so_once(report_project: Path) -> None:
    texts = _texts(_report(report_project))
    assert texts.count("Chưa có số liệu cùng kỳ năm trước để so sánh.") == 1
    assert not any("cùng kỳ" in t for t in texts if not t.startswith("Chưa có số liệu cùng kỳ"))


def test_with_last_years_period_the_report_compares_and_does_not_say_it_lacks_one(
    compared_project: Path,
) -> None:
    report = _report(compared_project)
    texts = _texts(report)
    assert not any("Chưa có số liệu cùng kỳ" in t for t in texts)
    assert any(t.startswith("Số liệu được so sánh với cùng kỳ năm trước") for t in texts)
    assert report.annex.comparison is not None
    assert report.annex.comparison.rows[0][1:3] == ("92,5%", "90,63%")


def test_a_withheld_province_figure_is_never_judged_nor_compared(compared_project: Path) -> None:
    """The public version of a project whose results are internal: the annex's province row
    says the figure is not in this version, and no comparison of it is shown."""
    report = _report(compared_project, Visibility.PUBLIC)
    province = report.annex.scoreboard.rows[-1]
    assert province[1] == "Toàn tỉnh"
    withheld = "không có trong bản này"
    assert province[2:] == (withheld, withheld, "—")  # nobody reported tra-ho-so at all
    assert report.annex.comparison is None
    assert not any("Số liệu được so sánh" in t for t in _texts(report))
    assert report.annex.legend[-1].startswith("«Không có trong bản này»: số liệu toàn tỉnh")
    assert report.letterhead.circulation is None  # the public version circulates freely


def test_province_figures_published_at_a_level_are_judged_there(report_project: Path) -> None:
    period = report_project / "content/periods/2021-h1/period.yml"
    period.write_text(period.read_text("utf-8") + "province_visibility: public\n", "utf-8")
    report = _report(report_project, Visibility.PUBLIC)
    assert report.annex.scoreboard.rows[-1][2] == "92,5%\nđạt"
