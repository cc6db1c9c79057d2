"""The units' history: former names with their dates, successors named as they were."""

import datetime as dt
from pathlib import Path

from projectfactory import write_project

from generator.site.history import merges, unit_histories
from generator.site.media import MediaCatalog
from generator.site.views import period_view

UNITS = """
    - id: tuy-hoa
      name: VKSND thành phố Tuy Hòa
      short_name: Tuy Hòa
      kind: district
      from: 1989-07-01
      until: 2025-06-30
      former_names:
        - {name: VKSND thị xã Tuy Hòa, until: 2005-01-04}
        - {name: VKSND huyện Tuy Hòa, until: 2002-12-31}
      succeeded_by: khu-vuc-1
    - id: song-cau
      name: VKSND thị xã Sông Cầu
      kind: district
      until: 2025-06-30
      former_names:
        - {name: VKSND huyện Sông Cầu, until: 2009-08-31}
      succeeded_by: khu-vuc-1
    - id: khu-vuc-1
      name: VKSND khu vực 1 – Đắk Lắk
      kind: regional
      from: 2025-07-01
"""


def _groups(root: Path, load_filtered):
    project = load_filtered(root)
    views = [period_view(project, p, MediaCatalog(), None) for p in project.periods]
    return unit_histories(project, views)


def test_former_names_are_listed_oldest_first_with_their_days(tmp_path: Path, load_filtered):
    root = write_project(tmp_path / "p", {"content/units.yml": UNITS})
    tuy_hoa = _groups(root, load_filtered)[0].units[0]
    assert [(f.name, f.span) for f in tuy_hoa.former_names] == [
        ("VKSND huyện Tuy Hòa", "từ 01/07/1989 đến 31/12/2002"),
        ("VKSND thị xã Tuy Hòa", "từ 01/01/2003 đến 04/01/2005"),
    ]
    assert tuy_hoa.renamed_on == dt.date(2005, 1, 5)
    song_cau = _groups(root, load_filtered)[0].units[1]
    assert [f.span for f in song_cau.former_names] == ["đến 31/08/2009"]


def test_a_successor_names_the_units_it_took_over_as_they_were_last(tmp_path: Path, load_filtered):
    units = UNITS.replace("until: 2009-08-31", "until: 2025-06-30").replace(
        "name: VKSND thị xã Sông Cầu", "name: VKSND thị xã Sông Cầu (tên mới)"
    )
    root = write_project(tmp_path / "p", {"content/units.yml": units})
    (merged,) = merges(_groups(root, load_filtered))
    assert [(u.id, name) for u, name in merged.predecessor_names] == [
        ("tuy-hoa", "VKSND thành phố Tuy Hòa"),
        ("song-cau", "VKSND huyện Sông Cầu"),  # its name on its last day, 30/06/2025
    ]
