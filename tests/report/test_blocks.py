"""report.md read into blocks, headings numbered the Vietnamese way."""

from __future__ import annotations

from generator.report.blocks import (
    BULLET,
    Heading,
    HeadingNumbers,
    ListItem,
    Paragraph,
    Run,
    Table,
    from_markdown,
)


def test_headings_are_numbered_i_1_a_and_restart_under_their_parent() -> None:
    markdown = "\n\n".join(
        [
            "# Báo cáo",  # the document's own title: the report prints its own
            "## Tình hình chung",
            "### Tội phạm",
            "#### Ma túy",
            "#### Lừa đảo",
            "#### Rừng",
            "#### Môi trường",
            "#### Giao thông",
            "#### Khác",
            "### Vi phạm",
            "## II. Kết quả",  # a number typed by the writer is not doubled
            "### 1. Công tố",
        ]
    )
    headings = [b for b in from_markdown(markdown, HeadingNumbers()) if isinstance(b, Heading)]
    assert [(h.number, h.text) for h in headings] == [
        ("I.", "Tình hình chung"),
        ("1.", "Tội phạm"),
        ("a)", "Ma túy"),
        ("b)", "Lừa đảo"),
        ("c)", "Rừng"),
        ("d)", "Môi trường"),
        ("đ)", "Giao thông"),
        ("e)", "Khác"),
        ("2.", "Vi phạm"),
        ("II.", "Kết quả"),
        ("1.", "Công tố"),
    ]


def test_emphasis_lists_and_tables_keep_their_shape_and_html_stays_text() -> None:
    markdown = (
        "Đoạn có **chữ đậm** và *nghiêng*.\n\n"
        "- mục một\n- mục <b>hai</b>\n\n"
        "| Đơn vị | Số vụ |\n| --- | --- |\n| Tuy Hòa | 3 |\n"
    )
    blocks = from_markdown(markdown, HeadingNumbers())
    assert blocks[0] == Paragraph(
        (
            Run("Đoạn có "),
            Run("chữ đậm", bold=True),
            Run(" và "),
            Run("nghiêng", italic=True),
            Run("."),
        )
    )
    assert blocks[1] == Paragraph((Run("mục một"),), BULLET)
    assert blocks[2].text == "mục <b>hai</b>" and blocks[2].bullet
    assert blocks[3] == Table(("Đơn vị", "Số vụ"), (("Tuy Hòa", "3"),))


def test_numbered_and_nested_lists_keep_their_numbers_and_depth() -> None:
    markdown = (
        "1. Tập trung giải quyết tin báo;\n"
        "2. Tăng cường kiểm sát:\n"
        "   - tạm giữ;\n"
        "   - **tạm giam**.\n"
        "\n"
        "   Đoạn thứ hai của mục 2.\n"
        "3. Ứng dụng công nghệ thông tin.\n"
        "\n"
        "Đoạn văn.\n"
        "\n"
        "4. Một danh sách khác, bắt đầu từ số 4.\n"
    )
    blocks = [b for b in from_markdown(markdown, HeadingNumbers()) if isinstance(b, Paragraph)]
    first = ListItem(ordered=True, depth=0, list_id=1, start=1)
    assert [(b.text, b.item) for b in blocks] == [
        ("Tập trung giải quyết tin báo;", first),
        ("Tăng cường kiểm sát:", first),
        ("tạm giữ;", ListItem(ordered=False, depth=1)),
        ("tạm giam.", ListItem(ordered=False, depth=1)),
        ("Đoạn thứ hai của mục 2.", None),  # reads on within item 2, no marker of its own
        ("Ứng dụng công nghệ thông tin.", first),
        ("Đoạn văn.", None),
        ("Một danh sách khác, bắt đầu từ số 4.", ListItem(True, 0, 2, 4)),
    ]
    assert blocks[3].runs == (Run("tạm giam", bold=True), Run("."))
    assert not blocks[0].bullet and blocks[2].bullet
