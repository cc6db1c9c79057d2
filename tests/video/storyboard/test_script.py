"""The narration script: its lines in video order, and which recording each line may use."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from projectfactory import write_project

from generator.audience import filter_for_audience
from generator.load.loader import load_project
from generator.model import Visibility
from generator.tools import ffmpeg_exe
from generator.video.narration.takes import clean_take
from generator.video.storyboard.plan import plan_storyboard
from generator.video.storyboard.script import Named, TakeState, named_line, narration_script

CODES = ["mo-dau", "tong-hop", "giai-quyet-tin-bao", "tuy-hoa-1", "tuy-hoa-12", "ket-thuc"]


INTERNAL, PUBLIC, RESTRICTED = Visibility.INTERNAL, Visibility.PUBLIC, Visibility.RESTRICTED


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("tong-hop.wav", Named("tong-hop", INTERNAL)),
        ("03-tong-hop.wav", Named("tong-hop", INTERNAL)),
        ("03 Tổng hợp.WAV", Named("tong-hop", INTERNAL)),
        ("12_TUY_HOA_1.mp3", Named("tuy-hoa-1", INTERNAL)),
        ("tuy-hoa-12.m4a", Named("tuy-hoa-12", INTERNAL)),
        ("05-tuy-hoa-12.flac", Named("tuy-hoa-12", INTERNAL)),
        ("Kết thúc.mp3", Named("ket-thuc", INTERNAL)),
        ("02-tong-hop-han-che.wav", Named("tong-hop", RESTRICTED)),
        ("Tổng hợp - Hạn chế.wav", Named("tong-hop", RESTRICTED)),
        ("02-tong-hop-cong-khai.wav", Named("tong-hop", PUBLIC)),
        ("ghi-chu.wav", Named(None, None)),
        ("03-tong-hop-lan-2.wav", Named(None, None)),  # not a code: never a guess
        ("", Named(None, None)),
    ],
)
def test_a_file_is_matched_to_its_line_and_script_by_its_name(name: str, named: Named) -> None:
    assert named_line(name, CODES) == named


def _voice(tmp_path: Path) -> Path:
    raw = tmp_path / "raw.wav"
    graph = (
        "anoisesrc=r=48000:a=0.001:d=0.4[a];sine=f=200:r=48000:d=1.2,"
        "volume=0.3*(0.6+0.4*sin(2*PI*3*t)):eval=frame[b];[a][b]concat=n=2:v=0:a=1"
    )
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-filter_complex", graph, str(raw)], check=True
    )
    return raw


def _script(root: Path, audience: Visibility = Visibility.INTERNAL):  # type: ignore[no-untyped-def]
    whole = load_project(root).project
    project = filter_for_audience(whole, audience)
    board = plan_storyboard(project, "2021-h1")
    return board, narration_script(project, board, whole)


def test_takes_are_used_only_for_the_words_they_were_recorded_for(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    raw = _voice(tmp_path)
    media = root / "media/2021-h1/loi-dan"
    media.mkdir(parents=True)
    board, script = _script(root)
    words = {line.code: line.words for line in script.lines}
    clean_take(raw, media / "mo-dau.m4a", words["mo-dau"])
    clean_take(raw, media / "tong-hop.m4a", "Toàn tỉnh đạt một con số của tuần trước.")
    shutil.copyfile(raw, media / "ket-thuc.wav")  # copied by hand: says nothing of its words
    clean_take(raw, media / "item.m4a", words["tuy-hoa-1"])
    (root / "content/periods/2021-h1/video.yml").write_text(
        "voiceovers:\n"
        "  mo-dau: 2021-h1/loi-dan/mo-dau.m4a\n"
        "  tong-hop: 2021-h1/loi-dan/tong-hop.m4a\n"
        "  ket-thuc: 2021-h1/loi-dan/ket-thuc.wav\n",
        "utf-8",
    )
    highlights = root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    highlights.write_text(
        highlights.read_text("utf-8") + "    voiceover: 2021-h1/loi-dan/item.m4a\n", "utf-8"
    )
    board, script = _script(root)
    states = {line.code: line.state for line in script.lines}
    assert states == {
        "mo-dau": TakeState.RECORDED,
        "tong-hop": TakeState.STALE,  # recorded for other figures
        "giai-quyet-tin-bao": TakeState.MISSING,
        "tam-giam-qua-han": TakeState.MISSING,
        "tuy-hoa-1": TakeState.RECORDED,
        "ket-thuc": TakeState.STALE,  # a card's take must say what it was recorded for
    }
    used = {shot.code: shot.voiceover for shot in board.shots if shot.code}
    assert used["mo-dau"] is not None and used["mo-dau"].name == "mo-dau.m4a"
    assert used["tong-hop"] is None and used["ket-thuc"] is None
    assert used["tuy-hoa-1"] is not None
    assert [line.number for line in script.lines] == list(range(1, len(script.lines) + 1))
    assert script.first_owed == [line.code for line in script.lines].index("tong-hop")

    # an item's line edited after its take: the take waits for a retake
    highlights.write_text(highlights.read_text("utf-8").replace("Tháng Ba", "Tháng Tư"), "utf-8")
    board, script = _script(root)
    assert next(line for line in script.lines if line.code == "tuy-hoa-1").state is TakeState.STALE
    assert next(s for s in board.shots if s.code == "tuy-hoa-1").voiceover is None


def test_an_items_take_from_before_takes_carried_words_is_still_heard(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    media = root / "media/2021-h1/tuy-hoa"
    shutil.copyfile(_voice(tmp_path), media / "loi-dan.wav")
    highlights = root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    highlights.write_text(
        highlights.read_text("utf-8") + "    voiceover: 2021-h1/tuy-hoa/loi-dan.wav\n", "utf-8"
    )
    board, script = _script(root)
    item = next(line for line in script.lines if line.code == "tuy-hoa-1")
    assert item.state is TakeState.RECORDED and item.take == "2021-h1/tuy-hoa/loi-dan.wav"
    assert next(s for s in board.shots if s.code == "tuy-hoa-1").voiceover is not None


def test_an_items_code_counts_every_item_of_its_file_whatever_the_audience(
    tmp_path: Path,
) -> None:
    """Items an audience does not see never renumber the others: ``tuy-hoa-2`` is the second
    item of Tuy Hòa's file in every audience's script, and its place there is where its take
    is written."""
    root = write_project(tmp_path / "p")
    highlights = root / "content/periods/2021-h1/highlights/tuy-hoa.yml"
    public = highlights.read_text("utf-8").split("media:\n", 1)[1]
    secret = public.replace("visibility: public", "visibility: restricted").replace(
        "Tháng Ba", "Tháng Tư"
    )
    highlights.write_text(
        "unit: tuy-hoa\nmedia:\n" + secret + public.replace("Tháng Ba", "Tháng Năm"), "utf-8"
    )
    _board, restricted = _script(root, RESTRICTED)
    _board, public_script = _script(root, PUBLIC)
    assert [line.code for line in restricted.lines if not line.card] == ["tuy-hoa-1", "tuy-hoa-2"]
    item = next(line for line in public_script.lines if not line.card)
    assert (item.code, item.item_index, item.file_code) == ("tuy-hoa-2", 1, "tuy-hoa-2-cong-khai")
    assert item.words.startswith("Tháng Năm")
