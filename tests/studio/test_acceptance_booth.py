"""The narrator's booth, walked as the office's narrator would, in Chromium against the real
command: a period started by ``baocao new-period``, its results filled in the files as the
scaffold says, then every line of the video recorded through «Phòng thu lời dẫn» with the
keyboard alone (Chromium's fake microphone reads a spoken sentence). Then: the real
``baocao check`` passes; the video's plan speaks no line with the speech engine (each line's
sound is a take under media/<period>/loi-dan/); every take is within ±1 LU of the take
loudness; a figure changed afterwards makes its lines owed again, and the booth opens there;
axe-core finds no serious violation on the booth.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from projectfactory import write_project
from studio.client import BAOCAO, new_period
from studio.tabs import BROWSER_TEST, Tab, axe_script, studio_in_chromium

from generator.model.base import Visibility
from generator.pipeline import load_for
from generator.video.narration.takes import TAKE_LOUDNESS
from generator.video.narration.tts import EspeakEngine, Speech
from generator.video.storyboard.plan import plan_storyboard

pytestmark = BROWSER_TEST
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

PERIOD = "2021-h2"
BOOTH = f"/ky/{PERIOD}/phong-thu"
FIGURES = {
    "tuy-hoa": {"giai-quyet-tin-bao": (152, 160), "tam-giam-qua-han": 0, "tra-ho-so": (1, 80)},
    "song-cau": {"giai-quyet-tin-bao": (144, 160), "tam-giam-qua-han": 1, "tra-ho-so": (2, 90)},
    "vks-tinh": {"giai-quyet-tin-bao": (40, 41), "tam-giam-qua-han": 0, "tra-ho-so": (0, 12)},
}


def fill_results(path: Path, figures: dict[str, object]) -> None:
    """Uncomment the scaffold's «results:» block and write the figures, as its header says."""
    out, indicator, inside = [], None, False
    for line in path.read_text("utf-8").splitlines():
        inside = (inside or line == "# results:") and not line.startswith("# Vụ việc")
        if inside and (line == "# results:" or line.startswith("#   ")):
            line = line[2:]
            if match := re.match(r"\s+- indicator: (\S+)", line):
                indicator = match.group(1)
            value = figures.get(indicator or "")
            if "numerator:" in line and isinstance(value, tuple):
                line = f"    numerator: {value[0]}"
            elif "denominator:" in line and isinstance(value, tuple):
                line = f"    denominator: {value[1]}"
            elif "value:" in line:
                line = f"    value: {value}"
            elif "note:" in line:
                continue
        out.append(line)
    path.write_text("\n".join(out) + "\n", "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project")
    new_period(root, PERIOD, "2021-06-01", "2021-11-30")
    for unit, figures in FIGURES.items():
        fill_results(root / f"content/periods/{PERIOD}/results/{unit}.yml", figures)
    check = subprocess.run([str(BAOCAO), "check"], cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return root


@pytest.fixture
def microphone(tmp_path: Path) -> Path:
    """What the fake microphone hears: a spoken sentence, quiet, then silence (Chromium loops
    the file)."""
    speech = EspeakEngine().synthesize("Viện kiểm sát nhân dân tỉnh Phú Yên báo cáo kết quả.")
    quiet = speech.samples * 0.2
    wav = tmp_path / "micro.wav"
    padded = list(quiet) + [0.0] * speech.sample_rate
    Speech(padded, speech.sample_rate).write_wav(wav)  # type: ignore[arg-type]
    return wav


@pytest.fixture
def tab(project: Path, microphone: Path) -> Iterator[Tab]:
    with studio_in_chromium(sync_api, project, microphone) as tab:
        yield tab


def loudness(path: Path) -> float:
    """Integrated loudness by Debian's ffmpeg (ebur128), independent of the product's own."""
    done = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-i",
            str(path),
            "-af",
            "ebur128",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rfind("Summary:") :]
    match = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    assert match, summary
    return float(match.group(1))


class NoEngine:
    """A speech engine that fails the test if the video asks it to say anything."""

    fingerprint = "no-engine"

    def synthesize(self, text: str) -> Speech:
        raise AssertionError(f"the speech engine was asked to say: {text}")


