"""The audience filter: nothing above the requested audience survives."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.load.loader import load_project
from generator.model import Visibility

HIGHLIGHTS = """
unit: tuy-hoa
visibility: public
media:
  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
    caption: MARKER-PUBLIC-PHOTO
    category: nghiep-vu
    narration: Lời dẫn công khai.
  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
    caption: MARKER-INTERNAL-PHOTO
    category: nghiep-vu
    narration: Lời dẫn nội bộ.
    visibility: internal
  - file: 2021-h1/tuy-hoa/mat.jpg
    caption: MARKER-RESTRICTED-PHOTO
    category: nghiep-vu
    narration: Lời dẫn hạn chế.
    visibility: restricted
"""

RESULTS = """
unit: tuy-hoa
visibility: public
results:
  - indicator: giai-quyet-tin-bao
    numerator: 152
    denominator: 160
    note: MARKER-PUBLIC-NOTE
  - indicator: tam-giam-qua-han
    value: 0
    note: MARKER-INTERNAL-NOTE
    visibility: internal
cases:
  - title: MARKER-RESTRICTED-CASE
    visibility: restricted
  - title: MARKER-INTERNAL-CASE
    visibility: internal
"""

RESTRICTED_FILE = """
unit: song-cau
visibility: restricted
results:
  - indicator: giai-quyet-tin-bao
    numerator: 1
    denominator: 2
    note: MARKER-RESTRICTED-FILE
    visibility: public
"""


def _project(tmp_path: Path):
    root = write_project(
        tmp_path / "p",
        {
            "content/periods/2021-h1/highlights/tuy-hoa.yml": HIGHLIGHTS,
            "content/periods/2021-h1/results/tuy-hoa.yml": RESULTS,
            "content/periods/2021-h1/results/song-cau.yml": RESTRICTED_FILE,
        },
    )
    photo = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    (root / "media/2021-h1/tuy-hoa/mat.jpg").write_bytes(photo.read_bytes())
    return load_project(root).project


def test_each_audience_sees_its_level_and_below(tmp_path: Path) -> None:
    project = _project(tmp_path)
    public = repr(filter_for_audience(project, Visibility.PUBLIC))
    internal = repr(filter_for_audience(project, Visibility.INTERNAL))
    restricted = repr(filter_for_audience(project, Visibility.RESTRICTED))
    for marker in ("PUBLIC-PHOTO", "PUBLIC-NOTE"):
        assert f"MARKER-{marker}" in public
    for marker in ("INTERNAL-PHOTO", "INTERNAL-NOTE", "INTERNAL-CASE", "RESTRICTED"):
        assert f"MARKER-{marker}" not in public
    assert "Báo cáo sơ kết" not in public  # report.md defaults to internal
    for marker in ("INTERNAL-PHOTO", "INTERNAL-NOTE", "INTERNAL-CASE"):
        assert f"MARKER-{marker}" in internal
    assert "MARKER-RESTRICTED" not in internal
    # a public item inside a restricted file stays restricted (the file is a ceiling)
    assert "MARKER-RESTRICTED-FILE" in restricted
    assert "MARKER-RESTRICTED-CASE" in restricted


def test_media_of_hidden_items_do_not_travel(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert "2021-h1/tuy-hoa/mat.jpg" in project.media
    assert "2021-h1/tuy-hoa/mat.jpg" not in filter_for_audience(project, Visibility.INTERNAL).media
    public = filter_for_audience(project, Visibility.PUBLIC)
    assert public.audience is Visibility.PUBLIC
    assert set(public.media) == {"2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"}


def test_a_narration_override_goes_only_where_its_screen_does(tmp_path: Path) -> None:
    """video.yml has no level of its own; a line written for an indicator whose results an
    audience may not see (it may quote them) is dropped with them: from the public video, its
    plan and the archive's records alike."""
    video = (
        "narration:\n"
        "  tong-hop: MARKER-SUMMARY\n"
        "  giai-quyet-tin-bao: MARKER-TIN-BAO đạt 92,5%, cao nhất là Tuy Hòa.\n"
    )
    root = write_project(tmp_path / "p", {"content/periods/2021-h1/video.yml": video})
    project = load_project(root).project
    internal = filter_for_audience(project, Visibility.INTERNAL).period("2021-h1").video
    assert set(internal.narration) == {"tong-hop", "giai-quyet-tin-bao"}
    # the tiny project's results files are internal: the public audience has no result screen
    public = filter_for_audience(project, Visibility.PUBLIC).period("2021-h1").video
    assert public.narration == {}
