"""The record of what the archive removed from the originals, for staff and for machines.

Three views of one mapping (payload path → removals): ``Metadata-Removed`` elements in
bag-info.txt (one per file), ``metadata-removed.txt`` (Vietnamese, for staff) and
``metadata-removed.json`` (for programs). All are tag files, so they are under fixity too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from generator.media.strip import REASONS, Removal

TEXT_NAME = "metadata-removed.txt"
JSON_NAME = "metadata-removed.json"
NOTE = (
    "Đã xóa vị trí GPS và siêu dữ liệu văn bản tự do khỏi ảnh, phim, âm thanh gốc để không lộ "
    f"nơi chụp và ghi chú nội bộ; điểm ảnh và âm thanh giữ nguyên. Chi tiết: {TEXT_NAME}, "
    f"{JSON_NAME}."
)

Removals = Mapping[str, Sequence[Removal]]
"""Bag-relative payload path (``data/…``) → what was removed from it (only files with some)."""


def bag_info_fields(removed: Removals) -> dict[str, str | list[str]]:
    if not removed:
        return {}
    return {
        "Metadata-Removed-Note": NOTE,
        "Metadata-Removed": [
            f"{path}: {', '.join(r.label for r in items)}"
            for path, items in sorted(removed.items())
        ],
    }


def staff_text(removed: Removals) -> str:
    """metadata-removed.txt: per file, each kind removed, the tags named, and why."""
    lines = [
        "SIÊU DỮ LIỆU ĐÃ XÓA KHỎI ẢNH, PHIM, ÂM THANH GỐC",
        "=" * 72,
        "",
        "Trước khi đưa vào gói, baocao xóa khỏi bản gốc những thông tin có thể lộ nơi chụp hoặc",
        "ghi chú nội bộ. Ảnh không bị nén lại: điểm ảnh, độ phân giải, màu và chiều xoay giữ",
        "nguyên; phim và âm thanh được chép nguyên luồng hình, luồng tiếng. Chỉ ghi tên thẻ đã",
        "xóa, không ghi nội dung của thẻ.",
        "",
        "Những loại siêu dữ liệu baocao xóa (nếu tệp có):",
        *[f"  - {reason}" for reason in REASONS.values()],
        "",
        f"Số tệp có siêu dữ liệu bị xóa: {len(removed)}",
    ]
    for path, items in sorted(removed.items()):
        lines += ["", path]
        lines += [f"  - {r.label}: {r.detail}" for r in items]
    return "\r\n".join(lines) + "\r\n"


def machine_json(removed: Removals) -> str:
    files = [
        {
            "path": path,
            "removed": [
                {"kind": r.kind, "tags": r.detail.split(", "), "reason": r.reason} for r in items
            ],
        }
        for path, items in sorted(removed.items())
    ]
    document = {"format": "baocao-metadata-removed/1", "files": files}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
