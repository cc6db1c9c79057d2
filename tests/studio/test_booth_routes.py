"""«Phòng thu lời dẫn» over HTTP: the script in video order, a take per line saved and named
in the content, takes owed again when their words change, earlier takes chosen back, a folder
of takes imported by code, and a take of one audience's words never used for another's."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from studio.client import BAOCAO, StudioClient, in_process, make_project, post_sound, voiced

from generator.media.probe import probe_media
from generator.model.base import Visibility
from generator.pipeline import load_for
from generator.video.narration.takes import read_words
from generator.video.storyboard.plan import plan_storyboard

BOOTH = "/ky/2021-h1/phong-thu"
VIDEO = "content/periods/2021-h1/video.yml"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"


def lines_of(page: str) -> list[dict[str, str]]:
    """Each line of the booth page: its code, state and words, in page order."""
    found = re.findall(
        r'data-code="([^"]+)" data-number="(\d+)" data-state="([^"]+)".*?data-words>(.*?)</p>',
        page,
        re.S,
    )
    return [{"code": c, "number": n, "state": s, "words": html.unescape(w)} for c, n, s, w in found]


def post_take(
    client: StudioClient, code: str, words: str, audience: str = "internal", data: bytes = b""
) -> tuple[int, dict[str, str]]:
    page = client.get(f"{BOOTH}?doi-tuong={audience}")
    answer = post_sound(
        client,
        f"{BOOTH}/thu-am?doi-tuong={audience}",
        page.field("csrf"),
        {"ma": code, "loi": words},
        ("ghi-am.webm", data or voiced(fmt="webm")),
    )
    return answer.status, json.loads(answer.body)


def line(client: StudioClient, code: str, audience: str = "internal") -> dict[str, str]:
    found = [
        x for x in lines_of(client.get(f"{BOOTH}?doi-tuong={audience}").text) if x["code"] == code
    ]
    assert found, code
    return found[0]


def test_the_script_lists_every_spoken_line_in_video_order_with_its_state(
    client: StudioClient,
) -> None:
    page = client.get(BOOTH)
    assert page.status == 200
    lines = lines_of(page.text)
    codes = [x["code"] for x in lines]
    assert codes[0] == "mo-dau" and codes[-1] == "ket-thuc"
    assert "tong-hop" in codes and "giai-quyet-tin-bao" in codes and "tuy-hoa-1" in codes
    assert codes.index("tong-hop") < codes.index("giai-quyet-tin-bao") < codes.index("tuy-hoa-1")
    assert [x["number"] for x in lines] == [str(n) for n in range(1, len(lines) + 1)]
    assert {x["state"] for x in lines} == {"chua-thu"}
    assert f"Đã thu <span data-recorded>0</span>/{len(lines)} dòng" in page.text
    assert 'data-start="0"' in page.text


def test_a_take_is_cleaned_named_in_video_yml_and_heard_in_the_video(
    client: StudioClient,
) -> None:
    root = client.server.root
    summary = line(client, "tong-hop")
    status, answer = post_take(client, "tong-hop", summary["words"])
    assert status == 200 and answer["ok"], answer
    rel = "2021-h1/loi-dan/tong-hop-lan-1.m4a"
    assert answer["take"] == rel
    assert f"tong-hop: {rel}" in (root / VIDEO).read_text("utf-8")
    take = root / "media" / rel
    assert read_words(take) == summary["words"]
    info = probe_media(take)
    assert 1.2 < info.duration < 2.0  # the quiet half-seconds trimmed
    page = client.get(BOOTH)
    assert line(client, "tong-hop")["state"] == "da-thu"
    assert "Đã thu <span data-recorded>1</span>/" in page.text
    assert 'data-start="0"' in page.text  # the opening is still owed: taking over starts there
    heard = client.get(f"{BOOTH}/nghe?doi-tuong=internal&ma=tong-hop")
    assert heard.status == 200 and heard.body == take.read_bytes()
    project, _ = load_for(root, Visibility.INTERNAL)
    shot = next(s for s in plan_storyboard(project, "2021-h1").shots if s.code == "tong-hop")
    assert shot.voiceover == take.resolve() or shot.voiceover == take


def test_a_take_sent_for_words_the_line_no_longer_has_is_refused_and_nothing_written(
    client: StudioClient,
) -> None:
    root = client.server.root
    status, answer = post_take(client, "tong-hop", "Lời cũ trước khi số liệu đổi.")
    assert status == 409 and "vừa thay đổi" in answer["message"]
    assert not (root / "media/2021-h1/loi-dan").exists() or not any(
        (root / "media/2021-h1/loi-dan").iterdir()
    )
    assert not (root / VIDEO).exists() or "voiceovers" not in (root / VIDEO).read_text("utf-8")


def test_a_figure_changed_after_recording_makes_the_line_owed_and_the_video_speaks_it(
    client: StudioClient,
) -> None:
    root = client.server.root
    before = line(client, "tong-hop")
    assert post_take(client, "tong-hop", before["words"])[0] == 200
    results = root / "content/periods/2021-h1/results/song-cau.yml"
    results.write_text(results.read_text("utf-8").replace("numerator: 144", "numerator: 100"))
    after = line(client, "tong-hop")
    assert after["words"] != before["words"]
    assert after["state"] == "can-thu-lai"
    assert client.get(f"{BOOTH}/nghe?doi-tuong=internal&ma=tong-hop").status == 404
    project, _ = load_for(root, Visibility.INTERNAL)
    shot = next(s for s in plan_storyboard(project, "2021-h1").shots if s.code == "tong-hop")
    assert shot.takes and shot.take is None and shot.voiceover is None  # the engine speaks it
    plan = subprocess.run(
        [str(BAOCAO), "video", "2021-h1", "--plan"], cwd=root, capture_output=True, text=True
    )
    assert plan.returncode == 0, plan.stderr
    assert (
        "dòng lời dẫn 2 «tong-hop» có bản thu nhưng không bản nào thu cho lời hiện tại của dòng"
        in plan.stderr
    )


def test_a_retake_keeps_the_earlier_take_which_can_be_chosen_back(client: StudioClient) -> None:
    root = client.server.root
    words = line(client, "mo-dau")["words"]
    assert post_take(client, "mo-dau", words)[0] == 200
    assert post_take(client, "mo-dau", words, data=voiced(2.5, 330, "webm"))[0] == 200
    assert "mo-dau: 2021-h1/loi-dan/mo-dau-lan-2.m4a" in (root / VIDEO).read_text("utf-8")
    page = client.get(BOOTH)
    assert "Lần 1" in page.text and "Lần 2 (đang dùng)" in page.text
    chosen = client.post(
        f"{BOOTH}/chon?doi-tuong=internal",
        {"csrf": page.field("csrf"), "ma": "mo-dau", "ban": "2021-h1/loi-dan/mo-dau-lan-1.m4a"},
        {"Accept": "application/json"},
    )
    assert chosen.status == 200, chosen.text
    assert "mo-dau: 2021-h1/loi-dan/mo-dau-lan-1.m4a" in (root / VIDEO).read_text("utf-8")
    assert (root / "media/2021-h1/loi-dan/mo-dau-lan-2.m4a").is_file()
    foreign = client.post(
        f"{BOOTH}/chon?doi-tuong=internal",
        {
            "csrf": page.field("csrf"),
            "ma": "mo-dau",
            "ban": "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg",
        },
        {"Accept": "application/json"},
    )
    assert foreign.status == 404
    without_script = client.post(  # the form as the browser sends it without the page's script
        f"{BOOTH}/chon?doi-tuong=internal",
        {"csrf": page.field("csrf"), "ma": "mo-dau", "ban": "2021-h1/loi-dan/mo-dau-lan-2.m4a"},
    )
    assert without_script.status == 303
    assert without_script.headers["location"].endswith("/phong-thu?doi-tuong=internal&dong=mo-dau")
    assert "Dòng 1 dùng lại bản thu đã chọn." in client.get(BOOTH).text
    assert "mo-dau: 2021-h1/loi-dan/mo-dau-lan-2.m4a" in (root / VIDEO).read_text("utf-8")


def test_an_items_line_recorded_in_the_booth_becomes_the_items_voiceover(
    client: StudioClient,
) -> None:
    root = client.server.root
    item = line(client, "tuy-hoa-1")
    assert post_take(client, "tuy-hoa-1", item["words"])[0] == 200
    text = (root / HIGHLIGHTS).read_text("utf-8")
    assert "voiceover: 2021-h1/loi-dan/tuy-hoa-1-lan-1.m4a" in text
    assert "# Ảnh chính của kỳ" in text  # the office's comments kept
    assert line(client, "tuy-hoa-1")["state"] == "da-thu"


def test_a_folder_of_takes_named_by_code_is_imported_with_a_report(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(BOOTH)
    files = [
        ("ban-thu/01-mo-dau.wav", voiced()),
        ("ban-thu/Kết-thúc.mp3", voiced(fmt="mp3")),
        ("ban-thu/ghi-chu.wav", voiced()),
        ("ban-thu/02-TONG-HOP.wav", b"not audio at all"),
    ]
    answer = client.upload(f"{BOOTH}/nhap?doi-tuong=internal", files, page.field("csrf"))
    assert answer.status == 200, answer.text
    report = json.loads(answer.body)["lines"]
    assert report[0].startswith("Đã gắn 2 bản thu cho")
    assert any("01-mo-dau.wav → dòng 1 (mo-dau)" in x for x in report)
    assert any("ghi-chu.wav: không ứng với mã nào" in x for x in report)
    assert any("02-TONG-HOP.wav" in x and "không đọc được" in x.lower() for x in report), report
    assert any(x.startswith("Các dòng còn thiếu bản thu:") and "tong-hop" in x for x in report)
    video = (root / VIDEO).read_text("utf-8")
    assert "mo-dau: 2021-h1/loi-dan/mo-dau-lan-1.m4a" in video
    assert "ket-thuc: 2021-h1/loi-dan/ket-thuc-lan-1.m4a" in video
    assert "tong-hop" not in video


@pytest.fixture
def split_client(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Sông Cầu's results restricted: the province-wide line differs by audience."""
    root = make_project(tmp_path / "project")
    results = root / "content/periods/2021-h1/results/song-cau.yml"
    results.write_text("visibility: restricted\n" + results.read_text("utf-8"), "utf-8")
    with in_process(root) as app:
        yield StudioClient(app)


