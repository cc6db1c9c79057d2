"""The video's plan in the studio: the scenes of the audience chosen, each line to be heard."""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse

import pytest
import yaml
from studio.client import Answer, StudioClient, tree_digest

from generator.load.loader import load_project
from generator.workflow.new_period import new_period

PLAN = "/ky/2021-h1/kich-ban"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
LINE = "Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ."


def test_the_plan_lists_the_scenes_the_audience_may_see(client: StudioClient) -> None:
    internal = client.get(PLAN)  # the conference video's own default: internal
    assert internal.status == 200 and '<option value="internal" selected>' in internal.text
    public = client.get(PLAN + "?doi-tuong=public")
    assert public.status == 200
    assert "Kịch bản video" in public.text
    assert (
        LINE in public.text
        and 'src="/anh-nho/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"' in public.text
    )
    assert f'data-listen-text="{LINE}"' in public.text
    path = client.server.root / HIGHLIGHTS
    path.write_text(
        path.read_text("utf-8").replace("visibility: public", "visibility: internal"), "utf-8"
    )
    assert LINE not in client.get(PLAN + "?doi-tuong=public").text
    assert LINE in client.get(PLAN).text


def test_the_plan_of_invalid_content_shows_the_check_problems(client: StudioClient) -> None:
    path = client.server.root / HIGHLIGHTS
    path.write_text(path.read_text("utf-8").replace("2021-03-12", "2019-03-12"), "utf-8")
    answer = client.get(PLAN)
    assert answer.status == 200
    assert "ngày 12/03/2019 nằm ngoài kỳ báo cáo" in answer.text
    assert 'class="scene"' not in answer.text


def test_an_unknown_audience_is_refused_not_guessed(client: StudioClient) -> None:
    answer = client.get(PLAN + "?doi-tuong=PUBLIC")
    assert answer.status == 400
    assert "Đối tượng xem «PUBLIC» không hợp lệ" in answer.text


VIDEO = "content/periods/2021-h1/video.yml"


def _sections(client: StudioClient, kept: list[str], **fields: str) -> Answer:
    page = client.get(PLAN)
    form = {"csrf": page.field("csrf"), "digest": page.field("digest"), **fields}
    body = "&".join(
        [*(f"{k}={v}" for k, v in form.items()), *(f"giu={section}" for section in kept)]
    )
    return client.request(
        "POST",
        PLAN + "/cac-phan",
        body.encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": client.server.base},
    )


def test_the_parts_of_the_video_are_reordered_dropped_and_timed_in_video_yml(
    client: StudioClient,
) -> None:
    path = client.server.root / VIDEO
    path.write_text("# Kịch bản của văn phòng\ntitle: Báo cáo sơ kết\n", "utf-8")
    order = {"thu-tu-chi-tieu": "1", "thu-tu-mo-dau": "2", "thu-tu-don-vi": "3"}
    _sections(
        client,
        ["chi-tieu", "mo-dau", "ket-thuc"],
        **order,
        **{"thu-tu-ket-thuc": "4", "giay-chi-tieu": "7,5"},
    )
    text = path.read_text("utf-8")
    assert text.startswith("# Kịch bản của văn phòng\ntitle: Báo cáo sơ kết\n")
    plan = client.get(PLAN)
    assert "Đã lưu các phần của video." in plan.text
    assert "Hoạt động của các đơn vị" not in plan.text.split('<ol class="scenes">')[-1]
    video = load_project(client.server.root).project.period("2021-h1").video
    assert [str(s) for s in video.sections] == ["chi-tieu", "mo-dau", "ket-thuc"]
    assert {str(k): float(v) for k, v in video.durations.items()} == {"chi-tieu": 7.5}


def test_a_part_timed_beyond_the_limit_is_refused_and_nothing_written(client: StudioClient) -> None:
    path = client.server.root / VIDEO
    path.write_text("title: Báo cáo sơ kết\n", "utf-8")
    order = {
        f"thu-tu-{s}": str(n) for n, s in enumerate(["mo-dau", "chi-tieu", "don-vi", "ket-thuc"], 1)
    }
    answer = _sections(
        client, ["mo-dau", "chi-tieu", "don-vi", "ket-thuc"], **order, **{"giay-don-vi": "900"}
    )
    assert answer.status == 422 and "Chưa lưu:" in answer.text
    assert path.read_text("utf-8") == "title: Báo cáo sơ kết\n"


