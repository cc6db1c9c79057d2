from generator.site.render import lightbox_text, md_text, nav_title, safe_markdown


def test_md_text_neutralises_html_and_markdown():
    assert md_text("<b>*Tuy* [Hòa](x)</b>") == r"&lt;b&gt;\*Tuy\* \[Hòa\]\(x\)&lt;/b&gt;"


def test_safe_markdown_escapes_tags_and_entities_but_keeps_quotes():
    text = "> trích dẫn\n\n<script>x</script> &amp; a & b"
    assert safe_markdown(text) == "> trích dẫn\n\n&lt;script>x&lt;/script> &amp;amp; a & b"


def test_lightbox_text_is_escaped_once_for_glightbox_innerhtml():
    assert lightbox_text('<img onerror="x">') == '&lt;img onerror="x"&gt;'


def test_nav_title_cannot_open_a_tag():
    assert nav_title("</title><script>") == "‹/title›‹script›"
