"""Media derivative benchmark: our photo derivatives vs sigal's, warm rebuilds, clip copies.

    python bench/bench_media.py --count 50            # quick
    python bench/bench_media.py                       # 1,000 12 MP JPEGs (a few minutes)
    python bench/bench_media.py --count 0 --clips 20  # clip web copies only
    python bench/bench_media.py --count 8 --formats   # WebP vs JPEG size/speed/PSNR table

Each measured phase runs in its own Python process, so its peak RSS (self and its worker
processes, from resource.getrusage) is its own and sigal's global Pillow settings stay in it.
sigal needs `pip install sigal`; without it that row is skipped.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.media.cache import MediaCache  # noqa: E402
from generator.media.clip import ClipJob, make_web_clips  # noqa: E402
from generator.media.image import (  # noqa: E402
    DEFAULT_WIDTHS,
    WEBP_OPTIONS,
    PhotoJob,
    make_photo_sets,
)
from generator.tools import ffmpeg_exe  # noqa: E402

PHOTO_SIZE = (4000, 3000)  # 12 MP, a phone's or compact camera's default
BASES = 4  # distinct pictures; every file still has its own bytes (a unique JPEG comment)


# --- inputs -------------------------------------------------------------------------------


def synth_photo(seed: int) -> Image.Image:
    """A photo-like picture: smooth light, mid-scale texture, hard-edged objects, sensor grain."""
    rng = np.random.default_rng(seed)
    w, h = PHOTO_SIZE

    def layer(gw: int, gh: int, amp: float) -> np.ndarray:
        small = Image.fromarray((rng.random((gh, gw, 3)) * 255).astype(np.uint8))
        return np.asarray(small.resize((w, h), Image.Resampling.BICUBIC), np.float32) * amp

    base = layer(6, 4, 0.6) + layer(80, 60, 0.25) + layer(700, 525, 0.15)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = (int(v) for v in rng.integers(0, (w, h)))
        rw, rh = (int(v) for v in rng.integers(50, 900, size=2))
        colour = tuple(int(c) for c in rng.integers(0, 255, size=3))
        shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
        shape([x, y, x + rw, y + rh], fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    grain = rng.normal(0, 4, (h, w, 1)).astype(np.int16)
    return Image.fromarray(np.clip(np.asarray(img, np.int16) + grain, 0, 255).astype(np.uint8))


def camera_jpeg(img: Image.Image, orientation: int) -> bytes:
    exif = img.getexif()
    exif[0x010F] = "Bench Camera"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (13.0, 5.0, 43.8), 3: "E", 4: (109.0, 19.0, 15.2)}
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=92, exif=exif)
    return out.getvalue()


def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    # Every fourth base is a phone held upright (EXIF orientation 6).
    bases = [camera_jpeg(synth_photo(s), 6 if s % 4 == 3 else 1) for s in range(min(BASES, count))]
    paths = []
    for i in range(count):
        data = bases[i % len(bases)]
        comment = f"bench photo {i}".encode()
        segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
        path = folder / f"photo-{i:04d}.jpg"
        path.write_bytes(data[:2] + segment + data[2:])  # after SOI: a new file, same pixels
        paths.append(path)
    old = time.time_ns() - 3600 * 10**9  # as if copied in an hour ago (not "racily clean")
    for path in paths:
        os.utime(path, ns=(old, old))
    return paths


def make_clips(folder: Path, count: int) -> list[Path]:
    """Phone-like clips: 1920x1080 stored with a 90° tag, 30 fps, 5 s, with sound."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"clip-{i:03d}.mp4"
        args = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-display_rotation", "-90"]
        args += ["-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration=5,hue=h={i * 17}"]
        args += ["-f", "lavfi", "-i", "sine=frequency=440:duration=5"]
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
        subprocess.run([*args, str(path)], check=True)
        paths.append(path)
    return paths


# --- phases (each in its own process) -----------------------------------------------------


def phase_ours(work: Path, out_name: str, workers: int) -> int:
    sources = sorted((work / "photos").glob("*.jpg"))
    cache = MediaCache(work / "cache")
    jobs = [PhotoJob(s, work / out_name, s.stem) for s in sources]
    make_photo_sets(jobs, cache=cache, workers=workers)
    return cache.misses


def _sigal_one(source: str, out_dir: str) -> None:
    from sigal.image import generate_image
    from sigal.settings import create_settings

    stem = Path(source).stem
    for width in DEFAULT_WIDTHS:
        settings = create_settings(
            img_size=(width, width * 3 // 4), img_format="WEBP", autorotate_images=True
        )
        out = os.path.join(out_dir, f"{stem}-{width}.webp")
        generate_image(source, out, settings, options=dict(WEBP_OPTIONS))


def phase_sigal(work: Path, workers: int) -> int:
    sources = sorted((work / "photos").glob("*.jpg"))
    out = work / "sigal"
    out.mkdir(exist_ok=True)
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_sigal_one, map(str, sources), [str(out)] * len(sources)))
    return len(sources)


def phase_clips(work: Path, out_name: str) -> int:
    sources = sorted((work / "clips").glob("*.mp4"))
    cache = MediaCache(work / "cache")
    make_web_clips([ClipJob(s, work / out_name, s.stem) for s in sources], cache=cache)
    return cache.misses


