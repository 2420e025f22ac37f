"""List endpoints answer in a fixed number of queries, however many rows the page holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.vetting.campaigns import campaign_create
from hcvvet.vetting.image_flags import image_flag
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.queues import default_campaign
from tests.factories import candidate_with_light_curve

pytestmark = pytest.mark.django_db

LISTS = ["/api/campaigns/", "/api/labels/", "/api/images/", "/api/image-flags/", "/api/ingest-jobs/"]


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, {"page_size": 500}).status_code == 200
    return len(context)


def grow(world, n: int = 5) -> None:
    """n more rows of every listed kind, the curator's own labels included."""
    curator = world.users["curator"]
    for i in range(n):
        candidate = candidate_with_light_curve(match_id=7_000_000 + i, seed=100 + i, n_points=4)
        campaign_create(user=curator, name=f"More {i}", experts=(curator, world.users["expert"]))
        label_submit(campaign=default_campaign(), candidate=candidate, expert=curator, expert_class=4)
        image_flag(image=candidate.measurements.first().image, user=curator, reason="trail")
        job_create(group_ids=[i + 1], created_by=curator, queue=False)


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_rows(clients, world, url):
    client = clients["curator"]
    before = count(client, url)
    grow(world)
    assert count(client, url) == before


def test_adjudication_queue_queries_do_not_grow_with_items(users, clients, world):
    one_dispute = count(clients["curator"], "/api/adjudication/")
    third = world.candidates[2]
    label_submit(campaign=world.blind, candidate=third, expert=users["expert"], expert_class=1)
    label_submit(campaign=world.blind, candidate=third, expert=users["other_expert"], expert_class=2)
    response = clients["curator"].get("/api/adjudication/")
    assert len(response.json()) == 2
    assert count(clients["curator"], "/api/adjudication/") == one_dispute
