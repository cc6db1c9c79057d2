"""Hearing a line in the offline voice, and giving up a recorded voiceover (file kept)."""

from __future__ import annotations

import io
import subprocess
import wave

from studio.client import StudioClient

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
