"""A worker that restarts while a job waits out a retry's backoff starts no second task chain for it: its
stale-job sweep leaves the job to the retry already queued. Its own module, so no other worker consumes
the queue meanwhile."""

import os
import re
import tempfile
from pathlib import Path

import pytest

from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create
from tests.ingest.conftest import finished, sandbox_env
from tests.worker import celery_worker, wait_for

M31 = 1045904
SWEEP_RESULT = re.compile(r"Task hcvvet\.ingest\.resume_stale\[[^\]]+\] succeeded in [^:]+: (\[.*\])")

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def first_sweep_result() -> str | None:
    """What the restarted worker's first stale-job sweep returned (the job ids it resumed), from its log."""
    log = Path(tempfile.gettempdir()) / f"hcvvet-worker-{os.getpid()}.log"
    found = SWEEP_RESULT.search(log.read_text(errors="replace")) if log.exists() else None
    return found.group(1) if found else None


def test_a_worker_restart_during_backoff_starts_no_second_chain(mast, via_broker):
    # A long backoff and a short lease: the restarted worker sweeps for stale jobs long before the retry
    # (40 s leaves room for a worker that boots slowly on a loaded machine).
    env = {
        "REDIS_URL": via_broker,
        **sandbox_env(mast),
        "HCVVET_INGEST_RETRY_BASE_SECONDS": "40",
        "HCVVET_INGEST_LEASE_SECONDS": "2",
    }
    mast.faults.set("casjobs", "http_503", next_n=1)
    with celery_worker(env=env, concurrency=1):
        job = job_create(group_ids=[M31], fetch_cutouts=False)

        def waiting_for_retry():
            job.refresh_from_db()
            return "retry" in job.progress

        wait_for(waiting_for_retry, timeout=60, interval=0.1)
    with celery_worker(env=env, concurrency=1):
        assert wait_for(first_sweep_result, timeout=60) == "[]"
        job = wait_for(lambda: finished(job), timeout=120)
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.progress["retry"]["attempt"] == 1
