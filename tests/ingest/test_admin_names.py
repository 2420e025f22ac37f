"""Ingest jobs in the admin are told apart by what they fetch, their state and when they were asked for
(issue 18: every job was named "selection (succeeded)")."""

import re

import pytest
from django.utils import timezone

from hcvvet.ingest.models import IngestJob, JobState
from hcvvet.ingest.services.lifecycle import job_create

pytestmark = pytest.mark.django_db

JOBS = "/admin/ingest/ingestjob/"


@pytest.fixture
def jobs(curator):
    by_target = job_create(target_name="M87", filters=["ACS_F606W"], created_by=curator, queue=False)
    by_cone = job_create(ra_deg=187.70593, dec_deg=12.39112, radius_arcsec=90, queue=False)
    by_groups = job_create(group_ids=[69810, 69811], queue=False)
    by_match_ids = job_create(match_ids=[1905457, 1905458, 1905459, 5742711, 5742712], queue=False)
    IngestJob.objects.filter(pk=by_target.pk).update(state=JobState.SUCCEEDED)
    IngestJob.objects.filter(pk=by_match_ids.pk).update(state=JobState.FAILED)
    return [IngestJob.objects.get(pk=job.pk) for job in (by_target, by_cone, by_groups, by_match_ids)]


def _on(job: IngestJob) -> str:
    return f"{timezone.localtime(job.created_at):%Y-%m-%d %H:%M}"


def test_each_job_is_named_by_what_it_fetches_its_state_and_date(jobs):
    target, cone, groups, match_ids = jobs
    assert str(target) == f"Ingest #{target.pk}: M87 in ACS_F606W, succeeded, {_on(target)}"
    assert str(cone) == (
        f"Ingest #{cone.pk}: cone RA 187.70593 Dec +12.39112, radius 90″, queued, {_on(cone)}"
    )
    assert str(groups) == f"Ingest #{groups.pk}: GroupIDs 69810, 69811, queued, {_on(groups)}"
    assert str(match_ids) == (
        f"Ingest #{match_ids.pk}: MatchIDs 1905457, 1905458, 1905459 and 2 more, failed, {_on(match_ids)}"
    )
    assert len({str(job) for job in jobs}) == len(jobs)


def test_the_admin_list_and_pages_show_the_names(client, curator, jobs):
    client.force_login(curator)
    listed = client.get(JOBS).content.decode()
    for text in ("M87 in ACS_F606W", "cone RA 187.70593", "GroupIDs 69810, 69811", "and 2 more"):
        assert text in listed
    assert "selection (" not in listed
    target = jobs[0]
    page = client.get(f"{JOBS}{target.pk}/change/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert f"Ingest #{target.pk}: M87 in ACS_F606W, succeeded" in title
