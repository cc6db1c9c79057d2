"""Site build benchmark: one generated period of N 12 MP photos and M phone clips.

    python bench/bench_site.py --photos 50 --clips 2        # quick check (~1 min on 2 cores)
    python bench/bench_site.py                              # 1,000 photos, 20 clips
    python bench/bench_site.py --dir /tmp/b --photos 1000   # keep the inputs for another run

Phases, each in its own Python process (so peak memory is the phase's own): the cold build
(empty media cache, no site yet) and the warm no-op rebuild (nothing changed). For each:
loading + validating the content, the media step, MkDocs' own build (config + pages, measured
inside build_site), and the whole ``build_site`` call. The target for the warm rebuild is
``build_site`` total minus MkDocs' own build <= 2 s. Inputs come from bench_media.py's
generators (photo-like 12 MP JPEGs with EXIF/GPS, 1080p rotation-tagged clips with sound).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_media import _own_peak_mib, _stop_forkserver, make_clips, make_photos  # noqa: E402

UNITS = [f"huyen-{i}" for i in range(1, 11)]
CATEGORIES = ["quan-ly", "nghiep-vu", "to-chuc-can-bo", "thanh-tra", "cntt", "bao-dam"]

CONTENT = {
    "site.yml": "organisation: Viện kiểm sát nhân dân tỉnh Phú Yên\nshort_name: VKSND tỉnh Phú Yên\n",
    "indicators.yml": (
        "- id: giai-quyet-tin-bao\n  name: Tỷ lệ giải quyết tố giác, tin báo về tội phạm\n"
        "  measure: rate\n  comparator: '>'\n  target: 90\n"
        "- id: tam-giam-qua-han\n  name: Số người bị tạm giữ, tạm giam quá hạn\n"
        "  measure: count\n  comparator: '='\n  target: 0\n  unit_label: người\n"
    ),
    "periods/bench/period.yml": (
        "title: Sơ kết công tác 6 tháng đầu năm 2021\nkind: half-year\n"
        "start: 2020-12-01\nend: 2021-05-31\n"
    ),
}


def write_project(work: Path, photos: int, clips: int) -> Path:
    """The project under ``work/project``; media are hard links to generated pools."""
    project = work / "project"
    if (project / "content").is_dir():
        return project
    photo_pool = make_photos(work / "pool-photos", photos)
    clip_pool = make_clips(work / "pool-clips", clips)
    content = project / "content"
    for rel, text in CONTENT.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    units = "".join(
        f"- id: {u}\n  name: VKSND huyện số {i}\n  kind: district\n" for i, u in enumerate(UNITS, 1)
    )
    (content / "units.yml").write_text(units, encoding="utf-8")
    items: dict[str, list[str]] = {u: [] for u in UNITS}
    for i, source in enumerate([*photo_pool, *clip_pool]):
        unit = UNITS[i % len(UNITS)]
        rel = f"bench/{unit}/{source.name}"
        target = project / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        items[unit].append(
            f"  - file: {rel}\n    caption: Hoạt động số {i} của đơn vị\n"
            f"    category: {CATEGORIES[i % len(CATEGORIES)]}\n    date: 2021-03-01\n"
            f"    narration: Lời dẫn cho hình ảnh số {i}.\n"
        )
    for n, unit in enumerate(UNITS):
        folder = content / "periods/bench"
        (folder / "highlights").mkdir(exist_ok=True)
        (folder / "results").mkdir(exist_ok=True)
        (folder / "highlights" / f"{unit}.yml").write_text(
            f"unit: {unit}\nmedia:\n{''.join(items[unit])}", encoding="utf-8"
        )
        (folder / "results" / f"{unit}.yml").write_text(
            f"unit: {unit}\nresults:\n  - indicator: giai-quyet-tin-bao\n"
            f"    numerator: {140 + n}\n    denominator: 155\n"
            f"  - indicator: tam-giam-qua-han\n    value: {n % 2}\n",
            encoding="utf-8",
        )
    return project


def phase(work: Path) -> dict[str, float]:
    """One build, in this process: what the driver's subprocess runs."""
    from generator.audience import filter_for_audience
    from generator.load.loader import load_project
    from generator.model import Visibility
    from generator.site import build_site

    project_root = work / "project"
    started = time.perf_counter()
    project = filter_for_audience(load_project(project_root).project, Visibility.INTERNAL)
    loaded = time.perf_counter() - started
    report = build_site(project, work / "site", project_root=project_root, cache_dir=work / "cache")
    _stop_forkserver()
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "load_s": loaded,
        "media_s": report.media_seconds,
        "mkdocs_s": report.mkdocs_seconds,
        "build_s": report.total_seconds,
        "beyond_mkdocs_s": report.total_seconds - report.mkdocs_seconds,
        "pages": report.pages,
        "photos": report.photos,
        "clips": report.clips,
        "misses": report.cache_misses,
        "rss_self_mib": _own_peak_mib(),
        "rss_child_mib": kids.ru_maxrss / 1024,
    }


def run_phase(work: Path) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--phase", "--dir", str(work)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=1000, help="12 MP JPEGs in the period")
    parser.add_argument("--clips", type=int, default=20, help="1080p phone clips in the period")
    parser.add_argument("--dir", help="work folder, kept (default: a temporary one, removed)")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(Path(args.dir))))
        return
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        started = time.perf_counter()
        write_project(work, args.photos, args.clips)
        print(
            f"inputs: {args.photos} photos, {args.clips} clips ({time.perf_counter() - started:.1f} s)"
        )
        shutil.rmtree(work / "cache", ignore_errors=True)
        shutil.rmtree(work / "site", ignore_errors=True)
        header = "| build | load s | media s | MkDocs s | build_site s | beyond MkDocs s | wall s | RSS MiB | worker MiB | made |"
        print(header)
        print("| --- |" + " ---: |" * 9)
        for label in ("cold (empty cache)", "warm no-op rebuild"):
            r = run_phase(work)
            print(
                f"| {label} | {r['load_s']:.2f} | {r['media_s']:.2f} | {r['mkdocs_s']:.2f} | "
                f"{r['build_s']:.2f} | {r['beyond_mkdocs_s']:.2f} | {r['wall_s']:.2f} | "
                f"{r['rss_self_mib']:.0f} | {r['rss_child_mib']:.0f} | {r['misses']:.0f} |"
            )
        print(f"pages: {r['pages']:.0f}, photos: {r['photos']:.0f}, clips: {r['clips']:.0f}")
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
