"""`baocao archive` end to end: a public-only bag that verifies, deterministically."""

from __future__ import annotations

from pathlib import Path

from projectfactory import write_project

from generator.cli import main


def _archive(root: Path, out: Path) -> int:
    args = ["--project", str(root), "--quiet", "archive", "2021-h1", "--out", str(out)]
    return main([*args, "--size", "320x180", "--fps", "12"])


def test_archive_is_public_only_verifiable_and_deterministic(tmp_path: Path, capsys) -> None:
    root = write_project(tmp_path / "p")
    first, second = tmp_path / "bag1", tmp_path / "bag2"
    assert _archive(root, first) == 0
    assert _archive(root, second) == 0
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "bag-info.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    data = first / "data"
    assert (data / "site/index.html").is_file()
    assert (data / "video/2021-h1.mp4").is_file()
    original = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    assert (
        data / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    ).read_bytes() == original.read_bytes()
    # results, the restricted case and the (internal) report stay out of the public bag
    everything = b"".join(p.read_bytes() for p in first.rglob("*") if p.is_file())
    for secret in ("tham ô tài sản", "Còn 8 tin báo đang xác minh", "toàn ngành đã hoàn thành tốt"):
        assert secret.encode() not in everything, secret
    assert main(["verify", str(first)]) == 0

    page = next(data.glob("site/**/*.html"))
    raw = bytearray(page.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    page.write_bytes(bytes(raw))
    capsys.readouterr()
    assert main(["verify", str(first)]) == 1
    assert page.relative_to(first).as_posix() in capsys.readouterr().err
