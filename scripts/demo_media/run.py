"""The command: draw every photo and clip the demo content names, then the music."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .clips import CLIPS, make_clip
from .photos import make_logo, make_photo
from .shots import collect
from .sound import encode_audio, music, tts

DESCRIPTION = "Generate the demo project's stand-in media under media/ (the output is committed)."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--out", type=Path, help="default: <project>/media")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    out = (args.out or project / "media").resolve()
    items = collect(project)
    clips = {c.rel: c for c in CLIPS}
    make_logo(out)
    for shot, item in items:
        suffix = Path(shot.rel).suffix.lower()
        if suffix in (".jpg", ".jpeg", ".png"):
            make_photo(shot, out)
        elif shot.rel in clips:
            make_clip(clips[shot.rel], shot, out)
        else:
            sys.exit(f"no recipe for {shot.rel}")
        if item.get("voiceover"):
            encode_audio(
                0.9 * tts(item["narration"], 140),
                out / item["voiceover"],
                ["-c:a", "aac", "-b:a", "64k", "-ac", "1"],
            )
        print(shot.rel)
    encode_audio(
        music(45), out / "2021-h1" / "nhac-nen.mp3", ["-c:a", "libmp3lame", "-b:a", "112k"]
    )
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{len(items)} media items, {total / 1e6:.1f} MB under {out}")
    return 0
