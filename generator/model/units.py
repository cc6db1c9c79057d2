"""``content/units.yml``: the unit registry. An ``id`` never changes; names and existence may."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from generator.model.base import Day, FieldError, StrictModel

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class UnitKind(StrEnum):
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    REGIONAL = "regional"


UNIT_KIND_LABELS = {
    UnitKind.PROVINCE: "Cấp tỉnh",
    UnitKind.DEPARTMENT: "Phòng nghiệp vụ",
    UnitKind.DISTRICT: "VKSND cấp huyện",
    UnitKind.REGIONAL: "VKSND khu vực",
}


class FormerName(StrictModel):
    name: str = Field(min_length=1, description="Tên cũ của đơn vị.")
    until: Day = Field(description="Ngày cuối cùng dùng tên này.")


class Unit(StrictModel):
    id: str = Field(
        pattern=ID_PATTERN,
        description="Mã đơn vị, không đổi theo thời gian (chữ thường, số, gạch nối).",
    )
    name: str = Field(min_length=1, description="Tên đầy đủ, ví dụ «VKSND thành phố Tuy Hòa».")
    short_name: str | None = Field(
        default=None, description="Tên ngắn cho bảng và biểu đồ, ví dụ «Tuy Hòa»."
    )
    kind: UnitKind = Field(description="Loại đơn vị: province | department | district | regional.")
    code: str | None = Field(default=None, description="Mã đơn vị hành chính (nếu có).")
    from_: Day | None = Field(
        default=None, alias="from", description="Ngày bắt đầu hoạt động (nếu biết)."
    )
    until: Day | None = Field(
        default=None, description="Ngày cuối cùng hoạt động, trước khi giải thể hoặc sáp nhập."
    )
    former_names: tuple[FormerName, ...] = Field(
        default=(), description="Các tên cũ, mỗi tên kèm ngày cuối cùng sử dụng (until)."
    )
    succeeded_by: str | None = Field(
        default=None, pattern=ID_PATTERN, description="Mã đơn vị kế thừa."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Unit:
        if self.from_ and self.until and self.until < self.from_:
            raise FieldError("until", "ngày «until» đứng trước ngày «from»")
        return self

    @property
    def label(self) -> str:
        """The short label for tables and charts."""
        return self.short_name or self.name

    def name_on(self, day: dt.date) -> str:
        """The name the unit had on ``day`` (reports show units under the name of their time)."""
        for former in sorted(self.former_names, key=lambda f: f.until):
            if day <= former.until:
                return former.name
        return self.name

    def active_during(self, start: dt.date, end: dt.date) -> bool:
        """True when the unit existed on at least one day of ``start``..``end``."""
        return (self.from_ is None or self.from_ <= end) and (
            self.until is None or self.until >= start
        )
