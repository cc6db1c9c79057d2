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


SITE = """\
# Who publishes the reports.
organisation: Viện kiểm sát nhân dân tỉnh Phú Yên
short_name: VKSND tỉnh Phú Yên
"""
FILL_IN = (
    "hãy điền trong trang «Cài đặt báo cáo» của studio, hoặc {how} (xem mục «Báo cáo viết» "
    "trong Hướng dẫn)"
)


def _site_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str], site: str) -> list[str]:
    root = write_project(tmp_path / "p", {"content/site.yml": site})
    assert main(["--project", str(root), "check"]) == 0  # warnings only: the report still prints
    return [line for line in capsys.readouterr().err.splitlines() if "site.yml" in line]


def test_a_site_without_report_settings_is_told_what_the_report_will_lack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _site_warnings(tmp_path, capsys, SITE) == [
        "content/site.yml:2:1: cảnh báo: chưa có phần «report:»: báo cáo viết (baocao report) "
        "sẽ in «CẦN BỔ SUNG» ở địa danh, người ký và nơi nhận; "
        + FILL_IN.format(how="thêm phần «report:» vào tệp này")
    ]


def test_report_settings_without_recipients_or_with_template_text_are_warned_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = SITE + (
        "report:\n"
        "  place: Phú Yên\n"
        "  signer:\n"
        "    title: Viện trưởng\n"
        "    name: 'CẦN BỔ SUNG: họ tên'\n"
    )
    assert _site_warnings(tmp_path, capsys, site) == [
        "content/site.yml:4:1: cảnh báo: phần «report:» chưa có nơi nhận («recipients»): báo cáo "
        "viết sẽ in «CẦN BỔ SUNG» ở nơi nhận; "
        + FILL_IN.format(how="thêm «recipients:» vào phần này"),
        "content/site.yml:8:11: cảnh báo: dòng này còn để mẫu; báo cáo viết sẽ in nguyên chữ "
        "này; " + FILL_IN.format(how="sửa dòng này"),
    ]


def test_complete_report_settings_are_not_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = SITE + (
        "report:\n"
        "  place: Phú Yên\n"
        "  signer: {title: Viện trưởng, name: Nguyễn Văn An}\n"
        "  recipients: [VKSND tối cao (để báo cáo)]\n"
    )
    assert _site_warnings(tmp_path, capsys, site) == []
