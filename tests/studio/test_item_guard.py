"""The stale guard of one item: a save of an item's fields (or its removal) lands over what
others saved meanwhile to other items of the same unit, while that item still stands at its
place as the page showed it; the same item changed, or the list reordered, is refused (409)
with what was typed kept and what the file holds now shown beside it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PIL import Image
from ruamel.yaml import YAML
from studio.client import Answer, StudioClient

from generator.studio import store

UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
PHOTOS = [f"2021-h1/tuy-hoa/anh-{n}.jpg" for n in range(3)]
IN_FILE = "Nội dung hiện có trong tệp"


@pytest.fixture
def three(client: StudioClient) -> StudioClient:
    """Tuy Hòa's highlights with three photos, one with a comment line above it."""
    root = client.server.root
    lines = ["# Hình ảnh nổi bật – Tuy Hòa", "unit: tuy-hoa", "media:"]
    for n, photo in enumerate(PHOTOS):
        path = root / "media" / photo
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 48), (60 * n, 90, 160)).save(path, quality=70)
        lines += [
            *(["  # ảnh giữa"] if n == 1 else []),
            f"  - file: {photo}",
            f"    caption: Ảnh số {n + 1}",
            "    category: nghiep-vu",
            "    date: 2021-03-12",
        ]
    (root / HIGHLIGHTS).write_text("\n".join(lines) + "\n", "utf-8")
    return client


def _other(client: StudioClient) -> StudioClient:
    """Another person's browser on the same studio (its own session)."""
    return StudioClient(client.server)


def _hidden(page: Answer, index: int) -> dict[str, str]:
    """The hidden fields of item ``index``'s form on ``page``."""
    start = page.text.index(f'id="muc-{index}"')
    form = page.text[start : page.text.index("</form>", start)]
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }


def _save(client: StudioClient, page: Answer, index: int, caption: str) -> Answer:
    fields = _hidden(page, index)
    fields |= {"caption": caption, "category": "nghiep-vu", "date": "12/03/2021"}
    return client.post(f"{UNIT}/muc/{index}", fields)


def _captions(root: Path) -> list[str]:
    document = YAML(typ="safe").load((root / HIGHLIGHTS).read_text("utf-8"))
    return [item["caption"] for item in document["media"]]


def test_two_people_saving_different_items_of_one_unit_from_one_page_load_both_land(
    three: StudioClient,
) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    assert _hidden(page_one, 0)["item_digest"] != _hidden(page_one, 1)["item_digest"]
    assert _save(one, page_one, 0, "Người thứ nhất sửa ảnh 1").status == 303
    landed = _save(two, page_two, 2, "Người thứ hai sửa ảnh 3")
    assert landed.status == 303, landed.text[:500]
    root = three.server.root
    assert _captions(root) == ["Người thứ nhất sửa ảnh 1", "Ảnh số 2", "Người thứ hai sửa ảnh 3"]
    assert "  # ảnh giữa\n" in (root / HIGHLIGHTS).read_text("utf-8")


def test_the_same_item_from_one_page_load_lands_once_and_shows_the_other_s_text(
    three: StudioClient,
) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    assert _save(one, page_one, 1, "Bản của người thứ nhất").status == 303
    refused = _save(two, page_two, 1, "Bản của người thứ hai")
    assert refused.status == 409
    assert store.stale_notice(HIGHLIGHTS) in html.unescape(refused.text)
    assert f'name="caption" value="{html.escape("Bản của người thứ hai")}"' in refused.text
    shown = html.unescape(refused.text)
    assert f"{IN_FILE}: «Bản của người thứ nhất»" in shown
    assert f"{IN_FILE}: «Ảnh số" not in shown  # only the field that differs
    assert _captions(three.server.root)[1] == "Bản của người thứ nhất"
    again = _save(two, refused, 1, "Bản của người thứ hai")  # seen: saving again lands
    assert again.status == 303
    assert _captions(three.server.root)[1] == "Bản của người thứ hai"


def test_a_move_after_the_page_was_opened_refuses_an_item_save(three: StudioClient) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    moved = one.post(f"{UNIT}/muc/0/di-chuyen", {**_hidden(page_one, 0), "huong": "xuong"})
    assert moved.status == 303
    before = (three.server.root / HIGHLIGHTS).read_bytes()
    refused = _save(two, page_two, 0, "Chú thích cho ảnh đã bị dời chỗ")
    assert refused.status == 409
    assert (three.server.root / HIGHLIGHTS).read_bytes() == before
    # what was typed stands at the item it is for, now second
    second = refused.text[refused.text.index('id="muc-1"') :]
    assert html.escape("Chú thích cho ảnh đã bị dời chỗ") in second.split("</form>")[0]
    assert f'value="{PHOTOS[0]}"' in second.split("</form>")[0]


def test_a_move_holds_to_the_whole_file(three: StudioClient) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    assert _save(one, page_one, 2, "Sửa ảnh 3").status == 303
    down = two.post(f"{UNIT}/muc/0/di-chuyen", {**_hidden(page_two, 0), "huong": "xuong"})
    assert down.status == 409
    assert _captions(three.server.root) == ["Ảnh số 1", "Ảnh số 2", "Sửa ảnh 3"]


def test_a_removal_lands_over_another_item_s_save_but_not_over_its_own(
    three: StudioClient,
) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    assert _save(one, page_one, 0, "Sửa ảnh 1").status == 303
    assert two.post(f"{UNIT}/muc/2/bo", _hidden(page_two, 2)).status == 303
    assert _captions(three.server.root) == ["Sửa ảnh 1", "Ảnh số 2"]
    assert _save(one, page_one, 1, "Sửa ảnh 2").status == 303  # still at its place
    refused = two.post(f"{UNIT}/muc/1/bo", _hidden(page_two, 1))  # changed since
    assert refused.status == 409
    assert _captions(three.server.root) == ["Sửa ảnh 1", "Sửa ảnh 2"]


def test_a_save_for_an_item_removed_meanwhile_says_what_was_typed(three: StudioClient) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    assert one.post(f"{UNIT}/muc/2/bo", _hidden(page_one, 2)).status == 303
    refused = _save(two, page_two, 2, "Chú thích cho ảnh đã bỏ")
    assert refused.status == 409
    shown = html.unescape(refused.text)
    assert f"Mục «{PHOTOS[2]}» không còn trong danh sách" in shown
    assert "chú thích: «Chú thích cho ảnh đã bỏ»" in shown


def test_a_form_without_its_item_s_version_holds_to_the_whole_file(three: StudioClient) -> None:
    one, two = three, _other(three)
    page_one, page_two = one.get(UNIT), two.get(UNIT)
    assert _save(one, page_one, 0, "Sửa ảnh 1").status == 303
    fields = {**_hidden(page_two, 2), "caption": "Sửa ảnh 3"}
    del fields["item_digest"]
    assert two.post(f"{UNIT}/muc/2", fields).status == 409
    fields["item_digest"] = ""
    assert two.post(f"{UNIT}/muc/2", fields).status == 409
