"""YAML written for people: safe scalars and appending to a file staff have edited.

Staff files carry comments and their own layout, which a YAML round trip would throw away, so
new list items are spliced into the text at the place PyYAML's node marks point to.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import yaml


class NotAppendable(Exception):
    """The file's layout does not allow appending items as text (a Vietnamese reason)."""


def yaml_scalar(value: object) -> str:
    """``value`` as a YAML scalar that reads back as itself (quoted only when needed)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return yaml_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text and "\n" not in text and "#" not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def yaml_number(value: Decimal) -> str:
    """A Decimal as YAML reads it back: ``0``, ``95.62`` (never ``1E+2``)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def append_list_items(text: str, key: str, items: list[str]) -> str:
    """``text`` with ``items`` (each a YAML list item without indentation, "- a: 1\\n  b: 2")
    appended to the top-level block list ``key``, creating it at the end if absent.

    Everything already in the text (comments, blank lines, quoting) is kept byte for byte.
    Raises NotAppendable when the layout is unusual (a flow mapping, a non-empty ``[a, b]``).
    """
    if not items:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix(bom).replace("\r\n", "\n")
    try:
        root = yaml.compose(body) if body.strip() else None
    except yaml.YAMLError as exc:
        raise NotAppendable(
            "tệp có lỗi cú pháp YAML; hãy chạy «baocao check» và sửa trước"
        ) from exc
    if root is not None and not (isinstance(root, yaml.MappingNode) and not root.flow_style):
        raise NotAppendable("tệp không phải nhóm trường viết theo dòng (tên: giá trị)")
    value = None
    if root is not None:
        value = next((v for k, v in root.value if k.value == key), None)
    if value is None:
        at = len(body)
        block = _indented(items, "  ")
        body = _with_newline(body[:at]) + f"{key}:\n" + block + body[at:]
    elif isinstance(value, yaml.SequenceNode) and not value.flow_style:
        at = value.end_mark.index
        indent = " " * value.start_mark.column
        body = _with_newline(body[:at]) + _indented(items, indent) + body[at:]
    elif _is_empty(value):
        # ``key:`` (null) or ``key: []``: drop the empty value, then add the block below it.
        body = body[: value.start_mark.index] + body[value.end_mark.index :]
        line_end = body.find("\n", value.start_mark.index)
        at = len(body) if line_end < 0 else line_end + 1
        body = _with_newline(body[:at]) + _indented(items, "  ") + body[at:]
    else:
        raise NotAppendable(
            f"trường «{key}» không viết dạng danh sách theo dòng (mỗi mục bắt đầu bằng «-»)"
        )
    return bom + body.replace("\n", newline)


def _is_empty(node: yaml.Node) -> bool:
    if isinstance(node, yaml.SequenceNode):
        return not node.value
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _indented(items: list[str], indent: str) -> str:
    lines = []
    for item in items:
        for line in item.rstrip("\n").split("\n"):
            lines.append(indent + line if line else "")
    return "\n".join(lines) + "\n"


def _with_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"
