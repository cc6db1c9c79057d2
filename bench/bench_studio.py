"""``baocao studio`` at size: a unit page opens and a save completes in <= 300 ms at 1,000 photos.

    python bench/bench_studio.py --photos 100     # quick
    python bench/bench_studio.py                  # 1,000 photos in one unit of one period

Writes a project (the demo's site, units and indicators; one period; N small distinct JPEGs in
one unit's highlights, the worst case for that unit's page), starts the real command
``baocao studio --project P --port N`` and times, over HTTP from this process:
the first page open (cold: the content read and every photo probed once), a warm open, a save
of one caption (the whole project checked by the loader on a temporary copy, then written),
and the page open right after a save (content read again). Medians of ``--repeat`` runs.
Thumbnails are not part of the page open: the browser asks for them lazily.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
TARGET_MS = 300


def make_project(root: Path, photos: int) -> None:
    content = root / "content"
    (content / "periods/2021-h1/highlights").mkdir(parents=True)
    for name in ("site.yml", "units.yml", "indicators.yml"):
        shutil.copy(REPO / "content" / name, content / name)
    shutil.copy(REPO / "content/periods/2021-h1/period.yml", content / "periods/2021-h1/period.yml")
    folder = root / "media/2021-h1/tuy-hoa"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "media/logo.png", root / "media/logo.png")
    lines = ["# Hình ảnh nổi bật – VKSND thành phố Tuy Hòa", "unit: tuy-hoa", "media:"]
    for i in range(photos):
        name = f"anh-{i:04d}.jpg"
        Image.new("RGB", (1280, 720), (i % 256, (i // 256) * 40, 90)).save(
            folder / name, quality=60
        )
        lines += [
            f"  - file: 2021-h1/tuy-hoa/{name}",
            f"    caption: Ảnh hoạt động số {i + 1} của đơn vị",
            "    category: nghiep-vu",
            f"    date: 2021-0{1 + i % 5}-1{i % 9}",
            f"    narration: Lời dẫn cho ảnh số {i + 1}.",
        ]
    (content / "periods/2021-h1/highlights/tuy-hoa.yml").write_text(
        "\n".join(lines) + "\n", "utf-8"
    )


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        all_headers = {"Cookie": self.cookie, **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        cookie = response.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        conn.close()
        return response.status, data.decode("utf-8")

    def timed(self, method: str, path: str, **kwargs) -> tuple[float, int, str]:
        start = time.perf_counter()
        status, text = self.request(method, path, **kwargs)
        return (time.perf_counter() - start) * 1000, status, text


def field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-studio-") as tmp:
        root = Path(tmp) / "project"
        made = time.perf_counter()
        make_project(root, args.photos)
        print(f"project: {args.photos} photos in {time.perf_counter() - made:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        baocao = Path(sys.executable).parent / "baocao"
        process = subprocess.Popen(
            [str(baocao), "studio", "--project", str(root), "--port", str(port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None and "Studio" in process.stdout.readline()
            client = Client(port)
            cold, status, page = client.timed("GET", UNIT)
            assert status == 200, status
            warm, saves, after = [], [], []
            for i in range(args.repeat):
                ms, _, page = client.timed("GET", UNIT)
                warm.append(ms)
                form = {
                    "csrf": field(page, "csrf"),
                    "digest": field(page, "digest"),
                    "file": "2021-h1/tuy-hoa/anh-0000.jpg",
                    "caption": f"Chú thích đã sửa lần {i + 1}",
                    "category": "nghiep-vu",
                    "date": "2021-01-10",
                    "narration": "Lời dẫn cho ảnh số 1.",
                }
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{port}",
                }
                body = urllib.parse.urlencode(form).encode()
                ms, status, text = client.timed("POST", UNIT + "/muc/0", body=body, headers=headers)
                assert status == 303, (status, text[:500])
                saves.append(ms)
                ms, _, page = client.timed("GET", UNIT)
                after.append(ms)
            storyboard = []
            for _ in range(args.repeat):
                ms, status, _ = client.timed("GET", "/ky/2021-h1/kich-ban")
                assert status == 200, status
                storyboard.append(ms)
        finally:
            process.terminate()
            process.wait(timeout=10)
    rows = [
        ("unit page, first open (cold)", cold),
        ("unit page, warm", statistics.median(warm)),
        ("save one caption", statistics.median(saves)),
        ("unit page right after a save", statistics.median(after)),
        ("storyboard page (every scene, its length and line), warm", statistics.median(storyboard)),
    ]
    print(f"| what ({args.photos} photos) | ms | target |")
    print("| --- | ---: | ---: |")
    for what, ms in rows:
        target = "" if "cold" in what or "storyboard" in what else f"≤ {TARGET_MS}"
        print(f"| {what} | {ms:.0f} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
