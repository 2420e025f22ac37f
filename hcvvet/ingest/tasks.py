"""Celery tasks of the ingest: thin, id-only, safe to run twice.

`run_ingest` does the stages that talk to CasJobs (resolve, summary, light curves) on the `ingest` queue;
`run_cutouts` fetches the job's cutouts on the `cutouts` queue (routes in settings), so a busy cutout prefetch
never holds up another job's light curves. Each run holds the job's lease while it works and renews it from a
heartbeat thread; a run whose worker dies (even by SIGKILL) stops renewing, and `resume_stale_ingests`
(queued whenever a worker starts) hands the job to a new run on the queue of its stage, which continues from
the last committed batch. A run that meets a transient MAST fault retries with backoff; the job fails after
HCVVET_INGEST_MAX_RETRIES faults in a row (without durable progress between them), and while it waits for
its retry it is not stale.

A whole-catalogue job's summary and light-curve stages run as parts (`run_part`, services/parts.py), each a
short task with its own lease, so every worker process and host takes some; the part that finds its stage's
parts all finished queues the job's run again, which completes the stage.
"""

from __future__ import annotations

import logging
import os
import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import shared_task
from celery.signals import worker_ready
from django.db import connection

from hcvvet.ingest.conf import knob
from hcvvet.ingest.models import IngestJob, IngestJobPart, JobState
from hcvvet.ingest.services import cutouts, parts, pipeline, state
from hcvvet.mast.errors import MastError

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300
INGEST_STAGES = ("resolve", "summary", "light_curves")
CUTOUT_STAGES = ("cutouts",)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter, so retries of many jobs do not hit MAST in step."""
    base = float(knob("HCVVET_INGEST_RETRY_BASE_SECONDS"))
    return min(MAX_BACKOFF_SECONDS, base * 2**attempt) * random.uniform(0.8, 1.2)  # noqa: S311 (jitter)


# The options of a run of a job (run_ingest, run_cutouts): retried without limit while MAST faults are
# transient (the job counts them and fails after HCVVET_INGEST_MAX_RETRIES in a row).
RUN_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "max_retries": None,
    "soft_time_limit": 3600,
    "time_limit": 3700,
}


@shared_task(name="hcvvet.ingest.run", **RUN_OPTIONS)
def run_ingest(self, job_id: int) -> str:
    """Run (or continue) ingest job `job_id` up to its cutouts."""
    return _run(self, job_id, INGEST_STAGES)


@shared_task(name="hcvvet.ingest.cutouts", **RUN_OPTIONS)
def run_cutouts(self, job_id: int) -> str:
    """Fetch the cutouts of ingest job `job_id` and finish it."""
    return _run(self, job_id, CUTOUT_STAGES)


def queue_run(job_id: int) -> None:
    """Queue the job's next run: on the queue of the stage it stands at."""
    job = IngestJob.objects.only("progress", "fetch_cutouts").get(pk=job_id)
    stage = pipeline.next_stage(job)
    task = run_cutouts if stage in CUTOUT_STAGES and pipeline.stage_has_work(job, stage) else run_ingest
    task.delay(job_id)


def _run(task, job_id: int, stages: tuple[str, ...]) -> str:
    """The body of a run: claim the job's lease, advance it through `stages`, and queue the next run when it
    is not finished; a transient MAST fault retries `task` with backoff."""
    lease = float(knob("HCVVET_INGEST_LEASE_SECONDS"))
    token = state.job_claim(job_id, lease_seconds=lease)
    if token is None:
        return "not claimed: finished or held by a live run"
    try:
        with _heartbeat(lambda: state.job_heartbeat(job_id, token), lease, f"ingest-heartbeat-{job_id}"):
            finished = pipeline.run(
                job_id, budget_seconds=float(knob("HCVVET_INGEST_TASK_BUDGET_SECONDS")), stages=stages
            )
    except MastError as e:
        in_row = state.job_note_failure(job_id, e.message)
        if in_row > int(knob("HCVVET_INGEST_MAX_RETRIES")):
            state.job_release(job_id, token)
            state.job_fail(job_id, f"MAST kept failing after {in_row} attempts in a row: {e.message}")
            pipeline.drop_mydb_tables(job_id)
            return "failed"
        countdown = backoff_seconds(in_row - 1)
        state.job_release_for_retry(job_id, token, retry_in_seconds=countdown)
        raise task.retry(exc=e, countdown=countdown) from e
    except Exception as e:
        state.job_release(job_id, token)
        state.job_fail(job_id, f"Internal error while ingesting ({type(e).__name__}): {e}")
        pipeline.drop_mydb_tables(job_id)
        raise
    state.job_release(job_id, token)
    if not finished:
        handed = parts.runnable_part_ids(job_id)
        if handed:
            for part_id in handed:
                run_part.delay(part_id)
            return f"handed to {len(handed)} parts"
        queue_run(job_id)
        return "continued"
    if IngestJob.objects.filter(
        pk=job_id, state=JobState.SUCCEEDED, fetch_cutouts=True, counts__cutouts_missing__gt=0
    ).exists():
        retry_missing_cutouts.apply_async((job_id,), countdown=60)
    return "done"


