"""mkdocs.yml is read without constructing anything from tags but MkDocs' !ENV and !relative."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.mkdocs_config.reader import Relative, parse_settings


def _messages(text: str) -> list[str]:
    _source, problems = parse_settings(text)
    return [str(p) for p in problems]


def test_a_python_tag_is_refused_at_its_line_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "site_name: Trang\n"
        f'extra: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"copyright: !!python/object/new:subprocess.call [[touch, {marker}]]\n"
    )

    source, problems = parse_settings(text)

    assert not marker.exists()
    assert [str(p) for p in problems] == [
        "mkdocs.yml:2:8: thẻ YAML «!!python/object/apply:os.system» không được dùng trong "
        "mkdocs.yml; chỉ dùng được !ENV (biến môi trường) và !relative (thư mục của dự án)",
        "mkdocs.yml:3:12: thẻ YAML «!!python/object/new:subprocess.call» không được dùng trong "
        "mkdocs.yml; chỉ dùng được !ENV (biến môi trường) và !relative (thư mục của dự án)",
    ]
    assert source is not None and source.data == {"site_name": "Trang"}  # refused: left out


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !rieng x\n", "!rieng"),
        ("a: [1, !!binary aGk=]\n", "!!binary"),
        ("!!set {a, b}\n", "!!set"),
    ],
)
def test_any_other_tag_is_refused(text: str, tag: str) -> None:
    assert [m.split(": ", 1)[1] for m in _messages(text)] == [
        f"thẻ YAML «{tag}» không được dùng trong mkdocs.yml; chỉ dùng được !ENV (biến môi "
        "trường) và !relative (thư mục của dự án)"
    ]


def test_env_reads_the_variable_typed_or_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOCAO_TEN", "Trang nội bộ")
    monkeypatch.setenv("BAOCAO_STRICT", "true")
    monkeypatch.delenv("BAOCAO_KHONG_CO", raising=False)
    source, problems = parse_settings(
        "site_name: !ENV BAOCAO_TEN\n"
        "strict: !ENV [BAOCAO_STRICT, false]\n"
        "site_url: !ENV [BAOCAO_KHONG_CO, 'http://vks.local/']\n"
        "copyright: !ENV BAOCAO_KHONG_CO\n"
    )
    assert problems == [] and source is not None
    assert source.data == {
        "site_name": "Trang nội bộ",
        "strict": True,
        "site_url": "http://vks.local/",
        "copyright": None,
    }
    assert _messages("a: !ENV {x: 1}\n") == [
        "mkdocs.yml:1:4: !ENV cần tên một biến môi trường, hoặc [TÊN, …, giá trị mặc định]"
    ]


def test_relative_is_kept_for_the_settings_to_resolve() -> None:
    source, problems = parse_settings(
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir/doan\n"
    )
    assert problems == [] and source is not None
    options = source.data["markdown_extensions"][0]["pymdownx.snippets"]
    assert options["base_path"] == Relative(
        "$config_dir", "doan", ("markdown_extensions", 0, "pymdownx.snippets", "base_path")
    )
    assert _messages("a: !relative\n") == [
        "mkdocs.yml:1:4: !relative chỉ dùng được dạng «!relative $config_dir/…» (thư mục dự "
        "án) hoặc «!relative $docs_dir/…» (thư mục trang riêng)"
    ]


def test_positions_duplicates_syntax_and_alias_bombs() -> None:
    source, problems = parse_settings("site_name: a\ntheme:\n  palette:\n    accent: red\n")
    assert source is not None and problems == []
    assert source.keys[("theme", "palette", "accent")] == (4, 5)
    assert source.values[("theme", "palette", "accent")] == (4, 13)
    assert _messages("site_name: a\nsite_name: b\n") == [
        "mkdocs.yml:2:1: trường «site_name» bị lặp lại; hãy giữ một và xóa bản còn lại"
    ]
    source, problems = parse_settings("site_name: a\ntheme: [\n")
    assert source is None and problems[0].line == 3
    assert problems[0].message.startswith("lỗi cú pháp YAML")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    assert _messages(bomb) == ["mkdocs.yml:1:1: cấu trúc YAML lồng nhau quá sâu hoặc quá lớn"]
