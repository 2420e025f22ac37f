"""IngestJob: what to fetch from MAST, its state, progress counters and timings."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from hcvvet.accounts.fields import account_reference

MAX_RADIUS_ARCSEC = 1800.0


class Source(models.TextChoices):
    CASJOBS = "casjobs", "CasJobs"
    CATALOGS = "catalogs", "MAST catalogs API"


class JobState(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed"
    CANCELLED = "cancelled", "cancelled"


class IngestJob(models.Model):
    """A request to bring HCV rows from MAST into hcvvet; runs as idempotent Celery tasks."""

    # What was asked for (the rest is state); a re-run copies these, the API and the admin show them.
    REQUEST_FIELDS = (
        "target_name",
        "ra_deg",
        "dec_deg",
        "radius_arcsec",
        "filters",
        "autoclass_min",
        "expert_validated",
        "group_ids",
        "match_ids",
        "source",
        "fetch_cutouts",
    )

    target_name = models.CharField(max_length=128, blank=True, help_text="Resolved by MAST Name.Lookup.")
    ra_deg = models.FloatField(null=True, blank=True)
    dec_deg = models.FloatField(null=True, blank=True)
    radius_arcsec = models.FloatField(null=True, blank=True)
    filters = models.JSONField(default=list, blank=True, help_text="e.g. ['ACS_F475W', 'ACS_F814W']")
    autoclass_min = models.PositiveSmallIntegerField(default=0)
    expert_validated = models.BooleanField(
        default=False, help_text="Only rows with catalogue ExpertClass > 0."
    )
    group_ids = models.JSONField(default=list, blank=True)
    match_ids = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.CASJOBS)
    fetch_cutouts = models.BooleanField(default=True)

    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED, db_index=True)
    stage = models.CharField(max_length=32, blank=True)
    error = models.TextField(blank=True, help_text="Why the job failed, in words a user can act on.")
    progress = models.JSONField(default=dict, blank=True, help_text="Counters per stage: done and total.")
    counts = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(
        default=list, blank=True, help_text="What the job found odd but did not stop for, in words."
    )
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds spent per stage.")
    created_by = account_reference(related_name="ingest_jobs")
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker running the job."
    )
    lease_token = models.CharField(
        max_length=64, blank=True, help_text="Which task run holds the job; empty when none does."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints = (
            models.CheckConstraint(
                condition=Q(radius_arcsec__isnull=True)
                | (Q(radius_arcsec__gt=0) & Q(radius_arcsec__lte=1800)),
                name="ingestjob_radius_valid",
            ),
        )

    def __str__(self) -> str:
        """What the job fetches (target, cone, GroupIDs or MatchIDs, filters), its state and when it was
        asked for: "Ingest #7: M87 in ACS_F606W, succeeded, 2026-12-02 14:31"."""
        from .labels import job_selection  # labels reads this module's models: imported once they exist

        when = "" if self.created_at is None else f", {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
        return f"Ingest #{self.pk}: {job_selection(self)}, {self.get_state_display()}{when}"

    def cone(self) -> tuple[float, float, float] | None:
        """(RA, Dec, radius) of a resolved cone search in (deg, deg, arcsec); None for a MatchID or GroupID
        selection, or a target not yet resolved. The radius is set by validation whenever a cone is."""
        if self.ra_deg is None:
            return None
        if self.dec_deg is None or self.radius_arcsec is None:
            raise ValueError(f"ingest job {self.pk}: RA without Dec or radius (it skipped validation)")
        return self.ra_deg, self.dec_deg, self.radius_arcsec


class IngestJobMember(models.Model):
    """A catalogue object selected by a job (its summary rows were fetched): the job's scope for
    light curves, cutouts and counts."""

    # No index of its own on `job`: the unique (job, candidate) index serves every lookup by job, and one
    # index fewer is one write fewer per member of a whole-catalogue ingest (migration 0006).
    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="members", db_index=False)
    candidate = models.ForeignKey("catalog.Candidate", on_delete=models.CASCADE, related_name="+")
    light_curve_done = models.BooleanField(default=False, help_text="Its light curve was fetched and loaded.")
    light_curve_missing = models.BooleanField(
        default=False, help_text="MAST returned no light-curve row for it (in the job's filters)."
    )

    class Meta:
        constraints = (models.UniqueConstraint(fields=["job", "candidate"], name="ingestjobmember_unique"),)

    def __str__(self) -> str:
        return f"job {self.job_id}: {self.candidate_id}"


class PartKind(models.TextChoices):
    SUMMARY = "summary", "summary"
    LIGHT_CURVES = "light_curves", "light curves"


class IngestJobPart(models.Model):
    """One piece of a whole-catalogue ingest's stage, run as its own task so that every worker process (on
    any host) takes some: the summary rows of a batch of groups, or the light curves of a batch of MatchIDs
    (services/parts.py). Each part holds its own lease while it runs; `done` counts its loaded rows."""

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(max_length=16, choices=PartKind.choices)
    number = models.PositiveIntegerField()
    spec = models.JSONField(help_text="GroupIDs (summary) or MatchIDs (light curves) of the part.")
    total = models.PositiveIntegerField(default=0, help_text="Rows (summary) or objects expected.")
    done = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    failures_in_row = models.PositiveSmallIntegerField(default=0)
    lease_token = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="The worker process that last took it.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    timings = models.JSONField(
        default=dict,
        blank=True,
        help_text="Seconds its runs spent reading from MAST (`read`) and writing to the database (`write`).",
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["job", "kind", "number"], name="ingestjobpart_unique"),
        )

    def __str__(self) -> str:
        return f"job {self.job_id}: {self.kind} part {self.number}"
