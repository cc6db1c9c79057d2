"""``export-results``: the review sheet lists every unit and indicator and imports back as is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

from generator.load.loader import load_project
from generator.workflow.export import export_results
from generator.workflow.spreadsheet import import_results

Digest = Callable[[Path], dict[str, str]]


def test_export_round_trips_through_import(
    tiny_project: Path, tmp_path: Path, digest: Digest
) -> None:
    before = load_project(tiny_project).project.period("2021-h1").results
    out = tmp_path / "review.xlsx"
    progress: list[tuple[int, int]] = []

    export_results(tiny_project, "2021-h1", out, on_progress=lambda d, t: progress.append((d, t)))

    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == (
        "Đơn vị",
        "Tên đơn vị",
        "Chỉ tiêu",
        "Tên chỉ tiêu",
        "Tử số",
        "Mẫu số",
        "Giá trị",
        "Ghi chú",
        "Mức công khai",
    )
    assert rows[4][:3] == ("tuy-hoa", "VKSND thành phố Tuy Hòa", "giai-quyet-tin-bao")
    assert rows[4][4:8] == (152, 160, None, "Còn 8 tin báo đang xác minh.")
    assert rows[1][:3] == ("vks-tinh", "Viện kiểm sát nhân dân tỉnh Phú Yên", "giai-quyet-tin-bao")
    assert rows[1][4:7] == (None, None, None)  # no result yet: a row to fill in
    assert progress[-1] == (3, 3)

    snapshot = digest(tiny_project / "content")
    report = import_results(tiny_project, out, "2021-h1")
    assert load_project(tiny_project).project.period("2021-h1").results == before
    assert report.written == [] and report.unchanged_results == 4  # the sheet changes nothing
    assert digest(tiny_project / "content") == snapshot


def test_an_export_replaces_its_own_sheet_but_never_a_staff_file(
    tiny_project: Path, tmp_path: Path, digest: Digest, capsys
) -> None:
    from generator.cli import main

    command = ["--project", str(tiny_project), "export-results", "2021-h1"]
    ours = tmp_path / "ra-soat.xlsx"
    assert main([*command, str(ours)]) == 0
    assert main([*command, str(ours)]) == 0  # its own earlier export: replaced
    staff = tmp_path / "bang-cua-phong.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Số liệu phòng tự lập"])
    book.save(staff)
    kept = staff.read_bytes()
    capsys.readouterr()
    assert main([*command, str(staff)]) == 1
    assert "không do baocao tạo ra; baocao không ghi đè nó" in capsys.readouterr().err
    assert staff.read_bytes() == kept
    before = digest(tiny_project)
    inside = tiny_project / "content/periods/2021-h1/ket-qua.xlsx"
    assert main([*command, str(inside)]) == 1
    assert "nằm trong content/, media/" in capsys.readouterr().err
    assert digest(tiny_project) == before
