"""With a real Celery worker on Redis (and PostgreSQL in CI): faults, a worker killed mid-load,
overlapping jobs, the demo data set. Expected rows come straight from the sandbox universe. One worker
serves the whole module (the kill test starts its own)."""

import pytest

from hcvvet.catalog.models import Candidate, Cutout, FilterStat, Image, Measurement
from hcvvet.demo.ingest import ingest_demo_groups
from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create, job_rerun
from tests.conftest import require_env
from tests.ingest.conftest import finished, sandbox_env
from tests.ingest.expected import database_digest, expected_for_group, sandbox_digest, sandbox_groups
from tests.worker import celery_worker, wait_for

M31 = 1045904
M87 = 1072340
IC1613 = 69810

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def shared_worker(django_db_setup, sandbox_server):  # sandbox_server: session fixture of tests/sandbox
    """One worker for the module: small light-curve batches, two cutout candidates per job, cutouts
    fetched one at a time (so seeded random faults fall on the same requests every run)."""
    env = {
        "REDIS_URL": require_env("REDIS_URL"),
        **sandbox_env(sandbox_server),
        "HCVVET_INGEST_BATCH_MATCHIDS": "3",
        "HCVVET_INGEST_PREFETCH_CANDIDATES": "2",
        "HCVVET_CUTOUT_CONCURRENCY": "1",
    }
    with celery_worker(env=env, concurrency=2) as worker:
        yield worker


def table_sizes() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Candidate, FilterStat, Measurement, Image, Cutout)}


FAULT_PLANS = {
    "next_n": [
        ("casjobs", "http_503", {"next_n": 3}),
        ("casjobs", "hang", {"next_n": 1, "seconds": 6}),
        ("fast", "truncate", {"next_n": 1}),
        ("invoke", "http_503", {"next_n": 2}),
        ("fitscut", "http_503", {"next_n": 3}),
    ],
    "seeded_rate": [
        ("casjobs", "http_503", {"rate": 0.2, "seed": 11}),
        ("fast", "truncate", {"rate": 0.5, "seed": 12}),
        ("invoke", "http_503", {"rate": 0.3, "seed": 13}),
        ("fitscut", "http_500", {"rate": 0.2, "seed": 14}),
    ],
}


@pytest.mark.parametrize("plan", sorted(FAULT_PLANS))
def test_transient_faults_leave_exactly_the_counts_of_an_undisturbed_run(
    plan, mast, via_broker, shared_worker, sandbox_db
):
    for service, kind, options in FAULT_PLANS[plan]:
        mast.faults.set(service, kind, **options)
    fitscut_calls = mast.calls("fitscut")
    job = job_create(target_name="M31")
    job = wait_for(lambda: finished(job), timeout=120)
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.progress["retry"]["attempt"] >= 1
    expected = expected_for_group(sandbox_db, M31)
    assert {k: job.counts[k] for k in expected} == expected
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)
    assert job.counts["cutouts"] > 0
    assert job.counts["cutouts_missing"] == 0
    assert mast.calls("fitscut") - fitscut_calls > job.counts["cutouts"]  # failed requests were repeated
    # An undisturbed run of the same request finds nothing to add and counts the same.
    mast.faults.clear()
    before = table_sizes()
    again = job_rerun(job)
    again = wait_for(lambda: finished(again), timeout=60)
    assert again.state == JobState.SUCCEEDED, again.error
    assert again.counts == job.counts
    assert table_sizes() == before


def test_permanent_fault_fails_the_job_at_once(mast, via_broker, shared_worker):
    mast.faults.set("login", "reject_login")
    job = job_create(group_ids=[M31], fetch_cutouts=False)
    job = wait_for(lambda: finished(job), timeout=60)
    assert job.state == JobState.FAILED
    assert "rejected the login" in job.error
    assert "retry" not in job.progress


def test_overlapping_jobs_create_no_duplicates(mast, via_broker, shared_worker, sandbox_db):
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


def test_demo_ingest_brings_every_sandbox_group(mast, via_broker, shared_worker, sandbox_db):
    jobs = ingest_demo_groups()
    done = [wait_for(lambda j=j: finished(j), timeout=120) for j in jobs]
    assert [j.state for j in done] == [JobState.SUCCEEDED] * len(jobs), [j.error for j in done]
    groups = set(Candidate.objects.values_list("group_id", flat=True).order_by().distinct())
    assert groups == sandbox_groups(sandbox_db)
    for group_id in groups:
        expected = expected_for_group(sandbox_db, group_id)
        assert Candidate.objects.filter(group_id=group_id).count() == expected["candidates"], group_id
        assert Measurement.objects.filter(candidate__group_id=group_id).count() == expected["measurements"]
    assert Cutout.objects.filter(status="ok").exists()
