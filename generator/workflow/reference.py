"""The staff guide's field reference, generated from the pydantic models.

The models' Field descriptions are Vietnamese and are the single description of the content
files: the validator, its messages and this page all come from them, so the guide never drifts
from what ``baocao check`` accepts. The site builder calls ``field_reference_markdown()`` and
writes the result beside the hand-written guide pages (``GUIDE_DIR``).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.load import layout
from generator.model import (
    CATEGORY_LABELS,
    PERIOD_KIND_LABELS,
    SECTION_TITLES,
    UNIT_KIND_LABELS,
    VISIBILITY_LABELS,
    HighlightsFile,
    Indicator,
    Period,
    ResultsFile,
    SiteInfo,
    Unit,
    VideoSettings,
)

GUIDE_DIR = Path(__file__).resolve().parent.parent / "site" / "guide"
"""The hand-written guide pages (Markdown), copied into the site as «Hướng dẫn»."""

REFERENCE_PAGE = "tham-chieu-truong.md"
"""The file name the site builder should give ``field_reference_markdown()``'s output."""

FILES: tuple[tuple[str, type[BaseModel], str], ...] = (
    (layout.SITE, SiteInfo, "Thông tin cơ quan. Một nhóm trường."),
    (layout.UNITS, Unit, "Danh sách đơn vị; mỗi mục (bắt đầu bằng «-») là một đơn vị."),
    (
        layout.INDICATORS,
        Indicator,
        "Danh mục chỉ tiêu nghiệp vụ; mỗi mục (bắt đầu bằng «-») là một chỉ tiêu.",
    ),
    (layout.period_file("<kỳ>"), Period, "Một kỳ báo cáo."),
    (
        layout.results_file("<kỳ>", "<đơn-vị>"),
        ResultsFile,
        "Kết quả thực hiện chỉ tiêu của một đơn vị trong kỳ. Tên tệp là mã đơn vị.",
    ),
    (
        layout.highlights_file("<kỳ>", "<đơn-vị>"),
        HighlightsFile,
        "Ảnh và video nổi bật của một đơn vị trong kỳ. Tên tệp là mã đơn vị.",
    ),
    (
        layout.video_file("<kỳ>"),
        VideoSettings,
        "Cài đặt video báo cáo của kỳ. Mọi trường đều không bắt buộc.",
    ),
)

# Each enum's labels, keyed by its members: Any, as a mapping's key type cannot follow the enum.
_ENUM_LABELS: dict[type[Enum], Mapping[Any, str]] = {}
for _labels in (
    VISIBILITY_LABELS,
    CATEGORY_LABELS,
    PERIOD_KIND_LABELS,
    UNIT_KIND_LABELS,
    SECTION_TITLES,
):
    _ENUM_LABELS[type(next(iter(_labels)))] = _labels

_SCALARS: dict[object, str] = {
    str: "văn bản",
    int: "số nguyên",
    float: "số",
    Decimal: "số",
    bool: "`true` hoặc `false`",
    dt.date: "ngày, dạng NĂM-THÁNG-NGÀY (ví dụ 2021-03-12)",
}


def field_reference_markdown() -> str:
    """The field reference page (Markdown, Vietnamese), one section per content file."""
    out = [
        "# Tham chiếu các trường",
        "",
        "Trang này được tạo tự động từ mô hình dữ liệu của chương trình, nên luôn khớp với "
        "những gì lệnh `baocao check` chấp nhận. Tên trường viết đúng như trong bảng "
        "(chữ thường, không dấu). Trường *không bắt buộc* có thể bỏ hẳn.",
    ]
    for path, model, intro in FILES:
        out += ["", f"## `{path}`", "", intro]
        out += _model_sections(model, prefix="")
    return "\n".join(out) + "\n"


def _model_sections(model: type[BaseModel], prefix: str) -> list[str]:
    out = ["", "| Trường | Kiểu | Bắt buộc | Mô tả |", "| --- | --- | --- | --- |"]
    nested: list[tuple[str, type[BaseModel], bool]] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        required = "bắt buộc" if info.is_required() else "không"
        description = _escape(info.description or "")
        default = _default(info)
        if default:
            description += f" Mặc định: {default}."
        out.append(f"| `{key}` | {_type_label(info.annotation)} | {required} | {description} |")
        found = _inner_model(info.annotation)
        if found is not None:
            nested.append((f"{prefix}{key}", *found))
    for path, inner, is_list in nested:
        title = f"Mỗi mục của `{path}`" if is_list else f"Nhóm `{path}`"
        out += ["", f"### {title}"]
        out += _model_sections(inner, prefix=f"{path}.")
    return out


def _unwrap(annotation: object) -> object:
    """Without Annotated[...] and without the None of an optional."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        parts = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(parts) == 1:
            return _unwrap(parts[0])
    return annotation


def _inner_model(annotation: object) -> tuple[type[BaseModel], bool] | None:
    """The nested model of a field (and whether it is a list of them), if any."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if typing.get_origin(annotation) in (tuple, list):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        if len(args) == 1:
            inner = _unwrap(args[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner, True
    return None


def _type_label(annotation: object) -> str:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "nhóm trường (xem bên dưới)"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "một trong: " + _choices(annotation)
    if origin is typing.Literal:
        return "một trong: " + ", ".join(f"`{v}`" for v in typing.get_args(annotation))
    if origin in (tuple, list):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        inner = _unwrap(args[0]) if args else str
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "danh sách (xem bên dưới)"
        return f"danh sách, mỗi mục là {_type_label(inner)}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"bảng «mã: giá trị»; mã là {_type_label(key)}, giá trị là {_type_label(value)}"
    return _SCALARS.get(annotation, "văn bản")


def _choices(enum: type[Enum]) -> str:
    labels = _ENUM_LABELS.get(enum, {})
    return ", ".join(
        f"`{member.value}` ({labels[member]})" if member in labels else f"`{member.value}`"
        for member in enum
    )


def _default(info: FieldInfo) -> str:
    if info.is_required() or info.default_factory is not None:
        return ""
    value = info.default
    if value is None or value == () or value == {}:
        return ""
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, Enum):
        return f"`{value.value}`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(str(getattr(v, "value", v)) for v in value) + "]`"
    return f"`{value}`"


def _escape(text: str) -> str:
    """Plain text safe inside a Markdown table cell."""
    return text.replace("\n", " ").replace("|", "\\|").replace("<", "&lt;")
