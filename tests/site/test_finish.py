"""The pass over the written site (``finish.py``): what the engine's output gets after it."""

import json
from pathlib import Path

from generator.site.finish import fold_search_index, scrub_urls


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


def test_an_image_in_a_lightbox_link_goes_with_its_link():
    out = scrub_urls(
        '<a class="glightbox" href="https://example.com/a.png" data-type="image">'
        '<img alt="ảnh ngoài" src="https://example.com/a.png"></a>'
        '<a class="glightbox" href="../media/a.webp"><img src="../media/a.webp" alt="x"></a>'
    )
    assert out == (
        '<span class="bc-blocked">[ảnh ngoài]</span>'
        '<a class="glightbox" href="../media/a.webp"><img src="../media/a.webp" alt="x"></a>'
    )


def _index(site: Path, docs: list[dict[str, str]]) -> Path:
    index = site / "search" / "search_index.json"
    index.parent.mkdir(parents=True)
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    return index


def test_a_page_and_its_first_heading_are_one_search_entry(tmp_path: Path):
    """glightbox hands the search plugin whole documents: the page's own entry comes out
    empty and its h1 apart; the pass makes them the one entry a fragment gives."""
    index = _index(
        tmp_path,
        [
            {"location": "a.html", "title": "Nav", "text": ""},
            {"location": "a.html#tuy-hoa", "title": "Tuy Hòa", "text": "<p>x</p>"},
            {"location": "a.html#muc-2", "title": "Mục 2", "text": "<p>y</p>"},
            {"location": "b.html", "title": "B", "text": "<p>already one</p>"},
            {"location": "b.html#c", "title": "C", "text": "<p>z</p>"},
        ],
    )
    fold_search_index(tmp_path, {"a.html": "tuy-hoa", "b.html": "b"})
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert [(d["location"], d["title"]) for d in docs] == [
        ("a.html", "Tuy Hòa"),
        ("a.html#muc-2", "Mục 2"),
        ("b.html", "B"),
        ("b.html#c", "C"),
    ]
    assert docs[0]["text"] == "<p>x</p>"


def test_fold_search_index_adds_folded_fields_and_rewrites_the_offline_copy(tmp_path: Path):
    docs = [
        {"location": "a.html", "title": "Tuy Hòa", "text": "<p>kiểm sát 2021</p>"},
        {"location": "b.html", "title": "Home", "text": "plain"},
    ]
    index = _index(tmp_path, docs)
    offline = tmp_path / "search" / "search_index.js"
    offline.write_text("var __index = {}", encoding="utf-8")
    fold_search_index(tmp_path, {})
    data = json.loads(index.read_text(encoding="utf-8"))
    assert offline.read_text(encoding="utf-8") == "var __index = " + index.read_text("utf-8")
    assert data["docs"][0]["folded_title"] == "tuy hoa"  # the whole title
    assert data["docs"][0]["folded_text"] == "kiem sat"  # the words folding changes
    assert "folded_title" not in data["docs"][1] and "folded_text" not in data["docs"][1]
