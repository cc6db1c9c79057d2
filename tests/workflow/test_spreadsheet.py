"""``import-results`` / ``export-results``: Vietnamese sheets in, results files out, and back."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from projectfactory import FILES, write_project

from generator.errors import InputError
from generator.load.loader import load_project
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
