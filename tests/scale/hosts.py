"""Processes of a deployment over several hosts, on loopback: an S3-compatible server (moto's server mode,
the offline stand-in for MinIO) and gunicorn web processes. Each "host" gets its own local folders, so the
processes share nothing but PostgreSQL, Redis and the bucket."""

import os
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3

from hcvvet.demo.processes import free_port, stop_process_groups
from tests.worker import ROOT, current_database_url, wait_for

BUCKET = "hcvvet-scale-test"
# moto accepts any keys; boto3 and django-storages read these from the environment.
S3_KEYS = {"AWS_ACCESS_KEY_ID": "scale-test", "AWS_SECRET_ACCESS_KEY": "scale-test-secret"}
REGION = "us-east-1"
GUNICORN = (sys.executable, "-m", "gunicorn", "hcvvet.wsgi:application", "--workers", "1", "--timeout", "60")


@dataclass(frozen=True)
class ObjectStore:
    url: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
        )

    def keys(self) -> set[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL the test built)
            return True
    except OSError:
        return False


@contextmanager
def object_store(log_dir: Path):
    """moto's S3 server in its own process on a free loopback port, with the bucket created."""
    port = free_port(19019)
    url = f"http://127.0.0.1:{port}"
    with open(log_dir / "moto.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for(lambda: _answers(url + "/moto-api/"), timeout=30)
            store = ObjectStore(url)
            store.client().create_bucket(Bucket=BUCKET)
            yield store
        finally:
            stop_process_groups([process], grace=10)


def host_env(root: Path, store: ObjectStore, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of one host's processes: its own folders under `root`, the shared services."""
    (root / "media").mkdir(parents=True, exist_ok=True)
    return {
        "DJANGO_SETTINGS_MODULE": "tests.scale.host_settings",
        "HCVVET_VAR_DIR": str(root / "var"),
        "MEDIA_ROOT": str(root / "media"),
        "TMPDIR": str(root),
        "REDIS_URL": redis_url,
        "HCVVET_S3_BUCKET": BUCKET,
        "AWS_S3_ENDPOINT_URL": store.url,
        "AWS_S3_REGION_NAME": REGION,
        **S3_KEYS,
        **extra,
    }


@contextmanager
def web_processes(envs: dict[str, dict[str, str]], log_dir: Path):
    """A `gunicorn` serving hcvvet with the test database per host (started together, as booting Django is
    the slow part), each on a free loopback port; yields their base URLs by host name."""
    processes, bases = {}, {}
    try:
        for name, env in envs.items():
            port = free_port(19119 + len(bases))
            bases[name] = f"http://127.0.0.1:{port}"
            with open(log_dir / f"web-{name}.log", "w") as log:
                processes[name] = subprocess.Popen(
                    [*GUNICORN, "--bind", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env={**os.environ, "DATABASE_URL": current_database_url(), **env},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        for name, process in processes.items():
            wait_for(
                lambda p=process, n=name: p.poll() is not None or _answers(bases[n] + "/healthz"), timeout=90
            )
            assert process.poll() is None, (log_dir / f"web-{name}.log").read_text()[-3000:]
        yield bases
    finally:
        stop_process_groups(list(processes.values()), grace=10)


def local_jpegs(root: Path) -> list[Path]:
    """The JPEG files a host wrote anywhere under its own folders (media, var, temporary files)."""
    return [p for p in root.rglob("*") if p.is_file() and p.suffix in (".jpg", ".jpeg")]


def log_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="hcvvet-scale-logs-"))
