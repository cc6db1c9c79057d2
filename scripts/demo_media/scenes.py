"""The painted scenes: halls, meetings, courtrooms, detention, outdoors, roads, offices."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from .common import font
from .drawing import BANNERS, banner, centred_text, gradient, person, rows_of_heads, shirts, wrap
from .shots import Shot


def paint_hall(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    wall = tuple(int(c) for c in rng.integers([215, 205, 180], [245, 235, 215]))
    img.paste(gradient((w, int(h * 0.62)), wall, tuple(c - 35 for c in wall)))
    d.rectangle([0, 0.05 * h, w, 0.1 * h], fill=(150, 20, 25))
    banner(d, (0.12 * w, 0.12 * h, 0.88 * w, 0.33 * h), shot, BANNERS[int(rng.integers(0, 3))])
    d.ellipse([0.47 * w, 0.015 * h, 0.53 * w, 0.09 * h], fill=(200, 30, 30))
    d.rectangle([0.05 * w, 0.42 * h, 0.95 * w, 0.5 * h], fill=(110, 70, 45))  # presidium table
    d.rectangle([0.05 * w, 0.41 * h, 0.95 * w, 0.425 * h], fill=(190, 40, 40))
    for i, shirt in enumerate(shirts(rng, 7)):
        person(d, 0.14 * w + i * 0.12 * w, 0.33 * h, 0.022 * w, shirt, rng)
    d.rectangle([0.05 * w, 0.42 * h, 0.95 * w, 0.5 * h], fill=(110, 70, 45))
    for x in np.arange(0.07, 0.8, 0.035) * w:  # flowers along the presidium table
        colour = [(250, 210, 60), (235, 110, 140), (240, 240, 235)][int(rng.integers(0, 3))]
        d.ellipse([x, 0.48 * h, x + 0.03 * w, 0.52 * h], fill=colour)
    d.polygon(
        [(0.84 * w, 0.4 * h), (0.93 * w, 0.4 * h), (0.91 * w, 0.6 * h), (0.86 * w, 0.6 * h)],
        fill=(140, 90, 55),
    )  # lectern
    d.rectangle([0, 0.6 * h, w, h], fill=(120, 40, 40))
    rows_of_heads(d, rng, w, 0.62 * h, 0.9 * h, 4, (95, 30, 30))


def paint_meeting(img: Image.Image, shot: Shot, rng) -> None:
    """A working session: people behind a long table, two colleagues seen from behind."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    wall = tuple(int(c) for c in rng.integers([215, 210, 195], [240, 235, 225]))
    img.paste(gradient((w, h), wall, tuple(c - 40 for c in wall)))
    for i in range(3):  # windows with daylight
        x = 0.03 * w + i * 0.11 * w
        light = gradient((int(0.09 * w), int(0.36 * h)), (235, 245, 255), (170, 205, 235))
        img.paste(light, (int(x), int(0.06 * h)))
    banner(d, (0.38 * w, 0.06 * h, 0.97 * w, 0.27 * h), shot, BANNERS[int(rng.integers(0, 3))])
    seated = int(rng.integers(5, 8))
    for i, shirt in enumerate(shirts(rng, seated)):
        x = 0.1 * w + (i + 0.5) * 0.8 * w / seated
        person(d, x + rng.uniform(-10, 10), 0.33 * h + rng.uniform(0, 12), 0.04 * w, shirt, rng)
    d.rectangle([0.03 * w, 0.5 * h, 0.97 * w, 0.54 * h], fill=(150, 100, 65))  # table top
    d.rectangle([0.03 * w, 0.54 * h, 0.97 * w, 0.66 * h], fill=(115, 72, 45))
    for i in range(seated):  # papers and name plates in front of each seat
        x = 0.1 * w + (i + 0.5) * 0.8 * w / seated
        d.rectangle([x - 0.03 * w, 0.505 * h, x + 0.02 * w, 0.525 * h], fill=(245, 245, 240))
        d.polygon(
            [
                (x + 0.025 * w, 0.51 * h),
                (x + 0.055 * w, 0.51 * h),
                (x + 0.058 * w, 0.53 * h),
                (x + 0.022 * w, 0.53 * h),
            ],
            fill=(240, 240, 240),
        )
    d.rectangle([0, 0.66 * h, w, h], fill=(165, 140, 110))  # floor
    for x, shirt in zip((0.22, 0.78), shirts(rng, 2), strict=True):
        person(d, x * w, 0.6 * h, 0.1 * w, shirt, rng, back=True)


