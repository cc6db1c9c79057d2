"""A small but complete project for the site tests, built once per test session (and worker).

On top of tests/projectfactory.py's tiny project: a second period, a photo stored sideways
with EXIF orientation and GPS, an iPhone HEIC photo (sideways, GPS), a landscape clip and a phone (portrait, rotation-tagged) clip,
hostile staff text (script tags, img onerror, a javascript: link), a unit renamed between the
two periods (Sông Cầu: "VKSND huyện Sông Cầu" until 31/12/2020), a conference video with
subtitles and chapters in a videos folder, and contact sheets (storyboards) for both periods.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image
from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.load.loader import load_project
from generator.model import Project, Visibility
from generator.site import SiteReport, build_site
from generator.site.contact import ContactShot
from generator.tools import ffmpeg_exe

HOSTILE_CAPTION = (
    'Ảnh <script>window.__pwned = 1</script> có <img src=x onerror="window.__pwned = 2"> chú thích'
)
HOSTILE_NOTE = '<img src=x onerror="window.__pwned = 3">Ghi chú <script>window.__pwned = 4</script>'
HOSTILE_NARRATION = "<b>Lời dẫn</b> <script>window.__pwned = 5</script>"
HOSTILE_SHOT = 'Lời dẫn <img src=x onerror="window.__pwned = 7">\n\n*kịch bản* <script>x</script>'

OVERRIDES = {
    "content/units.yml": """
        - id: vks-tinh
          name: Viện kiểm sát nhân dân tỉnh Phú Yên
          kind: province
        - id: tuy-hoa
          name: VKSND thành phố Tuy Hòa
          short_name: Tuy Hòa
          kind: district
          until: 2025-06-30
          succeeded_by: khu-vuc-1
        - id: song-cau
          name: VKSND thị xã Sông Cầu
          short_name: Sông Cầu
          kind: district
          from: 2005-01-05
          until: 2025-06-30
          former_names:
            - name: VKSND huyện Sông Cầu
              until: 2020-12-31
          succeeded_by: khu-vuc-1
        - id: khu-vuc-1
          name: VKSND khu vực 1 – Đắk Lắk
          kind: regional
          from: 2025-07-01
    """,
    "content/periods/2021-h1/highlights/tuy-hoa.yml": f"""
        unit: tuy-hoa
        media:
          - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
            caption: Kiểm sát việc tạm giữ, tạm giam
            category: nghiep-vu
            date: 2021-03-12
            narration: Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.
            visibility: public
          - file: 2021-h1/tuy-hoa/anh-xoay.jpg
            caption: '{HOSTILE_CAPTION}'
            category: quan-ly
            date: 2021-02-01
            narration: '{HOSTILE_NARRATION}'
          - file: 2021-h1/tuy-hoa/phien-toa.mp4
            caption: Phiên tòa rút kinh nghiệm
            category: nghiep-vu
            date: 2021-04-20
            narration: Phiên tòa rút kinh nghiệm.
            clip: {{start: 0.5, end: 2.5}}
          - file: 2021-h1/tuy-hoa/dien-thoai.mp4
            caption: Quay bằng điện thoại
            category: cntt
            date: 2021-05-02
            narration: Clip quay dọc bằng điện thoại.
            audio: mute
    """,
    "content/periods/2021-h1/highlights/song-cau.yml": """
        unit: song-cau
        media:
          - file: 2021-h1/song-cau/img-0001.heic
            caption: Ảnh chụp bằng iPhone (HEIC)
            category: to-chuc-can-bo
            date: 2021-03-14
            narration: Ảnh chụp bằng điện thoại iPhone.
    """,
    "content/periods/2021-h1/results/song-cau.yml": f"""
        unit: song-cau
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 144
            denominator: 160
            note: '{HOSTILE_NOTE}'
          - indicator: tam-giam-qua-han
            value: 1
            note: Một trường hợp quá hạn 2 ngày.
    """,
    "content/periods/2021-h1/report.md": """
        # Báo cáo sơ kết

        Sáu tháng đầu năm 2021, toàn ngành đã hoàn thành tốt nhiệm vụ.

        Liên kết [độc hại](javascript:alert(1)) và <script>window.__pwned = 6</script> thẻ.

        ![ảnh ngoài](https://example.com/anh.png)
    """,
    "content/periods/2020-h1/period.yml": """
        title: Sơ kết công tác 6 tháng đầu năm 2020
        kind: half-year
        start: 2019-12-01
        end: 2020-05-31
    """,
    "content/periods/2020-h1/results/tuy-hoa.yml": """
        unit: tuy-hoa
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 140
            denominator: 160
          - indicator: tra-ho-so
            numerator: 1
            denominator: 50
    """,
}

CHAPTERS_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
Mở đầu

00:00:01.000 --> 00:00:02.000
Kết quả thực hiện chỉ tiêu

00:00:02.000 --> 00:00:03.000
Kết thúc
"""

SUBTITLES_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.500
Viện kiểm sát nhân dân tỉnh Phú Yên xin báo cáo.

00:00:01.500 --> 00:00:03.000
Xin trân trọng cảm ơn.
"""

SUBTITLES_SRT = """1
00:00:00,000 --> 00:00:01,500
Viện kiểm sát nhân dân tỉnh Phú Yên xin báo cáo.

2
00:00:01,500 --> 00:00:03,000
Xin trân trọng cảm ơn.
"""


def make_clip(path: Path, size: str, seconds: float, rotation: int | None = None) -> Path:
    """A test-pattern clip with sound; ``rotation`` is a phone's clockwise display tag."""
    path.parent.mkdir(parents=True, exist_ok=True)
    args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    args += ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}"]
    args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    plain = path.with_name(f"plain-{path.name}") if rotation else path
    subprocess.run([*args, str(plain)], check=True)
    if rotation:
        tag = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y"]
        tag += ["-display_rotation", str(-rotation), "-i", str(plain), "-c", "copy", str(path)]
        subprocess.run(tag, check=True)
        plain.unlink()
    return path