@shared_task(name="hcvvet.ingest.part", **{**RUN_OPTIONS, "soft_time_limit": 900, "time_limit": 960})
def run_part(self, part_id: int) -> str:
    """Run (or continue) one part of a whole-catalogue ingest; the last part of a stage queues the job's
    run, which completes the stage."""
    lease = float(knob("HCVVET_INGEST_LEASE_SECONDS"))
    token = parts.part_claim(
        part_id, lease_seconds=lease, worker=f"{self.request.hostname} pid {os.getpid()}"
    )
    if token is None:
        return "not claimed: finished, its job ended, or held by a live run"
    part = IngestJobPart.objects.only("job_id", "kind").get(pk=part_id)
    try:
        with _heartbeat(lambda: parts.part_heartbeat(part_id, token), lease, f"ingest-part-{part_id}"):
            finished = parts.part_run(
                part_id, budget_seconds=float(knob("HCVVET_INGEST_TASK_BUDGET_SECONDS"))
            )
    except MastError as e:
        in_row = parts.part_note_failure(part_id, e.message)
        if e.retryable and in_row <= int(knob("HCVVET_INGEST_MAX_RETRIES")):
            countdown = backoff_seconds(in_row - 1)
            parts.part_release(part_id, token, retry_in_seconds=countdown)
            raise self.retry(exc=e, countdown=countdown) from e
        parts.part_release(part_id, token)
        reason = f"MAST kept failing after {in_row} attempts in a row: " if e.retryable else ""
        parts.part_fail(part_id, reason + e.message)
        pipeline.drop_mydb_tables(part.job_id)
        return "failed"
    except Exception as e:
        parts.part_release(part_id, token)
        parts.part_fail(part_id, f"Internal error while ingesting ({type(e).__name__}): {e}")
        pipeline.drop_mydb_tables(part.job_id)
        raise
    parts.part_release(part_id, token)
    if not finished:
        run_part.delay(part_id)
        return "continued"
    for stale in parts.stale_part_ids(part.job_id):  # a part whose worker died meanwhile
        run_part.delay(stale)
    if parts.stage_parts_finished(part.job_id, part.kind):
        queue_run(part.job_id)
    return "done"


@contextmanager
def _heartbeat(renew: Callable[[], object], lease_seconds: float, name: str) -> Iterator[None]:
    """Call `renew` (a lease's heartbeat) every third of the lease from a background thread (own DB
    connection)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(lease_seconds / 3):
                renew()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


@shared_task(name="hcvvet.ingest.resume_stale")
def resume_stale_ingests() -> list[int]:
    """Re-queue running jobs, and parts of running jobs, whose worker stopped renewing the lease (also run
    every minute by beat). A job waiting for its retry is not
    stale (its retry is queued already); this sweep looks again once that retry is due, in case the retry
    was lost with the broker's queue."""
    lease = float(knob("HCVVET_INGEST_LEASE_SECONDS"))
    ids = state.stale_job_ids(lease_seconds=lease)
    for job_id in ids:
        log.info("resuming ingest job %s after its worker went away", job_id)
        queue_run(job_id)
    for part_id in parts.stale_part_ids():
        log.info("resuming ingest part %s after its worker went away", part_id)
        run_part.delay(part_id)
    waiting = state.seconds_until_last_retry()
    if waiting is not None:
        resume_stale_ingests.apply_async(countdown=waiting + lease + 1)
    return ids


@shared_task(
    bind=True, name="hcvvet.ingest.retry_missing_cutouts", acks_late=True, soft_time_limit=900, time_limit=960
)
def retry_missing_cutouts(self, job_id: int) -> dict:
    """Fetch again the job's cutouts that MAST could not deliver (up to the attempt limit)."""
    job = IngestJob.objects.get(pk=job_id)
    chosen = cutouts.prefetch_candidates(job.members.values_list("candidate_id", flat=True))
    result = cutouts.cutouts_fetch(chosen)
    job.counts = pipeline.job_counts(job)
    job.save(update_fields=["counts"])
    return result


@worker_ready.connect
def _resume_after_worker_start(sender=None, **kwargs) -> None:
    """A job that was running when a worker died is stale once its lease expires: check then."""
    resume_stale_ingests.apply_async(countdown=float(knob("HCVVET_INGEST_LEASE_SECONDS")) + 1)
