from generator.site.fold import folded_words, plain_text


def test_folded_words_lists_every_changed_word_and_skips_markup():
    text = "<p>Kiểm sát viên kiểm sát &amp; Tuy Hòa 2021</p>"
    assert folded_words(text) == "kiem sat vien kiem sat hoa"


def test_plain_text_drops_tags_and_entities():
    assert plain_text("<b>Tuy</b>&nbsp;Hòa &amp;  <i>x</i>") == "Tuy Hòa x"
