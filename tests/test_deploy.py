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
        env={
            **os.environ,
            "SECRET_KEY": "compose-config-check",
            "MINIO_ROOT_PASSWORD": "compose-config-check",
        },
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
    assert {"pgdata", "redisdata", "miniodata"} <= set(config["volumes"])


def test_compose_runs_a_worker_per_queue_on_shared_storage_and_flower():
    """Every queue of the routes has a worker taking it; web and workers keep their files in MinIO's bucket,
    with no volume of their own; Flower watches the broker."""
    import yaml

    from hcvvet.settings.base import HCVVET_CELERY_QUEUES

    services = yaml.safe_load(compose_config())["services"]
    taken = []
    for name, service in services.items():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "hcvvet", "worker"]:
            taken += command[command.index("-Q") + 1].split(",")
            assert "healthcheck" in service, name
    assert sorted(taken) == sorted(HCVVET_CELERY_QUEUES)
    for name in ("web", "worker", "worker-cutouts", "beat"):
        environment = services[name]["environment"]
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert environment["HCVVET_S3_BUCKET"], name
        assert not services[name].get("volumes"), name
    assert "healthcheck" in services["minio"]
    assert services["flower"]["command"][3] == "flower"


def test_compose_refuses_to_start_without_a_secret_key(tmp_path):
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed")
    env = {**{k: v for k, v in os.environ.items() if k != "SECRET_KEY"}, "MINIO_ROOT_PASSWORD": "set"}
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
