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
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.tools import ffmpeg_exe  # noqa: E402
from generator.video.render import render_video  # noqa: E402
from generator.video.scenes import (  # noqa: E402
    Card,
    Chapter,
    Cue,
    KenBurns,
    RenderSettings,
    Scene,
    Section,
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


def _photo(path: Path, size: tuple[int, int], rng: np.random.Generator, portrait_exif: bool) -> Path:
    w, h = size
    coarse = rng.random((h // 250 + 2, w // 250 + 2, 3)) * 255
    base = np.asarray(Image.fromarray(coarse.astype(np.uint8)).resize((w, h), Image.BICUBIC))
    noise = rng.normal(0, 6, (h, w, 1))
    image = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.integers(0, w), rng.integers(0, h)
        r = int(rng.integers(40, 400))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    exif = Image.Exif()
    if portrait_exif:  # stored landscape, shown portrait
        image = image.rotate(90, expand=True)
        exif[0x0112] = 6
    image.save(path, quality=90, exif=exif)
    return path


def slideshow(media: Path, photos: list[Path], seconds: float, edit: int | None = None) -> list[Scene]:
    """An opening card, then photos with captions and narration until ``seconds`` are filled."""
    scenes = [Scene("mo-dau", Section.MO_DAU, "Mở đầu", Card(media / "card.png"), PHOTO_SECONDS)]
    index = 0
    while len(scenes) * PHOTO_SECONDS < seconds - 1e-6:
        photo = photos[index % len(photos)]
        caption = f"{CAPTIONS[index % len(CAPTIONS)]} ({index + 1})"
        if index == edit:
            caption += " — đã sửa"
        motion = KenBurns(1.0, 1.1, (0.3, 0.5), (0.7, 0.4)) if index % 2 else KenBurns(1.1, 1.0)
        section = Section.CHI_TIEU if index < 4 else Section.DON_VI
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
    Chapter(Section.MO_DAU, "Mở đầu"),
    Chapter(Section.CHI_TIEU, "Kết quả thực hiện chỉ tiêu"),
    Chapter(Section.DON_VI, "Hoạt động các đơn vị"),
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
    began = time.perf_counter()
    report = render_video(scenes, CHAPTERS, Path(spec["out"]), settings)
    elapsed = time.perf_counter() - began
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({
        "seconds": elapsed, "duration": report.duration, "hits": report.cache_hits,
        "misses": report.cache_misses, "rss_python_mb": self_rss, "rss_ffmpeg_mb": child_rss,
    }))  # fmt: skip


def run_child(spec: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def floor(video: Path, work: Path) -> float:
    began = time.perf_counter()
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-i", str(video), "-c:v", "libx264",
         "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-an",
         str(work / "floor.mp4")], check=True,
    )  # fmt: skip
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=42.0)
    parser.add_argument("--minutes", type=float, default=0.0, help="also render this long")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    size = [int(v) for v in args.size.split("x")]
    work = Path(tempfile.mkdtemp(prefix="bench-video-"))
    try:
        make_media(work)
        base = {"media": str(work), "size": size, "fps": args.fps, "seconds": args.seconds}
        full = run_child({**base, "cache": str(work / "c1"), "out": str(work / "full.mp4")})
        floor_s = floor(work / "full.mp4", work)
        edit = run_child({**base, "cache": str(work / "c1"), "out": str(work / "e.mp4"), "edit": 5})
        preview = run_child({**base, "cache": str(work / "c2"), "out": str(work / "p.mp4"), "preview": True})
        print(f"full render {args.seconds:.0f} s {args.size}@{args.fps}: {full['seconds']:.2f} s")
        print(f"floor (ffmpeg re-encode):      {floor_s:.2f} s")
        print(f"ratio render/floor:            {full['seconds'] / floor_s:.2f}  (target <= 1.5)")
        print(f"caption edit re-render:        {edit['seconds']:.2f} s = "
              f"{100 * edit['seconds'] / full['seconds']:.1f}% of full, "
              f"{edit['hits']} hits / {edit['misses']} miss  (target <= 10%)")  # fmt: skip
        print(f"preview 640x360:               {preview['seconds']:.2f} s = "
              f"{preview['duration'] / preview['seconds']:.1f}x real time  (target >= 8x)")
        print(f"peak RSS python / ffmpeg:      {full['rss_python_mb']:.0f} / "
              f"{full['rss_ffmpeg_mb']:.0f} MB  (target <= 600)")
        if args.minutes:
            long = run_child({**base, "seconds": args.minutes * 60, "cache": str(work / "c3"),
                              "out": str(work / "long.mp4")})  # fmt: skip
            print(f"{args.minutes:g} min render:               {long['seconds']:.1f} s, "
                  f"peak RSS python / ffmpeg {long['rss_python_mb']:.0f} / "
                  f"{long['rss_ffmpeg_mb']:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
