"""The production stack file is valid and wires every service with health checks and volumes."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compose_config() -> str:
    if not shutil.which("docker-compose"):
        if os.environ.get("CI"):
            pytest.fail("docker-compose (Debian package) must be installed in CI")
        pytest.skip("docker-compose is not installed")
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        env={**os.environ, "SECRET_KEY": "compose-config-check"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_compose_file_validates_with_every_service_healthchecked():
    import yaml

    config = yaml.safe_load(compose_config())
    services = config["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert services["worker"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert {"pgdata", "redisdata", "media"} <= set(config["volumes"])


def test_compose_refuses_to_start_without_a_secret_key(tmp_path):
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