def paint_court(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, h), (120, 75, 45), (70, 40, 25)))
    for x in range(0, w, w // 16):  # wood panelling
        d.line([x, 0, x, 0.55 * h], fill=(95, 58, 35), width=4)
    d.ellipse(
        [0.45 * w, 0.04 * h, 0.55 * w, 0.19 * h],
        fill=(200, 30, 30),
        outline=(230, 190, 60),
        width=6,
    )
    cx, cy, r = 0.5 * w, 0.115 * h, 0.035 * w
    star = [
        (
            cx + (r if k % 2 == 0 else r * 0.4) * np.sin(k * np.pi / 5),
            cy - (r if k % 2 == 0 else r * 0.4) * np.cos(k * np.pi / 5),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=(250, 215, 60))
    for i, shirt in enumerate(shirts(rng, 3)):
        person(d, 0.35 * w + i * 0.15 * w, 0.3 * h, 0.03 * w, shirt, rng)
    d.rectangle([0.2 * w, 0.4 * h, 0.8 * w, 0.56 * h], fill=(150, 30, 30))  # judges' bench
    for x, label in ((0.03, "KIỂM SÁT VIÊN"), (0.75, "LUẬT SƯ")):
        person(d, (x + 0.11) * w, 0.44 * h, 0.028 * w, (40, 62, 110), rng)
        d.rectangle([x * w, 0.56 * h, (x + 0.22) * w, 0.68 * h], fill=(130, 85, 50))
        d.rectangle([(x + 0.04) * w, 0.57 * h, (x + 0.18) * w, 0.61 * h], fill=(240, 235, 220))
        centred_text(
            d, ((x + 0.04) * w, 0.57 * h, (x + 0.18) * w, 0.61 * h), [label], (150, 20, 25), 28
        )
    d.rectangle([0.38 * w, 0.72 * h, 0.62 * w, 0.76 * h], fill=(110, 70, 45))  # dock rail
    person(d, 0.5 * w, 0.62 * h, 0.035 * w, (200, 200, 200), rng)
    d.rectangle([0.38 * w, 0.74 * h, 0.62 * w, 0.9 * h], fill=(110, 70, 45))
    d.rectangle([0, 0.9 * h, w, h], fill=(90, 55, 35))


def paint_detention(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, int(0.5 * h)), (150, 190, 225), (215, 230, 240)))
    d.rectangle([0, 0.3 * h, w, 0.8 * h], fill=(205, 200, 185))  # outer wall
    d.rectangle([0, 0.26 * h, w, 0.3 * h], fill=(120, 120, 115))
    d.rectangle([0.3 * w, 0.08 * h, 0.7 * w, 0.2 * h], fill=(25, 60, 120))
    place = shot.unit_name.replace("Viện kiểm sát nhân dân ", "")
    centred_text(
        d,
        (0.3 * w, 0.08 * h, 0.7 * w, 0.2 * h),
        ["NHÀ TẠM GIỮ", f"CÔNG AN {place.upper()}"],
        (250, 250, 250),
        44,
    )
    d.rectangle([0.35 * w, 0.36 * h, 0.65 * w, 0.8 * h], fill=(70, 85, 75))  # barred gate
    for x in np.linspace(0.36 * w, 0.64 * w, 14):
        d.line([x, 0.36 * h, x, 0.8 * h], fill=(35, 40, 38), width=6)
    d.rectangle([0, 0.8 * h, w, h], fill=(150, 145, 135))
    for i, shirt in enumerate([(40, 62, 110), (40, 62, 110), (90, 110, 70), (40, 62, 110)]):
        person(
            d, 0.12 * w + i * 0.08 * w + (0.5 * w if i > 1 else 0), 0.55 * h, 0.04 * w, shirt, rng
        )


def paint_outdoor(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, int(0.6 * h)), (90, 150, 215), (200, 225, 240)))
    xs = np.linspace(0, w, 60)
    phase = rng.uniform(0, 6)
    hills = [(x, 0.42 * h - 0.08 * h * np.sin(x / w * 5 + phase) ** 2) for x in xs]
    d.polygon([*hills, (w, 0.6 * h), (0, 0.6 * h)], fill=(95, 135, 100))
    d.rectangle([0.08 * w, 0.2 * h, 0.62 * w, 0.6 * h], fill=(240, 220, 160))  # office building
    for c in range(8):
        for r in range(3):
            x, y = 0.11 * w + c * 0.064 * w, 0.32 * h + r * 0.09 * h
            d.rectangle([x, y, x + 0.035 * w, y + 0.055 * h], fill=(80, 120, 150))
    banner(d, (0.1 * w, 0.22 * h, 0.6 * w, 0.3 * h), shot)
    d.line([0.7 * w, 0.05 * h, 0.7 * w, 0.6 * h], fill=(200, 200, 200), width=6)  # flagpole
    d.rectangle([0.7 * w, 0.05 * h, 0.78 * w, 0.11 * h], fill=(215, 30, 30))
    d.rectangle([0, 0.6 * h, w, h], fill=(120, 150, 90))
    for _ in range(6):  # trees
        x, y, r = rng.uniform(0.6, 1.0) * w, rng.uniform(0.4, 0.55) * h, rng.uniform(0.04, 0.08) * w
        d.rectangle([x - 0.008 * w, y, x + 0.008 * w, 0.65 * h], fill=(90, 60, 40))
        d.ellipse([x - r, y - r, x + r, y + r], fill=(50, 110 + int(rng.integers(0, 40)), 55))
    for i, shirt in enumerate(shirts(rng, 9)):
        person(d, 0.1 * w + i * 0.095 * w, 0.58 * h + (i % 2) * 0.03 * h, 0.045 * w, shirt, rng)


