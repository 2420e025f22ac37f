"""Cutouts have a queue and workers of their own: a cutout worker kept busy by a slow fitscut does not hold up
another job's light curves on the ingest worker."""

import os
import signal

import pytest

from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.ingest.services.state import stage_completed
from tests.conftest import require_env
from tests.ingest.conftest import finished, sandbox_env, via_broker  # noqa: F401 (via_broker: a fixture)
from tests.worker import celery_worker, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("via_broker"),  # jobs are queued on Redis, for the workers below
]

M31 = 1045904
IC1613 = 69810


def test_a_busy_cutout_worker_does_not_delay_another_jobs_light_curves(sandbox):
    env = {
        "REDIS_URL": require_env("REDIS_URL"),
        **sandbox_env(sandbox),
        # Long enough that a fitscut request held by the sandbox keeps the cutout worker busy to the end.
        "HCVVET_MAST_TIMEOUT_SECONDS": "300",
    }
    with (
        celery_worker(env=env, concurrency=1, queues=("celery", "ingest")),
        celery_worker(env=env, concurrency=1, queues=("cutouts",), flush_broker=False) as cutout_worker,
    ):
        sandbox.faults.set("fitscut", "hang", seconds=600)
        calls = sandbox.calls("fitscut")
        first = job_create(group_ids=[M31])
        wait_for(lambda: sandbox.calls("fitscut") > calls, timeout=120)
        second = job_create(group_ids=[IC1613], fetch_cutouts=False)
        second = wait_for(lambda: finished(second), timeout=120)
        assert second.state == JobState.SUCCEEDED, second.error
        assert second.counts["measurements"] > 0
        # All the while, the first job's cutouts were being fetched: its run still holds the cutout worker.
        first.refresh_from_db()
        assert (first.state, first.stage) == (JobState.RUNNING, "cutouts")
        assert stage_completed(first, "light_curves")
        # A late-acknowledged task is not lost with its worker: no need to wait for the held requests.
        os.killpg(cutout_worker.pid, signal.SIGKILL)
        cutout_worker.wait()
