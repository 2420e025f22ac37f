"""Ingest tests run against the sandbox's tiny universe over real HTTP on loopback."""

import pytest

from hcvvet.celery import app
from hcvvet.ingest.models import IngestJob, JobState
from tests.conftest import require_env


def sandbox_env(sandbox) -> dict[str, str]:
    """Environment for a real worker process talking to the sandbox."""
    return {
        "HCVVET_MAST_SANDBOX": sandbox.base_url,
        "CASJOBS_USERID": sandbox.user,
        "CASJOBS_PW": sandbox.password,
        "HCVVET_MAST_TIMEOUT_SECONDS": "3",
        "HCVVET_INGEST_RETRY_BASE_SECONDS": "0.2",
        "HCVVET_INGEST_LEASE_SECONDS": "4",
    }


@pytest.fixture(autouse=True)
def eager_tasks_end_as_on_a_worker():
    """Tasks run in-process here end as they would on a worker: a task's error is recorded on its job rather
    than raised into the test, and Celery applies a task's `self.retry()` again at once (a worker would wait
    for the countdown). So the tasks' own retry path runs, with no branch for tests in them."""
    key = "CELERY_TASK_EAGER_PROPAGATES"
    saved = app.conf.get(key)
    app.conf.update({key: False})
    yield
    app.conf.update({key: saved})


@pytest.fixture
def via_broker():
    redis_url = require_env("REDIS_URL")
    # The Celery app reads Django's CELERY_* settings under that prefix: override them the same way.
    keys = ("CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL")
    saved = {key: app.conf.get(key) for key in keys}
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=redis_url)
    yield redis_url
    app.conf.update(saved)


def finished(job: IngestJob) -> IngestJob | None:
    job.refresh_from_db()
    return job if job.state not in (JobState.QUEUED, JobState.RUNNING) else None
