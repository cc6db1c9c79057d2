from __future__ import annotations

from pathlib import Path

import pytest
from projectfactory import write_project


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A small valid project (3 units, 3 indicators, one period, one photo)."""
    return write_project(tmp_path / "project")
