"""A whole-catalogue ingest spread over every worker process and host: its summary and light-curve stages are
split into parts (`IngestJobPart`), each run as its own short task.

The job's own run (pipeline.run, holding the job's lease) plans a stage's parts once, then hands them to
the queue: the summary as batches of whole groups of about HCVVET_INGEST_PART_SUMMARY_OBJECTS objects
(from CasJobs' count of objects per GroupID, largest batches first), the light curves as batches of
HCVVET_INGEST_PART_MATCHIDS members still without one. A part holds its own lease while it runs (a part
whose worker died is taken over, as a job is) and loads through the same idempotent upserts as a
single-field ingest, so a part run twice writes nothing more; a summary part, holding whole groups, writes
each filter row with its group's MAD threshold (no update of the rows follows). The job's members are only
the objects that get a light curve (`summary.gets_light_curve`): a member row per constant object would be
millions of rows written, and foreign keys checked, for nothing; the job's objects are the catalogue's
(`job_objects`). Each part records the
seconds it spent reading from MAST and writing. The part that finds every part of its stage finished
queues the job's run again, which completes the stage and plans the next one; the job keeps one state. A
part that fails for good fails the job with its reason; a re-run of the job (`lifecycle.job_rerun`) takes
over the summary parts its predecessor finished, with their members and their light curves, and does only
the rest.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from datetime import timedelta
from functools import partial

from django.db import connection, transaction
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from hcvvet.catalog import services as catalog_services
from hcvvet.catalog.models import Candidate, FilterStat
from hcvvet.catalog.services import chunks
from hcvvet.ingest.conf import knob
from hcvvet.ingest.models import IngestJob, IngestJobMember, IngestJobPart, JobState, PartKind, Source
from hcvvet.mast.casjobs import CasJobsClient

from . import loader, plan, state, upsert
from .field_context import selects_part_of_fields
from .lightcurves import fetch_light_curves
from .summary import LIGHT_CURVE_CLASSES, gets_light_curve, summary_rows
from .turns import write_with_retry

# GroupIDs copied per INSERT ... SELECT when a re-run takes over its predecessor's members.
COPY_GROUPS = 500


def fans_out(job: IngestJob) -> bool:
    """Whether the job is a whole-catalogue ingest (CasJobs, no cone, GroupIDs, MatchIDs or partial
    selection): those run as parts. A single-field ingest runs in one task chain as before."""
    return (
        job.source == Source.CASJOBS
        and not job.target_name
        and job.ra_deg is None
        and not job.group_ids
        and not selects_part_of_fields(job)
    )


def light_curve_members(job: IngestJob):
    """Members that get a light curve (`summary.LIGHT_CURVE_CLASSES`)."""
    return job.members.filter(
        Q(*(Q(**{f"candidate__{name}__gt": 0}) for name in LIGHT_CURVE_CLASSES), _connector=Q.OR)
    )


def light_curve_member_ids(job: IngestJob, **marks: bool) -> list[int]:
    """MatchIDs of the light-curve members with the given marks (`light_curve_done=False`, ...), in order."""
    members = light_curve_members(job).filter(**marks).order_by("candidate_id")
    return list(members.values_list("candidate_id", flat=True))


# ------------------------------------------------------------------------------------------ planning


def stage_plan(job: IngestJob, stage: str, client: CasJobsClient) -> bool:
    """Plan the stage's parts unless that was done; True when every part is finished (the stage can be
    completed), False when parts remain for the workers (`runnable_part_ids`).

    Precondition: the caller holds the job's lease."""
    parts = job.parts.filter(kind=stage)
    if not parts.exists():
        if stage == PartKind.SUMMARY:
            _plan_summary(job, client)
        else:
            _plan_light_curves(job)
    progress_sum(job.pk, stage)
    return not parts.filter(finished=False).exists()


def _plan_summary(job: IngestJob, client: CasJobsClient) -> None:
    previous = job.rerun_of.parts.filter(kind=PartKind.SUMMARY) if job.rerun_of else None
    if previous is not None and previous.exists():
        specs = [(p.spec, p.total, p.finished) for p in previous.order_by("number")]
    else:
        names, rows = client.query(plan.GROUP_SIZES_SQL, task_name=f"hcvvet ingest {job.pk} groups")
        index = {n.lower(): i for i, n in enumerate(names)}
        sizes = sorted((int(r[index["groupid"]]), int(r[index["n"]])) for r in rows)
        # Numbered (and queued) largest first, so the workers end the stage together.
        packed = sorted(_pack(sizes), key=lambda part: -part[1])
        specs = [(groups, total, False) for groups, total in packed]
    with transaction.atomic():
        IngestJobPart.objects.bulk_create(
            IngestJobPart(
                job=job,
                kind=PartKind.SUMMARY,
                number=number,
                spec=groups,
                total=total,
                done=total if taken else 0,
                finished=taken,
                finished_at=timezone.now() if taken else None,
            )
            for number, (groups, total, taken) in enumerate(specs, start=1)
        )
        if job.rerun_of is not None:
            _take_over_members(job, job.rerun_of, [g for groups, _, taken in specs if taken for g in groups])


