"""``content/periods/<id>/period.yml``: one reporting period with explicit dates."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from generator.model.base import Day, FieldError, Level, StrictModel


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"


PERIOD_KIND_LABELS = {
    PeriodKind.MONTH: "Tháng",
    PeriodKind.QUARTER: "Quý",
    PeriodKind.HALF_YEAR: "Sơ kết 6 tháng",
    PeriodKind.YEAR: "Tổng kết năm",
}


class Conference(StrictModel):
    date: Day = Field(description="Ngày tổ chức hội nghị.")
    place: str | None = Field(default=None, description="Địa điểm hội nghị.")


class Period(StrictModel):
    title: str = Field(
        min_length=1,
        description="Tiêu đề kỳ báo cáo, ví dụ «Sơ kết công tác 6 tháng đầu năm 2021».",
    )
    kind: PeriodKind = Field(description="Loại kỳ: month | quarter | half-year | year.")
    start: Day = Field(description="Ngày đầu kỳ (kỳ thống kê 6 tháng: 01/12 – 31/5).")
    end: Day = Field(description="Ngày cuối kỳ.")
    conference: Conference | None = Field(
        default=None, description="Hội nghị sơ kết/tổng kết (nếu có)."
    )
    province_visibility: Level = Field(
        default=None,
        description=(
            "Mức công bố số liệu toàn tỉnh (tổng của mọi đơn vị): public | internal | restricted. "
            "Bỏ trống: số liệu toàn tỉnh chỉ hiện ở bản mà mọi kết quả góp vào nó đều được xem. "
            "Ví dụ «public»: bản công khai có số liệu toàn tỉnh dù kết quả từng đơn vị là nội bộ."
        ),
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Period:
        if self.end < self.start:
            raise FieldError("end", "ngày kết thúc («end») đứng trước ngày bắt đầu («start»)")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end