def test_every_line_recorded_from_the_keyboard_is_the_only_voice_of_the_video(
    tab: Tab, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tab.page
    tab.open(f"/ky/{PERIOD}")
    page.get_by_role("link", name="Phòng thu lời dẫn →").click()
    page.wait_for_load_state("networkidle")
    lines = page.locator("[data-line]")
    count = lines.count()
    assert count >= 6  # opening, province-wide, three indicators, closing
    assert page.locator("[data-recorded]").inner_text() == "0"
    assert page.evaluate("document.activeElement.matches('[data-prompter]')")
    tab.shot("phong-thu-truoc", tmp_path)
    for number in range(1, count + 1):
        where = page.locator("[data-where]").inner_text()
        assert where.startswith(f"Dòng {number}/{count}")
        page.keyboard.press("Space")
        page.wait_for_selector("button.dang-thu")
        # the level meter moves with the voice
        page.wait_for_function("() => document.querySelector('[data-meter]').value > 0.01")
        page.wait_for_timeout(1200)
        page.keyboard.press("Space")
        page.wait_for_function(
            "n => document.querySelector('[data-status]').textContent.startsWith("
            "`Đã lưu bản thu dòng ${n} `)",
            arg=number,
            timeout=30_000,
        )
        if number == 1:  # listen to what was just recorded, then a retake of the same line
            page.keyboard.press("Enter")
            page.wait_for_function(
                "() => { const a = document.querySelector('[data-player]');"
                " return !a.hidden && a.readyState >= 2 }"
            )
        page.keyboard.press("ArrowRight")
    assert page.locator("[data-recorded]").inner_text() == str(count)
    assert page.locator('[data-line][data-state="da-thu"]').count() == count
    tab.shot("phong-thu-xong", tmp_path)
    script = axe_script()
    if script is not None:
        assert tab.serious_violations(script) == []
    assert not tab.errors and not tab.foreign

    check = subprocess.run([str(BAOCAO), "check"], cwd=project, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    # No line of the video is spoken by the engine: every line's sound is a take of the booth.
    takes = project / "media" / PERIOD / "loi-dan"
    project_model, _ = load_for(project, Visibility.INTERNAL)
    board = plan_storyboard(project_model, PERIOD)
    spoken = [shot for shot in board.shots if shot.narration.strip()]
    assert len(spoken) == count
    for shot in spoken:
        assert shot.voiceover is not None and shot.voiceover.parent == takes, shot.id
    from generator import pipeline
    from generator.video.render.scenes import RenderSettings

    monkeypatch.setattr(pipeline, "engine_for", lambda root, site: NoEngine())
    settings = RenderSettings(size=(640, 360), cache_dir=tmp_path / "cache")
    plan = pipeline.plan_video(project, PERIOD, Visibility.INTERNAL, settings)
    assert plan.seconds > 0

    # Every take sounds as loud as the others.
    for take in sorted(takes.glob("*.m4a")):
        assert abs(loudness(take) - TAKE_LOUDNESS) <= 1.0, take.name

    # A figure changed afterwards: the lines that say it are owed again, and the booth starts there.
    results = project / f"content/periods/{PERIOD}/results/song-cau.yml"
    results.write_text(results.read_text("utf-8").replace("numerator: 144", "numerator: 120"))
    tab.open(BOOTH)
    stale = page.locator('[data-line][data-state="can-thu-lai"]')
    assert stale.count() >= 2  # the province-wide line and the indicator's own
    codes = [stale.nth(i).get_attribute("data-code") for i in range(stale.count())]
    assert "tong-hop" in codes and "giai-quyet-tin-bao" in codes
    first = page.locator("[data-line]").evaluate_all(
        "ls => ls.findIndex(l => l.dataset.state !== 'da-thu')"
    )
    assert page.locator("[data-where]").inner_text().startswith(f"Dòng {first + 1}/")
    assert page.locator("[data-booth] [data-state]").inner_text() == "Cần thu lại"
