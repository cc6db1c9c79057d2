"""«Nhật ký»: the audit trail, newest first, from a day on (``tu-ngay``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.office.audit import Kind
from generator.studio.app import Studio

SHOWN = 500  # entries on the page; the whole trail: ``baocao audit``
KIND_LABELS = {
    Kind.LOGIN: "đăng nhập",
    Kind.LOGIN_REFUSED: "đăng nhập bị từ chối",
    Kind.WRITE: "ghi tệp",
    Kind.REFUSED: "bị từ chối",
    Kind.STATE: "trạng thái duyệt",
    Kind.ACCOUNT: "tài khoản",
}


def audit_context(studio: Studio, typed: str) -> dict[str, Any]:
    """The page from the day ``typed`` (``YYYY-MM-DD``; the whole trail when empty or not a
    day, which the page then says)."""
    try:
        since = dt.date.fromisoformat(typed) if typed else None
    except ValueError:
        since = None
    entries = studio.audit.entries(since)
    return {
        "entries": list(reversed(entries))[:SHOWN],
        "total": len(entries),
        "shown": SHOWN,
        "since": since.isoformat() if since else "",
        "bad_date": bool(typed) and since is None,
        "kind_label": KIND_LABELS,
    }
