"""The tradition room's index: periods by year, newest first, each with a strip of highlights."""

from pathlib import Path

from projectfactory import write_project

from generator.site.media import MediaCatalog, SitePhoto
from generator.site.tradition import archive_years
from generator.site.views import period_view

PERIODS = {
    "content/periods/2021-q1/period.yml": """
        title: Quý I năm 2021
        kind: quarter
        start: 2020-12-01
        end: 2021-02-28
    """,
    "content/periods/2020-h1/period.yml": """
        title: Sơ kết công tác 6 tháng đầu năm 2020
        kind: half-year
        start: 2019-12-01
        end: 2020-05-31
    """,
}


def test_periods_are_grouped_by_year_newest_first(tmp_path: Path, load_filtered):
    project = load_filtered(write_project(tmp_path / "p", PERIODS))
    photo = SitePhoto((("media/anh/a-480.webp", 480, 270),))
    catalog = MediaCatalog(photos={"2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg": photo})
    views = [period_view(project, p, catalog, None) for p in project.periods]
    years = archive_years(views)
    assert [(y.year, [e.period.id for e in y.entries]) for y in years] == [
        (2021, ["2021-h1", "2021-q1"]),
        (2020, ["2020-h1"]),
    ]
    newest = years[0].entries[0]
    assert [m.item.caption for m in newest.strip] == ["Kiểm sát việc tạm giữ, tạm giam"]
    assert newest.more == 0
    short = archive_years(views, strip=0)[0].entries[0]
    assert (short.strip, short.more) == ((), 1)
