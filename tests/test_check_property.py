"""Property: when ``check`` accepts a project, every command works on it.

Small projects are generated with figures and dates across their whole allowed range (zero,
the bounds, zero denominators, decimal commas), every visibility, Vietnamese and markup text,
reports with and without front matter, and video.yml settings. For each project ``check``
accepts, ``build`` (internal, which also plans the public video for the contact sheet, and
public), ``video --plan`` (restricted) and ``archive`` run in process: they may refuse with
one of the project's own errors (``BaocaoError``), never with anything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import traceback
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator import pipeline
from generator.errors import BaocaoError, InputError
from generator.model import Visibility
from generator.model.limits import EARLIEST_DAY, LATEST_DAY, MAX_FIGURE
from generator.tools import ffmpeg_exe
from generator.video.render.scenes import RenderSettings

UNITS = [
    {"id": "vks-tinh", "name": "Viện kiểm sát nhân dân tỉnh Phú Yên", "kind": "province"},
    {
        "id": "tuy-hoa",
        "name": "VKSND thành phố Tuy Hòa",
        "short_name": "Tuy Hòa",
        "kind": "district",
    },
    {"id": "song-cau", "name": "VKSND thị xã Sông Cầu", "kind": "district"},
]
UNIT_IDS = [unit["id"] for unit in UNITS]
PERIOD = "2021-h1"
TINY = RenderSettings(size=(320, 180), fps=10, preset="ultrafast", audio_bitrate="64k")

levels = st.sampled_from([None, "public", "internal", "restricted"])
# Text staff may write: Vietnamese (NFC and NFD), punctuation YAML, Markdown and HTML care about.
WORDS = ("Tuy Hòa", "Sông Cầu", "kiểm sát", "Hồ sơ", "Vụ án", "đạt", "100%", "1.234", "95,62")
MARKUP = ("<b>", "&amp;", "*", "_", "#", "[x](y)", "`", "|", ":", "---", "{{ x }}", "\\", "'", '"')
ODD = ("Ho\u0300a", "😀", "\u200b", "  ")
words = st.sampled_from([*WORDS, *MARKUP, *ODD])
texts = st.lists(words, min_size=1, max_size=6).map(" ".join).filter(lambda t: t.strip())
days = st.dates(min_value=EARLIEST_DAY, max_value=LATEST_DAY)
counts = st.one_of(st.integers(0, 200), st.sampled_from([0, 1, MAX_FIGURE - 1, MAX_FIGURE]))
decimals = st.one_of(
    st.decimals(min_value=0, max_value=1000, places=2).map(str),
    st.sampled_from(["0", "95,62", "0.01", str(MAX_FIGURE), "99.999"]),
)


@st.composite
def indicators(draw: st.DrawFn) -> list[dict]:
    found = []
    for index in range(draw(st.integers(1, 3))):
        measure = draw(st.sampled_from(["rate", "count", "value"]))
        target = draw(decimals)
        if measure == "rate" and Decimal(target.replace(",", ".")) > 100:
            target = "100"
        if measure == "count":
            target = str(draw(counts))
        indicator = {
            "id": f"chi-tieu-{index}",
            "name": draw(texts),
            "measure": measure,
            "comparator": draw(st.sampled_from([">", ">=", "<", "<=", "="])),
            "target": target,
        }
        if draw(st.booleans()):
            indicator["short_name"] = draw(texts)
        found.append(indicator)
    return found


@st.composite
def result(draw: st.DrawFn, indicator: dict) -> dict:
    written: dict = {"indicator": indicator["id"]}
    if indicator["measure"] == "rate":
        denominator = draw(counts)
        written["numerator"] = draw(st.integers(0, denominator)) if denominator < 300 else 0
        written["denominator"] = denominator
    elif indicator["measure"] == "count":
        written["value"] = draw(counts)
    else:
        written["value"] = draw(decimals)
    if draw(st.booleans()):
        written["note"] = draw(texts)
    if (level := draw(levels)) is not None:
        written["visibility"] = level
    return written


@st.composite
def projects(draw: st.DrawFn) -> dict:
    start = draw(days)
    end = draw(st.dates(min_value=start, max_value=min(LATEST_DAY, start + dt.timedelta(400))))
    catalogue = draw(indicators())
    period: dict = {"title": draw(texts), "kind": draw(st.sampled_from(["month", "half-year"]))}
    period |= {"start": start, "end": end}
    if draw(st.booleans()):
        period["conference"] = {"date": draw(days), "place": draw(texts)}
    units = [dict(unit) for unit in UNITS]
    if draw(st.booleans()):  # a renamed unit: pages show the name of the period's time
        units[1]["former_names"] = [{"name": draw(texts), "until": draw(days)}]
    if draw(st.booleans()):  # a merge announced for after the period
        units[2]["succeeded_by"] = "tuy-hoa"
    files: dict[str, object] = {
        "content/site.yml": {"organisation": draw(texts), "short_name": draw(texts)},
        "content/units.yml": units,
        "content/indicators.yml": catalogue,
        f"content/periods/{PERIOD}/period.yml": period,
    }
    photos = []
    for unit in draw(st.lists(st.sampled_from(UNIT_IDS), unique=True, max_size=3)):
        results = [draw(result(i)) for i in catalogue if draw(st.booleans())]
        cases = [
            _drop_none({"title": draw(texts), "visibility": draw(levels)})
            for _ in range(draw(st.integers(0, 2)))
        ]
        written = {"unit": unit, "results": results, "cases": cases}
        if (level := draw(levels)) is not None:
            written["visibility"] = level
        files[f"content/periods/{PERIOD}/results/{unit}.yml"] = _drop_none(written)
    for unit in draw(st.lists(st.sampled_from(UNIT_IDS), unique=True, max_size=2)):
        media = []
        for index in range(draw(st.integers(1, 2))):
            clip = draw(st.booleans())
            name = f"{PERIOD}/{unit}/muc-{index}.{'mp4' if clip else 'jpg'}"
            photos.append(name)
            item: dict = {"file": name, "caption": draw(texts), "visibility": draw(levels)}
            item["narration"] = draw(st.one_of(st.none(), texts))
            item["date"] = draw(st.one_of(st.none(), st.dates(start, end)))
            item["category"] = draw(st.sampled_from([None, "nghiep-vu", "quan-ly"]))
            if clip and draw(st.booleans()):
                item["clip"] = {"start": "0,5", "end": draw(st.sampled_from([1, "1.5", 2]))}
                item["audio"] = draw(st.sampled_from(["keep", "mute"]))
            media.append(_drop_none(item))
        written = {"unit": unit, "media": media, "visibility": draw(levels)}
        files[f"content/periods/{PERIOD}/highlights/{unit}.yml"] = _drop_none(written)
    if draw(st.booleans()):
        files[f"content/periods/{PERIOD}/report.md"] = draw(reports())
    if draw(st.booleans()):
        files[f"content/periods/{PERIOD}/video.yml"] = draw(video_settings(catalogue))
    return {"files": files, "media": photos}


@st.composite
def reports(draw: st.DrawFn) -> str:
    body = "\n\n".join(draw(st.lists(texts, min_size=1, max_size=3))) + "\n"
    level = draw(levels)
    if level is None and draw(st.booleans()):
        return body
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    front = f"visibility: {level}\n" if level else ""
    if draw(st.booleans()):
        front += f"title: {yaml.safe_dump(draw(texts), allow_unicode=True).splitlines()[0]}\n"
    closing = draw(st.sampled_from(["---", "...", "--- # hết"]))
    blank = draw(st.sampled_from(["", "\n"]))
    text = f"{blank}---\n{front}{closing}\n{body}"
    return draw(st.sampled_from(["", "\ufeff"])) + text.replace("\n", newline)


@st.composite
def video_settings(draw: st.DrawFn, catalogue: list[dict]) -> dict:
    sections = ["mo-dau", "chi-tieu", "don-vi", "ket-thuc"]
    written: dict = {}
    for key in ("title", "intro", "outro"):
        if draw(st.booleans()):
            written[key] = draw(texts)
    if draw(st.booleans()):
        written["sections"] = draw(st.lists(st.sampled_from(sections), unique=True, max_size=4))
    if draw(st.booleans()):
        written["durations"] = {draw(st.sampled_from(sections)): draw(st.sampled_from([0.5, 3]))}
    if draw(st.booleans()):
        key = draw(st.sampled_from(["tong-hop", *(i["id"] for i in catalogue)]))
        written["narration"] = {key: draw(texts)}
    return written


def _drop_none(mapping: dict) -> dict:
    return {key: value for key, value in mapping.items() if value is not None}


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clip = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run(
        [
            *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", "color=c=teal:s=160x90:d=2:r=10"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=2"),
            *("-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(clip)),
        ],
        check=True,
    )
    return clip


def _write(root: Path, project: dict, clip: Path) -> None:
    for rel, data in project["files"].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_bytes(data.encode("utf-8"))
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for name in project["media"]:
        path = root / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".mp4":
            path.write_bytes(clip.read_bytes())
        else:
            Image.new("RGB", (96, 54), (40, 120, 200)).save(path)


def _commands(root: Path, work: Path) -> None:
    settings = dataclasses.replace(TINY, cache_dir=pipeline.cache_dir(root) / "video")
    pipeline.build(root, Visibility.INTERNAL, work / "internal-site")
    pipeline.build(root, Visibility.PUBLIC, work / "public-site")
    pipeline.plan_video(root, PERIOD, Visibility.RESTRICTED, settings)
    pipeline.archive(root, PERIOD, work / "bag", settings)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(project=projects())
def test_what_check_accepts_every_command_works(
    tmp_path_factory: pytest.TempPathFactory, tiny_clip: Path, project: dict
) -> None:
    work = tmp_path_factory.mktemp("case")
    root = work / "project"
    _write(root, project, tiny_clip)
    try:
        pipeline.check(root)
    except InputError:
        return  # check refused it: nothing more is promised
    try:
        _commands(root, work)
    except BaocaoError:
        pass  # refused with the project's own message (e.g. nothing this audience may see)  # refused with the project's own message (e.g. no period for an empty audience)
    except Exception:  # the property: nothing else escapes
        pytest.fail(f"check accepted {root}, then a command raised:\n{traceback.format_exc()}")
