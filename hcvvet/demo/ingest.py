"""The demo data set, queued by `demo_setup`: the sandbox's named fields and random groups, ingested through
the real pipeline."""

from __future__ import annotations

from hcvvet.ingest.models import IngestJob
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.mast.casjobs import CasJobsClient

IC1613_GROUP_ID = 69810


def ingest_demo_groups(user=None, *, client: CasJobsClient | None = None) -> list[IngestJob]:
    """Queue the demo ingests: the IC 1613 cone of 1800" (the notebook's query), then every other group
    MAST lists (M87, M31 and the random groups) by GroupID. Returns the queued jobs."""
    _, rows = (client or CasJobsClient()).query(
        "select GroupID, TargetName from Groups", task_name="hcvvet demo"
    )
    group_ids = sorted(row[0] for row in rows if row[0] != IC1613_GROUP_ID)
    queued = [job_create(target_name="IC 1613", radius_arcsec=1800, created_by=user)]
    queued += [job_create(group_ids=[group_id], created_by=user) for group_id in group_ids]
    return queued