def run_phase(argv: list[str]) -> dict[str, float]:
    """Run one phase in a fresh interpreter; its time and peak memory."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--phase", *argv], capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["seconds"] = time.perf_counter() - start
    return report


def phase_main(args: argparse.Namespace) -> None:
    work = Path(args.dir)
    if args.phase == "ours":
        made = phase_ours(work, args.out, args.workers)
    elif args.phase == "sigal":
        made = phase_sigal(work, args.workers)
    else:
        made = phase_clips(work, args.out)
    _stop_forkserver()
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    report = {"made": made, "cpu_s": cpu, "rss_self_mib": _own_peak_mib()}
    report["rss_child_mib"] = kids.ru_maxrss / 1024
    print(json.dumps(report))


def _stop_forkserver() -> None:
    """Our pool's workers are children of multiprocessing's fork server, not of this process:
    only once it has exited (and reaped them) does RUSAGE_CHILDREN count them."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    if server is not None and hasattr(server, "_stop"):
        server._stop()


def _own_peak_mib() -> float:
    """VmHWM, not ru_maxrss: after exec, ru_maxrss still holds the parent's (the driver's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- format choice ------------------------------------------------------------------------


def formats_table(sources: list[Path]) -> None:
    """Encode each source's 1600 px derivative as JPEG and WebP; size, time, PSNR."""
    variants = {
        "JPEG q85": {"format": "JPEG", "quality": 85},
        "JPEG q85 optimize+progressive": {
            "format": "JPEG",
            "quality": 85,
            "optimize": True,
            "progressive": True,
        },
        "WebP q80 method 0": {"format": "WEBP", "quality": 80, "method": 0},
        "WebP q80 method 2": {"format": "WEBP", "quality": 80, "method": 2},
        "WebP q80 method 4": {"format": "WEBP", "quality": 80, "method": 4},
        "WebP q80 method 6": {"format": "WEBP", "quality": 80, "method": 6},
    }
    totals = {name: [0.0, 0.0, 0.0] for name in variants}
    for source in sources:
        with Image.open(source) as img:
            img.draft("RGB", (1600, 1200))
            ref = img.convert("RGB").resize((1600, 1200), Image.Resampling.LANCZOS)
        ref_px = np.asarray(ref, np.float64)
        for name, options in variants.items():
            buf = io.BytesIO()
            start = time.perf_counter()
            ref.save(buf, **options)
            elapsed = time.perf_counter() - start
            back = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), np.float64)
            psnr = 10 * np.log10(255**2 / ((back - ref_px) ** 2).mean())
            for k, v in enumerate((buf.tell() / 1024, elapsed * 1000, psnr)):
                totals[name][k] += v / len(sources)
    print(f"\n1600 px derivative, mean of {len(sources)} sources")
    print(f"{'encoding':32} {'KiB':>7} {'ms':>7} {'PSNR dB':>8}")
    for name, (kib, ms, psnr) in totals.items():
        print(f"{name:32} {kib:7.0f} {ms:7.1f} {psnr:8.2f}")


# --- driver -------------------------------------------------------------------------------


def row(label: str, items: int, r: dict[str, float]) -> str:
    rate = items / r["seconds"] if r["seconds"] else 0.0
    per_cpu = items / r["cpu_s"] if r["cpu_s"] else 0.0
    return (
        f"{label:30} {items:6d} {r['seconds']:8.2f} {rate:8.1f} {r['cpu_s']:7.1f} {per_cpu:7.2f} "
        f"{r['rss_self_mib']:7.0f} {r['rss_child_mib']:9.0f} {int(r['made']):5d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="12 MP JPEGs to generate")
    parser.add_argument("--clips", type=int, default=0, help="1080p phone clips to generate")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--formats", action="store_true", help="also print the format table")
    parser.add_argument("--no-sigal", action="store_true")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--phase", choices=["ours", "sigal", "clips"], help=argparse.SUPPRESS)
    parser.add_argument("--out", default="out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase_main(args)
        return
    with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
        work = Path(args.dir or tmp)
        bench(work, args)


def bench(work: Path, args: argparse.Namespace) -> None:
    start = time.perf_counter()
    photos = make_photos(work / "photos", args.count)
    clips = make_clips(work / "clips", args.clips)
    print(
        f"inputs: {len(photos)} photos, {len(clips)} clips in {time.perf_counter() - start:.1f} s"
    )
    common = ["--dir", str(work), "--workers", str(args.workers)]
    results: dict[str, tuple[int, dict[str, float]]] = {}
    if photos:
        results["ours, cold (empty cache)"] = (len(photos), run_phase(["ours", *common]))
        results["ours, warm rebuild (cache)"] = (
            len(photos),
            run_phase(["ours", *common, "--out", "out-warm"]),
        )
        if not args.no_sigal:
            try:
                import sigal  # noqa: F401

                results["sigal 2.6 generate_image x3"] = (
                    len(photos),
                    run_phase(["sigal", *common]),
                )
            except ImportError:
                print("sigal is not installed: pip install sigal")
    if clips:
        results["clips, cold"] = (len(clips), run_phase(["clips", *common]))
        results["clips, warm (cache)"] = (
            len(clips),
            run_phase(["clips", *common, "--out", "out-warm"]),
        )
    print(f"\nworkers: {args.workers}; sizes {DEFAULT_WIDTHS}; WebP {WEBP_OPTIONS}")
    print(
        f"{'phase':30} {'items':>6} {'wall s':>8} {'items/s':>8} {'CPU s':>7} {'/CPU s':>7} "
        f"{'RSS MiB':>7} {'child MiB':>9} {'made':>5}"
    )
    for label, (items, r) in results.items():
        print(row(label, items, r))
    if "sigal 2.6 generate_image x3" in results:
        ours = results["ours, cold (empty cache)"][1]
        theirs = results["sigal 2.6 generate_image x3"][1]
        print(
            f"\nours cold vs sigal: {theirs['seconds'] / ours['seconds']:.2f}x the throughput "
            f"(wall), {theirs['cpu_s'] / ours['cpu_s']:.2f}x less CPU"
        )
    if args.formats and photos:
        formats_table(photos[: min(8, len(photos))])


if __name__ == "__main__":
    main()
