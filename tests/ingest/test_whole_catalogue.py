"""A whole-catalogue ingest runs as parts (summary by groups, light curves by batches of MatchIDs) that every
worker process takes some of: through real worker processes on Redis, against the sandbox's universe over
HTTP. Two workers end with exactly the rows of one; a part that fails fails the job with its reason and a
re-run does only what is missing; a part lost with its worker (SIGKILL) runs again and the rows stay exact;
a job cancelled while its parts run runs none of the remaining ones and ends cancelled."""

import hashlib
import os
import signal
import sqlite3
from contextlib import ExitStack, closing

import pytest
import redis
from django.db.models import Q

from hcvvet.catalog.models import Candidate, FieldThreshold, FilterStat, Group, Image, Measurement
from hcvvet.celery import app
from hcvvet.ingest.models import IngestJob, IngestJobPart, JobState, PartKind
from hcvvet.ingest.services.lifecycle import job_create, job_rerun
from tests.ingest.conftest import finished, sandbox_env
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Every group of the tiny universe is a summary part of its own; light curves go 5 MatchIDs a part.
PARTS_ENV = {
    "HCVVET_INGEST_PART_SUMMARY_OBJECTS": "500",
    "HCVVET_INGEST_PART_MATCHIDS": "5",
    "HCVVET_INGEST_BATCH_MATCHIDS": "5",
}


def worker_env(mast, redis_url: str) -> dict[str, str]:
    return {"REDIS_URL": redis_url, **sandbox_env(mast), **PARTS_ENV}


def universe_sizes(db_path) -> dict[str, int]:
    """What the whole universe holds: objects, filter rows, light-curve rows of candidates."""
    with closing(sqlite3.connect(db_path)) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "candidates": one("select count(*) from HCVmatch"),
            "filter_rows": one("select count(*) from HCVfilter"),
            "measurements": one(
                "select count(*) from HCVdetailed where MatchID in "
                "(select MatchID from HCVmatch where AutoClass > 0 or ExpertClass > 0)"
            ),
        }


def catalogue_digest() -> dict[str, str]:
    """Every catalogue row the ingest wrote, with the values a user sees, as one digest per table."""
    tables = {
        "groups": Group.objects.values_list("group_id", "target_name"),
        "candidates": Candidate.objects.values_list(
            "match_id",
            "group_id",
            "auto_class",
            "hcv_expert_class",
            "num_filters",
            "max_mad",
            "has_light_curve",
        ),
        "filter_rows": FilterStat.objects.values_list(
            "candidate_id", "filter", "var_qual_flag", "mad", "mean_corr_mag", "mad_threshold"
        ),
        "images": Image.objects.values_list("pk"),
        "measurements": Measurement.objects.values_list(
            "candidate_id", "filter", "image_id", "mjd", "corr_mag"
        ),
    }
    return {
        name: hashlib.sha256(repr(sorted(_rounded(row) for row in rows)).encode()).hexdigest()
        for name, rows in tables.items()
    }


def _rounded(row: tuple) -> tuple:
    return tuple(round(v, 6) if isinstance(v, float) else v for v in row)


def empty_catalogue() -> None:
    for model in (Measurement, FilterStat, FieldThreshold, Candidate, Image, Group, IngestJob):
        model.objects.all().delete()


def ingest_whole(timeout: float = 180) -> IngestJob:
    job = job_create(whole_catalogue=True, fetch_cutouts=False)
    return wait_for(lambda: finished(job), timeout=timeout)


def workers_ready(count: int) -> bool:
    return len(app.control.ping(timeout=0.5)) >= count


