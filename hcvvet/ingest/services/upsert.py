"""Set-based upsert of summary rows: groups, candidates (constant objects too), filter rows, job members.

Each table gets one `INSERT ... ON CONFLICT DO UPDATE` per chunk (`catalog.services.bulk_upsert`), and
a row whose catalogue values did not change is not rewritten, so a re-run writes nothing.
Rows are sorted by their natural keys, so two jobs upserting overlapping rows take row locks in the same
order and cannot deadlock each other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from operator import attrgetter

from django.db import connection
from django.utils import timezone

from hcvvet.catalog.models import Candidate, FilterStat, Group, fresh_version
from hcvvet.catalog.selectors import THRESHOLD_INPUTS, threshold_curves_of_rows
from hcvvet.catalog.services import bulk_upsert, candidates_refresh_max_mad, catalog_writes, thresholds_at
from hcvvet.catalog.thresholds import ThresholdCurve
from hcvvet.ingest.models import IngestJob, IngestJobMember

from .summary import SummaryRow

# Summary rows per transaction. SQLite (the embedded mode) has one writer at a time and a label save waits
# for the ingest transaction in progress: measured with benchmarks.bench_demo_writes (issue 13, no report
# triggers), chunks of 5000 rows made a save wait up to 0.85 s during the summary stage, chunks of 1000 at
# most 0.25 s. On PostgreSQL a label save never waits for the ingest (row locks); larger chunks are cheaper.
CHUNK_ROWS = 5000
SQLITE_CHUNK_ROWS = 1000
CANDIDATE_COLUMNS = (
    "match_id",
    "group_id",
    "sub_group_id",
    "ra_deg",
    "dec_deg",
    "auto_class",
    "hcv_expert_class",
    "num_filters",
)
CANDIDATE_WRITE = (
    *CANDIDATE_COLUMNS,
    "max_mad",
    "stats_mismatch",
    "needs_review",
    "has_light_curve",
    "updated_at",
)
FILTER_COLUMNS = ("candidate_id", *FilterStat.HCV_COLUMNS)
_MEMBER_COLUMNS = ("job_id", "candidate_id", "light_curve_done", "light_curve_missing")
THRESHOLD_COLUMNS = ("mad_threshold", "mad_threshold_source")
# A summary row's inputs to its group's threshold, in THRESHOLD_INPUTS order (the object's AutoClass is on
# the row itself).
_threshold_inputs = attrgetter(*(name.removeprefix("candidate__") for name in THRESHOLD_INPUTS))
# The MAD threshold curves of groups, by GroupID, then filter.
GroupCurves = dict[int, dict[str, ThresholdCurve]]


def chunk_rows() -> int:
    """Summary rows per `upsert_summary_chunk` call on the current database."""
    return SQLITE_CHUNK_ROWS if connection.vendor == "sqlite" else CHUNK_ROWS


def group_curves(rows: Sequence[SummaryRow]) -> GroupCurves:
    """The MAD threshold curves of the groups of `rows`, each from its rows here, which must be ALL the
    group's filter rows, in (MatchID, filter) order (as `catalog_services.filter_thresholds_update` reads
    them from the database, so the curves are the ones it would compute)."""
    by_group: defaultdict[int, list[tuple]] = defaultdict(list)
    for r in rows:
        by_group[r.group_id].append(_threshold_inputs(r))
    return {group_id: threshold_curves_of_rows(inputs) for group_id, inputs in by_group.items()}


def every_row(row: SummaryRow) -> bool:
    return True


def no_row(row: SummaryRow) -> bool:
    return False


def upsert_summary_chunk(
    job: IngestJob,
    rows: list[SummaryRow],
    *,
    members: Callable[[SummaryRow], bool] = every_row,
    curves: GroupCurves | None = None,
) -> None:
    """Upsert one chunk of summary rows in one transaction, with each candidate's largest MAD, and make the
    objects of the rows `members` accepts members of the job (`no_row` for a field's context,
    field_context.py; only those that get a light curve for a whole-catalogue part, parts.py). With the
    `curves` of the rows' groups (`group_curves`) each filter row is written with its MAD threshold, so no
    update of it follows. Safe to repeat. An object whose filter rows are not all in the chunk (split over
    chunks, or a job limited to some filters) gets its largest MAD recomputed from every filter row the
    database holds."""
    groups = {r.group_id: r.target_name for r in rows}
    candidates = {r.match_id: r for r in rows}
    seen: Counter[int] = Counter(r.match_id for r in rows)
    largest: dict[int, float] = {}
    for r in rows:
        if r.mad is not None and r.mad > largest.get(r.match_id, -1.0):
            largest[r.match_id] = r.mad
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Everything is built before the transaction, which then only writes.
    candidate_rows = [
        (
            *(m, r.group_id, r.sub_group_id, r.ra_deg, r.dec_deg, r.auto_class, r.hcv_expert_class),
            *(r.num_filters, largest.get(m), False, False, False, now),
        )
        for m, r in sorted(candidates.items())
    ]
    by_key = sorted(rows, key=lambda r: (r.match_id, r.filter))
    marks = _thresholds(by_key, curves) if curves is not None else [()] * len(by_key)
    written = THRESHOLD_COLUMNS if curves is not None else ()
    filter_rows = [
        (
            *(r.match_id, r.filter, r.filter_det_flag, r.var_qual_flag, r.num_lc),
            *(r.mean_mag, r.mean_corr_mag, r.mad, r.chi2, False, *mark),
        )
        for r, mark in zip(by_key, marks, strict=True)
    ]
    member_ids = sorted({r.match_id for r in rows if members(r)})
    split = [m for m, r in sorted(candidates.items()) if seen[m] != r.num_filters]
    split_ids = set(split)
    # The versions of the chunk's groups move with the catalog's when any of its rows changed (the review
    # page's field context keys on them): a new group's rows are new, so it starts with a fresh one too.
    touched = sorted(groups)
    with catalog_writes():  # the catalog version moves once, as the last write
        bulk_upsert(
            Group,
            ("group_id", "target_name", "data_version"),
            [(group_id, name, fresh_version()) for group_id, name in sorted(groups.items())],
            conflict=("group_id",),
        )
        # A split object's largest MAD in this chunk is partial: it is not written over the stored one (a
        # re-run would rewrite the row twice); candidates_refresh_max_mad sets it from every filter row.
        whole = [row for row in candidate_rows if row[0] not in split_ids]
        partial = [row for row in candidate_rows if row[0] in split_ids]
        bulk_upsert(
            Candidate,
            CANDIDATE_WRITE,
            whole,
            conflict=("match_id",),
            update=(*CANDIDATE_COLUMNS[1:], "max_mad"),
            groups=touched,
        )
        bulk_upsert(
            Candidate,
            CANDIDATE_WRITE,
            partial,
            conflict=("match_id",),
            update=CANDIDATE_COLUMNS[1:],
            groups=touched,
        )
        bulk_upsert(
            FilterStat,
            (*FILTER_COLUMNS, "lc_mismatch", *written),
            filter_rows,
            conflict=("candidate_id", "filter"),
            update=(*FILTER_COLUMNS[2:], *written),
            groups=touched,
        )
        _members_add(job, member_ids)
        candidates_refresh_max_mad(split)


def _thresholds(rows: list[SummaryRow], curves: GroupCurves) -> list[tuple[float | None, str | None]]:
    """Each row's (`mad_threshold`, `mad_threshold_source`) from its group's curves, in the rows' order."""
    at: defaultdict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        at[r.group_id].append(i)
    marks: list[tuple[float | None, str | None]] = [(None, None)] * len(rows)
    for group_id, indexes in at.items():
        mine = [rows[i] for i in indexes]
        values = thresholds_at(curves[group_id], [r.filter for r in mine], [r.mean_corr_mag for r in mine])
        for i, mark in zip(indexes, values, strict=True):
            marks[i] = mark
    return marks


def _members_add(job: IngestJob, match_ids: list[int]) -> None:
    """Make the objects `match_ids` (sorted) members of `job`, those already members unchanged. PostgreSQL:
    one INSERT of an array of MatchIDs (one value per member sent, no staging table: a whole-catalogue ingest
    writes millions of members); SQLite: `bulk_upsert`."""
    if not match_ids:
        return
    if connection.vendor != "postgresql":
        rows = [(job.pk, m, False, False) for m in match_ids]
        bulk_upsert(IngestJobMember, _MEMBER_COLUMNS, rows, conflict=("job_id", "candidate_id"))
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {IngestJobMember._meta.db_table} ({', '.join(_MEMBER_COLUMNS)}) "  # noqa: S608 (names from the model and a constant, values bound)
            "SELECT %s, m, false, false FROM unnest(%s::bigint[]) AS m ORDER BY m "
            "ON CONFLICT (job_id, candidate_id) DO NOTHING",
            [job.pk, match_ids],
        )
