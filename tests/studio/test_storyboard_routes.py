"""The video's plan in the studio: the scenes of the audience chosen, each line to be heard."""

from __future__ import annotations

from studio.client import StudioClient

from generator.load.loader import load_project

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


def _sections(client: StudioClient, kept: list[str], **fields: str) -> None:
    page = client.get(PLAN)
    form = {"csrf": page.field("csrf"), "digest": page.field("digest"), **fields}
    body = "&".join(
        [*(f"{k}={v}" for k, v in form.items()), *(f"giu={section}" for section in kept)]
    )
    client.request(
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
    _sections(
        client, ["mo-dau", "chi-tieu", "don-vi", "ket-thuc"], **order, **{"giay-don-vi": "900"}
    )
    assert path.read_text("utf-8") == "title: Báo cáo sơ kết\n"
    assert "Chưa lưu:" in client.get(PLAN).text
