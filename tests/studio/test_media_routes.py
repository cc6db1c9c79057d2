"""Media paths: a file is served only from inside media/."""

from __future__ import annotations

from pathlib import Path

from generator.studio.media_routes import _media_path


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
