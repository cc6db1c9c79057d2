"""Uploaded names: only the last part is kept, so nothing is written outside the inbox."""

from __future__ import annotations

from generator.studio.upload import safe_name


def test_upload_names_keep_only_their_last_part() -> None:
    assert safe_name("../../etc/passwd.jpg") == "passwd.jpg"
    assert safe_name("C:\\Users\\a\\Ảnh 1.JPG") == "Ảnh 1.JPG"
    assert safe_name("Ha\u0300 Nội.jpg") == "Hà Nội.jpg"  # NFC
    assert safe_name("..") is None
    assert safe_name(".bashrc") is None
    assert safe_name("") is None
    assert safe_name("a\x00b.jpg") == "ab.jpg"
