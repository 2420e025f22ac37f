"""A real Celery worker killed with SIGKILL in the middle of loading light curves: after a worker
restarts, the job finishes with exactly the rows of an undisturbed run. Its own module, so no other
worker consumes the queue meanwhile."""

import os
import signal

import pytest

from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create
from tests.ingest.conftest import finished, sandbox_env
from tests.ingest.expected import database_digest, expected_for_group, sandbox_digest
from tests.worker import celery_worker, wait_for

IC1613 = 69810

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_killed_while_loading_light_curves_finishes_after_restart(mast, via_broker, sandbox_db):
    """Its own workers: one is killed with SIGKILL."""
    # Slow light-curve queries and tiny batches, so the kill lands in the middle of the load.
    mast.faults.set("casjobs", "delay", seconds=0.4)
    env = {"REDIS_URL": via_broker, **sandbox_env(mast), "HCVVET_INGEST_BATCH_MATCHIDS": "2"}
    with celery_worker(env=env, concurrency=1) as worker:
        job = job_create(group_ids=[IC1613], fetch_cutouts=False)

        def loading_half_done():
            job.refresh_from_db()
            lc = job.progress.get("light_curves", {})
            return lc.get("total") and 4 <= lc.get("done", 0) < lc["total"] - 4

        wait_for(loading_half_done, timeout=60, interval=0.05)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    job.refresh_from_db()
    assert job.state == JobState.RUNNING
    mast.faults.clear()
    with celery_worker(env=env, concurrency=1):
        job = wait_for(lambda: finished(job), timeout=90)
    assert job.state == JobState.SUCCEEDED, job.error
    expected = expected_for_group(sandbox_db, IC1613)
    assert {k: job.counts[k] for k in expected} == expected
    assert database_digest(IC1613) == sandbox_digest(sandbox_db, IC1613)
