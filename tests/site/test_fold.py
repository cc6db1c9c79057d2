from generator.site.fold import fold, folded_words, heading_slug, plain_text


def test_fold_removes_marks_and_maps_d_with_stroke():
    assert fold("Tuy Hòa") == "tuy hoa"
    assert fold("KIỂM SÁT GIAM GIỮ") == "kiem sat giam giu"
    assert fold("Đồng Xuân, đơn vị") == "dong xuan, don vi"


def test_fold_accepts_decomposed_input():
    assert fold("Ho\u0300a") == "hoa"


def test_folded_words_lists_every_changed_word_and_skips_markup():
    text = "<p>Kiểm sát viên kiểm sát &amp; Tuy Hòa 2021</p>"
    assert folded_words(text) == "kiem sat vien kiem sat hoa"


def test_heading_slug_keeps_d_and_base_letters():
    assert heading_slug("Sơ kết 6 tháng đầu năm 2021") == "so-ket-6-thang-dau-nam-2021"


def test_plain_text_drops_tags_and_entities():
    assert plain_text("<b>Tuy</b>&nbsp;Hòa &amp;  <i>x</i>") == "Tuy Hòa x"
