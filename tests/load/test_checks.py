"""Cross-file checks added for history and bounds: succession cycles, rate targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectfactory import write_project

from generator.cli import main

UNITS = """
- id: vks-tinh
  name: Viện kiểm sát nhân dân tỉnh Phú Yên
  kind: province
- id: tuy-hoa
  name: VKSND thành phố Tuy Hòa
  kind: district
  succeeded_by: {tuy_hoa}
- id: song-cau
  name: VKSND thị xã Sông Cầu
  kind: district
  succeeded_by: {song_cau}
- id: khu-vuc-1
  name: VKSND khu vực 1 – Đắk Lắk
  kind: regional
  succeeded_by: {khu_vuc_1}
"""


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], units: str) -> tuple[int, str]:
    root = write_project(tmp_path / "p", {"content/units.yml": units})
    code = main(["--project", str(root), "check"])
    return code, capsys.readouterr().err


def test_a_two_unit_cycle_is_an_error_at_each_units_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = UNITS.format(tuy_hoa="song-cau", song_cau="tuy-hoa", khu_vuc_1="~")
    code, err = _check(tmp_path, capsys, units)
    assert code == 1
    lines = [line for line in err.splitlines() if "vòng kế thừa" in line]
    assert lines == [
        "content/units.yml:7:17: vòng kế thừa khép kín (tuy-hoa → song-cau → tuy-hoa): một đơn vị "
        "không thể kế thừa đơn vị đã kế thừa nó; hãy sửa «succeeded_by»",
        "content/units.yml:11:17: vòng kế thừa khép kín (song-cau → tuy-hoa → song-cau): một đơn "
        "vị không thể kế thừa đơn vị đã kế thừa nó; hãy sửa «succeeded_by»",
    ]


def test_a_longer_cycle_names_every_unit_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = UNITS.format(tuy_hoa="song-cau", song_cau="khu-vuc-1", khu_vuc_1="tuy-hoa")
    code, err = _check(tmp_path, capsys, units)
    assert code == 1
    assert (
        "content/units.yml:15:17: vòng kế thừa khép kín (khu-vuc-1 → tuy-hoa → song-cau → "
        "khu-vuc-1)" in err
    )
    assert err.count("vòng kế thừa") == 3


def test_a_unit_succeeding_itself_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = UNITS.format(tuy_hoa="tuy-hoa", song_cau="khu-vuc-1", khu_vuc_1="~")
    code, err = _check(tmp_path, capsys, units)
    assert code == 1
    assert "content/units.yml:7:17: đơn vị không thể kế thừa chính nó" in err
    assert "vòng kế thừa" not in err


def test_a_chain_into_a_cycle_blames_only_the_cycle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tuy-hoa → song-cau ⇄ khu-vuc-1: tuy-hoa is not on the cycle.
    units = UNITS.format(tuy_hoa="song-cau", song_cau="khu-vuc-1", khu_vuc_1="song-cau")
    code, err = _check(tmp_path, capsys, units)
    assert code == 1
    assert err.count("vòng kế thừa") == 2
    assert "content/units.yml:7:" not in err


def test_a_succession_chain_without_a_cycle_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = UNITS.format(tuy_hoa="khu-vuc-1", song_cau="khu-vuc-1", khu_vuc_1="~")
    code, err = _check(tmp_path, capsys, units)
    assert code == 0, err


def test_a_narration_for_no_screen_is_a_warning_at_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = (
        "narration:\n"
        "  tong-hop: Toàn tỉnh hoàn thành tốt các chỉ tiêu.\n"
        "  giai-quyet-tin-bao: Công tác giải quyết tin báo đạt kết quả cao.\n"
        "  giai-quyet-tin-bao-2021: Lời này gõ nhầm mã chỉ tiêu.\n"
    )
    root = write_project(tmp_path / "p", {"content/periods/2021-h1/video.yml": video})
    assert main(["--project", str(root), "check"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "lời dẫn «" in line]
    assert lines == [
        "content/periods/2021-h1/video.yml:4:3: cảnh báo: lời dẫn «giai-quyet-tin-bao-2021» "
        "không ứng với màn hình nào (cần mã một chỉ tiêu trong indicators.yml, hoặc «tong-hop» "
        "cho màn hình kết quả toàn tỉnh); lời này sẽ không được đọc"
    ]


def test_an_empty_list_of_sections_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "p", {"content/periods/2021-h1/video.yml": "sections: []\n"})
    assert main(["--project", str(root), "check"]) == 1
    assert (
        "content/periods/2021-h1/video.yml:1:1: danh sách phần («sections») rỗng: video sẽ "
        "không có cảnh nào" in capsys.readouterr().err
    )