def test_two_workers_share_the_parts_and_end_with_the_rows_of_one(mast, via_broker, sandbox_db):
    mast.faults.set("casjobs", "delay", seconds=0.2)  # parts long enough for both workers to take some
    env = worker_env(mast, via_broker)
    with celery_worker(env=env, concurrency=1, name="solo"):
        wait_for(lambda: workers_ready(1), timeout=60)
        one = ingest_whole()
    assert one.state == JobState.SUCCEEDED, one.error
    expected = universe_sizes(sandbox_db)
    assert {k: one.counts[k] for k in expected} == expected
    assert one.progress["summary"]["done"] == one.progress["summary"]["total"] == expected["candidates"]
    assert IngestJobPart.objects.filter(job=one, kind=PartKind.SUMMARY).count() >= 4
    # Members are the objects that get a light curve, not every constant star (counts are the catalogue's).
    gets_light_curve = Candidate.objects.filter(Q(auto_class__gt=0) | Q(hcv_expert_class__gt=0))
    members = set(one.members.values_list("candidate_id", flat=True))
    assert members == set(gets_light_curve.values_list("pk", flat=True))
    assert len(members) < expected["candidates"]
    alone = catalogue_digest()

    empty_catalogue()
    with ExitStack() as stack:
        stack.enter_context(celery_worker(env=env, concurrency=1, name="a"))
        stack.enter_context(celery_worker(env=env, concurrency=1, name="b", flush_broker=False))
        wait_for(lambda: workers_ready(2), timeout=60)
        two = ingest_whole()
    assert two.state == JobState.SUCCEEDED, two.error
    assert {k: two.counts[k] for k in expected} == expected
    assert catalogue_digest() == alone
    took = {w.split(" pid ")[0].split("@")[0] for w in two.parts.values_list("worker", flat=True)}
    assert took == {"a", "b"}


def test_a_failed_part_fails_the_job_with_its_reason_and_a_rerun_does_only_the_rest(
    mast, via_broker, sandbox_db
):
    mast.faults.set("casjobs", "delay", seconds=0.2)
    with celery_worker(env=worker_env(mast, via_broker), concurrency=1, name="solo"):
        job = job_create(whole_catalogue=True, fetch_cutouts=False)

        def some_light_curves_loaded():
            job.refresh_from_db()
            return job.progress.get("light_curves", {}).get("done", 0) >= 10

        wait_for(some_light_curves_loaded, timeout=120, interval=0.05)
        mast.faults.clear("casjobs")  # one generic fault fires per call: the delay would come first
        mast.faults.set("casjobs", "blocked_403")  # every later light-curve query is refused for good
        job = wait_for(lambda: finished(job), timeout=60)
        assert job.state == JobState.FAILED
        assert "light curves part" in job.error
        assert "MAST blocked the request" in job.error
        failed = job.parts.get(kind=PartKind.LIGHT_CURVES, error__contains="MAST blocked the request")
        assert not failed.finished
        assert f"light curves part {failed.number} of " in job.error

        mast.faults.clear()
        fast_calls = mast.calls("fast")
        again = job_rerun(job)
        again = wait_for(lambda: finished(again), timeout=120)
    assert again.state == JobState.SUCCEEDED, again.error
    expected = universe_sizes(sandbox_db)
    assert {k: again.counts[k] for k in expected} == expected
    # The summary parts were taken over (no summary table was read again) and only the light curves not
    # loaded before were fetched.
    assert mast.calls("fast") == fast_calls
    assert (
        again.parts.filter(kind=PartKind.SUMMARY, finished=True).count()
        == job.parts.filter(kind=PartKind.SUMMARY).count()
    )
    loaded_before = job.members.filter(light_curve_done=True).count()
    assert loaded_before >= 10
    assert again.progress["light_curves"]["total"] == expected_light_curves(sandbox_db) - loaded_before


def expected_light_curves(db_path) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(
            "select count(*) from HCVmatch where AutoClass > 0 or ExpertClass > 0"
        ).fetchone()[0]