def test_a_take_of_the_restricted_line_is_never_heard_by_another_audience(
    split_client: StudioClient,
) -> None:
    client = split_client
    root = client.server.root
    secret = line(client, "tong-hop", "restricted")
    assert secret["words"] != line(client, "tong-hop", "internal")["words"]
    assert post_take(client, "tong-hop", secret["words"], "restricted")[0] == 200
    assert line(client, "tong-hop", "restricted")["state"] == "da-thu"
    internal = client.get(f"{BOOTH}?doi-tuong=internal").text
    assert secret["words"] not in internal
    assert line(client, "tong-hop", "internal")["state"] != "da-thu"
    assert client.get(f"{BOOTH}/nghe?doi-tuong=internal&ma=tong-hop").status == 404
    for audience in (Visibility.INTERNAL, Visibility.PUBLIC):
        project, _ = load_for(root, audience)
        for shot in plan_storyboard(project, "2021-h1").shots:
            assert shot.voiceover is None, (audience, shot.code)


def test_each_audience_keeps_its_own_take_of_a_line_whose_words_differ(
    split_client: StudioClient,
) -> None:
    """The conference's (internal) and the leadership's (restricted) province-wide lines are
    different words: each records its own, and neither unrecords the other."""
    client = split_client
    root = client.server.root
    for audience in ("internal", "restricted"):
        words = line(client, "tong-hop", audience)["words"]
        assert post_take(client, "tong-hop", words, audience)[0] == 200
    video = (root / VIDEO).read_text("utf-8")
    assert "tong-hop-lan-2.m4a" in video and "tong-hop-lan-1.m4a" in video
    for audience in ("internal", "restricted"):
        assert line(client, "tong-hop", audience)["state"] == "da-thu", audience
    # a retake of the internal line replaces the internal take only
    words = line(client, "tong-hop", "internal")["words"]
    assert post_take(client, "tong-hop", words, "internal")[0] == 200
    video = (root / VIDEO).read_text("utf-8")
    assert "tong-hop-lan-3.m4a" in video and "tong-hop-lan-2.m4a" in video
    assert "tong-hop-lan-1.m4a" not in video
    assert (root / "media/2021-h1/loi-dan/tong-hop-lan-1.m4a").is_file()  # kept, to choose back
    assert line(client, "tong-hop", "restricted")["state"] == "da-thu"