def make_sideways_photo(path: Path) -> Path:
    """Stored 1200×800, EXIF orientation 6 (shown 800×1200), with GPS coordinates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (1200, 800), (200, 40, 40))
    img.paste((40, 60, 200), (600, 0, 1200, 800))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (13.0, 5.0, 30.0), 3: "E", 4: (109.0, 18.0, 0.0)}
    img.save(path, quality=80, exif=exif.tobytes())
    return path


def make_phone_heic(path: Path) -> Path:
    """What an iPhone sends: HEIC, stored 1600×1200 sideways with EXIF orientation 6 (shown
    1200×1600), GPS coordinates; red left half, blue right half as stored."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (1600, 1200), (200, 40, 40))
    img.paste((40, 60, 200), (800, 0, 1600, 1200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (13.0, 5.0, 30.0), 3: "E", 4: (109.0, 18.0, 0.0)}
    img.save(path, format="HEIF", quality=80, exif=exif.tobytes())
    return path


def write_site_project(root: Path) -> Path:
    write_project(root, OVERRIDES)
    make_phone_heic(root / "media/2021-h1/song-cau/img-0001.heic")
    media = root / "media/2021-h1/tuy-hoa"
    make_sideways_photo(media / "anh-xoay.jpg")
    make_clip(media / "phien-toa.mp4", "640x360", 3.0)
    make_clip(media / "dien-thoai.mp4", "640x360", 2.0, rotation=90)
    return root


def write_videos(folder: Path) -> Path:
    make_clip(folder / "2021-h1.mp4", "320x180", 3.0)
    (folder / "2021-h1.vtt").write_text(SUBTITLES_VTT, encoding="utf-8")
    (folder / "2021-h1.chapters.vtt").write_text(CHAPTERS_VTT, encoding="utf-8")
    (folder / "2021-h1.srt").write_text(SUBTITLES_SRT, encoding="utf-8")
    return folder


def make_slide(path: Path, colour: tuple[int, int, int] = (120, 20, 30)) -> Path:
    """A drawn slide as the video stage leaves it: a 1920×1080 PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (1920, 1080), colour)
    img.paste((240, 200, 80), (160, 440, 1760, 640))
    img.save(path)
    return path


def write_contact_sheets(project: Path, folder: Path) -> dict[str, tuple[ContactShot, ...]]:
    """Storyboards for both periods: a slide, a photo and a clip cut for 2021-h1 (which has a
    rendered video), two slides for 2020-h1 (which has none)."""
    media = project / "media/2021-h1/tuy-hoa"
    opening = make_slide(folder / "mo-dau.png")
    return {
        "2021-h1": (
            ContactShot(
                "Mở đầu", "Báo cáo sơ kết 6 tháng", 14.9, "Viện kiểm sát …", "slide", opening
            ),
            ContactShot(
                "Hoạt động của các đơn vị",
                "Kiểm sát việc tạm giữ, tạm giam",
                6.2,
                HOSTILE_SHOT,
                "photo",
                media / "kiem-sat-giam-giu.jpg",
            ),
            ContactShot(
                "Hoạt động của các đơn vị",
                "Phiên tòa rút kinh nghiệm",
                8.5,
                "Phiên tòa rút kinh nghiệm.",
                "clip",
                media / "phien-toa.mp4",
                clip_start=0.5,
            ),
        ),
        "2020-h1": (
            ContactShot("Mở đầu", "Báo cáo sơ kết 2020", 10.0, "", "slide", opening),
            ContactShot(
                "Kết thúc",
                "Xin cảm ơn",
                5.0,
                "Xin cảm ơn.",
                "slide",
                make_slide(folder / "ket.png"),
            ),
        ),
    }


def load(root: Path, audience: Visibility = Visibility.INTERNAL) -> Project:
    return filter_for_audience(load_project(root).project, audience)


@pytest.fixture(scope="session")
def samples() -> SimpleNamespace:
    """Makers of sample media for tests of their own: ``samples.slide(path)`` (a drawn slide,
    1920×1080 PNG), ``samples.clip(path, "640x360", seconds, rotation=None)``."""
    return SimpleNamespace(slide=make_slide, clip=make_clip)


@pytest.fixture(scope="session")
def load_filtered():
    """``load_filtered(root, audience=INTERNAL) -> Project`` (loaded and filtered)."""
    return load


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the project
    out: Path
    report: SiteReport


@pytest.fixture(scope="session")
def site_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site_project(tmp_path_factory.mktemp("site") / "project")


@pytest.fixture(scope="session")
def videos_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_videos(tmp_path_factory.mktemp("videos"))


@pytest.fixture(scope="session")
def contact_sheets(
    site_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[ContactShot, ...]]:
    return write_contact_sheets(site_project, tmp_path_factory.mktemp("kich-ban"))


@pytest.fixture(scope="session")
def built_site(site_project: Path, videos_dir: Path, contact_sheets) -> BuiltSite:
    out = site_project / "site"
    report = build_site(
        load(site_project),
        out,
        project_root=site_project,
        cache_dir=site_project / ".cache",
        videos_dir=videos_dir,
        contact_sheets=contact_sheets,
    )
    return BuiltSite(site_project, out, report)


@pytest.fixture(scope="session")
def offline_site(site_project: Path, videos_dir: Path, built_site: BuiltSite) -> BuiltSite:
    out = site_project / "site-offline"
    report = build_site(
        load(site_project),
        out,
        project_root=site_project,
        cache_dir=site_project / ".cache",
        videos_dir=videos_dir,
        offline=True,
    )
    return BuiltSite(site_project, out, report)


DEMO = Path(__file__).resolve().parents[2] / "content"


def write_dashboard_project(root: Path) -> Path:
    """The demo's registry and 2021-h1 results (16 units × 14 indicators), without media: the
    widest dashboard the demo has, built in seconds."""
    content = root / "content"
    shutil.copytree(DEMO / "periods/2021-h1/results", content / "periods/2021-h1/results")
    for name in ("site.yml", "units.yml", "indicators.yml"):
        text = (DEMO / name).read_text(encoding="utf-8")
        (content / name).write_text(re.sub(r"(?m)^logo:.*$", "", text), encoding="utf-8")
    shutil.copyfile(DEMO / "periods/2021-h1/period.yml", content / "periods/2021-h1/period.yml")
    return root


@pytest.fixture(scope="session")
def dashboard_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = write_dashboard_project(tmp_path_factory.mktemp("dashboard") / "project")
    out = root / "site"
    report = build_site(load(root), out, project_root=root, cache_dir=root / ".cache")
    return BuiltSite(root, out, report)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges (as nginx serves them: videos can seek), no log lines;
    with ``not_found`` set, a missing file is answered with that page and status 404, as
    nginx's ``error_page 404 /<sub-path>/404.html`` does."""

    not_found: Path | None = None

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found is None or not self.not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self):  # type: ignore[override]
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
        if start >= size:
            self.send_error(416)
            return None
        body = path.open("rb")
        body.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._remaining = end - start + 1
        return body

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        self._remaining = None
        while remaining > 0:
            chunk = source.read(min(65536, remaining))
            if not chunk:
                break
            try:
                outputfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):  # the player moved on: fine
                return
            remaining -= len(chunk)


@pytest.fixture(scope="session")
def serve_folder() -> Iterator:
    """``serve_folder(path, not_found=None) -> base URL``: a static server on 127.0.0.1 in a
    thread; ``not_found`` is the page (a file) served for missing files."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path, not_found: Path | None = None) -> str:
        handler_class = type("_Handler", (_QuietHandler,), {"not_found": not_found})
        handler = functools.partial(handler_class, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
