"""Site assets drawn from the project: the logo goes without its metadata."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from projectfactory import FILES, write_project

from generator.load.loader import load_project
from generator.site.assets import write_logo


def test_the_logo_reaches_every_page_without_its_location(tmp_path: Path) -> None:
    site = FILES["content/site.yml"] + "    logo: logo.jpg\n"
    root = write_project(tmp_path / "p", {"content/site.yml": site})
    logo = Image.new("RGB", (320, 320), (200, 30, 40))
    exif = logo.getexif()
    exif[0x010E] = "Chụp tại trụ sở"  # ImageDescription: free text
    exif.get_ifd(0x8825).update({1: "N", 2: (13.0, 5.0, 43.8), 3: "E", 4: (109.0, 19.0, 15.2)})
    logo.save(root / "media/logo.jpg", exif=exif)
    project = load_project(root).project
    docs = tmp_path / "docs"
    rel = write_logo(project, docs)
    assert rel is not None
    with Image.open(docs / rel) as shown:
        kept = shown.getexif()
        assert not kept.get_ifd(0x8825) and 0x010E not in kept
        assert shown.size == (320, 320)
    with Image.open(root / "media/logo.jpg") as original:  # the staff's file is untouched
        assert original.getexif().get_ifd(0x8825)
