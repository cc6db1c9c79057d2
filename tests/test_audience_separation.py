"""Audience separation end to end: every byte of every output holds only what its audience sees.

Unique markers are planted in public, internal and restricted records (case titles, statuses
and notes, result notes, captions, credits, narrations, the report, file names, EXIF and clip
metadata), and restricted and internal photos are filled with a colour of their own. The real
commands then build the public, internal and restricted sites, the conference videos and the
tradition-room bag, and ``markers.py`` scans every file they wrote (raw bytes, names, gunzipped
and zipped members, image metadata, ``ffmpeg -i`` dumps, pixels and video frames).

Each output must hold every marker its audience may see (so the scan is proven to find them)
and none that it may not; and a site, once built, must go on showing only what it was built
with, whatever is rendered into dist/ afterwards.
"""

from __future__ import annotations

import base64
import gzip
import io
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from markers import find_colours, find_markers, haystacks, needles
from PIL import Image
from projectfactory import write_project

from generator.cli import main
from generator.model import Visibility
from generator.tools import ffmpeg_exe

PUBLIC, INTERNAL, RESTRICTED = Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED
MEDIA = "media/2021-h1"
VIDEO_ARGS = ["--size", "320x180", "--fps", "12"]


def _nfd(text: str) -> str:
    """Staff on a Mac write NFD: the loader must make it NFC, the scan finds both."""
    return unicodedata.normalize("NFD", text)


# Markers by where they are planted. Vietnamese ones check the NFC and escaping paths (the
# search index writes them as \u escapes, slugs fold them to ASCII).
SITE_PUBLIC = (
    "MKPUBLICCAPTION1",
    "MKCÔNGKHAIẢNH",
    "MKPUBLICNOTE1",
    "MKPUBLICCASE1",
    "MKPUBLICCREDIT1",
)
VIDEO_PUBLIC = ("MKPUBLICNARR1", "MKPUBLICTITLE0", "MKPUBLICINTRO0")
SITE_INTERNAL = (
    "MKINTERNALCASE7",
    "MKNỘIBỘQUÝ",
    "MKINTERNALSTATUS7",
    "MKINTERNALCASENOTE7",
    "MKINTERNALNOTE2",
    "MKINTERNALSONGCAU2",
    "MKINTERNALCAPTION4",
    "MKINTERNALNARR5",
    "MKINTERNALCREDIT4",
    "MKINTERNALREPORT6",
    "MKINTERNALPHOTO8",  # in the photo's file name
)
MEDIA_INTERNAL = ("MKINTERNALEXIF8",)  # EXIF of the internal photo (derivatives drop it)
# The report's front-matter title: no output shows it yet, so it is only checked for absence.
UNSHOWN_INTERNAL = ("MKINTERNALREPORTTITLE6",)
SITE_RESTRICTED = (
    "MKRESTRICTEDCASE3",
    "MKRESTRICTEDSTATUS3",
    "MKRESTRICTEDCASENOTE3",
    "MKRESTRICTEDNOTE3",
    "MKRESTRICTEDCAPTION6",
    "MKHẠNCHẾMẬT",
    "MKRESTRICTEDNARR7",
    "MKRESTRICTEDCREDIT6",
    "MKRESTRICTEDPHOTO5",  # in the photo's file name
    "MKRESTRICTEDCLIPCAPTION9",
    "MKRESTRICTEDCLIP9",  # in the clip's file name
    "MKRESTRICTEDFILENOTE8",  # marked public, in a file marked restricted (a ceiling)
    "MKRESTRICTEDFILECAPTION8",
)
VIDEO_RESTRICTED = ("MKRESTRICTEDNARR7", "MKRESTRICTEDCLIPNARR9", "MKRESTRICTEDFILENARR8")
MEDIA_RESTRICTED = (
    "MKRESTRICTEDEXIF5",  # EXIF ImageDescription of the restricted photo
    "MKRESTRICTEDARTIST5",  # EXIF Artist
    "MKRESTRICTEDCLIPMETA9",  # the restricted clip's container title
    "MKRESTRICTEDVOICE5",  # the restricted voice-over's file name
    "MKRESTRICTEDFILEPHOTO8",
)