def test_a_take_read_from_another_audiences_script_is_not_imported(
    split_client: StudioClient,
) -> None:
    client = split_client
    root = client.server.root
    page = client.get(f"{BOOTH}?doi-tuong=internal")
    files = [("02-tong-hop-han-che.wav", voiced()), ("02-tong-hop-cong-khai.wav", voiced())]
    answer = client.upload(f"{BOOTH}/nhap?doi-tuong=internal", files, page.field("csrf"))
    report = json.loads(answer.body)["lines"]
    assert answer.status == 422 and report[0].startswith("Đã gắn 0 bản thu")
    assert any(
        "02-tong-hop-han-che.wav: đọc theo kịch bản «hạn chế»" in x.lower() for x in report
    ), report
    assert not (root / VIDEO).exists() or "voiceovers" not in (root / VIDEO).read_text("utf-8")
    restricted = client.get(f"{BOOTH}?doi-tuong=restricted")
    files = [("02-tong-hop-han-che.wav", voiced())]
    answer = client.upload(f"{BOOTH}/nhap?doi-tuong=restricted", files, restricted.field("csrf"))
    assert answer.status == 200, answer.text
    assert line(client, "tong-hop", "restricted")["state"] == "da-thu"
    assert line(client, "tong-hop", "internal")["state"] != "da-thu"


