"""An ingest that selects only some objects of a field (the expert-validated ones, or MatchIDs) fetches the
field's summary rows too, so the group's one threshold is computed from its whole field: after an
expert-validated-only ingest the M87 nova reads above the threshold, and the review page's table, its
MAD-magnitude plot and the API give the same threshold with the same label (issue 14, item 3)."""

import sqlite3
from contextlib import closing

import numpy as np
import pytest

from hcvvet.catalog import thresholds
from hcvvet.catalog.models import Candidate, FieldThreshold, FilterStat, Measurement
from hcvvet.ingest.models import IngestJob, JobState
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.vetting.queues import default_campaign

M87 = 1072340
NOVA = 1905457
F606W = "ACS_F606W"

pytestmark = pytest.mark.django_db(transaction=True)


def ingest(**request) -> IngestJob:
    job = job_create(fetch_cutouts=False, **request)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    return job


def universe(db_path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql).fetchall()


def test_after_an_expert_validated_ingest_the_nova_reads_above_the_one_threshold_everywhere(
    mast, sandbox_db, client, expert
):
    job = ingest(expert_validated=True)
    validated = {m for (m,) in universe(sandbox_db, "select MatchID from HCVmatch where ExpertClass > 0")}
    assert set(job.members.values_list("candidate_id", flat=True)) == validated
    # the field came too, summary only: every object of M87, light curves for the job's objects alone
    in_m87 = universe(sandbox_db, f"select count(*) from HCVmatch where GroupID = {M87}")[0][0]
    assert Candidate.objects.filter(group_id=M87).count() == in_m87
    assert set(Measurement.objects.values_list("candidate_id", flat=True).distinct()) <= validated
    assert job.counts["candidates"] == len(validated)

    row = FilterStat.objects.get(candidate_id=NOVA, filter=F606W)
    stored = FieldThreshold.objects.get(group_id=M87, filter=F606W)
    field = universe(
        sandbox_db,
        "select count(*), sum(f.FilterDetFlag > 0) from HCVfilter f join HCVmatch m on m.MatchID = f.MatchID "
        f"where m.GroupID = {M87} and f.Filter = '{F606W}' and f.MAD > 0 and f.MeanCorrMag is not null",
    )[0]
    assert (stored.n_rows, stored.n_flagged) == field  # computed from the whole field, not the job's rows
    assert field[1] >= thresholds.MIN_FLAGGED_ROWS  # so the threshold is the catalogue's own boundary
    assert stored.source == thresholds.CATALOGUE
    assert row.mad > 2 * row.mad_threshold
    assert row.mad_threshold_source == thresholds.CATALOGUE
    # the catalogue's own flags in the field agree with the threshold
    flagged = FilterStat.objects.filter(candidate__group_id=M87, filter_det_flag=1)
    above = [r.mad > r.mad_threshold for r in flagged]
    assert sum(above) >= 0.9 * len(above)

    client.force_login(expert)
    page = client.get(f"/review/{default_campaign().pk}/{NOVA}.json").json()
    table = next(f for f in page["filters"] if f["filter"] == F606W)
    plot = client.get(page["context_url"]).json()["madmag"][F606W]
    api = next(f for f in client.get(f"/api/candidates/{NOVA}/").json()["filters"] if f["filter"] == F606W)

    assert table["threshold"] == pytest.approx(api["mad_threshold"], abs=5e-5)
    assert table["mad_over_threshold"] == pytest.approx(api["mad"] / api["mad_threshold"], abs=0.006)
    assert table["mad_over_threshold"] > 2
    on_plot = thresholds.threshold_at(table["mean_corr_mag"], plot["threshold"]["x"], plot["threshold"]["y"])
    assert float(on_plot) == pytest.approx(api["mad_threshold"], rel=2e-3)
    assert (table["threshold_source"], plot["threshold_source"], api["mad_threshold_source"]) == (
        "catalogue boundary",
        "catalogue boundary",
        "catalogue",
    )


def test_a_matchid_ingest_through_the_catalogs_api_brings_the_field_as_context(mast, sandbox_db):
    job = ingest(match_ids=[NOVA], source="catalogs", filters=[F606W])
    assert list(job.members.values_list("candidate_id", flat=True)) == [NOVA]
    in_m87 = universe(
        sandbox_db,
        f"select count(*) from HCVfilter f join HCVmatch m on m.MatchID = f.MatchID "
        f"where m.GroupID = {M87} and f.Filter = '{F606W}'",
    )[0][0]
    assert FilterStat.objects.filter(candidate__group_id=M87, filter=F606W).count() == in_m87
    assert not FilterStat.objects.exclude(filter=F606W).exists()
    assert set(Measurement.objects.values_list("candidate_id", flat=True).distinct()) == {NOVA}
    row = FilterStat.objects.get(candidate_id=NOVA, filter=F606W)
    curve = FieldThreshold.objects.get(group_id=M87, filter=F606W).curve()
    assert row.mad_threshold == pytest.approx(float(curve.at(row.mean_corr_mag)))
    assert row.mad > 2 * row.mad_threshold
    # every row of the field reads the same curve
    rows = FilterStat.objects.filter(candidate__group_id=M87, filter=F606W).exclude(mean_corr_mag=None)
    mags, stored = zip(*rows.values_list("mean_corr_mag", "mad_threshold"), strict=True)
    np.testing.assert_allclose(stored, curve.at(np.asarray(mags)))
