"""Fetch a job's summary rows (one per object and filter) from CasJobs or the catalogs API, streamed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from operator import itemgetter

from hcvvet.ingest.models import IngestJob, Source
from hcvvet.mast import catalogs
from hcvvet.mast.casjobs import CasJobsClient

from . import plan


@dataclass(frozen=True, slots=True)
class SummaryRow:
    match_id: int
    group_id: int
    target_name: str
    sub_group_id: int
    ra_deg: float
    dec_deg: float
    auto_class: int
    hcv_expert_class: int  # the catalogue's ExpertClass, not hcvvet's consensus
    num_filters: int
    filter: str
    filter_det_flag: int
    var_qual_flag: str
    num_lc: int
    mean_mag: float | None
    mean_corr_mag: float | None
    mad: float | None
    chi2: float | None


# An object gets a light curve when one of these classes is above 0: a variable candidate (AutoClass) or an
# object an expert classified (the catalogue's ExpertClass). Read here on summary rows and by
# `parts.light_curve_members` on stored candidates.
LIGHT_CURVE_CLASSES = ("auto_class", "hcv_expert_class")


def gets_light_curve(row: SummaryRow) -> bool:
    """Whether the row's object gets a light curve (`LIGHT_CURVE_CLASSES`)."""
    return any((getattr(row, name) or 0) > 0 for name in LIGHT_CURVE_CLASSES)


@contextmanager
def summary_rows(
    job: IngestJob, client: CasJobsClient | None = None, *, table: str | None = None
) -> Iterator[Iterator[SummaryRow]]:
    """The job's summary rows as a stream. CasJobs: `select ... into mydb` (the job's table, or `table`) then
    the fast table service."""
    if job.source == Source.CATALOGS:
        yield _catalogs_rows(job)
        return
    client = client or CasJobsClient()
    table = table or plan.mydb_table(job)
    client.select_into(plan.summary_sql(job, into=table), table, task_name=f"hcvvet ingest {job.pk}")
    with client.stream_table(table) as (names, rows):
        yield _casjobs_rows(names, rows)


# SummaryRow's fields as the HCV names its columns (CasJobs' fast tables spell them in lower case); the
# group's name and NumFilters are not among them for the catalogs API, which has neither.
_COLUMNS = {
    "match_id": "MatchID",
    "group_id": "GroupID",
    "sub_group_id": "SubGroupID",
    "ra_deg": "RA",
    "dec_deg": "Dec",
    "auto_class": "AutoClass",
    "hcv_expert_class": "ExpertClass",
    "filter": "Filter",
    "filter_det_flag": "FilterDetFlag",
    "var_qual_flag": "VarQualFlag",
    "num_lc": "NumLC",
    "mean_mag": "MeanMag",
    "mean_corr_mag": "MeanCorrMag",
    "mad": "MAD",
    "chi2": "Chi2",
}


def _summary_row(values: dict, *, target_name: str, num_filters: int) -> SummaryRow:
    """`values` by HCV column name; a missing VarQualFlag reads as "". The texts that repeat from row to row
    are shared (a summary part holds its rows in memory, parts.py)."""
    by_field = {field: values[column] for field, column in _COLUMNS.items()}
    by_field["filter"] = sys.intern(by_field["filter"])
    by_field["var_qual_flag"] = sys.intern(by_field["var_qual_flag"] or "")
    return SummaryRow(**by_field, target_name=sys.intern(target_name), num_filters=num_filters)


# SummaryRow's fields as CasJobs' fast tables name its columns (the HCV's names in lower case).
_CASJOBS_COLUMNS = {
    **{field: column.lower() for field, column in _COLUMNS.items()},
    "target_name": "targetname",
    "num_filters": "numfilters",
}
_FIELDS = [field.name for field in fields(SummaryRow)]
_TEXTS = [_FIELDS.index(name) for name in ("target_name", "filter", "var_qual_flag")]


def _casjobs_rows(names: list[str], rows: Iterator[tuple]) -> Iterator[SummaryRow]:
    """The fast table's rows as SummaryRows (millions in a whole-catalogue ingest: each row's values are
    taken in one step); a missing TargetName or VarQualFlag reads as "", and those texts and the filter's
    name are shared from row to row as in `_summary_row`."""
    index = {name.lower(): i for i, name in enumerate(names)}
    pick = itemgetter(*(index[_CASJOBS_COLUMNS[name]] for name in _FIELDS))
    for row in rows:
        values = list(pick(row))
        for i in _TEXTS:
            values[i] = sys.intern(values[i] or "")
        yield SummaryRow(*values)


def _catalogs_rows(job: IngestJob) -> Iterator[SummaryRow]:
    """The catalogs API has no TargetName or NumFilters: the group is named by its GroupID and NumFilters
    counted from the rows seen (rows come sorted by MatchID)."""
    for params in plan.catalogs_summary_params(job):
        pending: list[dict] = []
        for row in catalogs.iter_rows("hcvsummary", params):
            if pending and pending[0]["MatchID"] != row["MatchID"]:
                yield from _catalogs_object(pending)
                pending = []
            pending.append(row)
        yield from _catalogs_object(pending)


def _catalogs_object(rows: list[dict]) -> Iterator[SummaryRow]:
    for r in rows:
        yield _summary_row(r, target_name=f"Group {r['GroupID']}", num_filters=len(rows))
