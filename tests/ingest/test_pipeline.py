"""The ingest pipeline end to end against the sandbox (tasks run eagerly here; see test_worker.py for a
real worker): counts match MAST, re-runs add nothing, faults end as the issue says."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max

from hcvvet.catalog.models import Candidate, Cutout, FilterStat, Image, Measurement
from hcvvet.demo.ingest import ingest_demo_groups
from hcvvet.ingest.models import IngestJob, JobState
from hcvvet.ingest.services.lifecycle import IngestSpecError, job_create, job_rerun
from hcvvet.mast.casjobs import CasJobsClient
from tests.ingest.expected import database_digest, expected_for_group, sandbox_digest, sandbox_groups

M31 = 1045904
M87 = 1072340
IC1613 = 69810

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _small_prefetch(settings):
    settings.HCVVET_INGEST_PREFETCH_CANDIDATES = 2


def ingest(**request) -> IngestJob:
    request.setdefault("fetch_cutouts", False)
    job = job_create(**request)
    job.refresh_from_db()
    return job


def table_sizes() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Candidate, FilterStat, Measurement, Image, Cutout)}


def test_group_ingest_brings_exactly_what_mast_holds(mast, sandbox_db):
    job = ingest(group_ids=[M31])
    assert job.state == JobState.SUCCEEDED, job.error
    expected = expected_for_group(sandbox_db, M31)
    assert {k: job.counts[k] for k in expected} == expected
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)
    top = Candidate.objects.get(pk=5742711)
    assert top.has_light_curve
    assert top.max_mad == pytest.approx(0.8581, abs=1e-4)
    assert FilterStat.objects.filter(candidate__group_id=M31, mad_threshold__isnull=False).exists()
    assert set(job.timings) == {"resolve", "summary", "light_curves", "cutouts"}


def test_cone_ingest_resolves_the_target_and_keeps_constant_objects(mast):
    job = ingest(target_name="IC 1613", radius_arcsec=1800, filters=["ACS_F475W", "ACS_F814W"])
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.ra_deg == pytest.approx(16.2016962)
    assert Candidate.objects.filter(group_id=IC1613, auto_class=0).count() > 1000
    assert not Measurement.objects.filter(candidate__auto_class=0, candidate__hcv_expert_class=0).exists()


def test_rerun_adds_no_rows_and_reports_the_same_counts(mast):
    first = ingest(group_ids=[M87], fetch_cutouts=True)
    before = table_sizes()
    again = job_rerun(first)
    again.refresh_from_db()
    assert again.state == JobState.SUCCEEDED
    assert again.rerun_of == first
    assert table_sizes() == before
    assert again.counts == first.counts


def test_catalogs_api_source_gives_the_same_rows_as_casjobs(mast, sandbox_db):
    job = ingest(group_ids=[M31], source="catalogs")
    assert job.state == JobState.SUCCEEDED, job.error
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)
    assert job.counts["filter_rows"] == expected_for_group(sandbox_db, M31)["filter_rows"]


def test_transient_faults_are_retried_and_change_nothing(mast, sandbox_db):
    mast.faults.set("casjobs", "http_503", next_n=2)
    mast.faults.set("fast", "truncate", next_n=1)
    job = ingest(group_ids=[M31])
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.progress["retry"]["attempt"] >= 1
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)


@pytest.mark.parametrize(
    ("request_fields", "fault", "words"),
    [
        ({"target_name": "No Such Galaxy"}, None, "does not know an object called 'No Such Galaxy'"),
        ({"group_ids": [M31]}, ("login", "reject_login"), "rejected the login"),
        ({"group_ids": [M31]}, ("casjobs", "blocked_403"), "Request ID"),
    ],
)
def test_permanent_faults_fail_the_job_with_a_readable_message(mast, request_fields, fault, words):
    if fault:
        mast.faults.set(*fault)
    job = ingest(**request_fields)
    assert job.state == JobState.FAILED
    assert words in job.error


def test_sql_error_fails_the_job_with_casjobs_message(mast, monkeypatch):
    from hcvvet.ingest.services import plan

    monkeypatch.setattr(plan, "SUMMARY_COLUMNS", plan.SUMMARY_COLUMNS + ", m.NoSuchColumn")
    job = ingest(group_ids=[M31])
    assert job.state == JobState.FAILED
    assert "NoSuchColumn" in job.error


def mydb_tables() -> set[str]:
    _, rows = CasJobsClient().query(
        "SELECT Distinct TABLE_NAME FROM information_schema.TABLES", context="MYDB"
    )
    return {row[0].lower() for row in rows}


@pytest.mark.parametrize("fault", ["quick_too_large", "quick_limit_reworded"])
def test_light_curves_over_the_quick_job_limit_come_through_batch_jobs(mast, sandbox_db, fault):
    """However CasJobs words its quick-job limit, every light-curve batch goes through MyDB: the job
    completes at once (no retry) with exactly MAST's rows, and leaves no MyDB table behind."""
    mast.faults.set("casjobs", fault)
    job = ingest(group_ids=[M31])
    assert job.state == JobState.SUCCEEDED, job.error
    assert "retry" not in job.progress
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)
    lc_table = f"into mydb.hcvvet_ingest_{job.pk}_lc"
    assert any(lc_table in j.query for j in mast.app.casjobs.jobs.values())
    assert not {t for t in mydb_tables() if t.startswith(f"hcvvet_ingest_{job.pk}")}


