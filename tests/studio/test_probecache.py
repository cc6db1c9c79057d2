"""Probes remembered by real path and file stamp; a changed file is probed again."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from generator.media.probe import MediaInfo
from generator.studio import probecache


def test_a_file_is_probed_once_until_it_changes(tmp_path: Path, monkeypatch) -> None:
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (1600, 900)).save(photo)
    link = tmp_path / "copy"
    link.symlink_to(tmp_path)
    probed: list[set[Path]] = []
    real = probecache.probe_all

    def counting(paths: set[Path]) -> dict:
        probed.append(set(paths))
        return real(paths)

    monkeypatch.setattr(probecache, "probe_all", counting)
    first = probecache.remembered_probe_all({photo})[photo]
    assert isinstance(first, MediaInfo) and first.width == 1600
    again = probecache.remembered_probe_all({link / "a.jpg"})  # the same file, another path
    assert again[link / "a.jpg"] == first and len(probed) == 1
    Image.new("RGB", (800, 600)).save(photo)
    os.utime(photo, ns=(1, 1))
    changed = probecache.remembered_probe_all({photo})[photo]
    assert isinstance(changed, MediaInfo) and changed.width == 800 and len(probed) == 2