def test_each_scene_shows_its_start_and_length_and_the_total(client: StudioClient) -> None:
    page = client.get(PLAN).text
    scenes = page.count('<li class="scene"')
    assert f"{scenes} cảnh, tổng khoảng " in page  # nothing spoken yet: reckoned from the words
    assert page.count("· từ ") == scenes and "· từ 0:00 · dài ≈ " in page
    assert "dài 4 giây" in page  # a card without a line lasts its planned minimum
    # a photo's scene links to where its caption, line and recording are edited
    assert 'href="/ky/2021-h1/don-vi/tuy-hoa#muc-0"' in page


def _line(client: StudioClient, key: str, typed: str, audience: str = "internal") -> str:
    page = client.get(f"{PLAN}?doi-tuong={audience}")
    shown = re.search(
        rf'name="khoa" value="{key}">\s*<input type="hidden" name="goc" value="([^"]*)"', page.text
    )
    answer = client.post(
        PLAN + "/loi-dan",
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            "doi-tuong": audience,
            "canh": f"{key}-1",
            "khoa": key,
            "goc": html.unescape(shown.group(1)) if shown else "",
            "loi-dan": typed,
        },
    )
    assert answer.status == 303, answer.text
    return answer.headers["location"]


def test_a_card_line_is_rewritten_in_video_yml_then_given_back(client: StudioClient) -> None:
    path = client.server.root / VIDEO
    path.write_text("# Kịch bản của văn phòng\ntitle: Báo cáo sơ kết  # tiêu đề\n", "utf-8")
    own = "Về giải quyết tin báo, các đơn vị đã cố gắng nhiều."
    back = _line(client, "giai-quyet-tin-bao", own)
    assert back == "/ky/2021-h1/kich-ban?doi-tuong=internal#canh-giai-quyet-tin-bao-1"
    written = path.read_text("utf-8")
    assert written.startswith("# Kịch bản của văn phòng\ntitle: Báo cáo sơ kết  # tiêu đề\n")
    assert yaml.safe_load(written)["narration"] == {"giai-quyet-tin-bao": own}
    page = client.get(PLAN).text
    assert "Đã lưu lời dẫn." in page
    assert "(đã viết riêng trong video.yml)" in page
    assert f">{own}</textarea>" in page
    _line(client, "intro", "Kính thưa các đồng chí.")
    assert yaml.safe_load(path.read_text("utf-8"))["intro"] == "Kính thưa các đồng chí."
    _line(client, "giai-quyet-tin-bao", "")  # an empty box: the video's own words again
    assert "narration" not in yaml.safe_load(path.read_text("utf-8"))
    assert "Về tỷ lệ giải quyết tố giác" in client.get(PLAN).text


def test_an_unchanged_line_of_the_video_s_own_is_not_frozen_into_video_yml(
    client: StudioClient,
) -> None:
    path = client.server.root / VIDEO
    path.write_text("title: Báo cáo sơ kết\n", "utf-8")
    # the restricted plan's words are not written down for every audience by a mere «Lưu»
    page = client.get(PLAN + "?doi-tuong=restricted").text
    auto = html.unescape(
        re.search(r'value="tong-hop">\s*<input type="hidden" name="goc" value="([^"]*)"', page)[1]
    )
    _line(client, "tong-hop", auto, "restricted")
    assert path.read_text("utf-8") == "title: Báo cáo sơ kết\n"
    assert "Lời dẫn không đổi: không ghi gì." in client.get(PLAN + "?doi-tuong=restricted").text


def test_a_line_key_that_is_no_card_or_a_stale_page_writes_nothing(client: StudioClient) -> None:
    path = client.server.root / VIDEO
    path.write_text("title: Báo cáo sơ kết\n", "utf-8")
    page = client.get(PLAN)
    form = {"csrf": page.field("csrf"), "digest": page.field("digest"), "loi-dan": "x"}
    refused = client.post(PLAN + "/loi-dan", {**form, "khoa": "tuy-hoa-1"})
    assert refused.status == 400 and "không sửa được ở đây" in refused.text
    path.write_text("title: Báo cáo sơ kết (đã sửa)\n", "utf-8")
    stale = client.post(PLAN + "/loi-dan", {**form, "khoa": "outro"})
    assert stale.status == 409 and "đã được sửa ở nơi khác" in stale.text
    assert path.read_text("utf-8") == "title: Báo cáo sơ kết (đã sửa)\n"


