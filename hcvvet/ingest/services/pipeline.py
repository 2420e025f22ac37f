"""The ingest pipeline: resolve -> summary -> light curves -> cutouts, each stage resumable.

A run works until its time budget is spent, or until the job reaches a stage that another queue's workers do
(the cutouts), and then reports that it is not finished (the task queues the next run where that stage is
done: hcvvet.ingest.tasks.queue_run). Completed stages are recorded on the job and skipped by later runs;
inside the light-curve stage each batch is committed with its members marked done, so a killed run loses at
most one uncommitted batch.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Collection

from django.db.models import Count

from hcvvet.catalog import services as catalog_services
from hcvvet.catalog.models import Candidate, Cutout, CutoutStatus, FilterStat, Measurement
from hcvvet.catalog.services import chunks
from hcvvet.ingest.conf import knob
from hcvvet.ingest.models import IngestJob, IngestJobMember, Source
from hcvvet.mast.casjobs import CasJobsClient
from hcvvet.mast.errors import MastError

from . import cutouts, field_context, loader, parts, plan, state, upsert
from .lightcurves import fetch_light_curves
from .parts import light_curve_members
from .summary import summary_rows
from .turns import write_with_retry

log = logging.getLogger(__name__)
# MatchIDs a warning about missing light curves names.
MISSING_SHOWN = 20


def run(
    job_id: int,
    *,
    budget_seconds: float,
    client: CasJobsClient | None = None,
    stages: Collection[str] = state.STAGES,
) -> bool:
    """Advance the job through `stages`; True when it ended (succeeded, cancelled, or failed on a permanent
    fault), False when the budget ran out first or the job stands at a stage with work that is not one of
    `stages`. Transient `MastError`s propagate so the task retries with backoff. The
    MyDB tables the job created are dropped whenever it ends here (the task drops them when it gives up).

    Precondition: the caller holds the job's lease.
    """
    job = IngestJob.objects.get(pk=job_id)
    deadline = time.monotonic() + budget_seconds
    client = client or CasJobsClient()
    work = {
        "resolve": lambda: _resolve(job),
        "summary": lambda: _summary(job, client),
        "light_curves": lambda: _light_curves(job, client, deadline),
        "cutouts": lambda: _cutouts(job),
    }
    try:
        for stage in state.STAGES:
            if state.job_cancelled(job.pk):
                drop_mydb_tables(job.pk, client)
                return True
            if state.stage_completed(job, stage):
                continue
            if stage not in stages and stage_has_work(job, stage):
                return False
            state.job_start_stage(job, stage)
            started = time.monotonic()
            finished = work[stage]()
            if not finished:
                state.job_add_time(job, stage, time.monotonic() - started)
                if state.job_cancelled(job.pk):
                    drop_mydb_tables(job.pk, client)
                    return True
                return False
            state.job_finish_stage(job, stage, time.monotonic() - started)
    except MastError as e:
        if e.retryable:
            raise
        state.job_fail(job.pk, e.message)
        drop_mydb_tables(job.pk, client)
        return True
    state.job_succeed(job, job_counts(job))
    drop_mydb_tables(job.pk, client)
    return True


def next_stage(job: IngestJob) -> str | None:
    """The first stage the job has not completed (None once every one is)."""
    return next((s for s in state.STAGES if not state.stage_completed(job, s)), None)


def stage_has_work(job: IngestJob, stage: str) -> bool:
    """False for a stage the job's request skips (cutouts when it asked for none), which any run completes."""
    return stage != "cutouts" or job.fetch_cutouts


def _resolve(job: IngestJob) -> bool:
    plan.resolve_target(job)
    return True


def _summary(job: IngestJob, client: CasJobsClient) -> bool:
    if parts.fans_out(job):
        return _stage_in_parts(job, "summary", client)
    done = 0
    per_filter: Counter[str] = Counter()
    with summary_rows(job, client) as rows:
        for chunk in chunks(rows, upsert.chunk_rows()):
            write_with_retry(lambda chunk=chunk: upsert.upsert_summary_chunk(job, chunk))
            per_filter.update(r.filter for r in chunk)
            done += len(chunk)
            state.job_progress(job, "summary", done=done)
    state.job_warn(job, [_no_row_warning(band) for band in job.filters if not per_filter[band]])
    members = job.members.values_list("candidate_id", flat=True)
    groups = list(
        Candidate.objects.filter(pk__in=members).values_list("group_id", flat=True).order_by().distinct()
    )
    field_context.field_context_load(job, client, groups, write=write_with_retry)
    write_with_retry(lambda: catalog_services.filter_thresholds_update(groups))
    state.job_progress(job, "summary", done=done, total=done)
    return True


