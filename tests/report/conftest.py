from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from projectfactory import FILES, write_project

REPORT_SETTINGS = """
    report:
      parent_body: VKSND tối cao
      place: Phú Yên
      symbol: BC-VKS
      signer: {title: Phó Viện trưởng, on_behalf_of: Viện trưởng, name: Nguyễn Văn An}
      recipients: [VKSND tối cao (để báo cáo), Thường trực Tỉnh ủy (để báo cáo)]
"""


@pytest.fixture
def report_project(tmp_path: Path) -> Path:
    """The tiny project, with what the written report needs in site.yml."""
    site = textwrap.dedent(FILES["content/site.yml"]) + textwrap.dedent(REPORT_SETTINGS)
    return write_project(tmp_path / "project", {"content/site.yml": site})


LAST_YEAR = {
    "content/periods/2020-h1/period.yml": """
        title: Sơ kết công tác 6 tháng đầu năm 2020
        kind: half-year
        start: 2019-12-01
        end: 2020-05-31
    """,
    "content/periods/2020-h1/results/tuy-hoa.yml": """
        unit: tuy-hoa
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 140
            denominator: 160
          - indicator: tam-giam-qua-han
            value: 0
    """,
    "content/periods/2020-h1/results/song-cau.yml": """
        unit: song-cau
        results:
          - indicator: giai-quyet-tin-bao
            numerator: 150
            denominator: 160
          - indicator: tam-giam-qua-han
            value: 2
    """,
}


@pytest.fixture
def compared_project(report_project: Path) -> Path:
    """The report project with the same half-year of 2020, for «so với cùng kỳ»."""
    return write_project(report_project, LAST_YEAR)
