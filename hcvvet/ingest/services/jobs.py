"""IngestJob lifecycle: validated creation, re-run, state changes, leases and the status a page shows."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hcvvet.ingest.models import MAX_RADIUS_ARCSEC, IngestJob, JobState, Source

FILTER_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,7}_F\d{3,4}[A-Z]{1,2}$")
STAGES = ("resolve", "summary", "light_curves", "cutouts")
# Share of the progress bar each stage fills.
STAGE_WEIGHTS = {"resolve": 0.02, "summary": 0.18, "light_curves": 0.6, "cutouts": 0.2}
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class IngestSpecError(ValueError):
    """An ingest request a user got wrong; `field` names the input to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def job_create(
    *,
    target_name: str = "",
    ra_deg: float | None = None,
    dec_deg: float | None = None,
    radius_arcsec: float | None = None,
    filters: Iterable[str] = (),
    autoclass_min: int = 0,
    expert_validated: bool = False,
    group_ids: Iterable[int] = (),
    match_ids: Iterable[int] = (),
    source: str = Source.CASJOBS,
    fetch_cutouts: bool = True,
    created_by=None,
    whole_catalogue: bool = False,
    queue: bool = True,
) -> IngestJob:
    """Validate a request, save the job and (after commit) queue it. Raises `IngestSpecError`.

    A job must name a target, a position, GroupIDs or MatchIDs, unless `whole_catalogue` (the full-scale
    benchmark) asks for every HCV object.
    """
    job = IngestJob(
        target_name=(target_name or "").strip(),
        ra_deg=ra_deg,
        dec_deg=dec_deg,
        radius_arcsec=radius_arcsec,
        filters=sorted({f.strip().upper() for f in filters if f.strip()}),
        autoclass_min=autoclass_min,
        expert_validated=expert_validated,
        group_ids=sorted({int(g) for g in group_ids}),
        match_ids=sorted({int(m) for m in match_ids}),
        source=source,
        fetch_cutouts=fetch_cutouts,
        created_by=created_by,
    )
    job_validate(job, whole_catalogue=whole_catalogue)
    job.save()
    if queue:
        job_queue(job)
    return job


def job_validate(job: IngestJob, *, whole_catalogue: bool = False) -> None:
    """Check a job's request; raise `IngestSpecError` naming the field at fault."""
    cone = bool(job.target_name) or job.ra_deg is not None or job.dec_deg is not None
    if job.target_name and (job.ra_deg is not None or job.dec_deg is not None):
        raise IngestSpecError("target_name", "Give either a target name or RA/Dec, not both.")
    if (job.ra_deg is None) != (job.dec_deg is None):
        raise IngestSpecError("dec_deg" if job.dec_deg is None else "ra_deg", "Give both RA and Dec.")
    if job.ra_deg is not None and not (0 <= job.ra_deg < 360 and -90 <= job.dec_deg <= 90):
        raise IngestSpecError("ra_deg", "RA must be in [0, 360) and Dec in [-90, 90] degrees.")
    if cone and job.radius_arcsec is None:
        job.radius_arcsec = MAX_RADIUS_ARCSEC
    if job.radius_arcsec is not None:
        if not cone:
            raise IngestSpecError("radius_arcsec", "A radius needs a target name or RA/Dec.")
        if not 0 < job.radius_arcsec <= MAX_RADIUS_ARCSEC:
            raise IngestSpecError(
                "radius_arcsec",
                f"The search radius must be more than 0 and at most {MAX_RADIUS_ARCSEC:g} arcsec "
                f"(0.5 degree, MAST's limit); got {job.radius_arcsec:g}.",
            )
    bad = [f for f in job.filters if not FILTER_NAME.match(f)]
    if bad:
        raise IngestSpecError(
            "filters",
            f"Unknown filter name {', '.join(bad)}: use INSTRUMENT_FILTER as in the HCV, e.g. ACS_F814W.",
        )
    if job.autoclass_min not in (0, 1, 2):
        raise IngestSpecError("autoclass_min", "AutoClass minimum must be 0, 1 or 2.")
    if job.source not in Source.values:
        raise IngestSpecError("source", f"Source must be one of {', '.join(Source.values)}.")
    if job.source == Source.CATALOGS and not cone and not job.group_ids and not job.match_ids:
        raise IngestSpecError("source", "The catalogs API needs a cone, GroupIDs or MatchIDs.")
    if not (cone or job.group_ids or job.match_ids or whole_catalogue):
        raise IngestSpecError("target_name", "Name a target, a position, GroupIDs or MatchIDs.")


