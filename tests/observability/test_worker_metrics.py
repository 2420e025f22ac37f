"""A real worker (prefork, two processes) counts its task runs for Prometheus on its own port, and its JSON
log lines name the job and the API request that queued it."""

import json
import os
import tempfile
from pathlib import Path

import pytest
import requests

from hcvvet.ingest.models import IngestJob, JobState
from tests.conftest import require_env, token_client
from tests.ingest.conftest import finished, sandbox_env
from tests.observability.conftest import sample
from tests.scale_db.conftest import free_port
from tests.worker import celery_worker, wait_for

M31 = 1045904
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def worker_log() -> list[dict]:
    """The JSON lines of the worker that tests.worker started for this process."""
    path = Path(tempfile.gettempdir()) / f"hcvvet-worker-{os.getpid()}.log"
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def test_a_worker_exports_task_metrics_and_logs_the_job_and_request(mast, via_broker, curator, tmp_path):
    port = free_port()
    (tmp_path / "prometheus").mkdir()
    env = {
        "REDIS_URL": require_env("REDIS_URL"),
        **sandbox_env(mast),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "HCVVET_WORKER_METRICS_PORT": str(port),
        "HCVVET_LOG_FORMAT": "json",
    }
    run = {"task": "hcvvet.ingest.run", "state": "SUCCESS"}

    def runs_counted() -> str | None:
        try:
            page = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        except requests.ConnectionError:
            return None  # the worker is still starting
        return page if sample(page, "hcvvet_celery_tasks_total", **run) else None

    with celery_worker(env=env, concurrency=2):
        created = token_client(curator).post(
            "/api/ingest-jobs/",
            {"group_ids": [M31], "fetch_cutouts": False},
            format="json",
            HTTP_X_REQUEST_ID="ops-ingest-1",
        )
        assert created.status_code == 201, created.content
        job = wait_for(lambda: finished(IngestJob.objects.get(pk=created.json()["id"])), timeout=120)
        assert job.state == JobState.SUCCEEDED, job.error
        page = wait_for(runs_counted, timeout=30)
    runs = sample(page, "hcvvet_celery_tasks_total", **run)
    assert runs >= 1
    assert sample(page, "hcvvet_celery_task_duration_seconds_count", **run) == runs
    assert sample(page, "hcvvet_celery_task_duration_seconds_sum", **run) > 0
    job_lines = [line for line in worker_log() if line.get("job_id") == job.pk]
    assert job_lines, "no worker log line names the job"
    assert {(line["task"], line.get("request_id")) for line in job_lines} == {
        ("hcvvet.ingest.run", "ops-ingest-1")
    }
