"""What an ingest selects and what it reports about it (issue 14, item 7): the expert-validated objects of
the whole HCV, a cone around a position, filters MAST has no row for, candidates without a light curve and
catalogue statistics that disagree with their light curve by more than the catalogue's precision."""

import shutil
import sqlite3
from contextlib import closing

import pytest
from django.core.management import call_command
from django.urls import reverse

from hcvvet.catalog.models import Candidate, FilterStat
from hcvvet.ingest.models import IngestJob, JobState
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.sandbox.server.harness import SandboxServer

M31 = 1045904
M87 = 1072340
NOVA = 1905457

pytestmark = pytest.mark.django_db(transaction=True)


def ingest(**request) -> IngestJob:
    job = job_create(fetch_cutouts=False, **request)
    job.refresh_from_db()
    return job


def universe(db_path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql).fetchall()


def test_expert_validated_alone_selects_every_expert_classified_object(mast, sandbox_db, capsys):
    """The notebook's cell 13: HCVmatch join HCVfilter where ExpertClass > 0, over the whole catalogue."""
    call_command("ingest", "--expert-validated", "--no-cutouts", "--wait")
    assert "succeeded" in capsys.readouterr().out
    expected = universe(sandbox_db, "select MatchID from HCVmatch where ExpertClass > 0")
    assert len(expected) > 1
    # the job's objects; their fields' other objects come as context, summary only (test_field_context.py)
    members = IngestJob.objects.get().members.values_list("candidate_id", flat=True)
    assert set(members) == {m for (m,) in expected}
    rows = universe(
        sandbox_db,
        "select count(*) from HCVfilter f join HCVmatch m on m.MatchID = f.MatchID where m.ExpertClass > 0",
    )
    assert FilterStat.objects.filter(candidate_id__in=members).count() == rows[0][0]
    groups = {
        g for (g,) in universe(sandbox_db, "select distinct GroupID from HCVmatch where ExpertClass > 0")
    }
    assert set(Candidate.objects.values_list("group_id", flat=True).distinct()) == groups


def test_a_cone_around_a_position(mast, sandbox_db, capsys):
    call_command(
        "ingest", "--ra", "187.71637", "--dec", "12.398979", "--radius-arcsec", "30", "--no-cutouts", "--wait"
    )
    assert "succeeded" in capsys.readouterr().out
    job = IngestJob.objects.get()
    assert (job.ra_deg, job.dec_deg, job.radius_arcsec) == (187.71637, 12.398979, 30)
    assert Candidate.objects.filter(pk=NOVA).exists()
    assert set(Candidate.objects.values_list("group_id", flat=True).distinct()) == {M87}
    in_group = universe(sandbox_db, f"select count(*) from HCVmatch where GroupID = {M87}")[0][0]
    assert 0 < Candidate.objects.count() < in_group


def test_a_filter_with_no_row_is_a_warning_in_the_job_result(mast, capsys, client, curator):
    call_command("ingest", "--groups", str(M31), "--filters", "ACS_F814W,ACS_F999X", "--no-cutouts", "--wait")
    job = IngestJob.objects.get()
    assert job.state == JobState.SUCCEEDED
    assert [w for w in job.warnings if "ACS_F999X" in w] != []
    assert not [w for w in job.warnings if "ACS_F814W" in w]
    assert "ACS_F999X" in capsys.readouterr().out
    assert FilterStat.objects.filter(filter="ACS_F814W").exists()
    client.force_login(curator)
    api = client.get(f"/api/ingest-jobs/{job.pk}/").json()
    assert api["warnings"] == job.warnings
    assert "ACS_F999X" in client.get(f"/admin/ingest/ingestjob/{job.pk}/change/").content.decode()
    page = client.get(reverse("ingest:job-detail", args=[job.pk])).content.decode()
    assert "ACS_F999X" in page


@pytest.fixture(scope="module")
def flawed_universe(sandbox_db, tmp_path_factory):
    """A copy of the sandbox universe with the flaws real catalogues have: one variable candidate of M87
    without any HCVdetailed row, one whose catalogue MAD is 0.0019 mag off its light curve's, one whose
    catalogue MAD is off by less than its printed precision (0.00004 mag)."""
    path = tmp_path_factory.mktemp("flawed") / "flawed.sqlite"
    shutil.copy(sandbox_db, path)
    with closing(sqlite3.connect(path)) as conn:
        picks = [
            m
            for (m,) in conn.execute(
                f"select MatchID from HCVmatch where GroupID = {M87} and AutoClass > 0 and MatchID != {NOVA} "
                "order by MatchID limit 3"
            )
        ]
        no_curve, off, close = picks
        conn.execute(f"delete from HCVdetailed where MatchID = {no_curve}")
        conn.execute(f"update HCVfilter set MAD = MAD + 0.0019 where MatchID = {off}")
        conn.execute(f"update HCVfilter set MAD = MAD + 0.00004 where MatchID = {close}")
        conn.commit()
    return {"path": path, "no_curve": no_curve, "off": off, "close": close}


@pytest.fixture
def flawed_mast(flawed_universe, settings, tmp_path):
    with SandboxServer(flawed_universe["path"], user="demo", password="demo", workdir=tmp_path) as sb:
        for setting, name in (
            ("HCVVET_CASJOBS_URL", "casjobs"),
            ("HCVVET_CASJOBS_LOGIN_URL", "casjobs_login"),
            ("HCVVET_CASJOBS_FAST_URL", "casjobs_fast"),
            ("HCVVET_MAST_INVOKE_URL", "mast_invoke"),
        ):
            setattr(settings, setting, sb.urls[name])
        settings.CASJOBS_USERID, settings.CASJOBS_PW = "demo", "demo"
        settings.HCVVET_MAST_TIMEOUT_SECONDS = 3
        settings.HCVVET_INGEST_RETRY_BASE_SECONDS = 0
        yield flawed_universe


def test_a_candidate_without_light_curve_rows_is_flagged(flawed_mast):
    job = ingest(group_ids=[M87])
    assert job.state == JobState.SUCCEEDED, job.error
    missing = flawed_mast["no_curve"]
    assert list(job.members.filter(light_curve_missing=True).values_list("candidate_id", flat=True)) == [
        missing
    ]
    assert job.counts["light_curves_missing"] == 1
    assert [w for w in job.warnings if str(missing) in w and "no light-curve row" in w] != []
    assert not Candidate.objects.get(pk=missing).has_light_curve


def test_statistics_are_checked_at_the_catalogue_precision(flawed_mast):
    ingest(group_ids=[M87])
    flagged = set(Candidate.objects.filter(stats_mismatch=True).values_list("match_id", flat=True))
    assert flawed_mast["off"] in flagged
    assert flawed_mast["close"] not in flagged
    assert FilterStat.objects.filter(candidate_id=flawed_mast["off"], lc_mismatch=True).exists()