LEVELS: dict[str, Visibility] = {
    **{m: PUBLIC for m in (*SITE_PUBLIC, *VIDEO_PUBLIC)},
    **{m: INTERNAL for m in (*SITE_INTERNAL, *MEDIA_INTERNAL, *UNSHOWN_INTERNAL)},
    **{m: RESTRICTED for m in (*SITE_RESTRICTED, *VIDEO_RESTRICTED, *MEDIA_RESTRICTED)},
}

# Figures only a leak could produce, in the site's Vietnamese format: Tuy Hòa's internal rate
# 151/157, the province-wide rate with it (151+144)/(157+160), and a restricted rate 13/457.
FIGURES: dict[str, Visibility] = {"96,18%": INTERNAL, "93,06%": INTERNAL, "2,84%": RESTRICTED}
INTERNAL_FIGURES = ("96,18%", "93,06%")

# Photos filled with one colour each: wherever their pixels go, the colour goes.
COLOURS = {"yellow": (255, 255, 0), "cyan": (0, 255, 255), "magenta": (255, 0, 255)}
COLOUR_LEVELS = {"yellow": PUBLIC, "cyan": INTERNAL, "magenta": RESTRICTED}

HIGHLIGHTS_TUY_HOA = f"""
    unit: tuy-hoa
    media:
      - file: 2021-h1/tuy-hoa/mkrestrictedphoto5.jpg
        caption: {_nfd("Hồ sơ MKRESTRICTEDCAPTION6 MKHẠNCHẾMẬT")}
        category: nghiep-vu
        date: 2021-03-14
        narration: Lời dẫn hạn chế MKRESTRICTEDNARR7.
        voiceover: 2021-h1/tuy-hoa/mkrestrictedvoice5.m4a
        credit: MKRESTRICTEDCREDIT6
        visibility: restricted
      - file: 2021-h1/tuy-hoa/mkrestrictedclip9.mp4
        caption: Đoạn phim MKRESTRICTEDCLIPCAPTION9
        category: nghiep-vu
        narration: Lời dẫn MKRESTRICTEDCLIPNARR9.
        clip: {{start: 0, end: 1.5}}
        visibility: restricted
      - file: 2021-h1/tuy-hoa/mkinternalphoto8.jpg
        caption: Họp giao ban MKINTERNALCAPTION4
        category: quan-ly
        date: 2021-03-13
        narration: Lời dẫn nội bộ MKINTERNALNARR5.
        credit: MKINTERNALCREDIT4
      - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
        caption: Kiểm sát việc tạm giữ MKPUBLICCAPTION1 {_nfd("MKCÔNGKHAIẢNH")}
        category: nghiep-vu
        date: 2021-03-12
        narration: Tháng Ba, kiểm sát nhà tạm giữ MKPUBLICNARR1.
        voiceover: 2021-h1/tuy-hoa/loi-dan.m4a
        credit: MKPUBLICCREDIT1
        visibility: public
"""
# The restricted photo comes first: in the restricted video its scene is "tuy-hoa-1", the id
# the public photo's scene has in the public video, and with voice-overs of the same length
# both scenes last as long (a cache key that missed the picture would mix them up).

HIGHLIGHTS_PROVINCE = """
    unit: vks-tinh
    visibility: restricted
    media:
      - file: 2021-h1/vks-tinh/mkrestrictedfilephoto8.jpg
        caption: Ảnh MKRESTRICTEDFILECAPTION8
        narration: Lời dẫn MKRESTRICTEDFILENARR8.
        visibility: public
"""

