"""Hearing a line in the offline voice, and giving up a recorded voiceover (file kept)."""

from __future__ import annotations

import io
import json
import subprocess
import wave
from pathlib import Path

from studio.client import StudioClient, post_recording

from generator.tools import ffmpeg_exe

UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"


def test_a_line_is_read_by_the_offline_voice(client: StudioClient) -> None:
    answer = client.get("/nghe?loi-dan=Th%C3%A1ng%20Ba%2C%20VKSND%20th%C3%A0nh%20ph%E1%BB%91")
    assert answer.status == 200 and answer.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(answer.body)) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0
    assert client.get("/nghe?loi-dan=").status == 400
    too_long = client.get("/nghe?loi-dan=" + "a" * 2001)
    assert too_long.status == 413 and "dài quá 2000 ký tự" in too_long.text


def test_giving_up_a_voiceover_keeps_its_file(client: StudioClient) -> None:
    root = client.server.root
    voice = root / "media/2021-h1/tuy-hoa/loi-dan.m4a"
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "sine=duration=1", str(voice)],
        check=True,
    )
    path = root / HIGHLIGHTS
    path.write_text(
        path.read_text("utf-8") + "    voiceover: 2021-h1/tuy-hoa/loi-dan.m4a\n", "utf-8"
    )
    page = client.get(UNIT)
    assert 'src="/tep/2021-h1/tuy-hoa/loi-dan.m4a"' in page.text
    fields = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg",
        "caption": "Kiểm sát việc tạm giữ, tạm giam",
        "narration": "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.",
        "category": "nghiep-vu",
        "date": "2021-03-12",
        "visibility": "public",
        "bo_thu_am": "1",
    }
    assert client.post(UNIT + "/muc/0", fields).status == 303
    assert "voiceover" not in path.read_text("utf-8")
    assert voice.is_file()


def test_a_recording_for_a_file_that_cannot_be_edited_in_place_is_refused_and_not_kept(
    client: StudioClient,
) -> None:
    root = client.server.root
    path = root / HIGHLIGHTS
    item = "  - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg\n"
    unusual = path.read_text("utf-8").replace(item, item + "    voiceover: ~\n", 1)
    assert item + "    voiceover: ~\n" in unusual
    path.write_text(unusual, "utf-8")
    before = sorted((root / "media/2021-h1/tuy-hoa").iterdir())
    answer = post_recording(client, client.get(UNIT), "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg")
    assert answer.status == 422
    assert "Chưa lưu bản thu" in answer.text and "trình soạn thảo văn bản" in answer.text
    assert path.read_text("utf-8") == unusual
    assert sorted((root / "media/2021-h1/tuy-hoa").iterdir()) == before


def _every_path(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if ".baocao" not in p.parts}


def test_a_recording_for_an_item_outside_media_is_refused_before_anything_is_written(
    client: StudioClient, tmp_path: Path
) -> None:
    root = client.server.root
    path = root / HIGHLIGHTS
    outside = tmp_path / "ngoai" / "sau" / "anh.jpg"
    for written in ("../../ngoai/anh.jpg", str(outside), "2021-h1/../../ngoai/anh.jpg"):
        text = path.read_text("utf-8").replace(
            "file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg", f"file: {written}", 1
        )
        path.write_text(text, "utf-8")
        before = _every_path(tmp_path)
        answer = post_recording(client, client.get(UNIT), written)
        assert _every_path(tmp_path) == before, written  # no file, no folder, anywhere
        assert answer.status == 422, answer.text
        assert "không nằm trong một thư mục của media/" in json.loads(answer.text)["message"]
        assert path.read_text("utf-8") == text
        path.write_text(
            text.replace(f"file: {written}", "file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"),
            "utf-8",
        )


def test_a_recording_is_saved_beside_its_item(client: StudioClient) -> None:
    root = client.server.root
    answer = post_recording(client, client.get(UNIT), "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg")
    assert answer.status == 200, answer.text
    said = json.loads(answer.text)
    assert said["voiceover"] == "2021-h1/tuy-hoa/kiem-sat-giam-giu-loi-dan.m4a"
    assert (root / "media" / said["voiceover"]).stat().st_size > 1000
    assert not [p for p in (root / "media").rglob(".*") if p.is_file()]  # no temporary left
