"""IngestJob state, as the worker moves it: the lease a run holds, stage progress, the end of a job, and the
status a page shows.

Every change is a conditional update on the job's row, so a run never revives a job a user cancelled and two
runs never both hold the lease. What users ask of a job (create, re-run, cancel) is in `lifecycle`.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from hcvvet.ingest.models import IngestJob, JobState

STAGES = ("resolve", "summary", "light_curves", "cutouts")
# Share of the progress bar each stage fills.
STAGE_WEIGHTS = {"resolve": 0.02, "summary": 0.18, "light_curves": 0.6, "cutouts": 0.2}
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)
DONE_STAGE = "done"


# ------------------------------------------------------------------------------------------ leases


def job_claim(job_id: int, *, lease_seconds: float) -> str | None:
    """Take the job for one task run; the lease token, or None if it is finished or held by a live run."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = now - timedelta(seconds=lease_seconds)
    claimed = (
        IngestJob.objects.filter(pk=job_id, state__in=ACTIVE_STATES)
        .filter(Q(lease_token="") | Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale))
        .update(lease_token=token, heartbeat_at=now)
    )
    return token if claimed else None


def job_heartbeat(job_id: int, token: str) -> bool:
    """Renew the lease; False when another run took the job over."""
    return bool(IngestJob.objects.filter(pk=job_id, lease_token=token).update(heartbeat_at=timezone.now()))


def job_release(job_id: int, token: str) -> None:
    """Give the lease up (the run ends or retries later); a lease another run took over is left alone."""
    IngestJob.objects.filter(pk=job_id, lease_token=token).update(lease_token="", heartbeat_at=None)


def job_release_for_retry(job_id: int, token: str, *, retry_in_seconds: float) -> None:
    """Give the lease up while the run's retry waits out its backoff: the retry may claim the job, and the
    job counts as alive (not stale) until `retry_in_seconds` have passed, so a worker that starts meanwhile
    does not start a second task chain for it."""
    IngestJob.objects.filter(pk=job_id, lease_token=token).update(
        lease_token="", heartbeat_at=timezone.now() + timedelta(seconds=retry_in_seconds)
    )


def stale_job_ids(*, lease_seconds: float) -> list[int]:
    """Running jobs whose worker stopped renewing the lease (killed, or lost its connection); a job waiting
    for a scheduled retry is alive until its retry time (`job_release_for_retry`)."""
    stale = timezone.now() - timedelta(seconds=lease_seconds)
    return list(
        IngestJob.objects.filter(state=JobState.RUNNING)
        .filter(Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))
        .values_list("pk", flat=True)
    )


def seconds_until_last_retry() -> float | None:
    """Seconds until the last of the jobs waiting for a scheduled retry may be taken for stale (after its
    retry time plus a lease); None when no job waits for a retry."""
    latest = (
        IngestJob.objects.filter(state=JobState.RUNNING, lease_token="", heartbeat_at__gt=timezone.now())
        .order_by("-heartbeat_at")
        .values_list("heartbeat_at", flat=True)
        .first()
    )
    return None if latest is None else (latest - timezone.now()).total_seconds()


# ------------------------------------------------------------------------------------------ progress


def job_start_stage(job: IngestJob, stage: str) -> None:
    """Mark the job running in `stage`; a conditional update, so it never revives a cancelled job."""
    IngestJob.objects.filter(pk=job.pk, state__in=ACTIVE_STATES).update(
        state=JobState.RUNNING, started_at=job.started_at or timezone.now(), stage=stage
    )
    job.refresh_from_db(fields=["state", "started_at", "stage"])


def job_progress(job: IngestJob, stage: str, *, done: int, total: int | None = None) -> None:
    """Record a stage's counter; saved at once so pages polling the job see it move."""
    entry = dict(job.progress.get(stage, {}))
    entry["done"] = done
    if total is not None:
        entry["total"] = total
    job.progress = {**job.progress, stage: entry}
    job.save(update_fields=["progress"])


def job_finish_stage(job: IngestJob, stage: str, seconds: float) -> None:
    """Record `stage` as completed (later runs skip it) and the time this run spent in it."""
    completed = list(job.progress.get("completed", []))
    if stage not in completed:
        completed.append(stage)
    job.progress = {**job.progress, "completed": completed}
    job.save(update_fields=["progress"])
    job_add_time(job, stage, seconds)