def test_the_first_save_of_a_period_without_video_yml_creates_it(client: StudioClient) -> None:
    path = client.server.root / VIDEO
    assert not path.exists()
    order = {
        f"thu-tu-{s}": str(n) for n, s in enumerate(["mo-dau", "chi-tieu", "don-vi", "ket-thuc"], 1)
    }
    _sections(client, ["mo-dau", "don-vi", "ket-thuc"], **order, **{"giay-don-vi": "6"})
    assert path.read_text("utf-8") == (
        "sections:\n  - mo-dau\n  - don-vi\n  - ket-thuc\ndurations: {don-vi: 6}\n"
    )
    assert "Đã lưu các phần của video." in client.get(PLAN).text


def test_a_card_s_own_words_are_shown_never_handed_over_to_edit(client: StudioClient) -> None:
    """The restricted plan's line may quote restricted figures; video.yml is read by every
    audience's video: a one-word edit of a prefilled line would carry them there."""
    page = client.get(PLAN + "?doi-tuong=restricted").text
    boxes = re.findall(r'<textarea name="loi-dan" rows="3">([^<]*)</textarea>', page)
    assert boxes and all(box == "" for box in boxes)
    assert "Lời video tự soạn theo số liệu:</span> Về tỷ lệ giải quyết tố giác" in page


ORDER = {
    f"thu-tu-{s}": str(n) for n, s in enumerate(["mo-dau", "chi-tieu", "don-vi", "ket-thuc"], 1)
}


def _raw_post(client: StudioClient, path: str, fields: dict[str, str]) -> Answer:
    """A POST to ``path`` exactly as written (``..`` kept, as ``curl --path-as-is`` sends it)."""
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": client.server.base}
    return client.request("POST", path, body, headers)


@pytest.mark.parametrize("period", ["2099-h9", ".."])
def test_a_save_for_a_period_that_does_not_exist_writes_nothing(
    client: StudioClient, period: str
) -> None:
    """F1: no video.yml for a period that is not there (the project would then fail check),
    none beside content/ either."""
    root = client.server.root
    before = tree_digest(root)
    token = client.get(PLAN).field("csrf")
    sections = _raw_post(
        client,
        f"/ky/{period}/kich-ban/cac-phan",
        {"csrf": token, "digest": "", "giu": "mo-dau", **ORDER},
    )
    assert sections.status == 404 and sections.text == "Không có kỳ báo cáo này."
    line = _raw_post(
        client,
        f"/ky/{period}/kich-ban/loi-dan",
        {"csrf": token, "digest": "", "khoa": "intro", "loi-dan": "Kính thưa các đồng chí."},
    )
    assert line.status == 404 and line.text == "Không có kỳ báo cáo này."
    assert tree_digest(root) == before
    assert not (root / "content/video.yml").exists()
    assert not (root / "content/periods/2099-h9").exists()


def test_a_stale_save_of_the_parts_keeps_what_was_typed(client: StudioClient) -> None:
    """F7: the page comes back with the order, the parts and the seconds as typed."""
    path = client.server.root / VIDEO
    path.write_text("title: Báo cáo sơ kết\n", "utf-8")
    page = client.get(PLAN)
    path.write_text("title: Báo cáo sơ kết (đã sửa)\n", "utf-8")
    answer = client.post(
        PLAN + "/cac-phan",
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            "giu": "don-vi",
            "thu-tu-don-vi": "1",
            "thu-tu-mo-dau": "2",
            "thu-tu-chi-tieu": "3",
            "thu-tu-ket-thuc": "4",
            "giay-don-vi": "7,5",
        },
    )
    assert answer.status == 409
    assert "đã được sửa ở nơi khác" in answer.text
    assert 'name="giay-don-vi" value="7,5"' in answer.text
    rows = re.findall(r'name="thu-tu-([a-z-]+)" value="(\d)"', answer.text)
    assert rows == [("don-vi", "1"), ("mo-dau", "2"), ("chi-tieu", "3"), ("ket-thuc", "4")]
    assert re.search(r'value="don-vi" id="giu-don-vi" checked', answer.text)
    assert not re.search(r'value="mo-dau" id="giu-mo-dau" checked', answer.text)
    # sent again as it stands, it is refused again: the other edit is never written over
    assert answer.field("digest") == page.field("digest")
    assert path.read_text("utf-8") == "title: Báo cáo sơ kết (đã sửa)\n"