def _pack(sizes: list[tuple[int, int]]) -> list[tuple[list[int], int]]:
    """Whole groups, in GroupID order, into parts of at most the part size (a bigger group alone)."""
    limit = int(knob("HCVVET_INGEST_PART_SUMMARY_OBJECTS"))
    packed: list[tuple[list[int], int]] = []
    groups: list[int] = []
    total = 0
    for group_id, n in sizes:
        if groups and total + n > limit:
            packed.append((groups, total))
            groups, total = [], 0
        groups.append(group_id)
        total += n
    if groups:
        packed.append((groups, total))
    return packed


def _take_over_members(job: IngestJob, previous: IngestJob, group_ids: list[int]) -> None:
    """Make the objects of `group_ids` that `previous` loaded members of `job`, with their light-curve
    marks (one INSERT ... SELECT per batch of groups)."""
    members = IngestJobMember._meta.db_table
    candidates = Candidate._meta.db_table
    for batch in chunks(group_ids, COPY_GROUPS):
        marks = ", ".join(["%s"] * len(batch))
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO {members} (job_id, candidate_id, light_curve_done, light_curve_missing) "  # noqa: S608 (table names from models, values bound)
                f"SELECT %s, m.candidate_id, m.light_curve_done, m.light_curve_missing FROM {members} m "
                f"JOIN {candidates} c ON c.match_id = m.candidate_id WHERE m.job_id = %s "
                f"AND c.group_id IN ({marks}) ON CONFLICT (job_id, candidate_id) DO NOTHING",
                [job.pk, previous.pk, *batch],
            )


def _plan_light_curves(job: IngestJob) -> None:
    todo = light_curve_member_ids(job, light_curve_done=False)
    size = int(knob("HCVVET_INGEST_PART_MATCHIDS"))
    IngestJobPart.objects.bulk_create(
        IngestJobPart(job=job, kind=PartKind.LIGHT_CURVES, number=number, spec=ids, total=len(ids))
        for number, ids in enumerate(chunks(todo, size), start=1)
    )


def runnable_part_ids(job_id: int) -> list[int]:
    """Unfinished parts of the job's current stage that no live run holds: the ones to queue."""
    job = IngestJob.objects.only("stage").get(pk=job_id)
    stale = timezone.now() - timedelta(seconds=float(knob("HCVVET_INGEST_LEASE_SECONDS")))
    return list(
        IngestJobPart.objects.filter(job_id=job_id, kind=job.stage, finished=False)
        .filter(Q(lease_token="") | Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale))
        .order_by("number")
        .values_list("pk", flat=True)
    )


def stale_part_ids(job_id: int | None = None) -> list[int]:
    """Parts of running jobs (of job `job_id`, or of every job) that a run took and stopped renewing (its
    worker died): to queue again."""
    stale = timezone.now() - timedelta(seconds=float(knob("HCVVET_INGEST_LEASE_SECONDS")))
    jobs = {"job_id": job_id} if job_id is not None else {"job__state": JobState.RUNNING}
    return list(
        IngestJobPart.objects.filter(**jobs, finished=False, heartbeat_at__lt=stale)
        .exclude(lease_token="")
        .values_list("pk", flat=True)
    )


def stage_seconds(job: IngestJob, stage: str) -> float:
    """Wall time of a stage's parts: from the first part's start to the last one's end."""
    span = job.parts.filter(kind=stage).aggregate(first=Min("started_at"), last=Max("finished_at"))
    if span["first"] is None or span["last"] is None:
        return 0.0
    return max(0.0, (span["last"] - span["first"]).total_seconds())


def job_objects(job: IngestJob):
    """The MatchIDs of a whole-catalogue job's objects: those with a row in its filters (every object when it
    names none), as a values queryset; None for every object of the catalogue."""
    if not job.filters:
        return None
    return FilterStat.objects.filter(filter__in=job.filters).values("candidate_id")


