"""Fetch the light curves of a batch of MatchIDs: one CasJobs query (or one catalogs API search) per batch."""

from __future__ import annotations

from typing import NamedTuple

from hcvvet.ingest.models import IngestJob, Source
from hcvvet.mast import catalogs
from hcvvet.mast.casjobs import CasJobsClient

from . import plan


class LightCurveRow(NamedTuple):
    match_id: int
    filter: str
    mjd: float
    image_name: str
    mag: float | None
    corr_mag: float | None
    mag_err: float | None
    ci: float | None
    d: float | None


def fetch_light_curves(
    job: IngestJob, match_ids: list[int], client: CasJobsClient | None = None, *, table: str | None = None
) -> list[LightCurveRow]:
    """Every HCVdetailed row of `match_ids` (in the job's filters): a quick job, or a batch job into MyDB
    (the job's light-curve table, or `table`) when CasJobs will not run it quick (`CasJobsClient.fetch`)."""
    if job.source == Source.CATALOGS:
        params = plan.catalogs_light_curve_params(job, match_ids)
        return [
            LightCurveRow(
                r["MatchID"],
                r["Filter"],
                r["MJD"],
                r["ImageName"],
                r["Mag"],
                r["CorrMag"],
                r["MagErr"],
                r["CI"],
                r["D"],
            )
            for r in catalogs.iter_rows("hcv", params)
        ]
    client = client or CasJobsClient()
    names, rows = client.fetch(
        plan.light_curve_select(job, match_ids),
        table=table or plan.light_curve_table(job),
        task_name=f"hcvvet ingest {job.pk} light curves",
    )
    return _rows(names, rows)


def _rows(names: list[str], rows) -> list[LightCurveRow]:
    index = {n.lower(): i for i, n in enumerate(names)}
    order = [
        index[c] for c in ("matchid", "filter", "mjd", "imagename", "mag", "corrmag", "magerr", "ci", "d")
    ]
    return [LightCurveRow(*(row[i] for i in order)) for row in rows]
