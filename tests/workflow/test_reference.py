"""The field reference page is generated from the models, so it lists every field they have."""

from __future__ import annotations

import re

import markdown

from generator.workflow.reference import FILES, field_reference_markdown


def test_every_field_and_description_of_every_file_is_listed() -> None:
    page = field_reference_markdown()
    for path, model, _intro in FILES:
        assert f"## `{path}`" in page
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in page
            assert info.description, f"{model.__name__}.{name} has no description"
            first_words = info.description.split("|")[0].split("<")[0][:25]
            assert first_words in page


def test_nested_records_get_their_own_tables() -> None:
    page = field_reference_markdown()
    for heading in (
        "### Nhóm `conference`",
        "### Mỗi mục của `results`",
        "### Mỗi mục của `cases`",
        "### Mỗi mục của `media`",
        "### Nhóm `media.clip`",
    ):
        assert heading in page
    assert "| `narration` | văn bản | không | Lời dẫn được đọc trong video. |" in page
    assert "`nghiep-vu` (Hoạt động nghiệp vụ)" in page


def test_page_is_plain_markdown_with_well_formed_tables() -> None:
    page = field_reference_markdown()
    assert page == field_reference_markdown()  # deterministic
    assert not re.search(r"<[a-zA-Z/!]", re.sub(r"`[^`]*`", "", page))  # no raw HTML
    for line in page.splitlines():
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line
    html = markdown.markdown(page, extensions=["tables"])
    assert html.count("<table>") == page.count("| Trường | Kiểu | Bắt buộc | Mô tả |")
    assert "&gt; &gt;= &lt; &lt;= =" in html  # comparators shown, not taken for tags
