"""Files written under media/ by the office's studio are in the audit trail as every content
write is: an upload's photos, a recorded narration; the account, the file, its digest before
(«(tệp mới)») and after (what is on disk)."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient
from studio.client import InProcess, StudioClient, make_project, post_recording

from generator.office.accounts import AccountStore, Role
from generator.office.audit import AuditEntry, AuditLog, Kind
from generator.studio.server import create_app

UNIT = "/ky/2021-h1/don-vi/tuy-hoa"
HIGHLIGHTS = "content/periods/2021-h1/highlights/tuy-hoa.yml"
PHOTO = "2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
PASSWORD = "mat-khau-tuy-hoa"
PORT = 8765


@pytest.fixture
def contributor(tmp_path: Path) -> Iterator[StudioClient]:
    """The office's studio, in this process, with Tuy Hòa's contributor signed in."""
    root = make_project(tmp_path / "project")
    AccountStore(root).add("tuyhoa", Role.UNIT, PASSWORD, units=["tuy-hoa"])
    app = create_app(root, PORT, office=True)
    with TestClient(
        app, base_url=f"http://127.0.0.1:{PORT}", follow_redirects=False, client=("10.0.0.7", 50000)
    ) as test:
        client = StudioClient(InProcess(root, test, PORT))
        page = client.get("/dang-nhap")
        form = {"csrf": page.field("csrf"), "ten": "tuyhoa", "mat-khau": PASSWORD, "tiep": "/"}
        assert client.post("/dang-nhap", form).status == 303
        yield client


def _writes(root: Path) -> list[AuditEntry]:
    return [e for e in AuditLog(root).entries() if e.kind is Kind.WRITE]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 120, 40)).save(out, "JPEG", quality=70)
    return out.getvalue()


def test_an_uploaded_photo_is_audited_with_its_account_and_digest(
    contributor: StudioClient,
) -> None:
    root = contributor.server.root
    page = contributor.get(UNIT)
    answer = contributor.upload(
        UNIT + "/tai-len", [("Ảnh hội nghị.jpg", _jpeg())], page.field("csrf")
    )
    assert answer.status == 200 and json.loads(answer.text)["ok"], answer.text
    filed = [p for p in (root / "media/2021-h1/tuy-hoa").iterdir() if p.name != Path(PHOTO).name]
    assert len(filed) == 1
    rel = filed[0].relative_to(root).as_posix()
    media, highlights = _writes(root)
    assert (media.account, media.address) == ("tuyhoa", "10.0.0.7")
    assert media.detail["tep"] == rel
    assert media.detail["truoc"] == "(tệp mới)"
    assert media.detail["sau"] == _digest(filed[0]) == hashlib.sha256(_jpeg()).hexdigest()
    assert highlights.account == "tuyhoa" and highlights.detail["tep"] == HIGHLIGHTS
    assert highlights.detail["sau"] == _digest(root / HIGHLIGHTS)


def test_a_recorded_narration_is_audited_with_its_account_and_digest(
    contributor: StudioClient,
) -> None:
    root = contributor.server.root
    answer = post_recording(contributor, contributor.get(UNIT), PHOTO)
    assert answer.status == 200, answer.text
    voiceover = root / "media" / json.loads(answer.text)["voiceover"]
    highlights, media = _writes(root)
    assert highlights.account == "tuyhoa" and highlights.detail["tep"] == HIGHLIGHTS
    assert media.account == "tuyhoa"
    assert media.detail["tep"] == voiceover.relative_to(root).as_posix()
    assert media.detail["truoc"] == "(tệp mới)"
    assert media.detail["sau"] == _digest(voiceover)


def test_a_recording_not_kept_leaves_nothing_to_audit(contributor: StudioClient) -> None:
    root = contributor.server.root
    before = sorted((root / "media/2021-h1/tuy-hoa").iterdir())
    answer = post_recording(contributor, contributor.get(UNIT), PHOTO, digest="0" * 64)
    assert answer.status == 409
    assert sorted((root / "media/2021-h1/tuy-hoa").iterdir()) == before
    assert _writes(root) == []