def test_an_invalid_save_of_the_parts_keeps_what_was_typed_with_the_message(
    client: StudioClient,
) -> None:
    page = client.get(PLAN)
    answer = client.post(
        PLAN + "/cac-phan",
        {"csrf": page.field("csrf"), "digest": page.field("digest"), **ORDER, "giay-don-vi": "900"}
        | {"giu": "don-vi"},
    )
    assert answer.status == 422
    assert 'name="giay-don-vi" value="900"' in answer.text
    assert "Chưa lưu:" in answer.text and "600" in answer.text
    assert not (client.server.root / VIDEO).exists()


def test_a_stale_save_of_a_card_line_keeps_the_typed_line(client: StudioClient) -> None:
    """F7: the line typed is in its box again, the page says why it was not saved."""
    path = client.server.root / VIDEO
    path.write_text("title: Báo cáo sơ kết\n", "utf-8")
    page = client.get(PLAN)
    path.write_text("title: Báo cáo sơ kết (đã sửa)\n", "utf-8")
    typed = "Kính thưa các đồng chí, <b>đây</b> là lời mở đầu."
    answer = client.post(
        PLAN + "/loi-dan",
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            "doi-tuong": "internal",
            "canh": "mo-dau-1",
            "khoa": "intro",
            "goc": "",
            "loi-dan": typed,
        },
    )
    assert answer.status == 409
    assert "đã được sửa ở nơi khác" in answer.text
    assert f">{html.escape(typed, quote=False)}</textarea>" in answer.text
    assert path.read_text("utf-8") == "title: Báo cáo sơ kết (đã sửa)\n"


def test_the_storyboard_saves_on_a_period_made_by_new_period(client: StudioClient) -> None:
    """Item 1: the scaffold's video.yml is comments only; the parts and a card line save into it,
    its comments kept, and the project still passes check."""
    root = client.server.root
    new_period(root, "2021-h2", dt.date(2021, 6, 1), dt.date(2021, 11, 30))
    plan = "/ky/2021-h2/kich-ban"
    path = root / "content/periods/2021-h2/video.yml"
    scaffold = path.read_text("utf-8")
    page = client.get(plan)
    answer = client.post(
        plan + "/cac-phan",
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            **ORDER,
            "giu": "mo-dau",
            "giay-mo-dau": "6",
        },
    )
    assert answer.status == 303, answer.text
    written = path.read_text("utf-8")
    assert yaml.safe_load(written)["sections"] == ["mo-dau"]
    assert all(line in written for line in scaffold.splitlines())  # every comment kept
    page = client.get(plan)
    assert "Đã lưu các phần của video." in page.text
    line = client.post(
        plan + "/loi-dan",
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            "doi-tuong": "internal",
            "canh": "mo-dau-1",
            "khoa": "intro",
            "goc": "",
            "loi-dan": "Kính thưa các đồng chí.",
        },
    )
    assert line.status == 303, line.text
    assert yaml.safe_load(path.read_text("utf-8"))["intro"] == "Kính thưa các đồng chí."
    assert load_project(root).project.period("2021-h2").video.intro == "Kính thưa các đồng chí."


def test_a_refused_line_is_said_back_when_no_scene_can_hold_it(client: StudioClient) -> None:
    """Content with errors has no plan to show: the line typed is said in the notice."""
    path = client.server.root / HIGHLIGHTS
    path.write_text(path.read_text("utf-8").replace("2021-03-12", "2019-03-12"), "utf-8")
    page = client.get(PLAN)
    (client.server.root / VIDEO).write_text("title: Báo cáo sơ kết\n", "utf-8")
    answer = client.post(
        PLAN + "/loi-dan",
        {
            "csrf": page.field("csrf"),
            "digest": page.field("digest"),
            "khoa": "intro",
            "loi-dan": "Kính thưa các đồng chí.",
        },
    )
    assert answer.status == 409
    assert "Lời bạn vừa nhập: «Kính thưa các đồng chí.»" in answer.text