def test_an_items_take_lands_on_that_item_when_a_hidden_one_shares_its_photo(
    client: StudioClient,
) -> None:
    root = client.server.root
    path = root / HIGHLIGHTS
    text = path.read_text("utf-8")
    item = text.split("media:\n", 1)[1]
    secret = item.replace("visibility: public", "visibility: restricted").replace(
        "Tháng Ba", "Bí mật, tháng Tư"
    )
    path.write_text(text + secret, "utf-8")
    public = line(client, "tuy-hoa-1", "public")
    assert public["words"].startswith("Tháng Ba")
    status, answer = post_take(client, "tuy-hoa-1", public["words"], "public")
    assert status == 200, answer
    hidden = line(client, "tuy-hoa-2", "restricted")
    assert post_take(client, "tuy-hoa-2", hidden["words"], "restricted")[0] == 200
    saved = path.read_text("utf-8")
    first, second = saved.split("media:\n", 1)[1].split("  - file:")[1:]
    assert "voiceover: 2021-h1/loi-dan/tuy-hoa-1-lan-1.m4a" in first
    assert "voiceover: 2021-h1/loi-dan/tuy-hoa-2-lan-1.m4a" in second
    assert "Bí mật" in second


def test_a_figure_changed_while_the_take_is_cleaned_refuses_the_take(
    client: StudioClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cleaning runs outside the studio's write lock (others' saves go on meanwhile): the line
    is read again under the lock, and a take for words it no longer says is not placed."""
    from generator.studio import booth_routes

    root = client.server.root
    results = root / "content/periods/2021-h1/results/song-cau.yml"
    real = booth_routes.clean_take

    def clean_while_someone_saves(source: Path, target: Path, words: str):  # type: ignore[no-untyped-def]
        take = real(source, target, words)
        results.write_text(results.read_text("utf-8").replace("numerator: 144", "numerator: 99"))
        return take

    monkeypatch.setattr(booth_routes, "clean_take", clean_while_someone_saves)
    words = line(client, "tong-hop")["words"]
    status, answer = post_take(client, "tong-hop", words)
    assert status == 409 and "vừa thay đổi" in answer["message"]
    takes = root / "media/2021-h1/loi-dan"
    assert not takes.exists() or not any(takes.iterdir())
    assert not (root / VIDEO).exists() or "voiceovers" not in (root / VIDEO).read_text("utf-8")
