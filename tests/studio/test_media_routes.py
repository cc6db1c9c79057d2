"""Uploaded names and media paths: never outside the inbox, never outside media/."""

from __future__ import annotations

from pathlib import Path

from generator.studio.media_routes import _media_path, safe_name


def test_upload_names_keep_only_their_last_part() -> None:
    assert safe_name("../../etc/passwd.jpg") == "passwd.jpg"
    assert safe_name("C:\\Users\\a\\Ảnh 1.JPG") == "Ảnh 1.JPG"
    assert safe_name("Ha\u0300 Nội.jpg") == "Hà Nội.jpg"  # NFC
    assert safe_name("..") is None
    assert safe_name(".bashrc") is None
    assert safe_name("") is None
    assert safe_name("a\x00b.jpg") == "ab.jpg"


def test_media_paths_resolve_inside_media_only(tmp_path: Path) -> None:
    (tmp_path / "media/p/u").mkdir(parents=True)
    (tmp_path / "media/p/u/a.jpg").write_bytes(b"x")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/b.jpg").write_bytes(b"x")
    (tmp_path / "media/p/u/out.jpg").symlink_to(tmp_path / "content/b.jpg")
    assert _media_path(tmp_path, "p/u/a.jpg") == (tmp_path / "media/p/u/a.jpg").resolve()
    for written in (
        "../content/b.jpg",
        "p/u/out.jpg",
        str(tmp_path / "content/b.jpg"),
        "p/u/a.txt",
    ):
        assert _media_path(tmp_path, written) is None, written
