"""The words "still ingesting" where queue totals are shown (the home page and the candidate page) while an
ingest job is queued or running, and gone once none is: no worker needed, the jobs' states are set as a
worker would set them."""

import pytest

from hcvvet.ingest.models import IngestJob, JobState
from tests.e2e.conftest import log_in, open_candidate
from tests.e2e.review_data import build_review_field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_queue_totals_say_they_still_grow_while_an_ingest_runs(page, live_server, expert):
    (candidate,) = build_review_field(candidates=1, constants=5, n_points=6)
    IngestJob.objects.create(group_ids=[1072340], state=JobState.RUNNING, stage="light_curves")
    IngestJob.objects.create(group_ids=[1045904], state=JobState.QUEUED)
    IngestJob.objects.create(group_ids=[69810], state=JobState.SUCCEEDED, stage="done")
    log_in(page, live_server.url, expert.username)
    note = page.locator("main.queues p.ingesting")
    assert note.inner_text() == "Still ingesting (2 jobs): the totals grow as candidates arrive."
    open_candidate(page, live_server.url, candidate.pk)
    assert page.locator("main#review dd.ingesting").inner_text() == (
        "still ingesting: the queue grows as candidates arrive"
    )

    IngestJob.objects.filter(state__in=[JobState.RUNNING, JobState.QUEUED]).update(state=JobState.SUCCEEDED)
    page.goto(f"{live_server.url}/")
    assert page.locator("main.queues tbody tr").count() == 1
    assert note.count() == 0
    open_candidate(page, live_server.url, candidate.pk)
    assert page.locator("main#review dd.ingesting").count() == 0
    assert page.errors == []
