"""Sandbox fixtures: a tiny universe built once per session and a running SandboxServer on loopback."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from hcvvet.sandbox.harness import SandboxServer


@pytest.fixture(scope="session")
def sandbox_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SIM's `tiny` universe (or the stand-in mini universe while build.py is absent)."""
    out = tmp_path_factory.mktemp("universe") / "tiny.sqlite"
    if importlib.util.find_spec("hcvvet.sandbox.build") is not None:
        from hcvvet.sandbox.build import build_universe

        build_universe(out, scale="tiny", seed=1)
    else:
        from tests.sandbox import mini_universe

        mini_universe.build(out)
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
