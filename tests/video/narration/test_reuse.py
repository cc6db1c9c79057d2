"""The studio's drafts and ``baocao video`` share the narration: a line spoken for a draft
(640×360) is not spoken again by the real render, whatever its size; the frames are drawn again.

Each draft is made the way the studio makes it (its ``Previews``, in the background), the real
video by the command line; the speech engine is replaced by one that counts what it says.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from video.narration.engines import CountingEngine

from generator import pipeline
from generator.cli import main
from generator.model import Visibility
from generator.studio.previews import Previews
from generator.video.narration.spoken import spoken_text
from generator.video.storyboard.plan import Shot, plan_storyboard

PERIOD = "2021-h1"


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> CountingEngine:
    counting = CountingEngine(seconds=1.0)
    monkeypatch.setattr(pipeline, "engine_for", lambda root, site: counting)
    return counting


def _draft(root: Path, scene: str = "") -> Path:
    """A draft rendered as the studio renders it (the whole video, or one scene)."""
    previews = Previews(root)
    draft = (PERIOD, "internal", scene)
    job = previews.start(draft)
    deadline = time.monotonic() + 300
    while job.state == "dang-dung" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.state == "xong", job.message
    return previews.path(draft)


def _spoken(root: Path) -> dict[str, int]:
    """The narration the project holds: file name → modification time."""
    folder = pipeline.cache_dir(root) / "video" / "narration"
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.wav")}


def _shots(root: Path) -> tuple[Shot, ...]:
    project, _ = pipeline.load_for(root, Visibility.INTERNAL)
    return plan_storyboard(project, PERIOD).shots


def _lines(root: Path) -> list[str]:
    return [spoken_text(s.narration) for s in _shots(root) if s.narration.strip()]


def test_the_real_render_speaks_nothing_a_whole_video_draft_spoke(
    tiny_project: Path, engine: CountingEngine, capsys
) -> None:
    assert _draft(tiny_project).is_file()
    lines = _lines(tiny_project)
    assert sorted(engine.said) == sorted(lines)
    spoken = _spoken(tiny_project)
    assert len(spoken) == len(set(lines))

    engine.said.clear()
    capsys.readouterr()
    args = ["--project", str(tiny_project), "video", PERIOD]
    assert main([*args, "--plan"]) == 0
    assert main([*args, "--preview"]) == 0  # the draft's own settings: its scenes too
    assert main([*args, "--size", "320x180", "--fps", "12"]) == 0  # frames drawn again
    assert engine.said == []  # every line was read from what the draft spoke
    assert _spoken(tiny_project) == spoken  # not one file added or written again
    printed = capsys.readouterr().out
    scenes = len(_shots(tiny_project))
    assert f"{scenes} cảnh, {scenes} cảnh dùng lại từ bộ nhớ đệm" in printed  # --preview
    assert f"{scenes} cảnh, 0 cảnh dùng lại từ bộ nhớ đệm" in printed  # another size


def test_a_scene_draft_spares_the_real_render_that_scenes_line_only(
    tiny_project: Path, engine: CountingEngine, capsys
) -> None:
    _draft(tiny_project, "tuy-hoa-1")
    line = "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ."
    assert engine.said == [spoken_text(line)]  # the others are only estimated for a draft
    drafted = _spoken(tiny_project)

    engine.said.clear()
    assert main(["--project", str(tiny_project), "video", PERIOD, "--plan"]) == 0
    assert spoken_text(line) not in engine.said
    assert sorted(engine.said) == sorted(set(_lines(tiny_project)) - {spoken_text(line)})
    after = _spoken(tiny_project)
    assert {name: after[name] for name in drafted} == drafted  # the draft's line, untouched
    assert len(after) == len(drafted) + len(engine.said)
