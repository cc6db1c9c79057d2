"""Clips: a slow pan across a painted scene, with a soundtrack of speech and room noise."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from .common import BITEXACT, RATE, ffmpeg, output, seed_of
from .drawing import finish
from .scenes import PAINTERS
from .shots import Shot
from .sound import noise, place, tts, write_wav


@dataclass(frozen=True)
class Clip:
    rel: str
    size: tuple[int, int]  # as displayed (upright)
    seconds: float
    scene: str
    sound: Callable[[np.random.Generator, float], np.ndarray] | None
    phone: bool = False  # stored sideways with a display-rotation tag, like a phone recording


def sound_court(rng, s: float) -> np.ndarray:
    track = 0.03 * noise(rng, s, 2)
    place(
        track,
        tts("Đề nghị Hội đồng xét xử tuyên bố bị cáo phạm tội cố ý gây thương tích."),
        1.0,
        0.8,
    )
    place(track, tts("Bị cáo có ý kiến gì về lời luận tội của Kiểm sát viên không?", 165), 7.2, 0.7)
    return track


def sound_roadside(rng, s: float) -> np.ndarray:
    t = np.arange(int(s * RATE)) / RATE
    track = 0.25 * noise(rng, s, 2) + 0.05 * np.sin(2 * np.pi * 80 * t) * (1 + np.sin(t))
    car = np.exp(-(((t - 5.5) / 1.2) ** 2))
    return (track + 0.3 * car * noise(rng, s, 1)).astype(np.float32)


def sound_training(rng, s: float) -> np.ndarray:
    track = 0.02 * noise(rng, s, 2)
    place(track, tts("Các đồng chí chọn mục vụ án, nhập số thụ lý, rồi bấm lưu."), 0.8, 0.8)
    for at in rng.uniform(0.3, s - 0.2, 14):  # keyboard clicks
        place(track, noise(rng, 0.02, 0) * np.hanning(int(0.02 * RATE)), float(at), 0.15)
    return track


def sound_crowd(rng, s: float) -> np.ndarray:
    t = np.arange(int(s * RATE)) / RATE
    track = 0.12 * noise(rng, s, 1) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t))
    place(track, tts("Chúc các em đón Tết vui vẻ và học thật giỏi."), 1.5, 0.8)
    clap = noise(rng, 2.0, 0) * np.minimum(1, np.linspace(3, 0, int(2.0 * RATE)))
    place(track, clap, 5.8, 0.25)
    return track.astype(np.float32)


CLIPS = [
    Clip("2021-h1/tuy-hoa/phien-toa-rut-kinh-nghiem.mp4", (854, 480), 12, "court", sound_court),
    Clip("2021-h1/song-cau/kiem-sat-hien-truong.mp4", (640, 360), 10, "road", sound_roadside),
    Clip("2021-h1/dong-hoa/tap-huan-phan-mem.mp4", (640, 360), 8, "office", sound_training),
    Clip(
        "2021-h1/son-hoa/trao-qua-vung-cao.mp4", (360, 640), 9, "outdoor", sound_crowd, phone=True
    ),
    Clip("2021-h1/phu-hoa/hoi-nghi-truc-tuyen.mp4", (640, 360), 6, "office", None),  # no audio
]
FPS = 25


def clip_frames(clip: Clip, shot: Shot) -> bytes:
    """Pan across a scene wider (or taller) than the frame: moving content, cheap to draw."""
    rng = np.random.default_rng(seed_of(clip.rel))
    w, h = clip.size
    big = (int(w * 1.3) * 2, h * 2) if w > h else (w * 2, int(h * 1.3) * 2)
    img = Image.new("RGB", big)
    PAINTERS[clip.scene](img, shot, rng)
    img = img.resize((big[0] // 2, big[1] // 2), Image.LANCZOS).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    frames = []
    n = int(clip.seconds * FPS)
    for i in range(n):
        ease = 0.5 - 0.5 * np.cos(np.pi * i / (n - 1))
        dx, dy = int((img.width - w) * ease), int((img.height - h) * ease)
        frame = finish(img.crop((dx, dy, dx + w, dy + h)), rng, "Video minh họa", grain=False)
        if clip.phone:  # the phone stored it sideways: 90° clockwise
            frame = frame.transpose(Image.Transpose.ROTATE_270)
        frames.append(frame.tobytes())
    return b"".join(frames)


def make_clip(clip: Clip, shot: Shot, out: Path) -> None:
    rng = np.random.default_rng(seed_of(clip.rel) + 1)
    w, h = (clip.size[1], clip.size[0]) if clip.phone else clip.size
    video_in = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(FPS), "-i", "-"]
    video_out = [
        "-c:v",
        "libx264",
        "-preset",
        "medium",
        "-crf",
        "27",
        "-pix_fmt",
        "yuv420p",
        "-threads",
        "1",
        "-movflags",
        "+faststart",
    ]
    target = out / clip.rel
    with tempfile.TemporaryDirectory() as tmp, output(target) as done:
        tmpdir = Path(tmp)
        audio: list[str | Path] = ["-an"]
        if clip.sound:
            write_wav(tmpdir / "a.wav", clip.sound(rng, clip.seconds)[: int(clip.seconds * RATE)])
            audio = [
                "-i",
                tmpdir / "a.wav",
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-ar",
                str(RATE),
                "-ac",
                "2",
            ]
        encoded = tmpdir / "v.mp4" if clip.phone else done
        ffmpeg(*video_in, *audio, *video_out, *BITEXACT, encoded, stdin=clip_frames(clip, shot))
        if clip.phone:  # players turn it back 90° counter-clockwise: displayed 360x640
            ffmpeg(
                "-display_rotation:v:0",
                "90",
                "-i",
                encoded,
                "-c",
                "copy",
                *BITEXACT,
                "-movflags",
                "+faststart",
                done,
            )
