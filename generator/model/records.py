"""Per-unit records of a period: ``results/<unit>.yml`` and ``highlights/<unit>.yml``.

A record without its own ``visibility`` takes its file's (default internal); a level written on
the file is also a ceiling (``effective_visibility``), so a restricted file never leaks a
public-marked item.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from generator.media.probe import MediaKind, media_kind
from generator.model.base import (
    Day,
    DecimalValue,
    FieldError,
    Level,
    StrictModel,
    Visibility,
    reject_boolean,
    within_figure_bounds,
)
from generator.model.units import ID_PATTERN


def _reject_float_count(value: object) -> object:
    """A count written ``1.234`` is read by YAML as the decimal 1.234; staff usually mean 1234.

    Refuse it with a message that says so instead of silently rounding.
    """
    if isinstance(value, float):
        raise ValueError(
            f"«{value}» không phải số nguyên. Nếu là số có dấu chấm ngăn cách hàng nghìn, "
            "hãy viết liền không dấu (ví dụ 1234)"
        )
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}([.,]\d{3})+\s*", value):
        raise ValueError(
            f"«{value.strip()}» có dấu ngăn cách hàng nghìn; hãy viết liền không dấu (ví dụ 1234)"
        )
    return value


Count = Annotated[
    int,
    BeforeValidator(_reject_float_count),
    BeforeValidator(reject_boolean),
    Field(ge=0),
    AfterValidator(within_figure_bounds),
]
"""A whole number from 0 to ``MAX_FIGURE``; never a boolean, never 1.234 read as a decimal."""
UnitId = Annotated[str, Field(pattern=ID_PATTERN)]


def effective_visibility(own: Visibility | None, container: Visibility | None) -> Visibility:
    """An item's level: its own, else its file's, else internal. A level written on the file is
    also a ceiling: a public item in a file marked restricted stays restricted."""
    level = own or container or Visibility.INTERNAL
    if container is not None and container.rank > level.rank:
        return container
    return level


class Result(StrictModel):
    indicator: UnitId = Field(description="Mã chỉ tiêu (trong indicators.yml).")
    numerator: Count | None = Field(default=None, description="Tử số (với chỉ tiêu tỷ lệ).")
    denominator: Count | None = Field(default=None, description="Mẫu số (với chỉ tiêu tỷ lệ).")
    value: DecimalValue | None = Field(
        default=None,
        description="Giá trị (với số đếm hoặc giá trị). Dấu phẩy thập phân «95,62» được chấp nhận.",
    )
    note: str | None = Field(default=None, description="Ghi chú, giải trình.")
    visibility: Level = Field(
        default=None, description="public | internal | restricted (mặc định: theo tệp)."
    )

    @model_validator(mode="after")
    def _numerator_within_denominator(self) -> Result:
        if (
            self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
        ):
            raise FieldError(
                "numerator", f"tử số ({self.numerator}) lớn hơn mẫu số ({self.denominator})"
            )
        return self


class Case(StrictModel):
    title: str = Field(min_length=1, description="Tên vụ việc.")
    status: str | None = Field(default=None, description="Tình trạng, ví dụ «Đang điều tra».")
    note: str | None = Field(default=None, description="Ghi chú.")
    visibility: Level = Field(
        default=None, description="public | internal | restricted (mặc định: theo tệp)."
    )


class ResultsFile(StrictModel):
    unit: UnitId = Field(description="Mã đơn vị báo cáo (trong units.yml).")
    visibility: Level = Field(
        default=None,
        description="Mức công khai mặc định và tối đa của các mục trong tệp (mặc định: internal).",
    )
    results: tuple[Result, ...] = Field(default=(), description="Kết quả theo từng chỉ tiêu.")
    cases: tuple[Case, ...] = Field(default=(), description="Vụ việc nổi bật, cần theo dõi.")


class Category(StrEnum):
    QUAN_LY = "quan-ly"
    NGHIEP_VU = "nghiep-vu"
    TO_CHUC_CAN_BO = "to-chuc-can-bo"
    THANH_TRA = "thanh-tra"
    CNTT = "cntt"
    BAO_DAM = "bao-dam"


CATEGORY_LABELS = {
    Category.QUAN_LY: "Quản lý, chỉ đạo, điều hành",
    Category.NGHIEP_VU: "Hoạt động nghiệp vụ",
    Category.TO_CHUC_CAN_BO: "Tổ chức cán bộ",
    Category.THANH_TRA: "Thanh tra, kiểm tra",
    Category.CNTT: "Công nghệ thông tin",
    Category.BAO_DAM: "Bảo đảm điều kiện hoạt động",
}


def media_key(written: str) -> str:
    """The canonical form of a path under media/ as written in the content (NFC, POSIX)."""
    return unicodedata.normalize("NFC", PurePosixPath(written.strip()).as_posix())


PLACEHOLDER_MARK = "CẦN BỔ SUNG"
"""Text that ``ingest`` and ``new-period`` write where staff still have to fill something in."""


def placeholder_lines(text: str) -> list[int]:
    """The numbers (from 1) of the lines of ``text`` still holding «CẦN BỔ SUNG»."""
    return [n for n, line in enumerate(text.split("\n"), 1) if PLACEHOLDER_MARK in line.upper()]


def is_placeholder(text: str | None) -> bool:
    """True for empty-looking or template text that staff have not replaced yet."""
    if text is None:
        return False
    stripped = text.strip().strip(".…").strip()
    return not stripped or PLACEHOLDER_MARK in text.upper() or "TODO" in text.upper()


class ClipRange(StrictModel):
    start: DecimalValue = Field(description="Điểm bắt đầu đoạn dùng (giây).")
    end: DecimalValue = Field(description="Điểm kết thúc đoạn dùng (giây).")

    @model_validator(mode="after")
    def _ordered(self) -> ClipRange:
        if self.end <= self.start:
            raise FieldError(
                "end", f"điểm kết thúc ({self.end}) phải sau điểm bắt đầu ({self.start})"
            )
        return self


class MediaItem(StrictModel):
    file: str = Field(min_length=1, description="Tệp ảnh hoặc video, tính từ thư mục media/.")
    caption: str = Field(min_length=1, description="Chú thích hiển thị dưới ảnh.")
    category: Category | None = Field(
        default=None,
        description="Nhóm: quan-ly | nghiep-vu | to-chuc-can-bo | thanh-tra | cntt | bao-dam.",
    )
    date: Day | None = Field(default=None, description="Ngày chụp/quay (trong kỳ báo cáo).")
    narration: str | None = Field(default=None, description="Lời dẫn được đọc trong video.")
    visibility: Level = Field(
        default=None, description="public | internal | restricted (mặc định: theo tệp)."
    )
    clip: ClipRange | None = Field(
        default=None, description="Đoạn video dùng: {start, end} (giây)."
    )
    audio: Literal["keep", "mute"] = Field(
        default="keep", description="Giữ (keep) hay tắt (mute) tiếng gốc của video."
    )
    voiceover: str | None = Field(
        default=None, description="Tệp lời dẫn thu sẵn (thay cho giọng đọc máy), tính từ media/."
    )
    credit: str | None = Field(default=None, description="Người chụp/quay.")

    @property
    def kind(self) -> MediaKind | None:
        """photo, clip or audio, from the file's extension."""
        return media_kind(PurePosixPath(self.file))


class HighlightsFile(StrictModel):
    unit: UnitId = Field(description="Mã đơn vị (trong units.yml).")
    visibility: Level = Field(
        default=None,
        description="Mức công khai mặc định và tối đa của các mục trong tệp (mặc định: internal).",
    )
    media: tuple[MediaItem, ...] = Field(default=(), description="Ảnh và video nổi bật.")
