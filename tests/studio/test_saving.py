"""The one save path (``saving.save_edit``): each outcome, the file held to what the gate
authorized, and one sentence for a stale edit from every form of the studio."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from studio.client import StudioClient, make_project, post_recording

from generator.model import SectionId
from generator.office.audit import AuditLog, Kind
from generator.office.policy import LOCAL_ACCOUNT, Target
from generator.studio import store
from generator.studio.saving import (
    Invalid,
    ItemVersion,
    Refused,
    Saved,
    Stale,
    Unchanged,
    save_edit,
)
from generator.studio.server import create_app
from generator.yamledit.roundtrip import EditRefused

UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
RESULTS = "content/periods/2021-h1/results/tuy-hoa.yml"
VIDEO = "content/periods/2021-h1/video.yml"
REPORT = "content/periods/2021-h1/report.md"
SITE = "content/site.yml"
PHOTO = "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
OLD = "0" * 64  # the version of a page opened before the file changed


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Starlette]:
    yield create_app(make_project(tmp_path / "project"), 8765)


def _request(app: Starlette, period: str | None = "2021-h1", unit: str | None = "tuy-hoa"):
    """A write the gate let through for ``period`` and ``unit``."""
    state = {"account": LOCAL_ACCOUNT, "target": Target(period=period, unit=unit)}
    scope = {"type": "http", "method": "POST", "path": UNIT, "app": app, "state": state}
    return Request(scope)


def _root(app: Starlette) -> Path:
    return app.state.studio.root


def _digest(app: Starlette, rel: str) -> str:
    return store.read(_root(app), rel).digest


def _writes(app: Starlette) -> list[str]:
    return [e.detail["tep"] for e in AuditLog(_root(app)).entries() if e.kind is Kind.WRITE]


def test_a_save_is_written_with_its_history_and_its_audit_entry(app: Starlette) -> None:
    def edit(text: str | None) -> str:
        return f"{text}# đã xem\n"

    outcome = save_edit(_request(app), HIGHLIGHTS, edit, digest=_digest(app, HIGHLIGHTS))
    assert isinstance(outcome, Saved)
    assert outcome.digest == _digest(app, HIGHLIGHTS)
    assert (_root(app) / HIGHLIGHTS).read_text("utf-8").endswith("# đã xem\n")
    assert app.state.studio.history.last(HIGHLIGHTS) is not None
    assert _writes(app) == [HIGHLIGHTS]


def test_what_is_not_saved_writes_nothing_and_says_why(app: Starlette) -> None:
    request = _request(app)
    before = (_root(app) / HIGHLIGHTS).read_text("utf-8")
    digest = _digest(app, HIGHLIGHTS)

    def refuse(text: str | None) -> str:
        raise EditRefused("không giữ được dòng ghi chú")

    def moved(text: str | None) -> str:
        raise store.StaleEdit(HIGHLIGHTS)

    assert save_edit(request, HIGHLIGHTS, lambda text: text or "", digest=digest) == Unchanged(
        HIGHLIGHTS, digest
    )
    assert save_edit(request, HIGHLIGHTS, lambda text: "", digest=OLD) == Stale(HIGHLIGHTS)
    assert save_edit(request, HIGHLIGHTS, moved, digest=digest) == Stale(HIGHLIGHTS)
    assert save_edit(request, HIGHLIGHTS, refuse, digest=digest) == Refused(
        HIGHLIGHTS, "không giữ được dòng ghi chú"
    )
    invalid = save_edit(
        request, HIGHLIGHTS, lambda text: before.replace("2021-03-12", "2019-03-12"), digest=digest
    )
    assert isinstance(invalid, Invalid)
    assert "nằm ngoài kỳ báo cáo" in " ".join(p.message for p in invalid.verdict.errors)
    assert (_root(app) / HIGHLIGHTS).read_text("utf-8") == before
    assert _writes(app) == []


def test_an_item_still_as_the_page_showed_it_is_saved_over_other_changes(app: Starlette) -> None:
    request = _request(app)
    path = _root(app) / HIGHLIGHTS
    shown = path.read_text("utf-8")
    item = ItemVersion("media", 0, store.item_digest(shown, "media", 0))
    path.write_text(shown.replace("unit: tuy-hoa", "unit: tuy-hoa  # sửa ở nơi khác"), "utf-8")

    def edit(text: str | None) -> str:
        assert text is not None
        return store.edit_item(text, "media", 0, lambda entry: entry.update(caption="Mới"))

    stale = store.digest_of(shown.encode("utf-8"))
    assert isinstance(save_edit(request, HIGHLIGHTS, edit, digest=stale, item=item), Saved)
    text = path.read_text("utf-8")
    assert "caption: Mới" in text and "# sửa ở nơi khác" in text  # both kept
    again = ItemVersion("media", 0, item.digest)  # the page's version of the item: no longer
    assert save_edit(request, HIGHLIGHTS, edit, digest=stale, item=again) == Stale(HIGHLIGHTS)
    for other in (ItemVersion("media", 1, item.digest), ItemVersion("media", 0, "")):
        assert save_edit(request, HIGHLIGHTS, edit, digest=OLD, item=other) == Stale(HIGHLIGHTS)
    assert path.read_text("utf-8") == text
    assert _writes(app) == [HIGHLIGHTS]


@pytest.mark.parametrize(
    ("period", "unit", "rel"),
    [
        ("2021-h1", "tuy-hoa", "content/periods/2021-h1/highlights/song-cau.yml"),  # another unit
        ("2021-h1", "tuy-hoa", "content/periods/2021-h1/results/song-cau.yml"),
        ("2021-h1", None, HIGHLIGHTS),  # a period's route: no unit's file
        ("2020-h2", None, "content/periods/2021-h1/video.yml"),  # another period
        ("2021-h1", "tuy-hoa", SITE),  # a unit's route: not the project's settings
        (None, None, VIDEO),  # the settings' route: no period's file
        ("2021-h1", "tuy-hoa", "content/periods/2021-h1/../../site.yml"),
    ],
)
def test_a_file_the_gate_did_not_authorize_is_refused_and_audited(
    app: Starlette, period: str | None, unit: str | None, rel: str
) -> None:
    before = _bytes(_root(app) / rel)
    with pytest.raises(HTTPException) as refused:
        save_edit(_request(app, period, unit), rel, lambda text: "unit: x\n", digest="")
    assert refused.value.status_code == 403
    assert "không thuộc kỳ báo cáo hoặc đơn vị" in refused.value.detail
    assert _bytes(_root(app) / rel) == before
    (entry,) = AuditLog(_root(app)).entries()
    assert entry.kind is Kind.REFUSED and entry.detail["tep"] == rel


def test_a_write_without_the_gate_s_target_is_refused(app: Starlette) -> None:
    scope = {"type": "http", "method": "POST", "path": UNIT, "app": app, "state": {}}
    with pytest.raises(HTTPException):
        save_edit(Request(scope), HIGHLIGHTS, lambda text: "", digest="")


def _forms() -> dict[str, tuple[str, dict[str, str]]]:
    """Every form of the studio that saves a file: the file → where it is sent, what it holds."""
    ranks = {f"thu-tu-{s.value}": str(n) for n, s in enumerate(SectionId, 1)}
    item = {"file": PHOTO, "caption": "Chú thích mới", "visibility": "public"}
    return {
        HIGHLIGHTS: (UNIT + "/muc/0", item),
        RESULTS: (UNIT + "/ket-qua", {"giai-quyet-tin-bao.note": "Ghi chú mới"}),
        VIDEO: ("/ky/2021-h1/kich-ban/cac-phan", {"giu": "mo-dau", **ranks}),
        REPORT: ("/ky/2021-h1/bao-cao", {"noi-dung": "# Báo cáo", "visibility": "internal"}),
        SITE: ("/cai-dat-bao-cao", {"organisation": "Viện kiểm sát nhân dân tỉnh Phú Yên"}),
    }


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def test_every_form_says_a_stale_edit_in_the_same_words(client: StudioClient) -> None:
    token = client.get("/").field("csrf")
    for rel, (path, fields) in _forms().items():
        before = _bytes(client.server.root / rel)
        answer = client.post(path, {"csrf": token, "digest": OLD, **fields})
        assert answer.status == 409, (rel, answer.text[:300])
        assert store.stale_notice(rel) in html.unescape(answer.text), rel
        assert _bytes(client.server.root / rel) == before, rel


def test_a_stale_recording_and_a_stale_undo_say_the_same_words(client: StudioClient) -> None:
    root = client.server.root
    page = client.get(UNIT)
    media = sorted((root / "media/2021-h1/tuy-hoa").iterdir())
    answer = post_recording(client, page, PHOTO, digest=OLD)
    assert answer.status == 409
    assert json.loads(answer.text)["message"] == store.stale_notice(HIGHLIGHTS)
    assert sorted((root / "media/2021-h1/tuy-hoa").iterdir()) == media  # the new file removed

    fields = {
        "csrf": page.field("csrf"),
        "digest": page.field("digest"),
        "file": PHOTO,
        "caption": "Bản đã lưu",
        "visibility": "public",
    }
    assert client.post(UNIT + "/muc/0", fields).status == 303
    path = root / HIGHLIGHTS
    path.write_text(path.read_text("utf-8") + "# sửa ở nơi khác\n", "utf-8")
    undo = {"csrf": page.field("csrf"), "tep": HIGHLIGHTS, "quay-lai": UNIT}
    assert client.post("/hoan-tac", undo).status == 303
    assert store.stale_notice(HIGHLIGHTS) in html.unescape(client.get(UNIT).text)
    assert path.read_text("utf-8").endswith("# sửa ở nơi khác\n")
