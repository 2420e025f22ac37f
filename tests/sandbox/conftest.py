"""Sandbox fixtures: a tiny universe built once per session and a running SandboxServer on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hcvvet.sandbox.server.harness import SandboxServer
from hcvvet.sandbox.universe.build import build_universe


@pytest.fixture(scope="session")
def sandbox_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulator's `tiny` universe, built once per session."""
    out = tmp_path_factory.mktemp("universe") / "tiny.sqlite"
    build_universe(out, scale="tiny", seed=1)
    return out


@pytest.fixture(scope="session")
def sandbox_server(sandbox_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    with SandboxServer(
        sandbox_db, user="demo", password="demo", workdir=tmp_path_factory.mktemp("mydb")
    ) as sb:
        yield sb


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> Iterator[SandboxServer]:
    """The session's running sandbox, with no faults active before or after the test."""
    sandbox_server.faults.clear()
    yield sandbox_server
    sandbox_server.faults.clear()
