"""A draft of the whole video from the studio: rendered in the background, progress polled."""

from __future__ import annotations

import json
import time

from studio.client import StudioClient, tree_digest

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
