"""``baocao ingest``: a messy inbox lands with clean names, the inbox untouched, content valid."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.audience import filter_for_audience
from generator.errors import InputError, Severity
from generator.load.loader import load_project
from generator.model import Visibility
from generator.model.records import PLACEHOLDER_MARK
from generator.site import build_site
from generator.workflow.inbox import LIVE_PHOTO_NOTE, MOTION_PHOTO_NOTE
from generator.workflow.ingest import ingest

HIGHLIGHTS = "content/periods/2021-h1/highlights/{}.yml"
NFD_NAME = unicodedata.normalize("NFD", "Ảnh cũ.jpg")  # as a Mac names it
Digest = Callable[[Path], dict[str, str]]
Maker = Callable[..., Path]


def _entries(root: Path, unit: str) -> list[dict]:
    return yaml.safe_load((root / HIGHLIGHTS.format(unit)).read_text(encoding="utf-8"))["media"]


def test_messy_inbox_lands_with_clean_names_and_valid_content(
    tiny_project: Path, messy_inbox: Path, digest: Digest
) -> None:
    before = digest(messy_inbox)
    old_highlights = (tiny_project / HIGHLIGHTS.format("tuy-hoa")).read_text(encoding="utf-8")
    progress: list[tuple[int, int]] = []

    report = ingest(
        tiny_project, messy_inbox, "2021-h1", on_progress=lambda d, t: progress.append((d, t))
    )

    assert digest(messy_inbox) == before  # nothing moved, changed or deleted
    assert {c.target for c in report.copied} == {
        "2021-h1/song-cau/anh-zalo.png",
        "2021-h1/tuy-hoa/anh-hoi-nghi-01.jpg",
        "2021-h1/tuy-hoa/img-0002.jpeg",
        "2021-h1/tuy-hoa/phien-toa.mp4",
    }
    for copied in report.copied:
        assert re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+\.[a-z0-9]+", copied.target)
        filed = tiny_project / "media" / copied.target
        assert filed.read_bytes() == copied.source.read_bytes()
    assert [(d.shown, d.same_as) for d in report.duplicates] == [
        ("Tuy Hoa/copy of anh.jpg", "Tuy Hoa/Ảnh Hội nghị 01.JPG")
    ]
    assert [s.shown for s in report.unknown_folders] == ["Khác"]
    assert [s.shown for s in report.ignored] == ["Tuy Hoa/Báo cáo.docx"]
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)

    # Appended as text: the staff's file is kept byte for byte in front of the new entries.
    new_text = (tiny_project / HIGHLIGHTS.format("tuy-hoa")).read_text(encoding="utf-8")
    assert new_text.startswith(old_highlights)
    entries = {e["file"]: e for e in _entries(tiny_project, "tuy-hoa")}
    photo = entries["2021-h1/tuy-hoa/anh-hoi-nghi-01.jpg"]
    assert photo["date"] == dt.date(2021, 3, 14)  # EXIF DateTimeOriginal
    assert entries["2021-h1/tuy-hoa/phien-toa.mp4"]["date"] == dt.date(2021, 4, 20)
    assert "date" not in entries["2021-h1/tuy-hoa/img-0002.jpeg"]
    assert PLACEHOLDER_MARK in photo["caption"] and PLACEHOLDER_MARK in photo["narration"]
    assert "category" not in photo
    assert (tiny_project / HIGHLIGHTS.format("song-cau")).is_file()  # created

    loaded = load_project(tiny_project)  # valid: warnings only
    assert all(w.severity is Severity.WARNING for w in loaded.warnings)
    assert any("chú thích còn để mẫu" in w.message for w in loaded.warnings)
    assert len(loaded.project.period("2021-h1").media_items()) == 5


def test_second_run_changes_nothing(tiny_project: Path, messy_inbox: Path, digest: Digest) -> None:
    ingest(tiny_project, messy_inbox, "2021-h1")
    project_before = digest(tiny_project)

    report = ingest(tiny_project, messy_inbox, "2021-h1")

    assert digest(tiny_project) == project_before
    assert report.copied == [] and report.highlights == []
    assert len(report.duplicates) == 5
    assert report.lines()[-1] == "Không có gì mới: mọi ảnh, video đã có trong media/."


def test_files_already_under_media_are_duplicates(tiny_project: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    filed = tiny_project / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    (inbox / "tuy-hoa").mkdir(parents=True)
    (inbox / "tuy-hoa" / "IMG_9999.JPG").write_bytes(filed.read_bytes())

    report = ingest(tiny_project, inbox, "2021-h1")

    assert report.copied == []
    assert [d.same_as for d in report.duplicates] == ["media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"]


def test_files_filed_for_another_period_or_unit_are_duplicates_too(
    tiny_project: Path, tmp_path: Path, photo: Maker, digest: Digest
) -> None:
    # Sent again for this period: filed once already, under 2020-h1 for Sông Cầu (NFD name).
    old = photo(tiny_project / "media/2020-h1/song-cau" / NFD_NAME, (7, 7, 7))
    inbox = tmp_path / "inbox"
    (inbox / "tuy-hoa").mkdir(parents=True)
    (inbox / "tuy-hoa" / "gui lai.jpg").write_bytes(old.read_bytes())
    photo(inbox / "tuy-hoa" / "moi.jpg", (6, 6, 6))

    report = ingest(tiny_project, inbox, "2021-h1")
    project_after = digest(tiny_project)

    assert [(d.shown, d.same_as) for d in report.duplicates] == [
        ("tuy-hoa/gui lai.jpg", "media/2020-h1/song-cau/Ảnh cũ.jpg")
    ]
    assert [c.target for c in report.copied] == ["2021-h1/tuy-hoa/moi.jpg"]
    assert "  tuy-hoa/gui lai.jpg (giống media/2020-h1/song-cau/Ảnh cũ.jpg)" in report.lines()
    assert not (tiny_project / "media/2021-h1/tuy-hoa/gui-lai.jpg").exists()

    again = ingest(tiny_project, inbox, "2021-h1")  # running twice changes nothing

    assert digest(tiny_project) == project_after
    assert again.copied == [] and len(again.duplicates) == 2


def test_new_entries_stay_internal_in_a_file_marked_public(
    tiny_project: Path, tmp_path: Path, photo: Maker
) -> None:
    path = tiny_project / HIGHLIGHTS.format("song-cau")
    path.write_text("unit: song-cau\nvisibility: public\nmedia: []\n", encoding="utf-8")
    photo(tmp_path / "inbox" / "song-cau" / "chua duyet.jpg", (4, 4, 4))

    ingest(tiny_project, tmp_path / "inbox", "2021-h1")

    assert [e["visibility"] for e in _entries(tiny_project, "song-cau")] == ["internal"]
    project = load_project(tiny_project).project
    for audience, seen in ((Visibility.PUBLIC, []), (Visibility.INTERNAL, ["chua-duyet.jpg"])):
        highlights = filter_for_audience(project, audience).period("2021-h1").highlights
        files = [Path(m.file).name for h in highlights if h.unit == "song-cau" for m in h.media]
        assert files == seen


def test_unit_option_takes_every_file_and_names_stay_unique(
    tiny_project: Path, tmp_path: Path, photo: Maker
) -> None:
    inbox = tmp_path / "Zalo"
    photo(inbox / "Kiem sat giam giu.jpg", (9, 9, 9))  # same name as a filed photo
    photo(inbox / "sub" / "KIEM SAT GIAM GIU.JPG", (8, 8, 8))

    report = ingest(tiny_project, inbox, "2021-h1", unit="VKS Tuy Hòa")

    assert sorted(c.target for c in report.copied) == [
        "2021-h1/tuy-hoa/kiem-sat-giam-giu-2.jpg",
        "2021-h1/tuy-hoa/kiem-sat-giam-giu-3.jpg",
    ]
    load_project(tiny_project)


def test_date_outside_the_period_is_left_out_with_a_warning(
    tiny_project: Path, tmp_path: Path, photo: Maker, clip: Maker
) -> None:
    inbox = tmp_path / "inbox"
    photo(inbox / "song-cau" / "old.jpg", (5, 5, 5), "2019:06:01 08:00:00")
    clip(inbox / "song-cau" / "late.mp4", "2021-05-31T18:00:00Z")  # 1 June in Vietnam

    report = ingest(tiny_project, inbox, "2021-h1")

    assert all("date" not in e for e in _entries(tiny_project, "song-cau"))
    assert [w.message[:38] for w in report.warnings] == [
        "ngày chụp/quay 01/06/2021 nằm ngoài kỳ",
        "ngày chụp/quay 01/06/2019 nằm ngoài kỳ",
    ]
    assert all(w.path.startswith(inbox.as_posix()) for w in report.warnings)
    load_project(tiny_project)


def test_appends_to_staff_file_with_comments_and_windows_line_endings(
    tiny_project: Path, tmp_path: Path, photo: Maker
) -> None:
    path = tiny_project / HIGHLIGHTS.format("song-cau")
    staff = (
        "# Ảnh của Sông Cầu\r\nunit: song-cau\r\nmedia: []   # chưa có\r\nvisibility: public\r\n"
    )
    path.write_bytes(staff.encode("utf-8"))
    inbox = tmp_path / "inbox"
    photo(inbox / "Sông Cầu" / "a.jpg", (1, 1, 1))

    ingest(tiny_project, inbox, "2021-h1")

    text = path.read_bytes().decode("utf-8")
    assert text.startswith("# Ảnh của Sông Cầu\r\nunit: song-cau\r\nmedia:    # chưa có\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.endswith("visibility: public\r\n")
    assert [e["file"] for e in _entries(tiny_project, "song-cau")] == ["2021-h1/song-cau/a.jpg"]
    load_project(tiny_project)


def test_appends_to_the_yaml_file_the_reader_found(
    tiny_project: Path, tmp_path: Path, photo: Maker
) -> None:
    """Sông Cầu's highlights saved by staff as «song-cau.yaml» (the reader takes .yaml as
    .yml): ingest adds to that file, never a second «song-cau.yml» beside it."""
    folder = tiny_project / "content/periods/2021-h1/highlights"
    (folder / "song-cau.yml").unlink(missing_ok=True)
    staff = folder / "song-cau.yaml"
    staff.write_text("unit: song-cau\nmedia: []\n", encoding="utf-8")
    inbox = tmp_path / "inbox"
    photo(inbox / "Sông Cầu" / "a.jpg", (1, 1, 1))

    ingest(tiny_project, inbox, "2021-h1")

    assert not (folder / "song-cau.yml").exists()
    added = yaml.safe_load(staff.read_text(encoding="utf-8"))["media"]
    assert [e["file"] for e in added] == ["2021-h1/song-cau/a.jpg"]
    load_project(tiny_project)


def test_unreadable_and_audio_files_are_reported_not_filed(
    tiny_project: Path, tmp_path: Path, photo: Maker
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "tuy-hoa").mkdir(parents=True)
    (inbox / "tuy-hoa" / "broken.jpg").write_bytes(b"\xff\xd8 half a photo")
    (inbox / "tuy-hoa" / "loi dan.m4a").write_bytes(b"audio")
    (inbox / "tuy-hoa" / ".DS_Store").write_bytes(b"mac litter")
    photo(inbox / "loose.jpg", (1, 1, 1))

    report = ingest(tiny_project, inbox, "2021-h1")

    assert report.copied == []
    assert [s.shown for s in report.ignored] == [
        "loose.jpg",
        "tuy-hoa/loi dan.m4a",
        "tuy-hoa/broken.jpg",
    ]
    load_project(tiny_project)


def test_wrong_period_unit_or_inbox_is_an_input_error(tiny_project: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with pytest.raises(InputError, match="không có kỳ báo cáo «2099-h1»"):
        ingest(tiny_project, inbox, "2099-h1")
    with pytest.raises(InputError, match="không có đơn vị «Hà Nội»"):
        ingest(tiny_project, inbox, "2021-h1", unit="Hà Nội")
    with pytest.raises(InputError, match="không hoạt động trong kỳ"):
        ingest(tiny_project, inbox, "2021-h1", unit="khu-vuc-1")
    with pytest.raises(InputError, match="không tìm thấy thư mục"):
        ingest(tiny_project, tmp_path / "missing", "2021-h1")
    with pytest.raises(InputError, match="nằm trong media/"):
        ingest(tiny_project, tiny_project / "media", "2021-h1")


def test_a_broken_highlights_file_stops_before_copying(
    tiny_project: Path, tmp_path: Path, photo: Maker, digest: Digest
) -> None:
    (tiny_project / HIGHLIGHTS.format("tuy-hoa")).write_text("unit: tuy-hoa\nmedia: [\n")
    inbox = tmp_path / "inbox"
    photo(inbox / "tuy-hoa" / "a.jpg", (1, 1, 1))
    media_before = digest(tiny_project / "media")

    with pytest.raises(InputError) as error:
        ingest(tiny_project, inbox, "2021-h1")

    assert error.value.problems[0].path == HIGHLIGHTS.format("tuy-hoa")
    assert digest(tiny_project / "media") == media_before


def _phone_heic(path: Path) -> Path:
    """An iPhone photo: HEIC stored sideways (EXIF orientation 6), with GPS and a capture
    date; the left half red, the right half blue as stored."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stored = Image.new("RGB", (1600, 1200), (220, 20, 20))
    stored.paste((20, 20, 220), (800, 0, 1600, 1200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (13.0, 5.0, 30.0), 3: "E", 4: (109.0, 18.0, 0.0)}
    exif.get_ifd(0x8769)[0x9003] = "2021:03:14 09:15:00"
    stored.save(path, format="HEIF", quality=85, exif=exif.tobytes())
    return path


def test_phone_photos_are_filed_and_shown_upright_without_metadata(
    tiny_project: Path, tmp_path: Path, photo: Maker, clip: Maker
) -> None:
    inbox = tmp_path / "inbox" / "tuy-hoa"
    heic = _phone_heic(inbox / "IMG_0001.HEIC")
    clip(inbox / "IMG_0001.MOV")  # the Live Photo's motion part
    photo(inbox / "MVIMG_20210314_091500.jpg", (3, 3, 3))  # a Google Motion Photo
    clip(inbox / "IMG_0002.MOV")  # an ordinary clip: no still beside it
    photo(inbox / "IMG_0003.JPG", (4, 4, 4))  # a Live Photo set to "Most Compatible"
    clip(inbox / "IMG_0003.MOV")
    photo(inbox / "phien toa.jpg", (5, 5, 5))  # staff-named: a poster and its clip, both kept
    clip(inbox / "phien toa.mov", "2021-04-20T02:30:00.000000Z")  # not the bytes of IMG_0002

    report = ingest(tiny_project, inbox.parent, "2021-h1")

    assert sorted(c.target for c in report.copied) == [
        "2021-h1/tuy-hoa/img-0001.heic",
        "2021-h1/tuy-hoa/img-0002.mov",
        "2021-h1/tuy-hoa/img-0003.jpg",
        "2021-h1/tuy-hoa/phien-toa.jpg",
        "2021-h1/tuy-hoa/phien-toa.mov",
    ]
    assert (tiny_project / "media/2021-h1/tuy-hoa/img-0001.heic").read_bytes() == heic.read_bytes()
    assert [(s.shown, s.reason) for s in report.ignored] == [
        ("tuy-hoa/IMG_0001.MOV", LIVE_PHOTO_NOTE.format(still="IMG_0001.HEIC")),
        ("tuy-hoa/IMG_0003.MOV", LIVE_PHOTO_NOTE.format(still="IMG_0003.JPG")),
        ("tuy-hoa/MVIMG_20210314_091500.jpg", MOTION_PHOTO_NOTE),
    ]
    entries = {e["file"]: e for e in _entries(tiny_project, "tuy-hoa")}
    assert entries["2021-h1/tuy-hoa/img-0001.heic"]["date"] == dt.date(2021, 3, 14)

    loaded = load_project(tiny_project)
    project = filter_for_audience(loaded.project, Visibility.INTERNAL)
    site = build_site(
        project, tmp_path / "site", project_root=tiny_project, cache_dir=tmp_path / "cache"
    )

    assert [w for w in site.warnings if "img-0001" in w] == []
    derived = sorted((tmp_path / "site/media/anh/2021-h1/tuy-hoa").glob("img-0001-*.webp"))
    assert derived, "no derivative of the HEIC photo"
    for path in derived:
        with Image.open(path) as img:
            width, height = img.size
            assert img.format == "WEBP" and height > width  # upright: a portrait
            assert img.getpixel((width // 2, 5))[0] > 180  # stored left (red) is now the top
            assert img.getpixel((width // 2, height - 5))[2] > 180
            assert dict(img.getexif()) == {} and "exif" not in img.info and "xmp" not in img.info
    page = (tmp_path / "site/ky-bao-cao/2021-h1/tuy-hoa.html").read_text(encoding="utf-8")
    assert "img-0001-" in page
