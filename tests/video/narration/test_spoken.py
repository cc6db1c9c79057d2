"""Written Vietnamese rewritten as it is read aloud, and subtitle cue splitting."""

from __future__ import annotations

import unicodedata

import pytest

from generator.video.narration.spoken import (
    MAX_CUE_CHARS,
    number_words,
    split_sentences,
    spoken_text,
)

Y2020 = "hai nghìn không trăm hai mươi"
Y2021 = "hai nghìn không trăm hai mươi mốt"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # dates
        ("20/07/2021", f"ngày 20 tháng 7 năm {Y2021}"),
        ("Hội nghị ngày 20/7/2021.", f"Hội nghị ngày 20 tháng 7 năm {Y2021}."),
        ("Ngày 15/7/2021, tại hội trường", f"Ngày 15 tháng 7 năm {Y2021}, tại hội trường"),
        ("2021-07-20", f"ngày 20 tháng 7 năm {Y2021}"),
        ("họp ngày 2021-07-20", f"họp ngày 20 tháng 7 năm {Y2021}"),
        ("20.7.2021", f"ngày 20 tháng 7 năm {Y2021}"),
        ("tháng 7/2021", f"tháng 7 năm {Y2021}"),
        ("ngày 20/7", "ngày 20 tháng 7"),
        (
            "từ 01/12/2020 – 31/5/2021",
            f"từ ngày 1 tháng 12 năm {Y2020} đến ngày 31 tháng 5 năm {Y2021}",
        ),
        # percentages and decimals
        ("95,62%", "95 phẩy 62 phần trăm"),
        ("đạt 100%.", "đạt 100 phần trăm."),
        ("1,59 %", "1 phẩy 59 phần trăm"),
        ("0,05", "0 phẩy không 5"),
        ("90–95%", "90 đến 95 phần trăm"),
        # numbers: espeak reads 0–999 itself, larger ones are spelled out
        ("152 vụ", "152 vụ"),
        ("1.234 vụ", "một nghìn hai trăm ba mươi bốn vụ"),
        ("1000 lượt", "một nghìn lượt"),
        ("1.000.000 đồng", "một triệu đồng"),
        ("1.234,5", "một nghìn hai trăm ba mươi bốn phẩy 5"),
        ("152/160 tin báo", "152 trên 160 tin báo"),
        ("năm 2020-2021", f"năm {Y2020} đến {Y2021}"),
        # abbreviations
        ("VKSND tỉnh Phú Yên", "Viện kiểm sát nhân dân tỉnh Phú Yên"),
        ("VKS", "Viện kiểm sát"),
        ("VKSNDTC", "Viện kiểm sát nhân dân tối cao"),
        ("TAND TP. Tuy Hòa", "Tòa án nhân dân thành phố Tuy Hòa"),
        ("TP Tuy Hòa", "thành phố Tuy Hòa"),
        ("TX Sông Cầu", "thị xã Sông Cầu"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Tại VKSND. Tiếp theo", "Tại Viện kiểm sát nhân dân. Tiếp theo"),
        ("VKSND khu vực 1 – Đắk Lắk", "Viện kiểm sát nhân dân khu vực 1, Đắk Lắk"),
        # legal documents
        (
            "Nghị quyết 96/2019/QH14",
            "Nghị quyết số 96 năm hai nghìn không trăm mười chín của Quốc hội",
        ),
        (
            "Nghị quyết số 96/2019/QH14",
            "Nghị quyết số 96 năm hai nghìn không trăm mười chín của Quốc hội",
        ),
        ("QĐ 139/QĐ-VKSTC", "Quyết định số 139 của Viện kiểm sát nhân dân tối cao"),
        ("theo 139/QĐ-VKSTC", "theo Quyết định số 139 của Viện kiểm sát nhân dân tối cao"),
        # other spoken forms
        ("Quý II", "Quý 2"),
        ("khóa XIV", "khóa 14"),
        ("lúc 8h30", "lúc 8 giờ 30"),
        ("Hòa  bình", "Hòa bình"),
    ],
)
def test_spoken_text(written: str, spoken: str) -> None:
    assert spoken_text(written) == spoken


def test_spoken_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Viện kiểm sát Phú Yên")
    assert spoken_text(decomposed) == unicodedata.normalize("NFC", decomposed)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (105, "một trăm linh năm"),
        (1005, "một nghìn không trăm linh năm"),
        (2019, "hai nghìn không trăm mười chín"),
        (10_000, "mười nghìn"),
        (1_000_050, "một triệu không trăm năm mươi"),
        (2_500_000_000, "hai tỷ năm trăm triệu"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert number_words(number) == words


def test_split_sentences_at_vietnamese_sentence_ends() -> None:
    text = "Hội nghị khai mạc. Tại TP. Tuy Hòa có 152 vụ! Ông Nguyễn V. A. phát biểu?\nĐoạn mới"
    assert split_sentences(text) == [
        "Hội nghị khai mạc.",
        "Tại TP. Tuy Hòa có 152 vụ!",
        "Ông Nguyễn V. A. phát biểu?",
        "Đoạn mới",
    ]


def test_split_sentences_keeps_the_written_form() -> None:
    assert split_sentences("Đạt 95,62% ngày 20/7/2021 (VKSND).") == [
        "Đạt 95,62% ngày 20/7/2021 (VKSND)."
    ]


def test_long_sentences_are_cut_at_commas() -> None:
    text = (
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm đạt 95,62%, vượt 5,62% so với chỉ "
        "tiêu Nghị quyết 96/2019/QH14 của Quốc hội giao, trong đó các đơn vị cấp huyện đều "
        "đạt và vượt chỉ tiêu được giao."
    )
    cues = split_sentences(text)
    assert cues == [
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm đạt 95,62%,",
        "vượt 5,62% so với chỉ tiêu Nghị quyết 96/2019/QH14 của Quốc hội giao,",
        "trong đó các đơn vị cấp huyện đều đạt và vượt chỉ tiêu được giao.",
    ]
    assert " ".join(cues) == text


def test_long_runs_without_commas_are_cut_between_words() -> None:
    text = " ".join(["kiểm sát viên"] * 20) + "."
    cues = split_sentences(text)
    assert len(cues) >= 3
    assert all(len(c) <= MAX_CUE_CHARS for c in cues)
    assert " ".join(cues) == text