RESULTS_TUY_HOA = f"""
    unit: tuy-hoa
    results:
      - indicator: giai-quyet-tin-bao
        numerator: 151
        denominator: 157
        note: Còn 6 tin báo đang xác minh MKINTERNALNOTE2.
      - indicator: tra-ho-so
        numerator: 13
        denominator: 457
        note: Ghi chú MKRESTRICTEDNOTE3.
        visibility: restricted
    cases:
      - title: {_nfd("Vụ án MKINTERNALCASE7 MKNỘIBỘQUÝ")}
        status: Đang điều tra MKINTERNALSTATUS7
        note: MKINTERNALCASENOTE7
      - title: Vụ án MKRESTRICTEDCASE3
        status: Đang điều tra MKRESTRICTEDSTATUS3
        note: MKRESTRICTEDCASENOTE3
        visibility: restricted
"""

RESULTS_SONG_CAU = """
    unit: song-cau
    visibility: public
    results:
      - indicator: giai-quyet-tin-bao
        numerator: 144
        denominator: 160
        note: Giải trình MKPUBLICNOTE1.
      - indicator: tam-giam-qua-han
        value: 1
        note: Một trường hợp MKINTERNALSONGCAU2.
        visibility: internal
    cases:
      - title: Vụ việc MKPUBLICCASE1
        status: Đã xét xử
"""

RESULTS_PROVINCE = """
    unit: vks-tinh
    visibility: restricted
    results:
      - indicator: tam-giam-qua-han
        value: 0
        note: MKRESTRICTEDFILENOTE8
        visibility: public
"""

VIDEO_YML = """
    title: Báo cáo MKPUBLICTITLE0
    intro: Lời dẫn mở đầu MKPUBLICINTRO0.
"""

REPORT = """
    ---
    title: Báo cáo MKINTERNALREPORTTITLE6
    ---
    # Báo cáo sơ kết

    Sáu tháng đầu năm 2021, toàn ngành đã hoàn thành tốt nhiệm vụ MKINTERNALREPORT6.
"""


