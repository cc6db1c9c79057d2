"""Fixtures: a small project, and the studio started on it by the real command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from studio.client import Server, StudioClient, make_project, start_studio, stop_studio


@pytest.fixture
def studio_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def studio(studio_project: Path) -> Iterator[Server]:
    server = start_studio(studio_project)
    yield server
    stop_studio(server)


@pytest.fixture
def client(studio: Server) -> StudioClient:
    return StudioClient(studio)