def paint_road(img: Image.Image, shot: Shot, rng) -> None:
    """A national road in the countryside: a scene inspection or a checkpoint."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, int(0.5 * h)), (110, 165, 220), (215, 230, 240)))
    xs = np.linspace(0, w, 60)
    phase = rng.uniform(0, 6)
    hills = [(x, 0.36 * h - 0.07 * h * np.sin(x / w * 4 + phase) ** 2) for x in xs]
    d.polygon([*hills, (w, 0.5 * h), (0, 0.5 * h)], fill=(85, 125, 95))
    d.rectangle([0, 0.45 * h, w, h], fill=(125, 150, 85))
    d.polygon(
        [(0.45 * w, 0.45 * h), (0.55 * w, 0.45 * h), (0.95 * w, h), (0.05 * w, h)],
        fill=(95, 95, 100),
    )  # the road in perspective
    for k in range(7):  # centre dashes
        t0, t1 = (k / 7) ** 1.6, ((k + 0.5) / 7) ** 1.6
        y0, y1 = 0.45 * h + t0 * 0.55 * h, 0.45 * h + t1 * 0.55 * h
        d.polygon(
            [
                (0.5 * w - 2 - 8 * t0, y0),
                (0.5 * w + 2 + 8 * t0, y0),
                (0.5 * w + 2 + 8 * t1, y1),
                (0.5 * w - 2 - 8 * t1, y1),
            ],
            fill=(240, 240, 235),
        )
    d.rectangle([0.56 * w, 0.56 * h, 0.74 * w, 0.68 * h], fill=(200, 40, 40))  # the car
    d.rectangle([0.59 * w, 0.5 * h, 0.71 * w, 0.57 * h], fill=(170, 205, 230))
    for x in (0.6, 0.7):
        d.ellipse([x * w - 22, 0.66 * h, x * w + 22, 0.66 * h + 44], fill=(30, 30, 30))
    d.line(
        [(0.08 * w, 0.8 * h), (0.5 * w, 0.6 * h), (0.95 * w, 0.75 * h)],
        fill=(250, 210, 40),
        width=5,
    )  # cordon tape
    d.rectangle([0.8 * w, 0.3 * h, 0.92 * w, 0.38 * h], fill=(30, 90, 170))
    centred_text(d, (0.8 * w, 0.3 * h, 0.92 * w, 0.38 * h), ["QL1"], (255, 255, 255), 40)
    d.line([0.86 * w, 0.38 * h, 0.86 * w, 0.5 * h], fill=(160, 160, 160), width=6)
    for i, shirt in enumerate(shirts(rng, 5)):
        person(d, 0.08 * w + i * 0.08 * w, 0.52 * h + (i % 2) * 0.05 * h, 0.04 * w, shirt, rng)


def paint_office(img: Image.Image, shot: Shot, rng) -> None:
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, h), (225, 230, 235), (170, 175, 180)))
    d.rectangle([0.25 * w, 0.06 * h, 0.75 * w, 0.4 * h], fill=(20, 25, 35))  # wall screen
    d.rectangle([0.26 * w, 0.08 * h, 0.74 * w, 0.38 * h], fill=(30, 90, 160))
    for k in range(6):  # video-conference tiles
        x, y = 0.27 * w + (k % 3) * 0.155 * w, 0.1 * h + (k // 3) * 0.14 * h
        d.rectangle([x, y, x + 0.15 * w, y + 0.13 * h], fill=(60, 110, 170))
        person(d, x + 0.075 * w, y + 0.03 * h, 0.012 * w, (40, 62, 110), rng)
    centred_text(
        d, (0.26 * w, 0.36 * h, 0.74 * w, 0.4 * h), [shot.caption.upper()[:60]], (255, 255, 255), 22
    )
    for i, shirt in enumerate(shirts(rng, 4)):  # desks with monitors
        x = 0.05 * w + i * 0.24 * w
        person(d, x + 0.1 * w, 0.5 * h, 0.04 * w, shirt, rng)
        d.rectangle([x, 0.72 * h, x + 0.2 * w, 0.76 * h], fill=(110, 80, 55))
        d.rectangle([x + 0.05 * w, 0.58 * h, x + 0.15 * w, 0.7 * h], fill=(25, 25, 30))
        d.rectangle([x + 0.055 * w, 0.59 * h, x + 0.145 * w, 0.69 * h], fill=(70, 140, 200))
        d.rectangle([x + 0.09 * w, 0.7 * h, x + 0.11 * w, 0.72 * h], fill=(25, 25, 30))
    d.rectangle([0, 0.76 * h, w, h], fill=(150, 120, 90))


def paint_podium(img: Image.Image, shot: Shot, rng) -> None:
    """Portrait: one speaker at a lectern in front of a red backdrop."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(gradient((w, h), (170, 25, 30), (110, 15, 20)))
    centred_text(
        d,
        (0.05 * w, 0.05 * h, 0.95 * w, 0.28 * h),
        [shot.unit_name.upper(), *wrap(shot.caption.upper(), 26)[:3]],
        (250, 215, 90),
        48,
    )
    person(d, 0.5 * w, 0.36 * h, 0.16 * w, (40, 62, 110), rng)
    d.polygon(
        [(0.2 * w, 0.62 * h), (0.8 * w, 0.62 * h), (0.72 * w, h), (0.28 * w, h)], fill=(140, 90, 55)
    )
    d.ellipse([0.42 * w, 0.7 * h, 0.58 * w, 0.8 * h], fill=(230, 190, 60))
    d.line([0.5 * w, 0.62 * h, 0.47 * w, 0.5 * h], fill=(30, 30, 30), width=8)  # microphone


