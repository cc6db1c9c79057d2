"""A tiny valid project written into a temporary folder, for tests to mutate."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image

FILES = {
    "content/site.yml": """
        organisation: Viện kiểm sát nhân dân tỉnh Phú Yên
        short_name: VKSND tỉnh Phú Yên
        locale: vi
    """,
    "content/units.yml": """
        - id: vks-tinh
          name: Viện kiểm sát nhân dân tỉnh Phú Yên
          kind: province
        - id: tuy-hoa
          name: VKSND thành phố Tuy Hòa
          short_name: Tuy Hòa
          kind: district
          until: 2025-06-30
          succeeded_by: khu-vuc-1
        - id: song-cau
          name: VKSND thị xã Sông Cầu
          kind: district
          until: 2025-06-30
          succeeded_by: khu-vuc-1
        - id: khu-vuc-1
          name: VKSND khu vực 1 – Đắk Lắk
          kind: regional
          from: 2025-07-01
    """,
    "content/indicators.yml": """
        - id: giai-quyet-tin-bao
          name: Tỷ lệ giải quyết tố giác, tin báo về tội phạm
          measure: rate
          comparator: ">"
          target: 90
        - id: tam-giam-qua-han
          name: Số người bị tạm giữ, tạm giam quá hạn
          measure: count
          comparator: "="
          target: 0
          unit_label: người
        - id: tra-ho-so
          name: Tỷ lệ trả hồ sơ điều tra bổ sung có trách nhiệm của VKS
          measure: rate
          comparator: "<"
          target: 3
    """,
    "content/periods/2021-h1/period.yml": """
        title: Sơ kết công tác 6 tháng đầu năm 2021
        kind: half-year
        start: 2020-12-01
        end: 2021-05-31
        conference: {date: 2021-07-15, place: Hội trường VKSND tỉnh Phú Yên}
    """,
    "content/periods/2021-h1/results/tuy-hoa.yml": """
        unit: tuy-hoa
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 152
            denominator: 160
            note: Còn 8 tin báo đang xác minh.
          - indicator: tam-giam-qua-han
            value: 0
        cases:
          - title: Vụ án tham ô tài sản tại Công ty X
            status: Đang điều tra
            visibility: restricted
    """,
    "content/periods/2021-h1/results/song-cau.yml": """
        unit: song-cau
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 144
            denominator: 160
          - indicator: tam-giam-qua-han
            value: 1
            note: Một trường hợp quá hạn 2 ngày.
    """,
    "content/periods/2021-h1/highlights/tuy-hoa.yml": """
        unit: tuy-hoa
        media:
          - file: 2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg
            caption: Kiểm sát việc tạm giữ, tạm giam
            category: nghiep-vu
            date: 2021-03-12
            narration: Tháng Ba, Viện kiểm sát thành phố Tuy Hòa kiểm sát nhà tạm giữ.
            visibility: public
    """,
    "content/periods/2021-h1/report.md": """
        # Báo cáo sơ kết

        Sáu tháng đầu năm 2021, toàn ngành đã hoàn thành tốt nhiệm vụ.
    """,
}


def write_project(root: Path, overrides: dict[str, str | None] | None = None) -> Path:
    """Write the tiny project under ``root``; ``overrides`` replace (or, with None, drop) files."""
    files = dict(FILES)
    files.update(overrides or {})
    for rel, text in files.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    photo = root / "media/2021-h1/tuy-hoa/kiem-sat-giam-giu.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    if not photo.exists():
        Image.new("RGB", (1600, 900), (120, 140, 160)).save(photo, quality=70)
    return root
