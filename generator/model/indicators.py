"""``content/indicators.yml``: the catalogue of work indicators (chỉ tiêu nghiệp vụ)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from generator.model.base import Day, DecimalValue, FieldError, StrictModel
from generator.model.units import ID_PATTERN


class Measure(StrEnum):
    RATE = "rate"  # numerator / denominator, shown as a percentage
    COUNT = "count"  # a whole number (cases, people)
    VALUE = "value"  # a figure reported as is (may be a percentage computed elsewhere)


class Comparator(StrEnum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EQ = "="

    @property
    def higher_is_better(self) -> bool | None:
        """True for > and >=, False for < and <=, None for = (only the exact target is good)."""
        if self in (Comparator.GT, Comparator.GE):
            return True
        if self in (Comparator.LT, Comparator.LE):
            return False
        return None


class Indicator(StrictModel):
    id: str = Field(pattern=ID_PATTERN, description="Mã chỉ tiêu (chữ thường, số, gạch nối).")
    name: str = Field(min_length=1, description="Tên đầy đủ của chỉ tiêu.")
    short_name: str | None = Field(default=None, description="Tên ngắn cho bảng và biểu đồ.")
    measure: Measure = Field(
        description="Cách đo: rate (tỷ lệ tử số/mẫu số) | count (số đếm) | value (giá trị)."
    )
    comparator: Comparator = Field(
        description="Quan hệ kết quả phải thỏa với chỉ tiêu: > >= < <= ="
    )
    target: DecimalValue = Field(description="Mức chỉ tiêu (với tỷ lệ: tính bằng %).")
    unit_label: str | None = Field(
        default=None, description="Đơn vị tính của số đếm, ví dụ «vụ», «người»."
    )
    source: str | None = Field(
        default=None, description="Văn bản giao chỉ tiêu, ví dụ «Nghị quyết 96/2019/QH14»."
    )
    valid_from: Day | None = Field(default=None, description="Áp dụng từ ngày.")
    valid_until: Day | None = Field(default=None, description="Áp dụng đến ngày.")

    @model_validator(mode="after")
    def _rate_target_is_a_percentage(self) -> Indicator:
        if self.measure is Measure.RATE and self.target > 100:
            raise FieldError(
                "target",
                f"chỉ tiêu tỷ lệ (%): mức chỉ tiêu {self.target} không được lớn hơn 100",
            )
        return self

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def applies_during(self, start: dt.date, end: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_until is None or self.valid_until >= start
        )