def _stage_in_parts(job: IngestJob, stage: str, client: CasJobsClient) -> bool:
    """A whole-catalogue job's stage: plan its parts (once) and hand them to the workers (the task queues
    them); once every part is finished, add the parts' wall time and the stage's warnings."""
    if not parts.stage_plan(job, stage, client):
        return False
    job.refresh_from_db(fields=["progress", "timings", "warnings"])
    if stage == "summary":
        state.job_warn(job, [_no_row_warning(band) for band in parts.missing_filters(job)])
    else:
        _warn_missing_light_curves(job)
    state.job_add_time(job, stage, parts.stage_seconds(job, stage))
    return True


def _no_row_warning(band: str) -> str:
    return f"Filter {band}: MAST returned no row for it in this selection (check the name)."


def _light_curves(job: IngestJob, client: CasJobsClient, deadline: float) -> bool:
    if parts.fans_out(job):
        return _stage_in_parts(job, "light_curves", client)
    wanted = light_curve_members(job)
    total = wanted.count()
    todo = parts.light_curve_member_ids(job, light_curve_done=False)
    done = total - len(todo)
    state.job_progress(job, "light_curves", done=done, total=total)
    for batch in chunks(todo, int(knob("HCVVET_INGEST_BATCH_MATCHIDS"))):
        rows = fetch_light_curves(job, batch, client)
        write_with_retry(lambda batch=batch, rows=rows: loader.load_batch(job, batch, rows))
        done += len(batch)
        state.job_progress(job, "light_curves", done=done, total=total)
        if time.monotonic() > deadline or state.job_cancelled(job.pk):
            return False
    _warn_missing_light_curves(job)
    return True


def _warn_missing_light_curves(job: IngestJob) -> None:
    missing = parts.light_curve_member_ids(job, light_curve_missing=True)
    if missing:
        shown = ", ".join(str(m) for m in missing[:MISSING_SHOWN])
        more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
        state.job_warn(
            job, [f"{len(missing)} candidate(s) have no light-curve row at MAST: MatchID {shown}{more}."]
        )


def _cutouts(job: IngestJob) -> bool:
    if not job.fetch_cutouts:
        return True
    chosen = cutouts.prefetch_candidates(job.members.values_list("candidate_id", flat=True))
    cutouts.cutouts_plan(chosen)
    cutouts.cutouts_fetch(
        chosen, progress=lambda done, total: state.job_progress(job, "cutouts", done=done, total=total)
    )
    return True


def job_counts(job: IngestJob) -> dict[str, int]:
    """What the job brought in, counted in the database over the job's objects (same for a re-run): its
    members, or for a whole-catalogue job the catalogue's objects in its filters (`parts.job_objects`)."""
    if parts.fans_out(job):
        members = parts.job_objects(job)
    else:
        members = IngestJobMember.objects.filter(job=job).values_list("candidate_id", flat=True)

    def of_objects(model, field: str = "candidate_id"):
        rows = model.objects.all()
        return rows if members is None else rows.filter(**{f"{field}__in": members})

    candidates = of_objects(Candidate, "pk")
    measurements = of_objects(Measurement)
    cutout_rows = of_objects(Cutout)
    summary = candidates.aggregate(n=Count("pk"), groups=Count("group_id", distinct=True))
    return {
        "groups": summary["groups"],
        "candidates": summary["n"],
        "variable_candidates": candidates.filter(auto_class__gt=0).count(),
        "filter_rows": of_objects(FilterStat).count(),
        "measurements": measurements.count(),
        "images": measurements.values("image_id").distinct().count(),
        "cutouts": cutout_rows.filter(status=CutoutStatus.OK).count(),
        "cutouts_missing": cutout_rows.filter(status=CutoutStatus.MISSING).count(),
        "stats_mismatches": candidates.filter(stats_mismatch=True).count(),
        "light_curves_missing": IngestJobMember.objects.filter(job=job, light_curve_missing=True).count(),
    }


def drop_mydb_tables(job_id: int, client: CasJobsClient | None = None) -> None:
    """MyDB space is limited: remove the tables the job created, when it ends however it ends. Best effort:
    a MAST error is logged (after a failure MAST may well still be down)."""
    job = IngestJob.objects.get(pk=job_id)
    if job.source != Source.CASJOBS or job.stage in ("", "resolve"):  # it made no table yet
        return
    client = client or CasJobsClient()
    for table in (plan.mydb_table(job), plan.light_curve_table(job)):
        client.drop_table_quietly(table)
    parts.drop_part_tables(job, client)
