import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator import outputs, pipeline
from generator.model import Visibility
from generator.site import build_site
from generator.site.conference import find_video, parse_cues

CHAPTERS = """WEBVTT

00:00:00.000 --> 00:00:01.000
Mở đầu

chapter-2
00:00:01.000 --> 00:00:02.000
Kết quả thực hiện
chỉ tiêu

00:02.000 --> 00:03.000
Kết thúc

01:02:03.500 --> 01:02:04.000
<b>Phần</b> &amp; cuối
"""


def test_parse_cues_reads_times_and_titles():
    cues = parse_cues(CHAPTERS)
    assert [(c.start, c.title) for c in cues][:3] == [
        (0.0, "Mở đầu"),
        (1.0, "Kết quả thực hiện chỉ tiêu"),
        (2.0, "Kết thúc"),
    ]
    assert cues[-1].title == "Phần & cuối" and cues[-1].stamp == "1:02:03"
    assert cues[1].stamp == "00:01"


def test_find_video_needs_the_mp4(tmp_path: Path, videos_dir: Path):
    assert find_video(None, "2021-h1") is None
    assert find_video(tmp_path, "2021-h1") is None
    video = find_video(videos_dir, "2021-h1")
    assert video is not None
    assert set(video.files) == {"mp4", "vtt", "chapters", "srt"}
    assert (video.width, video.height) == (320, 180) and len(video.chapters) == 3
    assert video.site_path("chapters") == "media/video/2021-h1.chapters.vtt"
    assert video.data_url("vtt").startswith("data:text/vtt;base64,")


@pytest.fixture(scope="module")
def poster_site(site_project: Path, videos_dir: Path, load_filtered, tmp_path_factory) -> Path:
    """The site built from the video folder plus the poster the render engine writes."""
    folder = tmp_path_factory.mktemp("videos-poster")
    for file in videos_dir.iterdir():
        shutil.copy(file, folder / file.name)
    Image.new("RGB", (320, 180), (20, 40, 90)).save(folder / "2021-h1.poster.jpg", quality=85)
    out = tmp_path_factory.mktemp("poster-site") / "site"
    build_site(
        load_filtered(site_project),
        out,
        project_root=site_project,
        cache_dir=site_project / ".cache",
        videos_dir=folder,
    )
    return out


def test_the_player_shows_the_poster_before_play(poster_site: Path, videos_dir: Path):
    page = (poster_site / "ky-bao-cao/2021-h1/video.html").read_text(encoding="utf-8")
    player = re.search(r"<video [^>]*>", page).group(0)
    assert 'poster="../../media/video/2021-h1.poster.jpg"' in player
    assert (poster_site / "media/video/2021-h1.poster.jpg").is_file()
    assert find_video(videos_dir, "2021-h1").site_path("poster") == (
        "media/video/2021-h1.poster.jpg"
    )


def test_no_poster_attribute_without_a_poster(built_site):
    page = (built_site.out / "ky-bao-cao/2021-h1/video.html").read_text(encoding="utf-8")
    assert "poster=" not in re.search(r"<video [^>]*>", page).group(0)


def test_only_the_files_of_the_recorded_render_reach_the_site(
    site_project: Path, videos_dir: Path, load_filtered, tmp_path: Path
):
    """A poster dropped beside a rendered video after its render is not the render's: the site
    embeds the video and its subtitles from the record, and shows no foreign poster."""
    dist = tmp_path / "dist"
    shutil.copytree(videos_dir, dist)
    video = dist / "2021-h1.mp4"
    outputs.write_record(video, "2021-h1", Visibility.PUBLIC, "digest")
    Image.new("RGB", (320, 180), (200, 0, 0)).save(dist / "2021-h1.poster.jpg")
    assert None is outputs.embeddable(
        video, "2021-h1", Visibility.INTERNAL, lambda _a: "digest", "v"
    )
    with pipeline.video_folder({"2021-h1": video}, tmp_path / "cache") as folder:
        assert sorted(p.name for p in folder.iterdir()) == [
            "2021-h1.chapters.vtt",
            "2021-h1.mp4",
            "2021-h1.srt",
            "2021-h1.vtt",
        ]
        out = tmp_path / "site"
        build_site(
            load_filtered(site_project),
            out,
            project_root=site_project,
            cache_dir=site_project / ".cache",
            videos_dir=folder,
        )
    page = (out / "ky-bao-cao/2021-h1/video.html").read_text(encoding="utf-8")
    assert "poster=" not in re.search(r"<video [^>]*>", page).group(0)
    assert (out / "media/video/2021-h1.srt").read_bytes() == (dist / "2021-h1.srt").read_bytes()