def job_add_time(job: IngestJob, stage: str, seconds: float) -> None:
    """Add a run's seconds to the stage's total (a stage may span several runs)."""
    job.timings = {**job.timings, stage: round(job.timings.get(stage, 0.0) + seconds, 3)}
    job.save(update_fields=["timings"])


def stage_completed(job: IngestJob, stage: str) -> bool:
    return stage in job.progress.get("completed", [])


def durable_progress(progress: dict) -> list:
    """What a run leaves behind for later runs (completed stages, committed light-curve batches and cutout
    pages), as a JSON-comparable mark; the summary stage's counter is not, as a new run starts it over."""
    return [
        sorted(progress.get("completed", [])),
        progress.get("light_curves", {}).get("done", 0),
        progress.get("cutouts", {}).get("done", 0),
    ]


def job_note_failure(job_id: int, message: str) -> int:
    """Record a transient fault on the job (shown while it waits for its next attempt); returns the
    failures in a row: since the job last made durable progress, so a long job that loads batch after batch
    between rare faults is not failed for faults spread over its whole run.

    Precondition: the caller holds the job's lease."""
    job = IngestJob.objects.get(pk=job_id)
    mark = durable_progress(job.progress)
    previous = job.progress.get("retry", {})
    in_row = previous.get("in_row", 0) + 1 if previous.get("mark") == mark else 1
    retry = {"attempt": previous.get("attempt", 0) + 1, "in_row": in_row, "mark": mark, "reason": message}
    job.progress = {**job.progress, "retry": retry}
    job.save(update_fields=["progress"])
    return in_row


def job_warn(job: IngestJob, messages: list[str]) -> None:
    """Add warnings to the job's result (each once, however often a stage runs)."""
    new = [m for m in messages if m not in job.warnings]
    if new:
        job.warnings = [*job.warnings, *new]
        job.save(update_fields=["warnings"])


# ------------------------------------------------------------------------------------------ the end


def job_succeed(job: IngestJob, counts: dict[str, int]) -> None:
    """Mark the job succeeded unless it was cancelled meanwhile."""
    IngestJob.objects.filter(pk=job.pk, state__in=ACTIVE_STATES).update(
        state=JobState.SUCCEEDED, stage=DONE_STAGE, error="", counts=counts, finished_at=timezone.now()
    )
    job.refresh_from_db()


def job_fail(job_id: int, message: str) -> None:
    """Mark the job failed with `message` (words a user can act on) unless it had already ended."""
    IngestJob.objects.filter(pk=job_id, state__in=ACTIVE_STATES).update(
        state=JobState.FAILED, error=message, finished_at=timezone.now(), lease_token="", heartbeat_at=None
    )


def job_cancelled(job_id: int) -> bool:
    """Whether a user cancelled the job: a run checks between stages and light-curve batches."""
    return IngestJob.objects.filter(pk=job_id, state=JobState.CANCELLED).exists()


# ------------------------------------------------------------------------------------------ status


def job_percent(job: IngestJob) -> int:
    """0..100 for the progress bar, from completed stages and the running stage's counter."""
    if job.state == JobState.SUCCEEDED:
        return 100
    completed = set(job.progress.get("completed", []))
    value = sum(STAGE_WEIGHTS[s] for s in STAGES if s in completed)
    current = job.progress.get(job.stage, {})
    if job.stage in STAGE_WEIGHTS and job.stage not in completed and current.get("total"):
        value += STAGE_WEIGHTS[job.stage] * min(1.0, current.get("done", 0) / current["total"])
    return round(100 * value)


def job_status(job: IngestJob) -> dict:
    """What the job page, the admin and the command show: JSON-ready."""
    return {
        "id": job.pk,
        "state": job.state,
        "stage": job.stage,
        "percent": job_percent(job),
        "counts": job.counts,
        "progress": job.progress,
        "timings": job.timings,
        "error": job.error,
        "warnings": job.warnings,
        "finished": job.state not in ACTIVE_STATES,
    }
