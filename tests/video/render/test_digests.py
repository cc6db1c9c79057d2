"""Source digests are remembered between renders and follow changes to the file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.video.render import digests


def test_digest_is_recorded_and_reused_until_the_file_changes(tmp_path: Path) -> None:
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"first")
    cache = tmp_path / "cache"
    assert digests.file_digest(photo, cache) == hashlib.sha256(b"first").hexdigest()
    digests.save(cache)
    index = json.loads((cache / "digests.json").read_text(encoding="utf-8"))
    assert list(index) == [str(photo.resolve())]
    photo.write_bytes(b"second!")  # new size and time
    assert digests.file_digest(photo, cache) == hashlib.sha256(b"second!").hexdigest()
