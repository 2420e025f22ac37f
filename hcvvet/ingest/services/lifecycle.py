"""IngestJob lifecycle, what users ask for: a validated request (`job_prepare`), a saved and queued job
(`job_create`, the public entry of the API, the admin and the command), a re-run and a cancellation.

How a running job moves (lease, progress, the end) is the worker's business: `state`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from hcvvet.catalog.filters import FILTER_NAME
from hcvvet.ingest.models import MAX_RADIUS_ARCSEC, IngestJob, JobState, Source
from hcvvet.ingest.tasks import run_ingest

from .state import ACTIVE_STATES

CANCELLED_MESSAGE = "Cancelled by a user."


class IngestSpecError(ValueError):
    """An ingest request a user got wrong; `field` names the input to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def job_prepare(
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
) -> IngestJob:
    """The job a request describes, normalised (filter names upper case, ids sorted and unique, the default
    radius) and validated, not saved. Raises `IngestSpecError`.

    A job must name a target, a position, GroupIDs or MatchIDs, or ask for the expert-validated objects (alone
    that is every ExpertClass > 0 object of the HCV, the notebook's cell 13), unless `whole_catalogue` (the
    full-scale benchmark) asks for every HCV object.
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
    return job


def job_create(*, queue: bool = True, **request: Any) -> IngestJob:
    """Validate a request (the keyword arguments of `job_prepare`), save the job and, unless `queue` is
    False, queue it once the transaction commits. Raises `IngestSpecError`."""
    job = job_prepare(**request)
    job_save(job, queue=queue)
    return job


def job_save(job: IngestJob, *, queue: bool = True) -> None:
    """Save a new job and queue its run once the current transaction commits.

    Precondition: `job` comes from `job_prepare` (or passed `job_validate`)."""
    job.save()
    if queue:
        transaction.on_commit(lambda: run_ingest.delay(job.pk))


def job_validate(job: IngestJob, *, whole_catalogue: bool = False) -> None:
    """Check a job's request and fill in the default radius of a cone; raise `IngestSpecError` naming the
    field at fault."""
    cone = _validate_cone(job)
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
    selects = cone or job.group_ids or job.match_ids or job.expert_validated
    if job.source == Source.CATALOGS and not selects:
        raise IngestSpecError(
            "source", "The catalogs API needs a cone, GroupIDs, MatchIDs or the expert-validated objects."
        )
    if not (selects or whole_catalogue):
        raise IngestSpecError(
            "target_name",
            "Name a target, a position, GroupIDs or MatchIDs, or ask for the expert-validated objects.",
        )


def _validate_cone(job: IngestJob) -> bool:
    """Check the cone (a target name or RA/Dec, and a radius), giving it the largest radius when none was
    asked for; whether the job is a cone search."""
    cone = bool(job.target_name) or job.ra_deg is not None or job.dec_deg is not None
    if job.target_name and (job.ra_deg is not None or job.dec_deg is not None):
        raise IngestSpecError("target_name", "Give either a target name or RA/Dec, not both.")
    if (job.ra_deg is None) != (job.dec_deg is None):
        raise IngestSpecError("dec_deg" if job.dec_deg is None else "ra_deg", "Give both RA and Dec.")
    if (
        job.ra_deg is not None
        and job.dec_deg is not None
        and not (0 <= job.ra_deg < 360 and -90 <= job.dec_deg <= 90)
    ):
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
    return cone


def job_rerun(job: IngestJob, *, created_by=None) -> IngestJob:
    """A new job with the same request, queued; re-running adds no rows (every load is an upsert)."""
    fields = {name: getattr(job, name) for name in IngestJob.REQUEST_FIELDS}
    if job.target_name:
        fields["ra_deg"] = fields["dec_deg"] = None  # resolved again, as the first run did
    new = IngestJob(**fields, created_by=created_by or job.created_by, rerun_of=job)
    job_validate(new, whole_catalogue=True)
    job_save(new)
    return new


def job_cancel(job: IngestJob) -> bool:
    """Cancel a queued or running job; False when it had already ended. A running job stops at its next
    stage or light-curve batch; what it loaded so far stays (every load is an upsert, a re-run completes
    it)."""
    changed = IngestJob.objects.filter(pk=job.pk, state__in=ACTIVE_STATES).update(
        state=JobState.CANCELLED, error=CANCELLED_MESSAGE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return bool(changed)
