"""Fixtures: a small project; the studio's application on it in this process (``client``, for
what the pages and the writes do), and the studio started on it by the real command
(``studio``, ``server_client``: for the command itself, the browser, raw sockets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from studio.client import (
    Server,
    StudioClient,
    in_process,
    make_project,
    start_studio,
    stop_studio,
)


@pytest.fixture
def studio_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def studio(studio_project: Path) -> Iterator[Server]:
    server = start_studio(studio_project)
    yield server
    stop_studio(server)


@pytest.fixture
def server_client(studio: Server) -> StudioClient:
    """A browser of the real server."""
    return StudioClient(studio)


@pytest.fixture
def client(studio_project: Path) -> Iterator[StudioClient]:
    """A browser of the studio's application, in this process."""
    with in_process(studio_project) as app:
        yield StudioClient(app)
