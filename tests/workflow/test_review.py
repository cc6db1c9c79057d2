"""The review's steps as pure changes of review.yml: what each step allows, what it refuses
(in Vietnamese), and the file read back by the loader as written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from projectfactory import write_project

from generator.load.yamlsource import parse_yaml
from generator.model.review import PartState, ReviewFile
from generator.workflow.review import Step, StepRefused, apply_step, review_text

AT = dt.datetime(2026, 12, 7, 9, 14, tzinfo=dt.timezone(dt.timedelta(hours=7)))
UNITS = ("tuy-hoa", "song-cau")


def _step(review: ReviewFile, step: Step, unit: str | None = None, comment: str = "") -> ReviewFile:
    return apply_step(
        review, step, by="nguoi", at=AT, unit=unit, comment=comment, period_units=UNITS
    )


def test_a_part_is_sent_returned_sent_again_and_accepted() -> None:
    review = _step(ReviewFile(), Step.SEND, "tuy-hoa")
    assert review.state("tuy-hoa") is PartState.SENT
    assert review.state("song-cau") is PartState.DRAFTING
    with pytest.raises(StepRefused, match="đang ở trạng thái «đã gửi»"):
        _step(review, Step.SEND, "tuy-hoa")
    with pytest.raises(StepRefused, match="hãy ghi nhận xét"):
        _step(review, Step.RETURN, "tuy-hoa", "   ")
    review = _step(review, Step.RETURN, "tuy-hoa", "Thiếu ảnh.")
    assert review.units["tuy-hoa"].comment == "Thiếu ảnh."
    with pytest.raises(StepRefused, match="chỉ duyệt được phần đã gửi"):
        _step(review, Step.ACCEPT, "tuy-hoa")
    review = _step(_step(review, Step.SEND, "tuy-hoa"), Step.ACCEPT, "tuy-hoa")
    assert review.state("tuy-hoa") is PartState.ACCEPTED
    assert review.units["tuy-hoa"].comment is None


def test_the_sign_off_needs_every_part_accepted_and_locks_every_step_but_reopening() -> None:
    review = _step(_step(ReviewFile(), Step.SEND, "tuy-hoa"), Step.ACCEPT, "tuy-hoa")
    with pytest.raises(StepRefused, match="còn 1 đơn vị chưa được duyệt phần của mình: song-cau"):
        _step(review, Step.SIGN_OFF)
    review = _step(_step(review, Step.SEND, "song-cau"), Step.ACCEPT, "song-cau")
    signed = _step(review, Step.SIGN_OFF)
    assert signed.signed_off is not None and signed.signed_off.by == "nguoi"
    for step, unit in ((Step.SEND, "tuy-hoa"), (Step.RETURN, "tuy-hoa"), (Step.SIGN_OFF, None)):
        with pytest.raises(StepRefused, match="kỳ đã được lãnh đạo duyệt"):
            _step(signed, step, unit, "x")
    reopened = _step(signed, Step.REOPEN)
    assert reopened.signed_off is None and reopened.state("tuy-hoa") is PartState.ACCEPTED
    with pytest.raises(StepRefused, match="kỳ chưa được duyệt"):
        _step(reopened, Step.REOPEN)


def test_the_file_reads_back_as_written() -> None:
    review = _step(_step(ReviewFile(), Step.SEND, "tuy-hoa"), Step.RETURN, "tuy-hoa", 'Sửa: "x" #1')
    review = _step(
        _step(_step(review, Step.SEND, "song-cau"), Step.ACCEPT, "song-cau"), Step.SEND, "tuy-hoa"
    )
    text = review_text(review)
    assert text.startswith("# Trạng thái duyệt của kỳ báo cáo")
    source, problems = parse_yaml(text, "review.yml")
    assert problems == [] and source is not None
    assert ReviewFile.model_validate(source.data) == review


def test_a_time_without_its_zone_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    (root / "content/periods/2021-h1/review.yml").write_text(
        "units:\n  tuy-hoa:\n    state: da-gui\n    by: x\n    at: 2026-12-07 09:00:00\n", "utf-8"
    )
    command = [sys.executable, "-m", "generator", "--project", str(root), "check"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert (
        "content/periods/2021-h1/review.yml:5:9: trường «at»: thiếu múi giờ; viết dạng "
        "2026-12-07T09:14:00+07:00" in done.stdout + done.stderr
    )