def missing_filters(job: IngestJob) -> list[str]:
    """The whole-catalogue job's filters of which the catalogue has no row (a name MAST does not know)."""
    return [band for band in job.filters if not FilterStat.objects.filter(filter=band).exists()]


# ------------------------------------------------------------------------------------------ leases


def part_claim(part_id: int, *, lease_seconds: float, worker: str = "") -> str | None:
    """Take the part for one run (by `worker`, named for operators): the lease token, or None when it is
    finished, its job ended, or a live run holds it."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = now - timedelta(seconds=lease_seconds)
    claimed = (
        IngestJobPart.objects.filter(pk=part_id, finished=False, job__state__in=state.ACTIVE_STATES)
        .filter(Q(lease_token="") | Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale))
        .update(lease_token=token, heartbeat_at=now, worker=worker)
    )
    if claimed:
        IngestJobPart.objects.filter(pk=part_id, started_at__isnull=True).update(started_at=now)
    return token if claimed else None


def part_heartbeat(part_id: int, token: str) -> bool:
    """Renew the part's lease, and the job's sign of life (a job with a live part is not stale)."""
    now = timezone.now()
    alive = bool(IngestJobPart.objects.filter(pk=part_id, lease_token=token).update(heartbeat_at=now))
    if alive:
        IngestJob.objects.filter(parts__pk=part_id, lease_token="").update(heartbeat_at=now)
    return alive


def part_release(part_id: int, token: str, *, retry_in_seconds: float = 0.0) -> None:
    """Give the part's lease up; while a retry waits out its backoff the part counts as alive."""
    IngestJobPart.objects.filter(pk=part_id, lease_token=token).update(
        lease_token="",
        heartbeat_at=timezone.now() + timedelta(seconds=retry_in_seconds) if retry_in_seconds else None,
    )


def part_note_failure(part_id: int, message: str) -> int:
    """Count a transient fault of the part; returns its faults in a row (reset when a part run ends well)."""
    part = IngestJobPart.objects.get(pk=part_id)
    part.failures_in_row += 1
    part.error = message
    part.save(update_fields=["failures_in_row", "error"])
    return part.failures_in_row


def part_describe(part: IngestJobPart) -> str:
    """'summary part 3 of 12 (GroupIDs 100-250)', for a job's error."""
    of = IngestJobPart.objects.filter(job_id=part.job_id, kind=part.kind).count()
    ids = "GroupIDs" if part.kind == PartKind.SUMMARY else "MatchIDs"
    span = f"{part.spec[0]}-{part.spec[-1]}" if part.spec else "none"
    return f"{part.get_kind_display()} part {part.number} of {of} ({ids} {span})"


def part_fail(part_id: int, message: str) -> None:
    """Record why the part failed for good and fail its job with that reason."""
    part = IngestJobPart.objects.get(pk=part_id)
    part.error = message
    part.save(update_fields=["error"])
    state.job_fail(part.job_id, f"{part_describe(part)}: {message}")


# ------------------------------------------------------------------------------------------ progress


def progress_sum(job_id: int, stage: str) -> None:
    """The stage's counter on the job: the sum of its parts' (under the job's row lock, as parts on
    several workers report at once)."""
    sums = IngestJobPart.objects.filter(job_id=job_id, kind=stage).aggregate(
        done=Sum("done"), total=Sum("total")
    )
    with transaction.atomic():
        job = IngestJob.objects.select_for_update().only("progress").get(pk=job_id)
        entry = {**job.progress.get(stage, {}), "done": sums["done"] or 0, "total": sums["total"] or 0}
        job.progress = {**job.progress, stage: entry}
        job.save(update_fields=["progress"])


def _part_progress(part: IngestJobPart, done: int) -> None:
    IngestJobPart.objects.filter(pk=part.pk).update(done=min(done, part.total) if part.total else done)
    progress_sum(part.job_id, part.kind)


def _part_finish(part: IngestJobPart) -> None:
    IngestJobPart.objects.filter(pk=part.pk).update(
        finished=True, done=part.total, finished_at=timezone.now(), error="", failures_in_row=0
    )
    progress_sum(part.job_id, part.kind)


def stage_parts_finished(job_id: int, stage: str) -> bool:
    return not IngestJobPart.objects.filter(job_id=job_id, kind=stage, finished=False).exists()


# ------------------------------------------------------------------------------------------ running


