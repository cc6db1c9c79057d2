"""Contact sheets: a thumbnail per storyboard shot, through the media cache, with times."""

from pathlib import Path

from PIL import Image

from generator.media.cache import MediaCache
from generator.site.contact import ContactShot
from generator.site.contact_sheet import length_text, prepare_contact_sheets, stamp


def _shot(kind: str, picture: Path, seconds: float = 6.2, clip_start: float = 0.0) -> ContactShot:
    return ContactShot("Mở đầu", f"Cảnh {kind}", seconds, "Lời dẫn.", kind, picture, clip_start)


def test_times_read_as_position_and_length():
    assert stamp(15.9) == "0:15" and stamp(754.0) == "12:34"
    assert length_text(6.2) == "6,2 giây" and length_text(4.0) == "4 giây"


def test_every_shot_gets_small_webp_thumbnails_and_its_start(tmp_path: Path, samples):
    slide = samples.slide(tmp_path / "in/slide.png")
    clip = samples.clip(tmp_path / "in/clip.mp4", "640x360", 2.0)
    shots = [_shot("slide", slide, 14.9), _shot("clip", clip, 8.5, clip_start=1.0)]
    cache = MediaCache(tmp_path / "cache")
    made = prepare_contact_sheets(
        {"2021-h1": shots, "khong-co": shots}, ["2021-h1"], tmp_path / "out", cache
    )
    assert made.failures == [] and list(made.sheets) == ["2021-h1"]
    sheet = made.sheets["2021-h1"]
    assert [(s.number, s.start, s.time_text) for s in sheet.shots] == [
        (1, 0.0, "0:00 · 14,9 giây"),
        (2, 14.9, "0:14 · 8,5 giây"),
    ]
    assert sheet.total == 14.9 + 8.5 and sheet.sections == ("Mở đầu",)
    assert sheet.shots[1].kind_label == "Video clip, từ giây 1"
    small, large = sheet.shots[0].thumb.files
    assert small == ("media/kich-ban/2021-h1/001-320.webp", 320, 180)
    assert large == ("media/kich-ban/2021-h1/001-960.webp", 960, 540)
    with Image.open(tmp_path / "out" / sheet.shots[1].thumb.files[0][0]) as frame:
        assert frame.format == "WEBP" and frame.size == (320, 180)
        assert not {"exif", "xmp", "icc_profile"} & set(frame.info)
    assert not (tmp_path / "out/media/kich-ban/khong-co").exists()
    first = prepare_contact_sheets({"p": [_shot("clip", clip)]}, ["p"], tmp_path / "o2", cache)
    at_start = (tmp_path / "o2" / first.sheets["p"].shots[0].thumb.files[0][0]).read_bytes()
    at_cut = (tmp_path / "out" / sheet.shots[1].thumb.files[0][0]).read_bytes()
    assert at_start != at_cut  # the frame is taken where the cut begins
    again = MediaCache(tmp_path / "cache")
    prepare_contact_sheets({"2021-h1": shots}, ["2021-h1"], tmp_path / "again", again)
    assert again.misses == 0  # the clip's frame and both thumbnails come from the cache


def test_a_missing_picture_is_reported_and_shown_without_a_thumbnail(tmp_path: Path):
    shots = [_shot("photo", tmp_path / "khong-co.jpg"), _shot("clip", tmp_path / "khong-co.mp4")]
    made = prepare_contact_sheets(
        {"p": shots}, ["p"], tmp_path / "out", MediaCache(tmp_path / "cache")
    )
    assert [s.thumb for s in made.sheets["p"].shots] == [None, None]
    assert len(made.failures) == 2
    assert "khong-co.jpg" in made.failures[1] and "khong-co.mp4" in made.failures[0]
