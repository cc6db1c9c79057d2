"""What the demo content asks for: one Shot per media item of every highlights file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

PORTRAIT = {"2021-h1/tuy-an/trao-khen-thuong.jpg", "2021-h1/tay-hoa/kiem-sat-vien-tranh-luan.jpg"}
SIDEWAYS = {"2021-h1/song-hinh/kiem-sat-nha-tam-giu.jpg"}  # stored rotated, EXIF Orientation=6
SMALL = {"2021-h1/son-hoa/hien-mau-nhan-dao.jpg"}
SCENE_RULES = [
    (("truc-tuyen", "phan-mem", "thiet-bi", "phong-hop"), "office"),
    (("hoi-nghi", "tong-ket", "dai-hoi", "hoi-thi", "tap-huan", "trao-", "lien-nganh"), "hall"),
    (("phien-toa", "xet-xu", "tranh-luan"), "court"),
    (("hien-truong", "chot-"), "road"),
    (("nha-tam-giu", "giam-giu", "loi-khai", "phuc-cung"), "detention"),
    (
        (
            "tang-qua",
            "trong-cay",
            "ngu-dan",
            "cuong-che",
            "chot",
            "khu-khuan",
            "tru-so",
            "hien-mau",
        ),
        "outdoor",
    ),
]


@dataclass(frozen=True)
class Shot:
    """One photo to draw: where it goes and what the content says about it."""

    rel: str  # path relative to media/
    unit: str
    unit_name: str
    caption: str
    date: dt.date

    @property
    def scene(self) -> str:
        if self.rel in PORTRAIT:
            return "podium"
        if self.rel.endswith(".png"):
            return "screenshot"
        slug = Path(self.rel).stem
        return next((s for keys, s in SCENE_RULES if any(k in slug for k in keys)), "meeting")


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def collect(project: Path) -> list[tuple[Shot, dict]]:
    """Every media item of every highlights file, with its unit's name for the banners."""
    names = {u["id"]: u["name"] for u in load_yaml(project / "content" / "units.yml")}
    items = []
    for path in sorted((project / "content" / "periods").glob("*/highlights/*.yml")):
        data = load_yaml(path)
        name = names[data["unit"]].replace("VKSND", "Viện kiểm sát nhân dân")
        if path.parts[-3] < "2020-h2" and data["unit"] == "dong-hoa":
            name = name.replace("thị xã", "huyện")  # Đông Hòa became a town in 2020
        for item in data["media"]:
            date = item.get("date") or dt.date(2021, 1, 1)
            items.append((Shot(item["file"], data["unit"], name, item["caption"], date), item))
    return items
