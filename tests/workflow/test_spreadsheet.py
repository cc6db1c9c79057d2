"""``import-results`` / ``export-results``: Vietnamese sheets in, results files out, and back."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from projectfactory import FILES, write_project

from generator.errors import InputError
from generator.load.loader import load_project
from generator.workflow.new_period import new_period
from generator.workflow.spreadsheet import import_results

RESULTS = "content/periods/2021-h1/results/{}.yml"
Digest = Callable[[Path], dict[str, str]]


def _results(root: Path, unit: str) -> dict[str, tuple]:
    file = load_project(root).project.period("2021-h1").results_of(unit)
    assert file is not None
    return {r.indicator: (r.numerator, r.denominator, r.value, r.note) for r in file.results}


def test_csv_with_vietnamese_headers_and_unaccented_names(
    tiny_project: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "ket qua.csv"
    sheet.write_text(
        "ĐƠN VỊ;Chỉ tiêu;Tử số;Mẫu số;Giá trị;Ghi chú\n"
        "Tuy Hoa;giai quyet to giac, tin bao ve toi pham;1.234;1.300;;Còn 66 tin báo\n"
        ";tra-ho-so;3;200;;\n"  # empty unit cell: the unit of the row above
        "VKSND thi xa Song Cau;tam-giam-qua-han;;;2;\n"
        "song cau;tra-ho-so;;;;\n",  # no figures yet: skipped
        encoding="utf-8-sig",
    )

    report = import_results(tiny_project, sheet, "2021-h1")

    assert report.rows == 3 and report.skipped_rows == [5]
    assert report.written == [RESULTS.format("song-cau"), RESULTS.format("tuy-hoa")]
    assert _results(tiny_project, "tuy-hoa") == {
        "giai-quyet-tin-bao": (1234, 1300, None, "Còn 66 tin báo"),
        "tam-giam-qua-han": (None, None, Decimal(0), None),  # kept: not in the sheet
        "tra-ho-so": (3, 200, None, None),
    }
    assert _results(tiny_project, "song-cau")["tam-giam-qua-han"] == (None, None, Decimal(2), None)
    tuy_hoa = load_project(tiny_project).project.period("2021-h1").results_of("tuy-hoa")
    assert tuy_hoa is not None and [c.title for c in tuy_hoa.cases] == [
        "Vụ án tham ô tài sản tại Công ty X"
    ]


def test_xlsx_with_title_row_percent_cells_and_decimal_commas(tmp_path: Path) -> None:
    indicators = (
        FILES["content/indicators.yml"]
        + """
        - id: chat-luong-khang-nghi
          name: Chất lượng kháng nghị án hình sự
          measure: value
          comparator: ">="
          target: 95
    """
    )
    root = write_project(tmp_path / "p", {"content/indicators.yml": indicators})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KẾT QUẢ THỰC HIỆN CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2021"])
    sheet.append(["Don vi", "Ten chi tieu", "Tu so", "Mau so", "Gia tri", "GHI CHÚ"])
    sheet.append(["VKS Tuy Hòa", "Chất lượng kháng nghị án hình sự", None, None, "95,62", None])
    sheet.append(["Sông Cầu", "chat-luong-khang-nghi", None, None, 0.9, None])
    sheet["E4"].number_format = "0.00%"
    sheet.append(["tuy-hoa", "giai-quyet-tin-bao", 150, 160.0, None, "Đã rà soát"])
    book.save(tmp_path / "ket-qua.xlsx")

    import_results(root, tmp_path / "ket-qua.xlsx", "2021-h1")

    tuy_hoa = _results(root, "tuy-hoa")
    assert tuy_hoa["chat-luong-khang-nghi"][2] == Decimal("95.62")
    assert tuy_hoa["giai-quyet-tin-bao"] == (150, 160, None, "Đã rà soát")
    assert _results(root, "song-cau")["chat-luong-khang-nghi"][2] == Decimal("90.0")


def test_errors_name_file_row_and_column_and_nothing_is_written(
    tiny_project: Path, tmp_path: Path, digest: Digest
) -> None:
    sheet = tiny_project / "kq.csv"
    sheet.write_text(
        "Don vi,Chi tieu,Tu so,Mau so,Gia tri\n"
        "Tuy Hoa,giai-quyet-tin-bao,150,160,\n"
        "Ha Noi,giai-quyet-tin-bao,1,2,\n"
        "Tuy Hoa,xyz,1,2,\n"
        "Song Cau,giai-quyet-tin-bao,170,160,\n"
        "Song Cau,tam-giam-qua-han,,,mot\n"
        "Tuy Hoa,giai-quyet-tin-bao,1,2,\n",
        encoding="utf-8",
    )
    before = digest(tiny_project / "content")

    with pytest.raises(InputError) as error:
        import_results(tiny_project, sheet, "2021-h1")

    assert [str(p) for p in error.value.problems] == [
        "kq.csv:3:1: không có đơn vị «Ha Noi» trong units.yml",
        "kq.csv:4:2: không có chỉ tiêu «xyz» trong indicators.yml",
        "kq.csv:5:3: tử số (170) lớn hơn mẫu số (160)",
        "kq.csv:6:5: giá trị: «mot» không phải số",
        "kq.csv:7:2: đơn vị «tuy-hoa», chỉ tiêu «giai-quyet-tin-bao» đã có ở dòng 2",
    ]
    assert digest(tiny_project / "content") == before


def test_a_sheet_without_the_needed_columns_is_refused(tiny_project: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("Họ tên,Điểm\nA,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="không tìm thấy dòng tiêu đề"):
        import_results(tiny_project, sheet, "2021-h1")
    with pytest.raises(InputError, match=r"chỉ đọc được tệp \.xlsx hoặc \.csv"):
        (tmp_path / "x.xls").write_bytes(b"old excel")
        import_results(tiny_project, tmp_path / "x.xls", "2021-h1")


STAFF_RESULTS = """\
# Kết quả thực hiện chỉ tiêu – VKSND thành phố Tuy Hòa
unit: tuy-hoa

