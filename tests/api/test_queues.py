"""The queue list says "still ingesting" as the pages do (issue 18): `ingesting` is true on every queue while
an ingest job is queued or running, and false once none is; the OpenAPI schema describes it."""

import pytest

from hcvvet.ingest.models import IngestJob, JobState
from tests.conftest import page_client

pytestmark = pytest.mark.django_db


def seen(clients, world) -> tuple[dict[str, bool], str]:
    """Each queue's `ingesting` in the API and the home page's ingest note, as the expert ada reads them."""
    queues = clients["expert"].get("/api/queues/").json()
    home = page_client(world.users["expert"]).get("/").content.decode()
    note = "Still ingesting" if "Still ingesting" in home else ""
    return {queue["name"]: queue["ingesting"] for queue in queues}, note


@pytest.mark.parametrize("active", [JobState.QUEUED, JobState.RUNNING])
def test_each_queue_says_it_is_still_ingesting_while_a_job_is_active_and_not_after(clients, world, active):
    IngestJob.objects.update(state=JobState.SUCCEEDED)  # the scenario's own job is queued
    job = IngestJob.objects.create(group_ids=[69810], state=active)
    IngestJob.objects.create(group_ids=[1045904], state=JobState.SUCCEEDED, stage="done")
    assert seen(clients, world) == ({"Default queue": True, "Blind pilot": True}, "Still ingesting")

    IngestJob.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED)
    assert seen(clients, world) == ({"Default queue": False, "Blind pilot": False}, "")

    IngestJob.objects.create(group_ids=[1072340], state=JobState.FAILED, stage="summary")
    IngestJob.objects.create(group_ids=[1072341], state=JobState.CANCELLED)
    assert seen(clients, world) == ({"Default queue": False, "Blind pilot": False}, "")


def test_the_schema_describes_ingesting(clients):
    schema = clients["viewer"].get("/api/schema/?format=json").json()
    field = schema["components"]["schemas"]["Queue"]["properties"]["ingesting"]
    assert field["type"] == "boolean"
    assert "still ingesting" in field["description"]
    assert "ingesting" in schema["components"]["schemas"]["Queue"]["required"]
