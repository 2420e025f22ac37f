"""With a real Celery worker on Redis (and PostgreSQL in CI): faults, a worker killed mid-load,
overlapping jobs. Expected rows come straight from the sandbox universe."""

import os
import signal

import pytest

from hcvvet.catalog.models import Candidate, FilterStat, Measurement
from hcvvet.celery import app
from hcvvet.ingest.models import IngestJob, JobState
from hcvvet.ingest.services.jobs import job_create
from tests.conftest import require_env
from tests.ingest.conftest import sandbox_env
from tests.ingest.expected import database_digest, expected_for_group, sandbox_digest
from tests.worker import celery_worker, wait_for

M31 = 1045904
M87 = 1072340
IC1613 = 69810

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


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


def test_transient_faults_leave_exactly_the_rows_of_an_undisturbed_run(mast, via_broker, sandbox_db):
    mast.faults.set("casjobs", "http_500", next_n=3)
    mast.faults.set("casjobs", "hang", next_n=1, seconds=6)
    mast.faults.set("fast", "truncate", next_n=1)
    mast.faults.set("invoke", "http_503", next_n=2)
    env = {"REDIS_URL": via_broker, **sandbox_env(mast), "HCVVET_INGEST_BATCH_MATCHIDS": "5"}
    with celery_worker(env=env, concurrency=1):
        job = job_create(target_name="M31", radius_arcsec=1800, fetch_cutouts=False)
        job = wait_for(lambda: finished(job), timeout=120)
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.progress["retry"]["attempt"] >= 1
    expected = expected_for_group(sandbox_db, M31)
    assert {k: job.counts[k] for k in expected} == expected
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)


def test_permanent_fault_fails_the_job_at_once(mast, via_broker):
    mast.faults.set("login", "reject_login")
    with celery_worker(env={"REDIS_URL": via_broker, **sandbox_env(mast)}, concurrency=1):
        job = job_create(group_ids=[M31], fetch_cutouts=False)
        job = wait_for(lambda: finished(job), timeout=60)
    assert job.state == JobState.FAILED
    assert "rejected the login" in job.error
    assert "retry" not in job.progress


def test_worker_killed_while_loading_light_curves_finishes_after_restart(mast, via_broker, sandbox_db):
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


def test_overlapping_jobs_create_no_duplicates(mast, via_broker, sandbox_db):
    env = {"REDIS_URL": via_broker, **sandbox_env(mast), "HCVVET_INGEST_BATCH_MATCHIDS": "3"}
    with celery_worker(env=env, concurrency=2):
        jobs = [
            job_create(target_name="IC 1613", radius_arcsec=1800, fetch_cutouts=False),
            job_create(group_ids=[IC1613], fetch_cutouts=False),
        ]
        done = [wait_for(lambda j=j: finished(j), timeout=120) for j in jobs]
    assert [j.state for j in done] == [JobState.SUCCEEDED, JobState.SUCCEEDED], [j.error for j in done]
    expected = expected_for_group(sandbox_db, IC1613)
    assert Candidate.objects.filter(group_id=IC1613).count() == expected["candidates"]
    assert FilterStat.objects.filter(candidate__group_id=IC1613).count() == expected["filter_rows"]
    assert Measurement.objects.filter(candidate__group_id=IC1613).count() == expected["measurements"]
