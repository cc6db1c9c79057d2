"""Accent folding and slugs (generator.text): one pair for the site, its search index and anchors,
and for matching and filing what staff type.

The corpus below holds what the five functions this module replaced gave (the site's and the
workflow's ``fold``, ``heading_slug``, the site's file-name ``slug``, the workflow's
``slugify``), for real unit, indicator, heading and file names and for the edges where their
variants differ; every text is tried in NFC and in NFD.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site import paths
from generator.text import fold, same_words, slug

# (text, fold, slug): the site's fold and heading anchor, and its file-name part unless empty.
CORPUS = [
    (
        "Viện kiểm sát nhân dân tỉnh Phú Yên",
        "vien kiem sat nhan dan tinh phu yen",
        "vien-kiem-sat-nhan-dan-tinh-phu-yen",
    ),
    ("VKSND tỉnh", "vksnd tinh", "vksnd-tinh"),
    ("VKSND thành phố Tuy Hòa", "vksnd thanh pho tuy hoa", "vksnd-thanh-pho-tuy-hoa"),
    ("VKSND huyện Đồng Xuân", "vksnd huyen dong xuan", "vksnd-huyen-dong-xuan"),
    ("VKSND thị xã Đông Hòa", "vksnd thi xa dong hoa", "vksnd-thi-xa-dong-hoa"),
    ("VKSND khu vực 1 – Đắk Lắk", "vksnd khu vuc 1 – dak lak", "vksnd-khu-vuc-1-dak-lak"),
    (
        "Phòng 1 – Thực hành quyền công tố, kiểm sát điều tra và kiểm sát xét xử sơ thẩm án hình sự",
        "phong 1 – thuc hanh quyen cong to, kiem sat dieu tra va kiem sat xet xu so tham an hinh su",
        "phong-1-thuc-hanh-quyen-cong-to-kiem-sat-dieu-tra-va-kiem-sat-xet-xu-so-tham-an-hinh-su",
    ),
    ("Trả hồ sơ ĐTBS (lỗi VKS)", "tra ho so dtbs (loi vks)", "tra-ho-so-dtbs-loi-vks"),
    (
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố",
        "ty le giai quyet to giac, tin bao ve toi pham va kien nghi khoi to",
        "ty-le-giai-quyet-to-giac-tin-bao-ve-toi-pham-va-kien-nghi-khoi-to",
    ),
    (
        "Chất lượng kháng nghị án hình sự, hành chính (tỷ lệ kháng nghị đạt yêu cầu)",
        "chat luong khang nghi an hinh su, hanh chinh (ty le khang nghi dat yeu cau)",
        "chat-luong-khang-nghi-an-hinh-su-hanh-chinh-ty-le-khang-nghi-dat-yeu-cau",
    ),
    ("Tuy Hoa", "tuy hoa", "tuy-hoa"),
    ("TUY HÒA", "tuy hoa", "tuy-hoa"),
    ("VKS Tuy Hòa", "vks tuy hoa", "vks-tuy-hoa"),
    ("tuy hoà", "tuy hoa", "tuy-hoa"),
    ("Sông Cầu ", "song cau ", "song-cau"),
    ("  Đồng   Xuân  (2)", "  dong   xuan  (2)", "dong-xuan-2"),
    (
        "Báo cáo sơ kết công tác 6 tháng đầu năm 2021",
        "bao cao so ket cong tac 6 thang dau nam 2021",
        "bao-cao-so-ket-cong-tac-6-thang-dau-nam-2021",
    ),
    ("Tồn tại, hạn chế", "ton tai, han che", "ton-tai-han-che"),
    (
        "Công tác tổ chức cán bộ, thanh tra và bảo đảm",
        "cong tac to chuc can bo, thanh tra va bao dam",
        "cong-tac-to-chuc-can-bo-thanh-tra-va-bao-dam",
    ),
    (
        "Nhiệm vụ trọng tâm 6 tháng cuối năm 2021",
        "nhiem vu trong tam 6 thang cuoi nam 2021",
        "nhiem-vu-trong-tam-6-thang-cuoi-nam-2021",
    ),
    ("Sơ kết 6 tháng đầu năm 2021", "so ket 6 thang dau nam 2021", "so-ket-6-thang-dau-nam-2021"),
    ("1. Kết quả: 95,62% — đạt!", "1. ket qua: 95,62% — dat!", "1-ket-qua-95-62-dat"),
    ("ẢNH Hội nghị 01.JPG", "anh hoi nghi 01.jpg", "anh-hoi-nghi-01-jpg"),
    ("Ảnh Hội nghị_01", "anh hoi nghi_01", "anh-hoi-nghi-01"),
    ("Ảnh hội nghị (1)", "anh hoi nghi (1)", "anh-hoi-nghi-1"),
    ("Kiểm sát", "kiem sat", "kiem-sat"),
    ("IMG_20210312_0915", "img_20210312_0915", "img-20210312-0915"),
    ("2021-h1", "2021-h1", "2021-h1"),
    ("phien-toa-rut-kinh-nghiem", "phien-toa-rut-kinh-nghiem", "phien-toa-rut-kinh-nghiem"),
    (
        "Giao ban tháng 4 (bản cuối).mp4",
        "giao ban thang 4 (ban cuoi).mp4",
        "giao-ban-thang-4-ban-cuoi-mp4",
    ),
    ("Trại giam Đắk Trung", "trai giam dak trung", "trai-giam-dak-trung"),
    ("tập huấn phần mềm", "tap huan phan mem", "tap-huan-phan-mem"),
    ("", "", ""),
    ("   ", "   ", ""),
    ("😀", "😀", ""),
    ("---", "---", ""),
    ("a--b__c", "a--b__c", "a-b-c"),
    ("Straße", "straße", "stra-e"),
    ("Bjørn Ærø", "bjørn ærø", "bj-rn-r"),
    ("İstanbul", "istanbul", "istanbul"),
    ("ﬁle ﬂow", "ﬁle ﬂow", "le-ow"),
    ("ΣΊΣΥΦΟΣ", "σισυφος", ""),
    ("Москва", "москва", ""),
    ("naïve café", "naive cafe", "naive-cafe"),
    ("Ｆｕｌｌ ｗｉｄｔｈ", "ｆｕｌｌ ｗｉｄｔｈ", ""),
    ("tab\tand\xa0nbsp", "tab\tand\xa0nbsp", "tab-and-nbsp"),
    ("quá hạn\u200b", "qua han\u200b", "qua-han"),
    ("đ Đ ð", "d d ð", "d-d"),
]

# Where ``casefold=True`` (staff's typing) folds otherwise: Unicode case folding.
CASEFOLDED = {"Straße": "strasse", "ﬁle ﬂow": "file flow", "ΣΊΣΥΦΟΣ": "σισυφοσ"}

# Where the key staff names are matched and filed on differs from the site's slug: case folding,
# and a character left outside ASCII dropped rather than separating.
STAFF_KEYS = {
    "Straße": "strasse",
    "Bjørn Ærø": "bjrn-r",
    "ﬁle ﬂow": "file-flow",
    "tab\tand\xa0nbsp": "tab-andnbsp",
}


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize(("text", "folded", "slugged"), CORPUS)
def test_outputs_of_the_replaced_functions(form: str, text: str, folded: str, slugged: str) -> None:
    typed = unicodedata.normalize(form, text)
    assert fold(typed) == folded
    assert fold(typed, casefold=True) == CASEFOLDED.get(text, folded)
    assert slug(typed) == slugged
    assert slug(typed, "_") == slugged.replace("-", "_")
    assert slug(typed, casefold=True, drop_foreign=True) == STAFF_KEYS.get(text, slugged)


def test_a_name_without_ascii_letters_is_a_file_all_the_same() -> None:
    stems = paths.media_stems(["2021-h1/😀/Москва.jpg", "2021-h1/tuy-hoa/😀.png"])
    assert stems == {
        "2021-h1/😀/Москва.jpg": "2021-h1/tep/tep",
        "2021-h1/tuy-hoa/😀.png": "2021-h1/tuy-hoa/tep",
    }


def test_fold_removes_marks_and_maps_d_with_stroke() -> None:
    assert fold("Tuy Hòa") == "tuy hoa"
    assert fold("KIỂM SÁT GIAM GIỮ") == "kiem sat giam giu"
    assert fold("Đồng Xuân, đơn vị") == "dong xuan, don vi"


def test_fold_accepts_decomposed_input() -> None:
    assert fold("Ho\u0300a") == "hoa"
    vks = unicodedata.normalize("NFD", "vks tuy hoà")
    assert fold("VKS Tuy Hòa", casefold=True) == fold(vks, casefold=True) == "vks tuy hoa"


def test_heading_slug_keeps_d_and_base_letters() -> None:
    assert slug("Sơ kết 6 tháng đầu năm 2021") == "so-ket-6-thang-dau-nam-2021"


@pytest.mark.parametrize(
    ("text", "slugged"),
    [
        ("Ảnh Hội nghị_01", "anh-hoi-nghi-01"),
        (unicodedata.normalize("NFD", "Đồng Xuân  (2)"), "dong-xuan-2"),
        ("IMG_20210312_0915", "img-20210312-0915"),
        ("   ", ""),
        ("😀", ""),
    ],
)
def test_staff_slugs(text: str, slugged: str) -> None:
    assert slug(text, casefold=True, drop_foreign=True) == slugged


@given(st.text())
def test_slugs_are_clean_ascii(text: str) -> None:
    for slugged in (slug(text), slug(text, casefold=True, drop_foreign=True)):
        assert slugged == slugged.strip("-") and "--" not in slugged
        assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slugged)


SENTENCE = "Viện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị sơ kết."


@pytest.mark.parametrize(
    ("edited", "same"),
    [
        (SENTENCE, True),
        (unicodedata.normalize("NFD", SENTENCE), True),  # a Mac's decomposed letters
        ("  Viện kiểm sát\u00a0nhân dân\r\ntỉnh Phú Yên  tổ chức hội nghị sơ kết.\n", True),
        ("\ufeffViện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị\u200b sơ kết.", True),
        ("Viện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị tổng kết.", False),
        ("Viện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị sơ kết", False),
        ("Viện kiểm sát nhân dân tỉnh Phú Yên tổ chức hội nghị sơkết.", False),
    ],
)
def test_same_words_ignores_only_spacing_and_normal_form(edited: str, same: bool) -> None:
    assert same_words(SENTENCE, edited) is same