def _write_media(root: Path) -> None:
    unit = root / MEDIA / "tuy-hoa"
    size = (640, 360)
    Image.new("RGB", size, COLOURS["yellow"]).save(unit / "kiem-sat-giam-giu.jpg", quality=85)
    internal = Image.Exif()
    internal[0x010E] = "MKINTERNALEXIF8"  # ImageDescription
    Image.new("RGB", size, COLOURS["cyan"]).save(
        unit / "mkinternalphoto8.jpg", quality=85, exif=internal
    )
    restricted = Image.Exif()
    restricted[0x010E] = "MKRESTRICTEDEXIF5"  # ImageDescription
    restricted[0x013B] = "MKRESTRICTEDARTIST5"  # Artist
    Image.new("RGB", size, COLOURS["magenta"]).save(
        unit / "mkrestrictedphoto5.jpg", quality=85, exif=restricted
    )
    province = root / MEDIA / "vks-tinh"
    province.mkdir(parents=True)
    Image.new("RGB", size, COLOURS["magenta"]).save(province / "mkrestrictedfilephoto8.jpg")
    ffmpeg = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run(
        [
            *ffmpeg,
            *("-f", "lavfi", "-i", "color=c=magenta:s=320x180:d=2:r=12"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=2"),
            *("-metadata", "title=MKRESTRICTEDCLIPMETA9", "-shortest"),
            *("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"),
            str(unit / "mkrestrictedclip9.mp4"),
        ],
        check=True,
    )
    for voice in ("mkrestrictedvoice5.m4a", "loi-dan.m4a"):
        subprocess.run(
            [
                *ffmpeg,
                *("-f", "lavfi", "-i", "sine=frequency=330:duration=2"),
                *("-c:a", "aac", str(unit / voice)),
            ],
            check=True,
        )


def _project(root: Path) -> Path:
    period = "content/periods/2021-h1"
    write_project(
        root,
        {
            f"{period}/highlights/tuy-hoa.yml": HIGHLIGHTS_TUY_HOA,
            f"{period}/highlights/vks-tinh.yml": HIGHLIGHTS_PROVINCE,
            f"{period}/results/tuy-hoa.yml": RESULTS_TUY_HOA,
            f"{period}/results/song-cau.yml": RESULTS_SONG_CAU,
            f"{period}/results/vks-tinh.yml": RESULTS_PROVINCE,
            f"{period}/video.yml": VIDEO_YML,
            f"{period}/report.md": REPORT,
        },
    )
    _write_media(root)
    return root


@dataclass(frozen=True)
class Output:
    """One output folder, the audience it was made for, and what it must show."""

    name: str
    path: Path
    audience: Visibility
    expected: tuple[str, ...]  # markers that must appear (proof the scan sees this output)
    colours: tuple[str, ...]  # colours that must appear
    figures: tuple[str, ...] = ()  # figures that must appear


def _run(root: Path, *args: str) -> None:
    assert main(["--project", str(root), "--quiet", *args]) == 0, args


def _make_outputs(root: Path, work: Path) -> list[Output]:
    """Every output the commands write, made the way staff make them."""
    _run(root, "check")
    dist = root / "dist"
    # The public video first, while the render cache is still empty.
    public_video = work / "public-video" / "x.mp4"
    _run(root, "video", "2021-h1", "--audience", "public", "--out", str(public_video), *VIDEO_ARGS)
    # A restricted conference video left in dist/: no lower audience's site may show it.
    _run(root, "video", "2021-h1", "--audience", "restricted", *VIDEO_ARGS)
    shutil.copytree(dist, work / "restricted-video")
    _run(root, "build", "--audience", "public", "--out", str(work / "public-site-1"))
    _run(root, "build", "--audience", "internal", "--out", str(work / "internal-site-1"))
    # Then an internal one: the internal site shows it, the public site must not.
    _run(root, "video", "2021-h1", "--audience", "internal", *VIDEO_ARGS)
    _run(root, "build", "--audience", "public", "--out", str(work / "public-site"))
    _run(root, "build", "--audience", "internal", "--out", str(work / "internal-site"))
    _run(root, "build", "--audience", "restricted", "--out", str(work / "restricted-site"))
    # The bag's public video is made with a cache full of the other audiences' scenes.
    bag = work / "bag"
    _run(root, "archive", "2021-h1", "--out", str(bag), *VIDEO_ARGS)
    assert main(["--quiet", "verify", str(bag)]) == 0

    site_internal = (*SITE_PUBLIC, *SITE_INTERNAL)
    return [
        # Controls: the sources and the restricted outputs hold every marker planted.
        Output("sources", root / "media", RESTRICTED, (*MEDIA_INTERNAL, *MEDIA_RESTRICTED), ()),
        Output(
            "restricted site",
            work / "restricted-site",
            RESTRICTED,
            (*site_internal, *SITE_RESTRICTED, *VIDEO_PUBLIC),
            ("yellow", "cyan", "magenta"),
            tuple(FIGURES),
        ),
        Output(
            "restricted video",
            work / "restricted-video",
            RESTRICTED,
            (*VIDEO_PUBLIC, "MKINTERNALNARR5", *VIDEO_RESTRICTED),
            ("yellow", "cyan", "magenta"),
        ),
        # Internal: the internal site, with and without the internal video.
        Output(
            "internal site",
            work / "internal-site",
            INTERNAL,
            (*site_internal, *VIDEO_PUBLIC),
            ("yellow", "cyan"),
            INTERNAL_FIGURES,
        ),
        Output(
            "internal site (restricted video in dist/)",
            work / "internal-site-1",
            INTERNAL,
            site_internal,
            ("yellow", "cyan"),
            INTERNAL_FIGURES,
        ),
        # Public: both sites, the video and the bag.
        Output("public site", work / "public-site", PUBLIC, SITE_PUBLIC, ("yellow",)),
        Output(
            "public site (restricted video in dist/)",
            work / "public-site-1",
            PUBLIC,
            SITE_PUBLIC,
            ("yellow",),
        ),
        Output("public video", public_video.parent, PUBLIC, VIDEO_PUBLIC, ("yellow",)),
        Output("bag", bag, PUBLIC, (*SITE_PUBLIC, *VIDEO_PUBLIC), ("yellow",)),
    ]


def _figures(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {figure: [] for figure in FIGURES}
    for stack in haystacks(root):
        for figure in FIGURES:
            if figure.encode() in stack.data:
                found[figure].append(stack.where)
    return found


def _problems(output: Output) -> list[str]:
    problems = []
    markers = find_markers(output.path, LEVELS)
    for marker, where in markers.items():
        if marker in output.expected and not where:
            problems.append(f"{output.name}: {marker} is missing (the scan cannot see it)")
        if not LEVELS[marker].visible_to(output.audience) and where:
            problems.append(f"{output.name}: LEAK of {LEVELS[marker]} {marker} in {where}")
    for figure, where in _figures(output.path).items():
        if figure in output.figures and not where:
            problems.append(f"{output.name}: figure {figure} is missing (the scan cannot see it)")
        if not FIGURES[figure].visible_to(output.audience) and where:
            problems.append(f"{output.name}: LEAK of {FIGURES[figure]} figure {figure} in {where}")
    colours = find_colours(output.path, COLOURS)
    for colour, where in colours.items():
        if colour in output.colours and not where:
            problems.append(f"{output.name}: no {colour} picture (the pixel scan cannot see it)")
        if not COLOUR_LEVELS[colour].visible_to(output.audience) and where:
            level = COLOUR_LEVELS[colour]
            problems.append(
                f"{output.name}: LEAK of the {level} {colour} photo's pixels in {where}"
            )
    return problems


def _decoded_md5(video: Path) -> str:
    """The MD5 of the decoded pictures and sound (not of the container)."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(video)]
    command += ["-map", "0:v", "-map", "0:a", "-f", "md5", "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def _cache_problems(clean: Path, reused: Path) -> list[str]:
    """The public video made with a cache full of restricted and internal scenes must be the
    one made with an empty cache, frame for frame (pixels are beyond the marker scan)."""
    problems = []
    if _decoded_md5(clean) != _decoded_md5(reused):
        problems.append(
            f"the bag's public video {reused} differs in pictures or sound from the one made "
            f"with an empty cache ({clean}): a scene cached for another audience was reused, "
            "or rendering is not deterministic"
        )
    for suffix in (".srt", ".vtt", ".chapters.vtt"):
        a, b = clean.with_name(clean.stem + suffix), reused.with_name(reused.stem + suffix)
        if a.read_bytes() != b.read_bytes():
            problems.append(f"{b} differs from {a}, made with an empty cache")
    return problems


def test_every_output_holds_only_what_its_audience_may_see(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    work = tmp_path / "out"
    outputs = _make_outputs(root, work)
    problems = [problem for output in outputs for problem in _problems(output)]
    problems += _cache_problems(work / "public-video/x.mp4", work / "bag/data/video/2021-h1.mp4")
    assert not problems, "\n".join(problems)
    # The public bag, meant to last decades: Tuy Hòa's rate is internal, so the province-wide
    # rate is not in it — neither Sông Cầu's 144/160 summed alone under «toàn tỉnh» nor a
    # verdict on it, on the page or in the subtitles.
    page = (work / "bag/data/site/ky-bao-cao/2021-h1/index.html").read_text(encoding="utf-8")
    overview = page[page.index('id="ket-qua-toan-tinh"') : page.index("bc-matrix")]
    assert "144/160" not in overview and "không có trong bản này" in overview
    subtitles = (work / "bag/data/video/2021-h1.srt").read_text(encoding="utf-8")
    assert "toàn tỉnh đạt 90%" not in subtitles
    assert "số liệu toàn tỉnh không có trong bản này" in " ".join(subtitles.split())


def _outside_links(output: Output) -> list[str]:
    """Links to files outside the output: the output shows whatever is there later."""
    inside = output.path.resolve()
    problems = []
    for path in sorted(output.path.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            rel = path.relative_to(output.path).as_posix()
            problems.append(
                f"{output.name}: {rel} is a symbolic link to {path.resolve()}, outside the "
                "output: it shows whatever is rendered there later, whatever its audience"
            )
    return problems


def test_a_built_site_keeps_the_video_its_audience_may_see(tmp_path: Path) -> None:
    """Staff build the sites, then render the leadership's restricted cut into dist/ and
    publish: the sites built before, and the published intranet, must not show that cut."""
    root = _project(tmp_path / "project")
    work = tmp_path / "out"
    _run(root, "video", "2021-h1", "--audience", "public", *VIDEO_ARGS)
    _run(root, "build", "--audience", "public", "--out", str(work / "public-site"))
    _run(root, "video", "2021-h1", "--audience", "internal", *VIDEO_ARGS)
    _run(root, "build")  # the intranet site, internal, into <project>/site
    _run(root, "video", "2021-h1", "--audience", "restricted", *VIDEO_ARGS)
    _run(root, "publish", "--to", str(work / "www"))
    outputs = [
        Output("public site", work / "public-site", PUBLIC, (*SITE_PUBLIC, *VIDEO_PUBLIC), ()),
        Output("internal site", root / "site", INTERNAL, (*SITE_INTERNAL, *VIDEO_PUBLIC), ()),
        Output("published site", work / "www", INTERNAL, (*SITE_INTERNAL, *VIDEO_PUBLIC), ()),
    ]
    problems = [p for output in outputs for p in (*_outside_links(output), *_problems(output))]
    header = "a built site must carry its own copy of the video its audience may see:"
    assert not problems, "\n".join([header, *problems])


def test_markers_are_distinct() -> None:
    """No marker's forms hide inside another's: a find means that very marker."""
    for marker in LEVELS:
        for other in LEVELS:
            if other != marker:
                forms = needles(other)
                assert not any(form in n for form in forms for n in needles(marker)), (
                    marker,
                    other,
                )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.html", "<p>MKCÔNGKHAIẢNH</p>".encode()),
        ("escaped.json", b'{"text": "MKC\\u00d4NGKHAI\\u1ea2NH"}'),
        ("entities.html", b"<p>MKC&#212;NGKHAI&#x1ea2;NH</p>"),
        ("slug.html", b'<h2 id="mkcongkhaianh">'),
        ("nfd.txt", _nfd("MKCÔNGKHAIẢNH").encode()),
        ("quoted.xml", b"<loc>x/MKC%C3%94NGKHAI%E1%BA%A2NH/</loc>"),
    ],
)
def test_scan_finds_every_form(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    assert find_markers(tmp_path, ["MKCÔNGKHAIẢNH"])["MKCÔNGKHAIẢNH"]


def test_scan_reads_gzip_exif_and_data_uris(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>MKGZIPPED</loc>"))
    exif = Image.Exif()
    exif[0x013B] = "MKARTIST"
    Image.new("RGB", (8, 8)).save(tmp_path / "photo.webp", exif=exif)
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), COLOURS["magenta"]).save(picture, "PNG")
    inline = [
        b"data:text/vtt;base64," + base64.b64encode(b"WEBVTT\n\nMKINLINED"),
        b"data:image/png;base64," + base64.b64encode(picture.getvalue()),
    ]
    (tmp_path / "video.html").write_bytes(b'<track src="%s"><img src="%s">' % tuple(inline))
    found = find_markers(tmp_path, ["MKGZIPPED", "MKARTIST", "MKINLINED"])
    assert "sitemap.xml.gz [gunzip]" in found["MKGZIPPED"]
    assert "photo.webp [image metadata]" in found["MKARTIST"]
    assert found["MKINLINED"] == ["video.html [data: URI 1]"]
    assert find_colours(tmp_path, COLOURS)["magenta"] == ["video.html [data: URI 2]"]


# --- Restricted content written the way Word and Notepad save it ------------------------------
#
# Each encoding variant gets a period of its own, whose report, results file and highlights file
# are all restricted and carry markers naming the variant. Every variant must be read exactly
# (the restricted site shows its markers) and nothing of it may reach the internal or public
# site.

ENCODINGS: dict[str, object] = {
    "CRLF": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "BOMONLY": lambda text: ("\ufeff" + text).encode("utf-8"),
    "BOMCRLF": lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"),
    "CRONLY": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "BLANK": lambda text: ("\n \n" + text).encode("utf-8"),
    "FENCECOMMENT": lambda text: text.encode("utf-8"),  # the report's fences carry comments
    "DOTS": lambda text: text.encode("utf-8"),  # the report's front matter ends with "..."
}
ENCODING_MONTHS = dict(zip(ENCODINGS, range(1, 13), strict=False))


def _encoded_report(variant: str) -> str:
    opening, closing = "---", "---"
    if variant == "FENCECOMMENT":
        opening, closing = "--- # phần đầu", "---   # hết phần đầu"
    if variant == "DOTS":
        closing = "..."
    return (
        f"{opening}\nvisibility: restricted\ntitle: Báo cáo mật\n{closing}\n"
        f"# Báo cáo\n\nNội dung MKFMREPORT{variant}.\n"
    )


def _encoded_results(variant: str) -> str:
    start = "--- # kết quả\n" if variant == "FENCECOMMENT" else ""
    end = "...\n" if variant == "DOTS" else ""
    return (
        f"{start}unit: tuy-hoa\nvisibility: restricted\nresults:\n"
        "  - indicator: giai-quyet-tin-bao\n    numerator: 13\n    denominator: 457\n"
        f"    note: Ghi chú MKFMNOTE{variant}.\ncases:\n  - title: Vụ án MKFMCASE{variant}\n{end}"
    )


def _encoded_highlights(variant: str, period: str) -> str:
    start = "--- # hình ảnh\n" if variant == "FENCECOMMENT" else ""
    end = "...\n" if variant == "DOTS" else ""
    return (
        f"{start}unit: tuy-hoa\nmedia:\n  - file: {period}/tuy-hoa/anh.jpg\n"
        f"    caption: Ảnh MKFMCAPTION{variant}\n    category: nghiep-vu\n"
        f"    narration: Lời dẫn MKFMNARR{variant}.\n    visibility: restricted\n{end}"
    )


def _encoded_project(root: Path) -> dict[str, str]:
    """The tiny project plus one restricted period per encoding; returns marker -> variant."""
    write_project(root)
    markers = {}
    for variant, encode in ENCODINGS.items():
        month = ENCODING_MONTHS[variant]
        period = f"2020-t{month}"
        folder = root / "content/periods" / period
        (folder / "results").mkdir(parents=True)
        (folder / "highlights").mkdir()
        period_yml = (
            f"title: Tháng {month} năm 2020\nkind: month\n"
            f"start: 2020-{month:02d}-01\nend: 2020-{month:02d}-28\n"
        )
        files = {
            "period.yml": period_yml,
            "report.md": _encoded_report(variant),
            "results/tuy-hoa.yml": _encoded_results(variant),
            "highlights/tuy-hoa.yml": _encoded_highlights(variant, period),
        }
        for rel, text in files.items():
            (folder / rel).write_bytes(encode(text))  # type: ignore[operator]
        photo = root / "media" / period / "tuy-hoa/anh.jpg"
        photo.parent.mkdir(parents=True)
        Image.new("RGB", (64, 36), (90, 90, 90)).save(photo)
        for what in ("REPORT", "NOTE", "CASE", "CAPTION"):
            markers[f"MKFM{what}{variant}"] = variant
    return markers


def test_restricted_content_in_every_encoding_stays_restricted(tmp_path: Path) -> None:
    root = tmp_path / "project"
    markers = _encoded_project(root)
    _run(root, "check")
    problems = []
    for audience in ("public", "internal", "restricted"):
        out = tmp_path / audience
        _run(root, "build", "--audience", audience, "--out", str(out))
        for marker, where in find_markers(out, markers).items():
            if audience == "restricted" and not where:
                problems.append(f"{markers[marker]}: {marker} missing from the restricted site")
            if audience != "restricted" and where:
                problems.append(f"{markers[marker]}: LEAK of {marker} into {audience}: {where}")
    assert not problems, "\n".join(problems)


REPORT_RELATIVE = "content/periods/2021-h1/report.md"
RESULTS_RELATIVE = "content/periods/2021-h1/results/tuy-hoa.yml"
UNREADABLE_LEVELS = [
    # (file, bytes, the line the message must name, what it must say)
    pytest.param(
        REPORT_RELATIVE,
        b"---\r\nvisibility: restricted\r\n# MKFMUNCLOSED\r\n",
        1,
        "không có dòng «---» đóng lại",
        id="report-unclosed-fence",
    ),
    pytest.param(
        REPORT_RELATIVE,
        "\ufeffvisibility: restricted\r\n\r\n# Báo cáo MKFMNOFENCE\r\n".encode(),
        1,
        "nằm ngoài phần đầu",
        id="report-no-fences",
    ),
    pytest.param(
        REPORT_RELATIVE,
        b"# B\xc3\xa1o c\xc3\xa1o\n\nVisibility: restricted\n\nMKFMBODYLEVEL\n",
        3,
        "nằm ngoài phần đầu",
        id="report-level-in-body",
    ),
    pytest.param(
        REPORT_RELATIVE,
        b"\n---\nvisibility: Restricted\n---\nMKFMCASE\n",
        3,
        "viết đúng «restricted» (chữ thường)",
        id="report-wrong-case",
    ),
    pytest.param(
        REPORT_RELATIVE,
        "---\nvisibility: hạn chế\n---\nMKFMVIET\n".encode(),
        2,
        "ghi mã «restricted» thay cho «hạn chế»",
        id="report-vietnamese-level",
    ),
    pytest.param(
        REPORT_RELATIVE, b"---\nvisibility:\n---\nMKFMEMPTY\n", 2, "để trống", id="report-empty"
    ),
    pytest.param(
        REPORT_RELATIVE,
        b"---\nvisibility: [restricted]\n---\nMKFMLIST\n",
        2,
        "không phải danh sách",
        id="report-list",
    ),
    pytest.param(
        REPORT_RELATIVE,
        b"---\nvisibility: restricted\nvisibility: public\n---\nMKFMDUP\n",
        3,
        "bị lặp lại",
        id="report-duplicate-key",
    ),
    pytest.param(
        RESULTS_RELATIVE,
        b"unit: tuy-hoa\r\nvisibility: ~\r\ncases:\r\n  - title: MKFMNULL\r\n",
        2,
        "để trống",
        id="results-null",
    ),
    pytest.param(
        RESULTS_RELATIVE,
        b"unit: tuy-hoa\ncases:\n  - title: MKFMITEM\n    visibility: RESTRICTED\n",
        4,
        "viết đúng «restricted»",
        id="case-upper-case",
    ),
    pytest.param(
        REPORT_RELATIVE,
        "---\r\nvisibility: restricted\r\n---\r\nMKFMUNICODE\r\n".encode("utf-16"),
        1,
        "«Unicode» (UTF-16)",
        id="report-notepad-unicode",
    ),
    pytest.param(
        RESULTS_RELATIVE,
        "unit: tuy-hoa\nvisibility: restricted\ncases:\n  - title: MKFMUTF16\n".encode("utf-16"),
        1,
        "«Unicode» (UTF-16)",
        id="results-notepad-unicode",
    ),
    pytest.param(
        RESULTS_RELATIVE,
        "unit: tuy-hoa\ncases:\n  - title: MKFMUTF16\n    visibility: ''\n".encode("utf-16-le"),
        1,
        "ký tự NUL",
        id="results-utf16-without-bom",
    ),
]


@pytest.mark.parametrize(("rel", "data", "line", "says"), UNREADABLE_LEVELS)
def test_an_unreadable_level_stops_check_and_build_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rel: str, data: bytes, line: int, says: str
) -> None:
    root = write_project(tmp_path / "project")
    (root / rel).write_bytes(data)
    assert main(["--project", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{rel}:{line}:" in err, err
    assert says in err, err
    assert "Traceback" not in err
    site = tmp_path / "site"
    assert main(["--project", str(root), "--quiet", "build", "--out", str(site)]) == 1
    assert not site.exists()
