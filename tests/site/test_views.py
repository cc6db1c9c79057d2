"""What the pages show, decided before any template: counts, order, galleries, unit history."""

import datetime as dt
from pathlib import Path

from projectfactory import write_project

from generator.evaluation import Status
from generator.model import CATEGORY_LABELS, Period, Visibility
from generator.site.history import merges, unit_histories
from generator.site.media import MediaCatalog, SitePhoto
from generator.site.views import (
    gallery_views,
    indicator_views,
    label_on,
    period_label,
    period_view,
)


def _views(project, catalog=None):
    return [period_view(project, p, catalog or MediaCatalog(), None) for p in project.periods]


def test_period_view_counts_and_key_figures(tiny_project: Path, load_filtered):
    project = load_filtered(tiny_project)
    (view,) = _views(project)
    tuy_hoa = view.unit_view("tuy-hoa")
    assert tuy_hoa.counts == {
        Status.MET: 2,
        Status.NOT_MET: 0,
        Status.NO_DATA: 1,
        Status.WITHHELD: 0,
    }
    assert tuy_hoa.rows[0].note == "Còn 8 tin báo đang xác minh."
    assert tuy_hoa.cases == ()  # restricted: not for the internal audience
    (restricted,) = _views(load_filtered(tiny_project, Visibility.RESTRICTED))
    assert [c.title for c in restricted.unit_view("tuy-hoa").cases] == [
        "Vụ án tham ô tài sản tại Công ty X"
    ]
    assert tuy_hoa.successor is not None and tuy_hoa.successor.id == "khu-vuc-1"
    assert [e.value_text for e in view.key_figures()] == ["92,5%", "1 người"]
    assert [(t.label, t.met, t.not_met) for t in view.tallies()] == [
        ("Tuy Hòa", 2, 0),
        ("VKSND thị xã Sông Cầu", 0, 2),
    ]


def test_media_without_a_web_copy_is_left_out(tiny_project: Path, load_filtered):
    project = load_filtered(tiny_project)
    assert _views(project)[0].media == ()
    photo = SitePhoto((("media/anh/a-480.webp", 480, 270), ("media/anh/a-960.webp", 960, 540)))
    catalog = MediaCatalog(photos={"2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg": photo})
    (view,) = _views(project, catalog)
    assert [m.photo for m in view.media] == [photo] and view.photo_count() == 1


def test_galleries_always_list_the_six_categories(tiny_project: Path, load_filtered):
    photo = SitePhoto((("media/anh/a-480.webp", 480, 270),))
    catalog = MediaCatalog(photos={"2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg": photo})
    galleries = gallery_views(_views(load_filtered(tiny_project), catalog), CATEGORY_LABELS)
    assert [g.label for g in galleries] == list(CATEGORY_LABELS.values())
    assert {g.page: g.count for g in galleries}["hinh-anh/nghiep-vu.md"] == 1


def test_indicator_views_compare_periods_oldest_first(tiny_project: Path, load_filtered):
    project = load_filtered(tiny_project)
    (rate, count, _returned) = indicator_views(project, _views(project))
    assert rate.indicator.id == "giai-quyet-tin-bao"
    assert [u.id for u in rate.units] == ["tuy-hoa", "song-cau"]
    assert [b.label for b in rate.latest_bars()] == ["Tuy Hòa", "VKSND thị xã Sông Cầu"]
    assert count.trend_bars()[0].label == "6 tháng đầu năm 2021"


def test_unit_history_groups_by_kind_and_links_merges(tiny_project: Path, load_filtered):
    project = load_filtered(tiny_project)
    groups = unit_histories(project, _views(project))
    assert [g.label for g in groups] == ["Cấp tỉnh", "VKSND cấp huyện", "VKSND khu vực"]
    tuy_hoa = groups[1].units[0]
    assert tuy_hoa.span == "đến 30/06/2025" and tuy_hoa.successor.id == "khu-vuc-1"
    assert [page for _p, page in tuy_hoa.appearances] == ["ky-bao-cao/2021-h1/tuy-hoa.md"]
    (merged,) = merges(groups)
    assert merged.unit.id == "khu-vuc-1"
    assert [u.id for u in merged.predecessors] == ["tuy-hoa", "song-cau"]


def test_period_labels_are_short():
    def period(kind: str, start: str, end: str) -> Period:
        return Period(
            title="x", kind=kind, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)
        )

    assert period_label(period("half-year", "2020-12-01", "2021-05-31")) == "6 tháng đầu năm 2021"
    assert period_label(period("year", "2020-12-01", "2021-11-30")) == "Năm 2021"
    assert period_label(period("month", "2021-04-01", "2021-04-30")) == "Tháng 04/2021"


RENAMED_UNITS = """
    - id: vks-tinh
      name: Viện kiểm sát nhân dân tỉnh Phú Yên
      kind: province
    - id: tuy-hoa
      name: VKSND thành phố Tuy Hòa
      short_name: Tuy Hòa
      kind: district
      former_names:
        - {name: VKSND thị xã Tuy Hòa, until: 2021-05-31}
    - id: song-cau
      name: VKSND thị xã Sông Cầu
      kind: district
"""


def test_units_are_named_as_they_were_at_the_period_end(tmp_path: Path, load_filtered):
    root = write_project(tmp_path / "p", {"content/units.yml": RENAMED_UNITS})
    photo = SitePhoto((("media/anh/a-480.webp", 480, 270),))
    catalog = MediaCatalog(photos={"2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg": photo})
    (view,) = _views(load_filtered(root), catalog)
    tuy_hoa = view.unit_view("tuy-hoa")
    # the period ends 31/05/2021, the last day of the old name: the full old name, no short name
    assert (tuy_hoa.name, tuy_hoa.label, tuy_hoa.renamed) == (
        "VKSND thị xã Tuy Hòa",
        "VKSND thị xã Tuy Hòa",
        True,
    )
    assert view.unit_view("song-cau").renamed is False
    assert [t.label for t in view.tallies()] == ["VKSND thị xã Tuy Hòa", "VKSND thị xã Sông Cầu"]
    (media,) = view.media
    assert (media.unit_name, media.unit_label) == ("VKSND thị xã Tuy Hòa", "VKSND thị xã Tuy Hòa")
    (rate, _count, _returned) = indicator_views(load_filtered(root), [view])
    assert [b.label for b in rate.latest_bars()] == [
        "VKSND thị xã Tuy Hòa",
        "VKSND thị xã Sông Cầu",
    ]


def test_short_label_stays_while_the_name_is_unchanged(tmp_path: Path, load_filtered):
    units = RENAMED_UNITS.replace("until: 2021-05-31", "until: 2021-05-30")
    (view,) = _views(load_filtered(write_project(tmp_path / "p", {"content/units.yml": units})))
    tuy_hoa = view.unit_view("tuy-hoa")
    assert (tuy_hoa.name, tuy_hoa.label, tuy_hoa.renamed) == (
        "VKSND thành phố Tuy Hòa",
        "Tuy Hòa",
        False,
    )
    assert label_on(tuy_hoa.unit, dt.date(2021, 5, 30)) == "VKSND thị xã Tuy Hòa"
