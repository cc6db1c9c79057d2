import json
from pathlib import Path

from generator.site.mkdocs_hooks import fold_search_index, scrub_urls, unwrap_document


def test_script_urls_are_neutralised_even_when_encoded():
    html = (
        '<a href="javascript:alert(1)">a</a><a href="jav&#97;script:x">b</a>'
        '<a href=" JAVASCRIPT:x">c</a><a href="../a.html">d</a>'
        '<a href="https://example.org/">e</a>'
    )
    out = scrub_urls(html)
    assert out.count('href="#"') == 3
    assert 'href="../a.html"' in out and 'href="https://example.org/"' in out


def test_images_from_other_hosts_become_their_alt_text():
    out = scrub_urls(
        '<p><img alt="ảnh ngoài" src="https://example.com/a.png"> '
        '<img src="../media/a-480.webp" alt="ở đây"></p>'
    )
    assert '<span class="bc-blocked">[ảnh ngoài]</span>' in out
    assert '<img src="../media/a-480.webp" alt="ở đây">' in out


def test_vtt_data_tracks_stay_other_data_urls_go():
    out = scrub_urls('<track src="data:text/vtt;base64,AAA"><video poster="data:image/png;x">')
    assert 'src="data:text/vtt;base64,AAA"' in out and "data:image" not in out


def test_unwrap_document_returns_the_fragment():
    assert unwrap_document("<html><head></head><body><h1>x</h1></body></html>") == "<h1>x</h1>"
    assert unwrap_document("<h1>x</h1>") == "<h1>x</h1>"


def test_fold_search_index_adds_folded_fields(tmp_path: Path):
    index = tmp_path / "search_index.json"
    docs = [
        {"location": "a.html", "title": "Tuy Hòa", "text": "<p>kiểm sát 2021</p>"},
        {"location": "b.html", "title": "Home", "text": "plain"},
    ]
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    fold_search_index(index)
    data = json.loads(index.read_text(encoding="utf-8"))
    assert data["docs"][0]["folded_title"] == "tuy hoa"  # the whole title
    assert data["docs"][0]["folded_text"] == "kiem sat"  # the words folding changes
    assert "folded_title" not in data["docs"][1] and "folded_text" not in data["docs"][1]
