"""Uploaded names: only the last part is kept, so nothing is written outside the inbox, and a
name longer than the file system allows is shortened."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from generator.media.limits import MAX_NAME_BYTES
from generator.studio.upload import safe_name
from generator.workflow.names import shorten_name


def test_upload_names_keep_only_their_last_part() -> None:
    assert safe_name("../../etc/passwd.jpg") == "passwd.jpg"
    assert safe_name("C:\\Users\\a\\Ảnh 1.JPG") == "Ảnh 1.JPG"
    assert safe_name("Ha\u0300 Nội.jpg") == "Hà Nội.jpg"  # NFC
    assert safe_name("..") is None
    assert safe_name(".bashrc") is None
    assert safe_name("") is None
    assert safe_name("a\x00b.jpg") == "ab.jpg"


def test_a_name_too_long_for_the_file_system_is_shortened_keeping_its_suffix() -> None:
    long = "Hội nghị sơ kết công tác kiểm sát " * 6 + "ảnh.JPG"  # 211 characters, 293 bytes
    short = safe_name(long)
    assert short is not None and len(short.encode()) <= MAX_NAME_BYTES
    assert short.endswith(".JPG") and long.startswith(short.removesuffix(".JPG"))
    assert safe_name("ả" * 300) == "ả" * (MAX_NAME_BYTES // 3)  # no suffix: cut on a letter
    assert safe_name("a" * 250 + "." + "b" * 40).endswith("a")  # a «suffix» of 40 is no suffix


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


@given(st.text(min_size=1, max_size=400))
def test_shortened_names_fit_and_keep_whole_letters(name: str) -> None:
    short = shorten_name(name, 60)
    assert _size(short) <= 60
    if _size(name) <= 60:
        assert short == name
        return
    suffix = "." + name.rsplit(".", 1)[1] if "." in name else ""
    tail = suffix if suffix and short.endswith(suffix) else ""
    head = short.removesuffix(tail) if tail else short
    assert name.startswith(head) and name.endswith(tail)
    assert not head or not unicodedata.combining(name[len(head)])  # whole letters only