def test_a_part_lost_with_its_worker_runs_again_and_the_rows_stay_exact(mast, via_broker, sandbox_db):
    mast.faults.set("casjobs", "delay", seconds=0.4)
    # Light-curve parts of several batches, so the kill lands in the middle of one.
    env = {
        **worker_env(mast, via_broker),
        "HCVVET_INGEST_PART_MATCHIDS": "10",
        "HCVVET_INGEST_BATCH_MATCHIDS": "2",
    }
    with celery_worker(env=env, concurrency=1, name="b"):
        with celery_worker(env=env, concurrency=1, name="a", flush_broker=False) as doomed:
            wait_for(lambda: workers_ready(2), timeout=60)
            job = job_create(whole_catalogue=True, fetch_cutouts=False)

            def held_by_a():
                return (
                    IngestJobPart.objects.filter(
                        job=job, kind=PartKind.LIGHT_CURVES, finished=False, worker__startswith="a@"
                    )
                    .filter(done__gt=0, done__lt=8)
                    .first()
                )

            lost = wait_for(held_by_a, timeout=120, interval=0.05)
            os.killpg(doomed.pid, signal.SIGKILL)
            doomed.wait()
        lost.refresh_from_db()
        assert not lost.finished
        # A worker that starts sweeps for parts whose worker died (beat does so every minute too).
        with celery_worker(env=env, concurrency=1, name="c", flush_broker=False):
            job = wait_for(lambda: finished(job), timeout=120)
    assert job.state == JobState.SUCCEEDED, job.error
    lost.refresh_from_db()
    assert lost.finished
    assert not lost.worker.startswith("a@")
    expected = universe_sizes(sandbox_db)
    assert {k: job.counts[k] for k in expected} == expected
    assert Measurement.objects.count() == expected["measurements"]


def worker_idle(redis_url: str) -> bool:
    """No task waits in the broker's queues, and no worker runs or holds one."""
    broker = redis.Redis.from_url(redis_url)
    if any(broker.llen(queue) for queue in ("celery", "ingest")):
        return False
    inspect = app.control.inspect(timeout=1)
    active, reserved = inspect.active(), inspect.reserved()
    if active is None or reserved is None:  # the worker did not answer
        return False
    return not any([*active.values(), *reserved.values()])


def test_cancelling_a_whole_catalogue_job_stops_its_remaining_parts(mast, via_broker, client, curator):
    mast.faults.set("casjobs", "delay", seconds=0.2)
    with celery_worker(env=worker_env(mast, via_broker), concurrency=1, name="solo"):
        wait_for(lambda: workers_ready(1), timeout=60)
        job = job_create(whole_catalogue=True, fetch_cutouts=False)
        light_curves = IngestJobPart.objects.filter(job=job, kind=PartKind.LIGHT_CURVES)
        wait_for(lambda: light_curves.filter(finished=True).count() >= 2, timeout=120, interval=0.05)
        # MAST slows down so much that the part in flight cannot finish, nor another start, before the cancel
        # lands, however loaded the machine: the parts left are the ones the cancel must stop.
        mast.faults.set("casjobs", "delay", seconds=5)
        client.force_login(curator)
        response = client.post(f"/api/ingest-jobs/{job.pk}/cancel/", {}, content_type="application/json")
        assert response.status_code == 200
        mast.faults.set("casjobs", "delay", seconds=0.2)
        # Every part task queued before the cancel reaches the worker, which runs none of them.
        wait_for(lambda: worker_idle(via_broker), timeout=60)
        job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert job.error == "Cancelled by a user."
    never_ran = light_curves.filter(started_at__isnull=True)
    assert never_ran.count() >= 2
    assert light_curves.filter(finished=False).count() >= never_ran.count()
    assert not light_curves.exclude(lease_token="").exists()
    assert job.progress["light_curves"]["done"] < job.progress["light_curves"]["total"]
    # What was loaded is what the members record as loaded: no batch ran after the cancel took effect.
    loaded = job.members.filter(light_curve_done=True).values_list("candidate_id", flat=True)
    assert Measurement.objects.exists()
    assert not Measurement.objects.exclude(candidate_id__in=loaded).exists()
    not_run = [match_id for part in never_ran for match_id in part.spec]
    assert not job.members.filter(candidate_id__in=not_run, light_curve_done=True).exists()
