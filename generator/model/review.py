"""``content/periods/<id>/review.yml``: where each unit's part of the period stands in the office's
review, and the leadership's sign-off. Written by the studio (``workflow/review.py``), read by
the loader like every other content file, so it travels with the project and its backups.

A unit's part: «đang soạn» (no entry) → «đã gửi» (the unit sent it) → «đã duyệt» (the office
accepted it) or «trả lại» (returned, with the office's comment) → sent again… The period is
signed off («duyệt kỳ») by the leadership once every part is accepted; it is then read-only for
everyone until the leadership reopens it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, Field

from generator.model.base import StrictModel
from generator.model.records import UnitId


class PartState(StrEnum):
    DRAFTING = "dang-soan"
    SENT = "da-gui"
    ACCEPTED = "da-duyet"
    RETURNED = "tra-lai"


PART_LABELS = {
    PartState.DRAFTING: "đang soạn",
    PartState.SENT: "đã gửi",
    PartState.ACCEPTED: "đã duyệt",
    PartState.RETURNED: "trả lại",
}

LOCKED_FOR_UNIT = frozenset({PartState.SENT, PartState.ACCEPTED})
"""A part its unit can no longer edit (until the office returns it)."""


class Stamp(StrictModel):
    by: str = Field(min_length=1, description="Tài khoản đã làm.")
    at: AwareDatetime = Field(description="Lúc nào (có múi giờ).")


class UnitPart(StrictModel):
    state: PartState = Field(description="dang-soan | da-gui | da-duyet | tra-lai.")
    by: str = Field(min_length=1, description="Tài khoản đổi trạng thái lần cuối.")
    at: AwareDatetime = Field(description="Lúc đổi trạng thái lần cuối (có múi giờ).")
    comment: str | None = Field(default=None, description="Nhận xét của văn phòng khi trả lại.")


class ReviewFile(StrictModel):
    units: dict[UnitId, UnitPart] = Field(
        default_factory=dict, description="Trạng thái phần của từng đơn vị."
    )
    signed_off: Stamp | None = Field(
        default=None, description="Lãnh đạo đã duyệt kỳ: ai, lúc nào (kỳ chỉ còn để xem)."
    )

    @property
    def started(self) -> bool:
        """Whether the period's review has begun (a part sent, or the sign-off)."""
        return bool(self.units) or self.signed_off is not None

    def state(self, unit: str) -> PartState:
        part = self.units.get(unit)
        return part.state if part is not None else PartState.DRAFTING
