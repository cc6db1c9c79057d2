"""``content/periods/<id>/video.yml``: storyboard settings and overrides (every field optional)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field

from generator.model.base import StrictModel, reject_boolean
from generator.model.limits import MAX_SCENE_SECONDS


class SectionId(StrEnum):
    OPENING = "mo-dau"
    INDICATORS = "chi-tieu"
    UNITS = "don-vi"
    CLOSING = "ket-thuc"


SECTION_TITLES = {
    SectionId.OPENING: "Mở đầu",
    SectionId.INDICATORS: "Kết quả thực hiện chỉ tiêu",
    SectionId.UNITS: "Hoạt động của các đơn vị",
    SectionId.CLOSING: "Kết thúc",
}


SceneSeconds = Annotated[
    float, BeforeValidator(reject_boolean), Field(gt=0, le=MAX_SCENE_SECONDS, allow_inf_nan=False)
]
"""A scene's minimum length in seconds: more than 0, at most ``MAX_SCENE_SECONDS``."""


SUMMARY_NARRATION = "tong-hop"
"""The ``narration`` key of the province-wide results screen (the others are indicator ids)."""

OPENING_LINE = SectionId.OPENING.value
CLOSING_LINE = SectionId.CLOSING.value
"""The codes of the opening and closing lines (``voiceovers`` keys, the script's codes); the
province-wide table's is ``SUMMARY_NARRATION``, an indicator table's the indicator id."""


def _one_or_more(value: object) -> object:
    """One take written alone (``mo-dau: a.m4a``) is a list of one."""
    return (value,) if isinstance(value, str) else value


Takes = Annotated[tuple[str, ...], BeforeValidator(_one_or_more), Field(min_length=1)]
"""The takes recorded for one line (paths under media/): one, or one per audience whose line
differs; the storyboard uses the one recorded for the line's present words."""


class VideoSettings(StrictModel):
    title: str | None = Field(default=None, description="Tiêu đề trên màn hình mở đầu.")
    intro: str | None = Field(default=None, description="Lời dẫn mở đầu.")
    outro: str | None = Field(default=None, description="Lời dẫn kết thúc.")
    sections: tuple[SectionId, ...] = Field(
        default=tuple(SectionId), description="Thứ tự các phần; phần không liệt kê sẽ bị bỏ."
    )
    music: str | None = Field(default=None, description="Nhạc nền, tính từ thư mục media/.")
    narration: dict[str, str] = Field(
        default_factory=dict,
        description="Lời dẫn thay cho lời tự soạn của một màn hình, theo mã (ví dụ mã chỉ tiêu).",
    )
    durations: dict[SectionId, SceneSeconds] = Field(
        default_factory=dict,
        description="Thời lượng tối thiểu (giây) của mỗi cảnh trong một phần, ví dụ {don-vi: 6}.",
    )
    burn_subtitles: bool = Field(default=False, description="In phụ đề lên hình.")
    voiceovers: dict[str, Takes] = Field(
        default_factory=dict,
        description="Bản thu lời dẫn của các màn hình chung, theo mã: mo-dau, tong-hop, mã chỉ "
        "tiêu, ket-thuc; tính từ thư mục media/. Một dòng có thể có vài bản thu (mỗi đối tượng "
        "xem một bản, khi lời khác nhau): video dùng bản thu đúng lời của nó. Phòng thu lời dẫn "
        "tự ghi.",
    )
