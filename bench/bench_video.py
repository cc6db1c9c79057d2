"""Benchmark of the video render engine against an ffmpeg encode floor.

    python bench/bench_video.py                  # 42 s 1080p30 slideshow: ratio, edit, preview
    python bench/bench_video.py --minutes 10     # also a 10-minute render: peak RSS stays flat

Each render runs in a child process so its peak RSS (the child's own and its largest ffmpeg)
is measured alone. The floor is ffmpeg decoding the finished video and encoding it again with
the same codec settings (libx264 veryfast CRF 20, -an): the work a render cannot avoid.
Photos are synthetic 4000x3000 JPEGs (camera size) with smooth areas, edges and sensor-like
noise, in landscape, portrait (EXIF-rotated) and 16:9; narration is pink noise, music a tone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.model import SectionId
from generator.tools import ffmpeg_exe
from generator.video.render.engine import render_video
from generator.video.render.scenes import (
    Card,
    Chapter,
    Cue,
    KenBurns,
    RenderSettings,
    Scene,
    Still,
)

PHOTO_SECONDS = 3.5
CAPTIONS = [
    "Kiểm sát việc tạm giữ, tạm giam tại Nhà tạm giữ Công an thành phố Tuy Hòa",
    "Phiên tòa rút kinh nghiệm vụ án hình sự tại huyện Tuy An",
    "Hội nghị giao ban công tác kiểm sát quý I năm 2021",
    "Trực tiếp kiểm sát việc giải quyết tố giác, tin báo về tội phạm",
]


def make_media(folder: Path, count: int = 12) -> list[Path]:
    """Synthetic camera-sized photos; every fourth is portrait, one is 16:9."""
    rng = np.random.default_rng(7)
    paths = []
    for index in range(count):
        size = (4000, 3000) if index % 4 else (3000, 4000)
        if index == 5:
            size = (3840, 2160)
        paths.append(_photo(folder / f"photo-{index:02d}.jpg", size, rng, portrait_exif=index == 4))
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "anoisesrc=c=pink:r=24000:a=0.2",
         "-t", "3", "-ac", "1", str(folder / "narration.wav")], check=True,
    )  # fmt: skip
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=220:r=44100",
         "-t", "20", "-ac", "2", str(folder / "music.m4a")], check=True,
    )  # fmt: skip
    card = Image.new("RGB", (1920, 1080), (16, 38, 92))
    ImageDraw.Draw(card).rectangle((160, 160, 1760, 920), outline=(220, 180, 60), width=10)
    card.save(folder / "card.png")
    return paths


def _photo(
    path: Path, size: tuple[int, int], rng: np.random.Generator, portrait_exif: bool
) -> Path:
    w, h = size
    coarse = rng.random((h // 250 + 2, w // 250 + 2, 3)) * 255
    base = np.asarray(Image.fromarray(coarse.astype(np.uint8)).resize((w, h), Image.BICUBIC))
    noise = rng.normal(0, 6, (h, w, 1))
    image = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.integers(0, w), rng.integers(0, h)
        r = int(rng.integers(40, 400))
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=tuple(int(v) for v in rng.integers(0, 255, 3))
        )
    exif = Image.Exif()
    if portrait_exif:  # stored landscape, shown portrait
        image = image.rotate(90, expand=True)
        exif[0x0112] = 6
    image.save(path, quality=90, exif=exif)
    return path


def slideshow(
    media: Path, photos: list[Path], seconds: float, edit: int | None = None
) -> list[Scene]:
    """An opening card, then photos with captions and narration until ``seconds`` are filled."""
    scenes = [Scene("mo-dau", SectionId.OPENING, "Mở đầu", Card(media / "card.png"), PHOTO_SECONDS)]
    index = 0
    while len(scenes) * PHOTO_SECONDS < seconds - 1e-6:
        photo = photos[index % len(photos)]
        caption = f"{CAPTIONS[index % len(CAPTIONS)]} ({index + 1})"
        if index == edit:
            caption += " — đã sửa"
        motion = KenBurns(1.0, 1.1, (0.3, 0.5), (0.7, 0.4)) if index % 2 else KenBurns(1.1, 1.0)
        section = SectionId.INDICATORS if index < 4 else SectionId.UNITS
        scenes.append(
            Scene(
                f"anh-{index}", section, caption, Still(photo, caption, motion), PHOTO_SECONDS,
                narration=media / "narration.wav", narration_at=0.2,
                cues=(Cue(0.2, 3.2, f"Lời dẫn cho ảnh số {index + 1}"),),
            )
        )  # fmt: skip
        index += 1
    return scenes


CHAPTERS = [
    Chapter(SectionId.OPENING, "Mở đầu"),
    Chapter(SectionId.INDICATORS, "Kết quả thực hiện chỉ tiêu"),
    Chapter(SectionId.UNITS, "Hoạt động các đơn vị"),
]


def child(spec: dict) -> None:
    """Render once in this process and print timings and peak memory as JSON."""
    media = Path(spec["media"])
    photos = sorted(media.glob("photo-*.jpg"))
    scenes = slideshow(media, photos, spec["seconds"], spec.get("edit"))
    settings = RenderSettings(
        size=tuple(spec["size"]), fps=spec["fps"], cache_dir=Path(spec["cache"]),
        music=media / "music.m4a",
    )  # fmt: skip
    if spec.get("preview"):
        settings = RenderSettings.preview(cache_dir=Path(spec["cache"]), music=media / "music.m4a")
    memory = TreeMemory()
    memory.start()
    began = time.perf_counter()
    report = render_video(scenes, CHAPTERS, Path(spec["out"]), settings)
    elapsed = time.perf_counter() - began
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    self_rss, child_rss = me.ru_maxrss / 1024, kids.ru_maxrss / 1024
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(json.dumps({
        "seconds": elapsed, "duration": report.duration, "hits": report.cache_hits,
        "misses": report.cache_misses, "cpu": cpu, "rss_python_mb": self_rss, "rss_ffmpeg_mb": child_rss,
        "rss_total_mb": memory.peak_mb,
    }))  # fmt: skip


def run_child(spec: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def floor(video: Path, work: Path) -> tuple[float, float]:
    """Wall and CPU seconds of decoding ``video`` and encoding it again (the floor)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-i", str(video), "-c:v", "libx264",
         "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-an",
         str(work / "floor.mp4")], check=True,
    )  # fmt: skip
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