results:
  - indicator: giai-quyet-tin-bao   # phòng 1 báo cáo
    numerator: 152
    denominator: '160'      # số liệu đã đối chiếu

    note: "Còn 8 tin báo đang xác minh."
  # chỉ tiêu quá hạn: theo sổ tạm giữ
  - indicator: tam-giam-qua-han
    value: 0
cases:
  - title: 'Vụ án tham ô tài sản tại Công ty X'
    status: Đang điều tra
    visibility: restricted
"""


def _staff_project(root: Path, text: str = STAFF_RESULTS, newline: str = "\n") -> Path:
    write_project(root)
    path = root / RESULTS.format("tuy-hoa")
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    os.utime(path, (1_600_000_000, 1_600_000_000))
    return root


def _sheet(folder: Path, *rows: str) -> Path:
    sheet = folder / "kq.csv"
    sheet.write_text("Đơn vị;Chỉ tiêu;Tử số;Mẫu số;Giá trị\n" + "".join(rows), encoding="utf-8")
    return sheet


def _changed(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_import_changes_only_the_changed_line_of_a_file_staff_wrote(tmp_path: Path) -> None:
    root = _staff_project(tmp_path / "p")
    sheet = _sheet(
        tmp_path,
        "Tuy Hòa;giai-quyet-tin-bao;153;160;\n",  # one number differs
        "Tuy Hòa;tam-giam-qua-han;;;0\n",  # as the file has it
    )
    path = root / RESULTS.format("tuy-hoa")

    report = import_results(root, sheet, "2021-h1")

    assert _changed(STAFF_RESULTS, path.read_text("utf-8")) == [
        "-    numerator: 152\n",
        "+    numerator: 153\n",
    ]
    assert report.written == [RESULTS.format("tuy-hoa")]
    assert (report.changed_results, report.unchanged_results) == (1, 1)
    assert report.lines()[:3] == [
        "Đã đọc 2 dòng kết quả cho kỳ 2021-h1.",
        f"Đã ghi 1 tệp (1 kết quả thay đổi): {RESULTS.format('tuy-hoa')}",
        "1 kết quả không đổi.",
    ]
    assert _results(root, "tuy-hoa")["giai-quyet-tin-bao"] == (
        153,
        160,
        None,
        "Còn 8 tin báo đang xác minh.",
    )

    # The same sheet again: nothing to change, the file is not even rewritten.
    written = path.read_bytes()
    os.utime(path, (1_600_000_000, 1_600_000_000))
    again = import_results(root, sheet, "2021-h1")
    assert path.read_bytes() == written and path.stat().st_mtime == 1_600_000_000
    assert again.written == [] and again.unchanged == [RESULTS.format("tuy-hoa")]
    assert again.lines()[1:3] == [
        "Không có kết quả nào thay đổi; không ghi tệp nào.",
        "2 kết quả không đổi; 1 tệp giữ nguyên.",
    ]


def test_a_crlf_file_with_a_bom_stays_crlf(tmp_path: Path) -> None:
    root = _staff_project(tmp_path / "p", "\ufeff" + STAFF_RESULTS, newline="\r\n")
    path = root / RESULTS.format("tuy-hoa")
    before = path.read_bytes()

    import_results(root, _sheet(tmp_path, "tuy-hoa;tam-giam-qua-han;;;2\n"), "2021-h1")

    after = path.read_bytes()
    assert after.startswith("\ufeff".encode()) and after.count(b"\r\n") == before.count(b"\r\n")
    assert after.count(b"\n") == after.count(b"\r\n")
    assert after == before.replace(b"    value: 0\r\n", b"    value: 2\r\n")


def test_a_new_result_goes_in_the_registry_order_and_comments_stay(tmp_path: Path) -> None:
    root = _staff_project(tmp_path / "p")
    sheet = _sheet(tmp_path, "Tuy Hòa;tra-ho-so;3;200;\n")
    path = root / RESULTS.format("tuy-hoa")

    import_results(root, sheet, "2021-h1")

    assert _changed(STAFF_RESULTS, path.read_text("utf-8")) == [
        "+  - indicator: tra-ho-so\n",
        "+    numerator: 3\n",
        "+    denominator: 200\n",
    ]
    lines = path.read_text("utf-8").splitlines()
    assert lines[lines.index("  - indicator: tra-ho-so") - 1] == "    value: 0"
    assert _results(root, "tuy-hoa")["tra-ho-so"] == (3, 200, None, None)


def test_an_unchanged_unit_in_the_sheet_leaves_its_file_alone_and_a_new_unit_gets_one(
    tmp_path: Path,
) -> None:
    root = _staff_project(tmp_path / "p")
    song_cau = root / RESULTS.format("song-cau")
    before = song_cau.read_bytes()
    sheet = _sheet(
        tmp_path,
        "song-cau;giai-quyet-tin-bao;144;160;\n",  # as song-cau.yml has it
        "vks-tinh;tam-giam-qua-han;;;1\n",  # the province unit has no results file yet
    )

    report = import_results(root, sheet, "2021-h1")

    assert song_cau.read_bytes() == before
    assert report.written == [RESULTS.format("vks-tinh")]
    assert report.unchanged == [RESULTS.format("song-cau")]
    text = (root / RESULTS.format("vks-tinh")).read_text("utf-8")
    assert text.startswith("# Kết quả thực hiện chỉ tiêu – Viện kiểm sát nhân dân tỉnh Phú Yên")
    assert _results(root, "vks-tinh") == {"tam-giam-qua-han": (None, None, Decimal(1), None)}


def test_a_file_whose_layout_cannot_be_kept_is_refused_and_nothing_written(
    tmp_path: Path, digest: Digest
) -> None:
    # Two list styles in one file: the editor would re-indent the results list (it follows
    # the first list, «cases»), so an edit there cannot keep the file's lines as they are.
    mixed = (
        "unit: tuy-hoa\ncases:\n  - title: Vụ án X\nresults:\n"
        "- indicator: giai-quyet-tin-bao\n  numerator: 152\n  denominator: 160\n"
    )
    root = _staff_project(tmp_path / "p", mixed)
    before = digest(root / "content")
    sheet = _sheet(
        tmp_path, "song-cau;tam-giam-qua-han;;;5\n", "tuy-hoa;giai-quyet-tin-bao;151;160;\n"
    )

    with pytest.raises(InputError) as error:
        import_results(root, sheet, "2021-h1")

    assert [str(p) for p in error.value.problems] == [
        f"{RESULTS.format('tuy-hoa')}:6:1: không sửa được chỗ này mà vẫn giữ nguyên cách trình "
        "bày của tệp (thụt lề hoặc cách viết khác thường); hãy sửa tay tệp này"
    ]
    assert digest(root / "content") == before  # not even the song-cau file, which could be


def test_a_scaffold_as_new_period_wrote_it_is_filled_then_edited_in_place(
    tiny_project: Path, tmp_path: Path
) -> None:
    new_period(tiny_project, "2022-h1", dt.date(2021, 12, 1), dt.date(2022, 5, 31))
    path = tiny_project / "content/periods/2022-h1/results/tuy-hoa.yml"
    assert "# results:\n#   - indicator: giai-quyet-tin-bao" in path.read_text("utf-8")

    import_results(tiny_project, _sheet(tmp_path, "Tuy Hòa;giai-quyet-tin-bao;10;12;\n"), "2022-h1")

    # Nothing typed into it yet: the template again, the filled entry now a real result.
    text = path.read_text("utf-8")
    assert (
        "results:\n  - indicator: giai-quyet-tin-bao\n    numerator: 10\n    denominator: 12\n"
        in text
    )
    assert "  # - indicator: tam-giam-qua-han" in text  # still to fill in
    assert "#   - indicator: giai-quyet-tin-bao" not in text

    path.write_text(text + "# Phòng 1 đã đối chiếu\n", encoding="utf-8")
    before = path.read_text("utf-8")
    import_results(tiny_project, _sheet(tmp_path, "Tuy Hòa;tam-giam-qua-han;;;0\n"), "2022-h1")

    # Now staff wrote in it: edited in place, the new result right after the last one.
    assert _changed(before, path.read_text("utf-8")) == [
        "+  - indicator: tam-giam-qua-han\n",
        "+    value: 0\n",
    ]
    lines = path.read_text("utf-8").splitlines()
    assert lines[lines.index("  - indicator: tam-giam-qua-han") - 1] == "    denominator: 12"


def test_a_blank_level_cell_never_lowers_a_written_level(tmp_path: Path) -> None:
    """Clearing «Mức công khai» must not drop `visibility: internal` from a result inside a
    public file: the result's note would then reach the public site."""
    results = """
        unit: tuy-hoa
        visibility: public
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 152
            denominator: 160
            note: Ghi chú nội bộ về tin báo còn tồn.
            visibility: internal
    """
    root = write_project(tmp_path / "p", {RESULTS.format("tuy-hoa"): results})
    sheet = tmp_path / "ket-qua.csv"
    sheet.write_text(
        "Đơn vị;Chỉ tiêu;Tử số;Mẫu số;Ghi chú;Mức công khai\n"
        "tuy-hoa;giai-quyet-tin-bao;153;160;Ghi chú nội bộ về tin báo còn tồn.;\n",
        encoding="utf-8",
    )
    import_results(root, sheet, "2021-h1")
    text = (root / RESULTS.format("tuy-hoa")).read_text(encoding="utf-8")
    assert "numerator: 153" in text  # the figure changed
    assert "    visibility: internal" in text  # the level stayed
    result = load_project(root).project.period("2021-h1").results_of("tuy-hoa").results[0]
    assert result.visibility == "internal"
