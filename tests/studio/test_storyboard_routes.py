"""The video's plan in the studio: the scenes of the audience chosen, each line to be heard."""

from __future__ import annotations

from studio.client import StudioClient

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