def test_a_real_sql_error_in_the_light_curves_fails_the_job_once_with_casjobs_message(
    mast, settings, monkeypatch
):
    from hcvvet.ingest.services import plan

    settings.HCVVET_INGEST_MAX_RETRIES = 2
    monkeypatch.setattr(plan, "LIGHT_CURVE_COLUMNS", plan.LIGHT_CURVE_COLUMNS + ", NoSuchColumn")
    job = ingest(group_ids=[M31])
    assert job.state == JobState.FAILED
    assert "NoSuchColumn" in job.error
    assert "retry" not in job.progress  # decided at once, not retried as an outage
    assert not {t for t in mydb_tables() if t.startswith(f"hcvvet_ingest_{job.pk}")}


def test_faults_spread_over_a_long_job_do_not_add_up_to_a_failure(mast, settings, sandbox_db):
    """Retries count failures in a row: more faults in all than the retry limit, but never that many
    without a committed batch between them, and the job succeeds."""
    settings.HCVVET_INGEST_MAX_RETRIES = 2
    settings.HCVVET_INGEST_BATCH_MATCHIDS = 2
    mast.faults.set("casjobs", "http_503", rate=0.25, seed=39)
    job = ingest(group_ids=[M87])
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.progress["retry"]["attempt"] > settings.HCVVET_INGEST_MAX_RETRIES
    assert database_digest(M87) == sandbox_digest(sandbox_db, M87)


def test_faults_in_a_row_fail_the_job_after_the_retry_limit(mast, settings):
    settings.HCVVET_INGEST_MAX_RETRIES = 2
    mast.faults.set("casjobs", "http_503")
    job = ingest(group_ids=[M31])
    assert job.state == JobState.FAILED
    assert "after 3 attempts in a row" in job.error
    assert "HTTP 503" in job.error


