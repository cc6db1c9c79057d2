"""Drafts of the video from the studio, whole or one scene: rendered in the background,
progress polled."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

from studio.client import StudioClient, tree_digest

from generator.tools import ffmpeg_exe

START = "/ky/2021-h1/xem-truoc?doi-tuong=internal"


def test_a_draft_of_the_video_is_rendered_with_its_progress(client: StudioClient) -> None:
    root = client.server.root
    before = {k: v for k, v in tree_digest(root).items() if k.startswith(("content/", "media/"))}
    token = client.get("/ky/2021-h1/kich-ban").field("csrf")
    assert "data-preview-start" in client.get("/ky/2021-h1/kich-ban").text
    started = client.post(START, {"csrf": token})
    assert started.status == 202, started.text
    deadline = time.monotonic() + 240
    job = json.loads(started.text)
    while job["state"] == "dang-dung" and time.monotonic() < deadline:
        time.sleep(1)
        job = json.loads(client.get("/ky/2021-h1/xem-truoc/tien-do?doi-tuong=internal").text)
    assert job["state"] == "xong", job
    assert job["total"] > 0 and job["done"] == job["total"]
    video = client.get("/ky/2021-h1/xem-truoc.mp4?doi-tuong=internal")
    assert video.status == 200 and video.body[4:8] == b"ftyp"
    assert (root / ".baocao/previews/2021-h1-internal.mp4").is_file()
    after = {k: v for k, v in tree_digest(root).items() if k.startswith(("content/", "media/"))}
    assert after == before  # nothing of the staff's files touched, nothing written in dist/
    assert not (root / "dist").exists()


def test_a_draft_needs_the_session_token(client: StudioClient) -> None:
    assert client.post(START, {"csrf": "x"}).status == 403
    missing = client.get("/ky/2021-h1/xem-truoc.mp4?doi-tuong=public")
    assert missing.status == 404 and "Chưa có bản xem trước" in missing.text


def _finished(client: StudioClient, query: str) -> dict:
    deadline = time.monotonic() + 240
    job = {"state": "dang-dung"}
    while job["state"] == "dang-dung" and time.monotonic() < deadline:
        time.sleep(0.5)
        job = json.loads(client.get(f"/ky/2021-h1/xem-truoc/tien-do?{query}").text)
    return job


def _seconds(video: Path) -> float:
    probe = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(video)], capture_output=True, text=True
    )
    found = re.search(r"Duration: (\d+):(\d+):([\d.]+)", probe.stderr)
    assert found, probe.stderr
    hours, minutes, seconds = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_one_scene_is_rendered_alone_as_the_storyboard_lists_it(client: StudioClient) -> None:
    root = client.server.root
    page = client.get("/ky/2021-h1/kich-ban")
    scenes = re.findall(r'data-preview="[^"]*canh=([a-z0-9-]+)"', page.text)
    assert "tuy-hoa-1" in scenes and scenes[0] == "mo-dau"  # one button per scene, in order
    query = "doi-tuong=internal&canh=tuy-hoa-1"
    token = page.field("csrf")
    assert client.post(START, {"csrf": token}).status == 202  # the whole video renders first
    started = client.post(f"/ky/2021-h1/xem-truoc?{query}", {"csrf": token})
    assert started.status == 202, started.text
    assert json.loads(started.text)["message"] == "bản xem trước khác đang dựng"
    job = _finished(client, query)
    assert job["state"] == "xong", job
    assert _finished(client, "doi-tuong=internal")["state"] == "xong"
    draft = root / ".baocao/previews/2021-h1-internal-canh-tuy-hoa-1.mp4"
    assert client.get(f"/ky/2021-h1/xem-truoc.mp4?{query}").body[4:8] == b"ftyp"
    # the photo's scene alone: its narration's length, not the whole video's
    scene = _seconds(draft)
    assert 3 < scene < 15
    assert _seconds(root / ".baocao/previews/2021-h1-internal.mp4") > scene + 20


def test_a_scene_no_longer_in_the_storyboard_is_said_not_guessed(client: StudioClient) -> None:
    token = client.get("/ky/2021-h1/kich-ban").field("csrf")
    query = "doi-tuong=internal&canh=tuy-hoa-99"
    assert client.post(f"/ky/2021-h1/xem-truoc?{query}", {"csrf": token}).status == 202
    job = _finished(client, query)
    assert job["state"] == "loi" and "không còn cảnh «tuy-hoa-99»" in job["message"]
    for bad in ("canh=../../x", "canh=A", "doi-tuong=moi-nguoi"):
        refused = client.post(f"/ky/2021-h1/xem-truoc?{bad}", {"csrf": token})
        assert refused.status == 400 and "không hợp lệ" in refused.text
