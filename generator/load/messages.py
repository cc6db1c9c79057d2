"""Pydantic validation errors turned into Vietnamese messages placed at the YAML position."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import Problem
from generator.load.yamlsource import Loc, SourceFile
from generator.model.base import FieldError
from generator.model.site import SYMBOL_PATTERN
from generator.model.units import ID_PATTERN

_TYPE_NAMES = {
    "int": "số nguyên",
    "float": "số",
    "decimal": "số",
    "string": "chuỗi ký tự",
    "bool": "đúng/sai (true/false)",
    "date": "ngày dạng YYYY-MM-DD (ví dụ 2021-03-12)",
    "list": "danh sách (các dòng bắt đầu bằng «-»)",
    "tuple": "danh sách (các dòng bắt đầu bằng «-»)",
    "dict": "nhóm trường (tên: giá trị)",
    "model": "nhóm trường (tên: giá trị)",
}


def validation_problems(
    error: ValidationError, source: SourceFile, model: type[BaseModel], prefix: Loc = ()
) -> list[Problem]:
    """One Problem per pydantic error, at the line of the offending key or value."""
    problems = []
    for item in error.errors(include_url=False):
        loc = (*prefix, *item["loc"])
        blamed = (item.get("ctx") or {}).get("error")
        if isinstance(blamed, FieldError):
            loc = (*loc, blamed.field)
            item = {**item, "loc": (*item["loc"], blamed.field)}
        kind = item["type"]
        if kind == "extra_forbidden":
            message = _unknown_field(loc, model)
            problems.append(source.problem(loc, message, key=True))
        elif kind == "missing":
            problems.append(source.problem(loc[:-1], f"thiếu trường bắt buộc «{loc[-1]}»"))
        else:
            problems.append(source.problem(loc, _message(item)))
    return problems


_PATTERN_RULES = {
    ID_PATTERN: "chỉ dùng chữ thường không dấu, số và gạch nối (ví dụ tuy-hoa)",
    SYMBOL_PATTERN: "chỉ dùng chữ in hoa, số và gạch nối (ví dụ BC-VKS)",
}


def _message(item: ErrorDetails) -> str:
    kind: str = item["type"]
    ctx = item.get("ctx") or {}
    field = _field_name(item["loc"])
    got = item.get("input")
    shown = f"«{got}»" if isinstance(got, str | int | float) and not isinstance(got, bool) else ""
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{field}: giá trị {shown} không hợp lệ; chọn một trong: {expected}"
    if kind == "string_pattern_mismatch":
        rule = _PATTERN_RULES.get(str(ctx.get("pattern")), "không đúng mẫu quy định")
        return f"{field}: mã {shown} không hợp lệ; {rule}"
    if kind in ("greater_than_equal", "greater_than") and ctx.get("ge", ctx.get("gt")) in (0, "0"):
        return f"{field}: không được là số âm ({got})"
    if kind in ("less_than_equal", "less_than"):
        return f"{field}: giá trị {shown} vượt quá giới hạn {ctx.get('le', ctx.get('lt'))}"
    if kind == "greater_than_equal":
        return f"{field}: giá trị {shown} phải từ {ctx.get('ge')} trở lên"
    if kind == "greater_than":
        return f"{field}: giá trị {shown} phải lớn hơn {ctx.get('gt')}"
    if kind == "finite_number":
        return f"{field}: phải là một con số hữu hạn, không phải {shown or 'vô cực'}"
    if kind == "string_too_short":
        return f"{field}: không được để trống"
    if kind == "value_error":
        return (
            f"{field}: {_strip_value_error(item['msg'])}"
            if field
            else _strip_value_error(item["msg"])
        )
    if kind in ("int_from_float", "int_parsing", "int_type"):
        return f"{field}: {shown} không phải số nguyên"
    if kind in ("timezone_aware", "timezone_naive"):
        value = f"{shown} " if shown else ""
        return f"{field}: {value}thiếu múi giờ; viết dạng 2026-12-07T09:14:00+07:00"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{field}: {shown} không phải ngày hợp lệ; viết dạng YYYY-MM-DD (ví dụ 2021-03-12)"
    if kind in ("decimal_parsing", "float_parsing", "decimal_type", "float_type"):
        return f"{field}: {shown} không phải số; dùng dấu chấm hoặc dấu phẩy thập phân (95.62 hoặc 95,62)"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        expected = _TYPE_NAMES.get(kind.split("_")[0], kind.split("_")[0])
        return f"{field}: phải là {expected}" + (f", không phải {shown}" if shown else "")
    return f"{field}: giá trị không hợp lệ ({item['msg']})"


def _strip_value_error(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return f"trường «{names[-1]}»" if names else ""


def _unknown_field(loc: Loc, model: type[BaseModel]) -> str:
    name = str(loc[-1])
    allowed = _allowed_fields(model, loc[:-1])
    message = f"trường «{name}» không có trong mẫu (gõ nhầm?)"
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; có phải «{close[0]}»?"
    if allowed:
        return f"{message}; các trường hợp lệ: {', '.join(allowed)}"
    return message


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names (YAML spelling) of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part) or next(
            (f for f in getattr(current, "model_fields", {}).values() if f.alias == part), None
        )
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [info.alias or name for name, info in fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
