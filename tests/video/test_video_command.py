"""`baocao video` end to end at a tiny size: plan, MP4, subtitles, chapters."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from generator.cli import main
from generator.tools import ffmpeg_exe


def _duration(path: Path) -> float:
    info = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", info).groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_plan_then_render(tiny_project: Path, capsys) -> None:
    args = ["--project", str(tiny_project), "video", "2021-h1", "--audience", "internal"]
    assert main([*args, "--plan"]) == 0
    plan = capsys.readouterr().out
    total = re.search(r"Tổng thời lượng: (\d+):(\d+)", plan)
    assert total, plan
    planned = int(total[1]) * 60 + int(total[2])
    assert "vượt 2,5% so với chỉ tiêu" in plan

    assert main([*args, "--size", "320x180", "--fps", "12", "--quiet"]) == 0
    out = tiny_project / "dist/2021-h1.mp4"
    assert abs(_duration(out) - planned) <= 1.0
    srt = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ." in srt
    chapters = (tiny_project / "dist/2021-h1.chapters.vtt").read_text(encoding="utf-8")
    assert "Kết quả thực hiện chỉ tiêu" in chapters


def test_unknown_period_is_an_input_error(tiny_project: Path, capsys) -> None:
    assert main(["--project", str(tiny_project), "video", "2030-h1", "--plan"]) == 1
    assert "không có kỳ báo cáo «2030-h1»" in capsys.readouterr().err


def test_the_conference_video_is_internal_by_default(tiny_project: Path, capsys) -> None:
    args = ["--project", str(tiny_project), "video", "2021-h1", "--plan"]
    assert main(args) == 0
    assert "[chi-tieu] Kết quả toàn tỉnh" in capsys.readouterr().out  # internal results
    assert main([*args, "--audience", "public"]) == 0
    assert "[chi-tieu]" not in capsys.readouterr().out