@pytest.mark.parametrize(
    ("request_fields", "field"),
    [
        ({"target_name": "IC 1613", "radius_arcsec": 1801}, "radius_arcsec"),
        ({"target_name": "IC 1613", "filters": ["F814W"]}, "filters"),
        ({}, "target_name"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(mast, request_fields, field):
    with pytest.raises(IngestSpecError) as caught:
        job_create(**request_fields)
    assert caught.value.field == field
    assert not IngestJob.objects.exists()


def test_command_waits_and_prints_the_counts(mast, capsys):
    call_command("ingest", "--groups", str(M31), "--no-cutouts", "--wait")
    out = capsys.readouterr().out
    assert "100%" in out
    assert "succeeded" in out
    assert "measurements" in out


def test_command_reports_failures_and_exits_non_zero(mast):
    with pytest.raises(CommandError, match="at most 1800 arcsec"):
        call_command("ingest", "--target", "IC 1613", "--radius-arcsec", "3600")
    with pytest.raises(CommandError, match="does not know an object"):
        call_command("ingest", "--target", "Nowhere 1", "--wait")


def test_undeliverable_cutouts_are_recorded_missing_and_fetched_later(mast, settings):
    from hcvvet.ingest.tasks import retry_missing_cutouts

    mast.faults.set("fitscut", "http_500")
    job = ingest(group_ids=[M31], fetch_cutouts=True)
    assert job.state == JobState.SUCCEEDED
    missing = Cutout.objects.filter(status="missing")
    assert missing.exists()
    assert "HTTP 500" in missing.first().error
    mast.faults.clear()
    retry_missing_cutouts(job.pk)
    assert not Cutout.objects.filter(status="missing").exists()
    ok = Cutout.objects.filter(status="ok").first()
    assert ok.file.read(3) == b"\xff\xd8\xff"


def test_catalogue_statistics_that_disagree_with_the_light_curve_are_flagged(mast):
    job = ingest(group_ids=[M31])
    assert not Candidate.objects.filter(stats_mismatch=True).exists()
    # MAST's summary comes back unchanged on the re-run, so make the stored light curve disagree instead.
    corr_mags = list(Measurement.objects.filter(candidate_id=5742711).values_list("corr_mag", flat=True))
    Measurement.objects.filter(candidate_id=5742711).update(corr_mag=30.0)
    from hcvvet.ingest.services import checks
    from hcvvet.ingest.services.lightcurves import LightCurveRow

    rows = [
        LightCurveRow(m.candidate_id, m.filter, m.mjd, m.image_id, m.mag, m.corr_mag, m.mag_err, m.ci, m.d)
        for m in Measurement.objects.filter(candidate_id=5742711)
    ]
    assert checks.check_statistics(rows) == 1
    assert Candidate.objects.get(pk=5742711).stats_mismatch
    assert job.counts["stats_mismatches"] == 0
    # The light curve agrees again (as MAST serves it): both flags clear, other candidates untouched.
    flagged_before = set(Candidate.objects.filter(stats_mismatch=True).values_list("pk", flat=True))
    restored = [r._replace(corr_mag=c) for r, c in zip(rows, corr_mags, strict=True)]
    assert checks.check_statistics(restored) == 0
    assert not Candidate.objects.get(pk=5742711).stats_mismatch
    assert not FilterStat.objects.filter(candidate_id=5742711, lc_mismatch=True).exists()
    assert flagged_before == {5742711}


def test_demo_ingest_queues_every_sandbox_group(mast, sandbox_db):
    jobs = ingest_demo_groups()
    assert jobs[0].target_name == "IC 1613"
    assert {g for j in jobs[1:] for g in j.group_ids} == sandbox_groups(sandbox_db) - {IC1613}
    for job in jobs:
        job.refresh_from_db()
        assert job.state == JobState.SUCCEEDED, job.error


def test_largest_mad_covers_the_filter_rows_of_earlier_jobs(mast):
    for band in ("ACS_F475W", "ACS_F814W"):
        assert ingest(group_ids=[IC1613], filters=[band]).state == JobState.SUCCEEDED
    both = Candidate.objects.filter(group_id=IC1613, num_filters=2).annotate(largest=Max("filter_stats__mad"))
    assert both.count() > 100
    assert [c.match_id for c in both if c.max_mad != c.largest] == []


def test_cutouts_are_fetched_in_review_queue_order(mast):
    ingest(group_ids=[M87], fetch_cutouts=True)
    fetched = list(Cutout.objects.order_by("fetched_at").values_list("candidate_id", "candidate__max_mad"))
    top = Candidate.objects.filter(group_id=M87, auto_class__gt=0).order_by("-max_mad").first()
    assert fetched[0][0] == top.match_id
    assert [mad for _, mad in fetched] == sorted((mad for _, mad in fetched), reverse=True)
    assert len({match_id for match_id, _ in fetched}) == 2  # HCVVET_INGEST_PREFETCH_CANDIDATES
