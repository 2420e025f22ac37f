"""A real Celery worker process round-trips a task: through Redis when REDIS_URL is set."""

import pytest

from tests.conftest import require_env
from tests.worker import celery_worker


@pytest.mark.worker
def test_real_worker_round_trips_a_task_through_redis(settings):
    redis_url = require_env("REDIS_URL")
    from celery import Celery

    client = Celery("hcvvet-test", broker=redis_url, backend=redis_url, set_as_current=False)
    with celery_worker(env={"REDIS_URL": redis_url}, concurrency=1):
        result = client.send_task("hcvvet.ping")
        assert result.get(timeout=60) == "pong"


@pytest.mark.worker
def test_real_worker_runs_on_the_serverless_filesystem_broker(tmp_path):
    """The embedded default: no Redis; kombu's filesystem transport and a file result backend."""
    from celery import Celery

    broker_dir = tmp_path / "broker"
    (broker_dir / "in").mkdir(parents=True)
    (broker_dir / "processed").mkdir()
    results = tmp_path / "results"
    results.mkdir()
    client = Celery("hcvvet-test", broker="filesystem://", backend=f"file://{results}", set_as_current=False)
    client.conf.broker_transport_options = {
        "data_folder_in": str(broker_dir / "in"),
        "data_folder_out": str(broker_dir / "in"),
        "processed_folder": str(broker_dir / "processed"),
    }
    env = {
        "REDIS_URL": "",
        "CELERY_BROKER_DIR": str(broker_dir),
        "CELERY_RESULT_BACKEND": f"file://{results}",
    }
    with celery_worker(env=env, concurrency=1, pool="solo"):
        assert client.send_task("hcvvet.ping").get(timeout=60) == "pong"
