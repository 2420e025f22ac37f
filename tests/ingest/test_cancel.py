"""Cancelling an ingest job: a queued job never runs; a cancelled job stops and is not revived."""

import pytest

from hcvvet.catalog.models import Candidate
from hcvvet.ingest.models import JobState
from hcvvet.ingest.services import pipeline
from hcvvet.ingest.services.lifecycle import job_cancel, job_create

pytestmark = pytest.mark.django_db


def test_a_cancelled_job_loads_nothing_and_stays_cancelled(mast):
    job = job_create(group_ids=[69810], fetch_cutouts=False, queue=False)
    assert job_cancel(job)
    assert job.state == JobState.CANCELLED
    assert pipeline.run(job.pk, budget_seconds=60) is True
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert job.error == "Cancelled by a user."
    assert not Candidate.objects.exists()


def test_an_ended_job_cannot_be_cancelled(mast):
    job = job_create(group_ids=[69810], fetch_cutouts=False, queue=False)
    assert pipeline.run(job.pk, budget_seconds=120) is True
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert not job_cancel(job)
    assert job.state == JobState.SUCCEEDED


def test_curators_cancel_through_the_api_and_a_second_cancel_is_a_conflict(mast, client, curator, expert):
    job = job_create(group_ids=[69810], fetch_cutouts=False, queue=False)
    client.force_login(expert)
    assert (
        client.post(f"/api/ingest-jobs/{job.pk}/cancel/", {}, content_type="application/json").status_code
        == 403
    )
    client.force_login(curator)
    response = client.post(f"/api/ingest-jobs/{job.pk}/cancel/", {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assert (
        client.post(f"/api/ingest-jobs/{job.pk}/cancel/", {}, content_type="application/json").status_code
        == 409
    )


def test_a_curator_cancels_from_the_admin_list(mast, client, curator):
    job = job_create(group_ids=[69810], fetch_cutouts=False, queue=False)
    client.force_login(curator)
    response = client.post(
        "/admin/ingest/ingestjob/", {"action": "cancel", "_selected_action": [job.pk]}, follow=True
    )
    assert b"Cancelled 1 job(s)" in response.content
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