class TreeMemory(threading.Thread):
    """Samples the summed RSS of this process and all its descendants every 50 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0

    def run(self) -> None:
        me = os.getpid()
        own = _exe(me)
        while True:
            # A child between vfork and exec shares this process's memory: Python's RSS would
            # count twice (measured: +160 MB in one 10-minute run). Such a child still runs
            # our own executable.
            pids = [me, *(pid for pid in _tree(me)[1:] if _exe(pid) != own)]
            total = sum(_rss_kb(pid) for pid in pids)
            self.peak_mb = max(self.peak_mb, total / 1024)
            time.sleep(0.05)


def _exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def _tree(pid: int) -> list[int]:
    pids = [pid]
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            for child_pid in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                pids += _tree(int(child_pid))
    return pids


def _rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _memory(result: dict) -> str:
    return (
        f"peak RSS python {result['rss_python_mb']:.0f} MB, largest ffmpeg "
        f"{result['rss_ffmpeg_mb']:.0f} MB, whole tree {result['rss_total_mb']:.0f} MB"
    )


def report(
    args: argparse.Namespace,
    full: dict,
    floor_s: float,
    floor_cpu: float,
    edit: dict,
    preview: dict,
) -> None:
    print(
        f"full render {args.seconds:.0f} s {args.size}@{args.fps}: "
        f"{full['seconds']:.2f} s wall, {full['cpu']:.1f} s CPU"
    )
    print(f"floor (ffmpeg re-encode): {floor_s:.2f} s wall, {floor_cpu:.1f} s CPU")
    print(
        f"ratio render/floor: {full['seconds'] / floor_s:.2f} wall, "
        f"{full['cpu'] / floor_cpu:.2f} CPU  (target <= 1.5)"
    )
    print(
        f"caption edit re-render: {edit['seconds']:.2f} s = "
        f"{100 * edit['seconds'] / full['seconds']:.1f}% of full; "
        f"{edit['hits']} cached, {edit['misses']} rendered  (target <= 10%)"
    )
    print(
        f"preview 640x360: {preview['seconds']:.2f} s = "
        f"{preview['duration'] / preview['seconds']:.1f}x real time  (target >= 8x)"
    )
    print(f"memory: {_memory(full)}  (target <= 600 MB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=42.0)
    parser.add_argument("--minutes", type=float, default=0.0, help="also render this long")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--make-media", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    if args.make_media:
        make_media(Path(args.make_media))
        return
    size = [int(v) for v in args.size.split("x")]
    work = Path(tempfile.mkdtemp(prefix="bench-video-"))
    try:
        # In a child process: the parent's RSS would otherwise be inherited by every fork.
        subprocess.run([sys.executable, __file__, "--make-media", str(work)], check=True)
        base = {"media": str(work), "size": size, "fps": args.fps, "seconds": args.seconds}
        fulls, floors, edits, previews = [], [], [], []
        # Alternate render and floor, keep the fastest of each: the machine is shared.
        for run in range(args.repeat):
            cache = {"cache": str(work / f"full-{run}"), "out": str(work / f"full-{run}.mp4")}
            fulls.append(run_child({**base, **cache}))
            floors.append(floor(work / f"full-{run}.mp4", work))
            edits.append(run_child({**base, **cache, "out": str(work / "e.mp4"), "edit": 5}))
            previews.append(
                run_child({**base, "cache": str(work / f"p-{run}"), "out": str(work / "p.mp4"),
                           "preview": True})
            )  # fmt: skip
        full = min(fulls, key=lambda r: r["seconds"])
        floor_s, floor_cpu = min(floors)
        edit = min(edits, key=lambda r: r["seconds"])
        preview = min(previews, key=lambda r: r["seconds"])
        report(args, full, floor_s, floor_cpu, edit, preview)
        if args.minutes:
            long = run_child(
                {**base, "seconds": args.minutes * 60, "cache": str(work / "c3"),
                 "out": str(work / "long.mp4")}
            )  # fmt: skip
            print(f"{args.minutes:g} min render: {long['seconds']:.1f} s ({long['cpu']:.0f} s CPU); "
                  f"{_memory(long)}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
