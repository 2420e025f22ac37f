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
def summary_rows(job: IngestJob, client: CasJobsClient | None = None) -> Iterator[Iterator[SummaryRow]]:
    """The job's summary rows as a stream. CasJobs: `select ... into mydb` then the fast table service."""
    if job.source == Source.CATALOGS:
        yield _catalogs_rows(job)
        return
    client = client or CasJobsClient()
    table = plan.mydb_table(job)
    client.select_into(plan.summary_sql(job), table, task_name=f"hcvvet ingest {job.pk}")
    with client.stream_table(table) as (names, rows):
        index = {name.lower(): i for i, name in enumerate(names)}
        yield (_casjobs_row(row, index) for row in rows)


def _casjobs_row(row: tuple, i: dict[str, int]) -> SummaryRow:
    return SummaryRow(
        match_id=row[i["matchid"]],
        group_id=row[i["groupid"]],
        target_name=row[i["targetname"]] or "",
        sub_group_id=row[i["subgroupid"]],
        ra_deg=row[i["ra"]],
        dec_deg=row[i["dec"]],
        auto_class=row[i["autoclass"]],
        hcv_expert_class=row[i["expertclass"]],
        num_filters=row[i["numfilters"]],
        filter=row[i["filter"]],
        filter_det_flag=row[i["filterdetflag"]],
        var_qual_flag=row[i["varqualflag"]] or "",
        num_lc=row[i["numlc"]],
        mean_mag=row[i["meanmag"]],
        mean_corr_mag=row[i["meancorrmag"]],
        mad=row[i["mad"]],
        chi2=row[i["chi2"]],
    )


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
        yield SummaryRow(
            match_id=r["MatchID"],
            group_id=r["GroupID"],
            target_name=f"Group {r['GroupID']}",
            sub_group_id=r["SubGroupID"],
            ra_deg=r["RA"],
            dec_deg=r["Dec"],
            auto_class=r["AutoClass"],
            hcv_expert_class=r["ExpertClass"],
            num_filters=len(rows),
            filter=r["Filter"],
            filter_det_flag=r["FilterDetFlag"],
            var_qual_flag=r["VarQualFlag"] or "",
            num_lc=r["NumLC"],
            mean_mag=r["MeanMag"],
            mean_corr_mag=r["MeanCorrMag"],
            mad=r["MAD"],
            chi2=r["Chi2"],
        )
