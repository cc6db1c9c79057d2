"""The live preview: rebuilds on a content change, serves with live reload, writes nothing in
content/ or media/."""

import threading
import time
import urllib.request
from pathlib import Path

from generator.model import Visibility
from generator.site import PreviewServer


def _snapshot(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for folder in ("content", "media")
        for p in sorted((root / folder).rglob("*"))
    }


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_preview_rebuilds_on_change_and_leaves_content_alone(tiny_project: Path):
    preview = PreviewServer(tiny_project, Visibility.INTERNAL, "127.0.0.1", 0)
    thread = threading.Thread(target=preview.serve, daemon=True)
    thread.start()
    try:
        # The port is bound before the first build ends, the socket listens after it: wait
        # for the page itself, not for the port.
        page, deadline = "", time.monotonic() + 60
        while not page and time.monotonic() < deadline:
            try:
                page = _get(preview.url + "index.html")
            except OSError:
                time.sleep(0.2)
        assert "Sơ kết công tác 6 tháng đầu năm 2021" in page and "livereload" in page
        period = tiny_project / "content/periods/2021-h1/period.yml"
        period.write_text(
            period.read_text(encoding="utf-8").replace("đầu năm 2021", "(sửa)"), encoding="utf-8"
        )
        before = _snapshot(tiny_project)
        deadline = time.monotonic() + 20
        while preview.builds < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Sơ kết công tác 6 tháng (sửa)" in _get(preview.url + "index.html")
        assert _snapshot(tiny_project) == before
    finally:
        preview.shutdown()
        thread.join(10)
    assert not thread.is_alive()


def test_invalid_content_keeps_the_last_good_preview(tiny_project: Path, capsys):
    preview = PreviewServer(tiny_project, Visibility.INTERNAL, "127.0.0.1", 0)
    try:
        (tiny_project / "content/units.yml").write_text("- id: Sai Mã\n", encoding="utf-8")
        preview._rebuild_reporting()
        assert preview.builds == 1 and (preview.out / "index.html").is_file()
        assert "content/units.yml" in capsys.readouterr().err
    finally:
        preview.shutdown()
