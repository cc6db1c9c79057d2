"""The review of a period, step by step: a unit sends its part, the office accepts or returns it,
the leadership signs the period off or reopens it. Each step is a pure change of the period's
``review.yml`` (``model/review.py``), refused with a Vietnamese reason when it does not apply;
the studio writes the result like any other edit (checked by the loader, audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

import yaml

from generator.model.review import (
    LOCKED_FOR_UNIT,
    PART_LABELS,
    PartState,
    ReviewFile,
    Stamp,
    UnitPart,
)

MAX_COMMENT = 2000
HEADER = (
    "# Trạng thái duyệt của kỳ báo cáo: Studio ghi tệp này mỗi khi một đơn vị gửi phần của mình,\n"
    "# văn phòng duyệt hay trả lại, lãnh đạo duyệt kỳ hay mở lại. Đừng sửa tay.\n"
)


class Step(StrEnum):
    SEND = "gui"
    ACCEPT = "duyet"
    RETURN = "tra-lai"
    SIGN_OFF = "duyet-ky"
    REOPEN = "mo-lai"


STEP_DONE = {
    Step.SEND: "Đã gửi văn phòng phần của {unit}.",
    Step.ACCEPT: "Đã duyệt phần của {unit}.",
    Step.RETURN: "Đã trả lại phần của {unit} kèm nhận xét.",
    Step.SIGN_OFF: "Đã duyệt kỳ: kỳ báo cáo chỉ còn để xem.",
    Step.REOPEN: "Đã mở lại kỳ để sửa.",
}


class StepRefused(Exception):
    """A step that does not apply to the review as it stands (a Vietnamese reason)."""


def apply_step(
    review: ReviewFile,
    step: Step,
    *,
    by: str,
    at: dt.datetime,
    unit: str | None = None,
    comment: str = "",
    period_units: Sequence[str] = (),
) -> ReviewFile:
    """The review after ``step`` by account ``by`` at ``at`` (aware); StepRefused otherwise.
    ``period_units``: the units that report in the period (a sign-off needs all accepted)."""
    if review.signed_off is not None and step is not Step.REOPEN:
        raise StepRefused("kỳ đã được lãnh đạo duyệt; muốn sửa phải mở lại kỳ")
    if step is Step.SIGN_OFF:
        owed = [u for u in period_units if review.state(u) is not PartState.ACCEPTED]
        if owed:
            raise StepRefused(
                f"còn {len(owed)} đơn vị chưa được duyệt phần của mình: {', '.join(owed)}"
            )
        return review.model_copy(update={"signed_off": Stamp(by=by, at=at)})
    if step is Step.REOPEN:
        if review.signed_off is None:
            raise StepRefused("kỳ chưa được duyệt nên không cần mở lại")
        return review.model_copy(update={"signed_off": None})
    if unit is None:
        raise StepRefused("thiếu đơn vị")
    state = review.state(unit)
    text = comment.strip()
    if step is Step.SEND:
        if state in LOCKED_FOR_UNIT:
            raise StepRefused(f"phần của đơn vị đang ở trạng thái «{PART_LABELS[state]}»")
        new = UnitPart(state=PartState.SENT, by=by, at=at)
    elif step is Step.ACCEPT:
        if state is not PartState.SENT:
            raise StepRefused(f"chỉ duyệt được phần đã gửi (đang «{PART_LABELS[state]}»)")
        new = UnitPart(state=PartState.ACCEPTED, by=by, at=at)
    else:
        if state not in LOCKED_FOR_UNIT:
            raise StepRefused(f"chỉ trả lại được phần đã gửi (đang «{PART_LABELS[state]}»)")
        if not text:
            raise StepRefused("hãy ghi nhận xét: đơn vị cần biết sửa gì")
        if len(text) > MAX_COMMENT:
            raise StepRefused(f"nhận xét dài quá {MAX_COMMENT} ký tự")
        new = UnitPart(state=PartState.RETURNED, by=by, at=at, comment=text)
    return review.model_copy(update={"units": {**review.units, unit: new}})


def review_text(review: ReviewFile) -> str:
    """``review.yml`` as written: the header, then the units in order, then the sign-off."""
    data: dict[str, object] = {
        "units": {
            unit: part.model_dump(mode="json", exclude_none=True)
            for unit, part in sorted(review.units.items())
        }
    }
    if review.signed_off is not None:
        data["signed_off"] = review.signed_off.model_dump(mode="json")
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + str(body)


def now() -> dt.datetime:
    """The time a step is stamped with: local time, with its offset."""
    return dt.datetime.now().astimezone().replace(microsecond=0)
