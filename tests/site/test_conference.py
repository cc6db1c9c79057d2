from pathlib import Path

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
