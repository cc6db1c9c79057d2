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
