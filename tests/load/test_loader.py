"""Loading details: decimal commas, NFD file names, warnings, and the property that nothing
but the project's own error type ever escapes the loader."""

from __future__ import annotations

import re
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projectfactory import FILES, write_project

from generator.errors import InputError, Severity
from generator.load.loader import load_project


def _load_with(tmp_path: Path, rel: str, text: str):
    root = write_project(tmp_path / "p", {rel: text})
    return load_project(root)


def test_decimal_comma_is_read_as_decimal_in_value_fields(tmp_path: Path) -> None:
    indicators = (
        FILES["content/indicators.yml"]
        + """
        - id: chat-luong
          name: Chất lượng kháng nghị
          measure: value
          comparator: ">="
          target: "95,5"
    """
    )
    root = write_project(tmp_path / "p", {"content/indicators.yml": indicators})
    project = load_project(root).project
    assert project.indicator("chat-luong").target == Decimal("95.5")


def test_thousands_separator_in_a_count_is_refused(tmp_path: Path) -> None:
    results = (
        FILES["content/periods/2021-h1/results/song-cau.yml"]
        .replace("numerator: 144", 'numerator: "1.234"')
        .replace("denominator: 160", "denominator: 2000")
    )
    with pytest.raises(InputError) as caught:
        _load_with(tmp_path, "content/periods/2021-h1/results/song-cau.yml", results)
    message = str(caught.value)
    assert "results/song-cau.yml:4:" in message
    assert "viết liền" in message


def test_each_pattern_says_its_own_rule(tmp_path: Path) -> None:
    """An id and a document symbol follow different rules; each message says its own, and an
    organisation left empty is refused, not printed as a blank letterhead."""
    site = """
        organisation: ""
        short_name: VKSND tỉnh Phú Yên
        report:
          place: Phú Yên
          symbol: bc-vks
          signer: {title: Viện trưởng, name: Nguyễn Văn A}
    """
    units = FILES["content/units.yml"].replace("id: tuy-hoa", "id: Tuy-Hoa", 1)
    root = write_project(tmp_path / "p", {"content/site.yml": site, "content/units.yml": units})
    with pytest.raises(InputError) as caught:
        load_project(root)
    errors = [str(p) for p in caught.value.problems if p.severity is Severity.ERROR]
    assert "content/site.yml:1:15: trường «organisation»: không được để trống" in errors
    assert (
        "content/site.yml:5:11: trường «symbol»: mã «bc-vks» không hợp lệ; chỉ dùng chữ in hoa, "
        "số và gạch nối (ví dụ BC-VKS)"
    ) in errors
    assert any(
        "mã «Tuy-Hoa» không hợp lệ; chỉ dùng chữ thường không dấu, số và gạch nối (ví dụ tuy-hoa)"
        in e
        for e in errors
    )


def test_nfd_file_name_on_disk_matches_nfc_in_content(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    photo = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    nfd_name = unicodedata.normalize("NFD", "ảnh-hòa.jpg")
    shutil.copy(photo, photo.parent / nfd_name)
    highlights = (root / "content/periods/2021-h1/highlights/tuy-hoa.yml").read_text()
    highlights = highlights.replace("kiem-sat-giam-giu.jpg", "ảnh-hòa.jpg")
    (root / "content/periods/2021-h1/highlights/tuy-hoa.yml").write_text(highlights)
    project = load_project(root).project
    assert project.media_file("2021-h1/tuy-hoa/ảnh-hòa.jpg").path.name == nfd_name


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    highlights = FILES["content/periods/2021-h1/highlights/tuy-hoa.yml"].replace(
        "caption: Kiểm sát việc tạm giữ, tạm giam", "caption: CẦN BỔ SUNG chú thích"
    )
    highlights = re.sub(r"\n *category: nghiep-vu", "", highlights)
    loaded = _load_with(tmp_path, "content/periods/2021-h1/highlights/tuy-hoa.yml", highlights)
    messages = [w.message for w in loaded.warnings]
    assert all(w.severity is Severity.WARNING for w in loaded.warnings)
    assert any("chú thích còn để mẫu" in m for m in messages)
    assert any("category" in m for m in messages)


def test_small_photo_warns(tmp_path: Path) -> None:
    from PIL import Image

    root = write_project(tmp_path / "p")
    Image.new("RGB", (800, 600)).save(root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg")
    loaded = load_project(root)
    assert any("800×600 điểm ảnh" in w.message for w in loaded.warnings)


# --- property: arbitrary YAML and mutated valid files never escape as anything but InputError

TARGETS = sorted(FILES)
yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(str),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _dump(value: object) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


def _only_input_errors(root: Path) -> None:
    try:
        load_project(root)
    except InputError as error:
        assert error.problems, "an InputError must carry its problems"
        for problem in error.problems:
            assert problem.message


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=st.sampled_from(TARGETS), value=yaml_values)
def test_arbitrary_yaml_in_any_file(tmp_path_factory, target: str, value: object) -> None:
    root = write_project(tmp_path_factory.mktemp("p"), {target: _dump(value)})
    _only_input_errors(root)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.sampled_from(TARGETS),
    position=st.integers(min_value=0, max_value=2000),
    junk=st.text(
        alphabet=st.sampled_from([*":-[]{}&*!|>'\"%@`#,?\t\n ", "ễ", "0", "a"]), max_size=6
    ),
    cut=st.booleans(),
)
def test_mutated_valid_files(
    tmp_path_factory, target: str, position: int, junk: str, cut: bool
) -> None:
    import textwrap

    text = textwrap.dedent(FILES[target]).lstrip("\n")
    position %= max(len(text), 1)
    mutated = text[:position] + junk + text[position + (3 if cut else 0) :]
    root = write_project(tmp_path_factory.mktemp("p"), {target: mutated})
    _only_input_errors(root)


def test_alias_bomb_is_one_message_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    root = write_project(tmp_path / "p", {"content/site.yml": bomb})
    assert main(["--project", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "content/site.yml:2:4: tệp dùng quá nhiều tham chiếu «*tên» (tối đa 1000)" in err
    assert "Có 1 lỗi cần sửa." in err
