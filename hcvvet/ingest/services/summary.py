"""Fetch a job's summary rows (one per object and filter) from CasJobs or the catalogs API, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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
        index = {name.lower(): i for i, name in enumerate(names)}
        yield (_casjobs_row(row, index) for row in rows)


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
    """`values` by HCV column name; a missing VarQualFlag reads as ""."""
    fields = {field: values[column] for field, column in _COLUMNS.items()}
    fields["var_qual_flag"] = fields["var_qual_flag"] or ""
    return SummaryRow(**fields, target_name=target_name, num_filters=num_filters)


def _casjobs_row(row: tuple, i: dict[str, int]) -> SummaryRow:
    values = {column: row[i[column.lower()]] for column in _COLUMNS.values()}
    return _summary_row(values, target_name=row[i["targetname"]] or "", num_filters=row[i["numfilters"]])


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