def job_queue(job: IngestJob) -> None:
    """Queue the job's run once the current transaction commits."""
    from hcvvet.ingest.tasks import run_ingest

    transaction.on_commit(lambda: run_ingest.delay(job.pk))


def job_rerun(job: IngestJob, *, created_by=None) -> IngestJob:
    """A new job with the same request; re-running adds no rows (every load is an upsert)."""
    fields = {name: getattr(job, name) for name in IngestJob.REQUEST_FIELDS}
    if job.target_name:
        fields["ra_deg"] = fields["dec_deg"] = None
    new = IngestJob(**fields, created_by=created_by or job.created_by, rerun_of=job)
    job_validate(new, whole_catalogue=True)
    new.save()
    job_queue(new)
    return new


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
    IngestJob.objects.filter(pk=job_id, lease_token=token).update(lease_token="", heartbeat_at=None)


def stale_job_ids(*, lease_seconds: float) -> list[int]:
    """Running jobs whose worker stopped renewing the lease (killed, or lost its connection)."""
    stale = timezone.now() - timedelta(seconds=lease_seconds)
    return list(
        IngestJob.objects.filter(state=JobState.RUNNING)
        .filter(Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))
        .values_list("pk", flat=True)
    )


# ------------------------------------------------------------------------------------------ state


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
    completed = list(job.progress.get("completed", []))
    if stage not in completed:
        completed.append(stage)
    job.progress = {**job.progress, "completed": completed}
    job.save(update_fields=["progress"])
    job_add_time(job, stage, seconds)


def job_add_time(job: IngestJob, stage: str, seconds: float) -> None:
    job.timings = {**job.timings, stage: round(job.timings.get(stage, 0.0) + seconds, 3)}
    job.save(update_fields=["timings"])


def stage_completed(job: IngestJob, stage: str) -> bool:
    return stage in job.progress.get("completed", [])


def job_succeed(job: IngestJob, counts: dict[str, int]) -> None:
    """Mark the job succeeded unless it was cancelled meanwhile."""
    IngestJob.objects.filter(pk=job.pk, state__in=ACTIVE_STATES).update(
        state=JobState.SUCCEEDED, stage="done", error="", counts=counts, finished_at=timezone.now()
    )
    job.refresh_from_db()


def job_fail(job_id: int, message: str) -> None:
    IngestJob.objects.filter(pk=job_id, state__in=ACTIVE_STATES).update(
        state=JobState.FAILED, error=message, finished_at=timezone.now(), lease_token="", heartbeat_at=None
    )


def job_cancel(job: IngestJob) -> bool:
    """Cancel a queued or running job; False when it had already ended. A running job stops at its next
    stage or light-curve batch; what it loaded so far stays (every load is an upsert, a re-run completes it)."""
    changed = IngestJob.objects.filter(pk=job.pk, state__in=ACTIVE_STATES).update(
        state=JobState.CANCELLED, error="Cancelled by a user.", finished_at=timezone.now()
    )
    job.refresh_from_db()
    return bool(changed)


def job_cancelled(job_id: int) -> bool:
    return IngestJob.objects.filter(pk=job_id, state=JobState.CANCELLED).exists()


def job_note_retry(job_id: int, message: str, attempt: int) -> None:
    """Show a transient fault on the job while it waits for its next attempt."""
    job = IngestJob.objects.get(pk=job_id)
    job.progress = {**job.progress, "retry": {"attempt": attempt, "reason": message}}
    job.save(update_fields=["progress"])


def job_percent(job: IngestJob) -> int:
    """0..100 for the progress bar, from completed stages and the running stage's counter."""
    if job.state == JobState.SUCCEEDED:
        return 100
    completed = set(job.progress.get("completed", []))
    value = sum(STAGE_WEIGHTS[s] for s in STAGES if s in completed)
    current = job.progress.get(job.stage, {})
    if job.stage in STAGE_WEIGHTS and job.stage not in completed and current.get("total"):
        value += STAGE_WEIGHTS[job.stage] * min(1.0, current.get("done", 0) / current["total"])
    return int(round(100 * value))


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
        "finished": job.state not in ACTIVE_STATES,
    }