def paint_screenshot(img: Image.Image, shot: Shot, rng) -> None:
    """A flat UI screenshot of the case-management software (hence PNG)."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, h], fill=(245, 247, 250))
    d.rectangle([0, 0, w, 70], fill=(25, 70, 140))
    d.text(
        (24, 18),
        "PHẦN MỀM QUẢN LÝ ÁN HÌNH SỰ – " + shot.unit_name.upper(),
        font=font(28),
        fill=(255, 255, 255),
    )
    d.rectangle([0, 70, 260, h], fill=(230, 235, 242))
    for i, item in enumerate(["Tin báo", "Vụ án", "Bị can", "Thời hạn", "Báo cáo", "Thống kê"]):
        d.text((24, 100 + i * 52), item, font=font(24, "Medium"), fill=(30, 50, 80))
    head = ["STT", "Số thụ lý", "Tội danh", "Giai đoạn", "Kiểm sát viên", "Hạn"]
    cols = [290, 370, 560, 900, 1130, 1400]
    crimes = [
        "Trộm cắp tài sản",
        "Cố ý gây thương tích",
        "Lừa đảo chiếm đoạt tài sản",
        "Mua bán trái phép chất ma túy",
        "Vi phạm quy định về giao thông",
        "Đánh bạc",
    ]
    stages = ["Điều tra", "Truy tố", "Xét xử", "Điều tra bổ sung"]
    for c, x in zip(cols, head, strict=True):
        d.text((c, 100), x, font=font(22), fill=(25, 70, 140))
    for r in range(15):
        y = 150 + r * 56
        d.rectangle(
            [280, y - 8, w - 20, y + 40], fill=(255, 255, 255) if r % 2 else (238, 242, 248)
        )
        cells = [
            str(r + 1),
            f"{int(rng.integers(1, 120)):03d}/2021",
            crimes[r % 6],
            stages[int(rng.integers(0, 4))],
            f"KSV {chr(65 + int(rng.integers(0, 20)))}.",
            f"{int(rng.integers(1, 28)):02d}/{int(rng.integers(1, 6)):02d}/2021",
        ]
        for c, text in zip(cols, cells, strict=True):
            d.text((c, y), text, font=font(21, "Regular"), fill=(40, 40, 40))


PAINTERS: dict[str, Callable] = {
    "hall": paint_hall,
    "meeting": paint_meeting,
    "court": paint_court,
    "detention": paint_detention,
    "outdoor": paint_outdoor,
    "road": paint_road,
    "office": paint_office,
    "podium": paint_podium,
    "screenshot": paint_screenshot,
}
