"""The field context of an ingest that selects only some objects of its groups (MatchIDs, the
expert-validated objects, or AutoClass >= 1): the summary rows of every object of those groups, in the
job's filters, are fetched too. Summary only: no light curve, and those objects do not become members of
the job. So the review page has the field's MAD-magnitude context, and each group's one threshold
(catalog/thresholds.py) is computed from its whole field, as after an ingest of the group."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from hcvvet.catalog.services import chunks
from hcvvet.ingest.models import IngestJob
from hcvvet.mast.casjobs import CasJobsClient

from . import upsert
from .summary import summary_rows


def selects_part_of_fields(job: IngestJob) -> bool:
    """Whether the job's selection leaves out objects of the groups it touches (a cone or a GroupID
    selection brings the constant objects in it already)."""
    return bool(job.match_ids or job.expert_validated or job.autoclass_min)


def field_context_load(
    job: IngestJob,
    client: CasJobsClient,
    group_ids: Iterable[int],
    *,
    write: Callable[[Callable[[], None]], None],
) -> int:
    """Upsert the summary rows of every object of `group_ids` (in the job's filters) when the job selects
    only part of them; `write` runs each chunk's transaction (the pipeline's write turn). Safe to repeat: rows
    already held are not rewritten. Returns summary rows read.

    The rows go through the job's own MyDB table (the job's summary rows have been read from it by then),
    so the table is dropped with the job's others."""
    groups = sorted(set(group_ids))
    if not groups or not selects_part_of_fields(job):
        return 0
    field = IngestJob(pk=job.pk, source=job.source, filters=job.filters, group_ids=groups)
    read = 0
    with summary_rows(field, client) as rows:
        for chunk in chunks(rows, upsert.chunk_rows()):
            write(partial(upsert.upsert_summary_chunk, job, chunk, members=upsert.no_row))
            read += len(chunk)
    return read
