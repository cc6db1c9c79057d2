"""A period's page: where its review stands, each unit's progress, what the public version
lacks (as ``baocao check`` warns)."""

from __future__ import annotations

from typing import Any

from generator.load.reader import RawPeriod
from generator.studio.state import Snapshot


def period_context(snapshot: Snapshot, period: RawPeriod) -> dict[str, Any]:
    return {
        "period": period,
        "review": snapshot.review(period.id),
        "progress": snapshot.progress(period),
        "indicators": len(snapshot.indicators_for(period)),
        "held_back": [p.message for p in snapshot.held_back.get(period.id, [])],
    }