def part_run(part_id: int, *, budget_seconds: float, client: CasJobsClient | None = None) -> bool:
    """Load one part; True when it is finished (or its job ended), False when the budget ran out first
    (the task queues it again; it continues after its last committed batch). Errors propagate.

    Precondition: the caller holds the part's lease."""
    part = IngestJobPart.objects.select_related("job").get(pk=part_id)
    job = part.job
    client = client or CasJobsClient()
    deadline = time.monotonic() + budget_seconds
    run = _summary_part if part.kind == PartKind.SUMMARY else _light_curve_part
    if not run(job, part, client, deadline):
        if _active(job):
            return False
        client.drop_table_quietly(plan.part_table(job, part.kind, part.number))  # cancelled or failed
        return True
    _part_finish(part)
    return True


def _active(job: IngestJob) -> bool:
    return IngestJob.objects.filter(pk=job.pk, state__in=state.ACTIVE_STATES).exists()


def _summary_part(job: IngestJob, part: IngestJobPart, client: CasJobsClient, deadline: float) -> bool:
    """The summary rows of the part's groups (every object, in the job's filters), through the part's own
    MyDB table. The part holds whole groups, so each group's MAD thresholds are computed from its rows in
    memory and written with them: no update of every filter row follows (a group the database holds more
    rows of, in filters the job left out or of objects MAST no longer lists, gets them from all its rows
    after all, `filter_thresholds_update`). Summary parts are small enough for one run."""
    groups = IngestJob(pk=job.pk, source=job.source, filters=job.filters, group_ids=part.spec)
    table = plan.part_table(job, part.kind, part.number)
    started = time.monotonic()
    with summary_rows(groups, client, table=table) as stream:
        rows = sorted(stream, key=lambda r: (r.match_id, r.filter))
    read = time.monotonic() - started
    curves = upsert.group_curves(rows)
    seen: set[int] = set()
    for chunk in chunks(rows, upsert.chunk_rows()):
        if not _active(job):
            return False
        write = partial(upsert.upsert_summary_chunk, job, chunk, members=gets_light_curve, curves=curves)
        write_with_retry(write)
        seen.update(r.match_id for r in chunk)
        _part_progress(part, len(seen))
    write_with_retry(lambda: catalog_services.field_thresholds_store(curves))
    written = dict.fromkeys(part.spec, 0) | Counter(r.group_id for r in rows)
    others = catalog_services.groups_with_more_rows(written)
    if others:
        write_with_retry(lambda: catalog_services.filter_thresholds_update(others))
    _part_add_time(part, read=read, write=time.monotonic() - started - read)
    client.drop_table_quietly(table)
    return True


def _light_curve_part(job: IngestJob, part: IngestJobPart, client: CasJobsClient, deadline: float) -> bool:
    """The light curves of the part's MatchIDs not loaded yet, batch after batch, each committed."""
    todo = list(
        job.members.filter(candidate_id__in=part.spec, light_curve_done=False)
        .order_by("candidate_id")
        .values_list("candidate_id", flat=True)
    )
    done = len(part.spec) - len(todo)
    table = plan.part_table(job, part.kind, part.number)
    read = write = 0.0
    try:
        for batch in chunks(todo, int(knob("HCVVET_INGEST_BATCH_MATCHIDS"))):
            if not _active(job):
                return False
            started = time.monotonic()
            rows = fetch_light_curves(job, batch, client, table=table)
            fetched = time.monotonic()
            write_with_retry(lambda batch=batch, rows=rows: loader.load_batch(job, batch, rows))
            read, write = read + fetched - started, write + time.monotonic() - fetched
            done += len(batch)
            _part_progress(part, done)
            if time.monotonic() > deadline:
                return False
    finally:
        _part_add_time(part, read=read, write=write)
    return True


def _part_add_time(part: IngestJobPart, **seconds: float) -> None:
    """Add to the part's seconds per step (`timings`); its runs take turns under its lease."""
    timings = IngestJobPart.objects.values_list("timings", flat=True).get(pk=part.pk)
    total = {step: round(timings.get(step, 0.0) + seconds.get(step, 0.0), 3) for step in {*timings, *seconds}}
    IngestJobPart.objects.filter(pk=part.pk).update(timings=total)


def drop_part_tables(job: IngestJob, client: CasJobsClient) -> None:
    """Best effort: the MyDB tables of the job's unfinished parts (a finished part dropped its own)."""
    for kind, number in job.parts.filter(finished=False).values_list("kind", "number"):
        client.drop_table_quietly(plan.part_table(job, kind, number))
