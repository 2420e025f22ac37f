"""A skip takes a candidate out of the expert's queue for good; when nothing else is left, the done page
lists the skipped candidates that still wait for a vote, so a campaign whose only expert skipped one can
still finish."""

import json

import pytest

from hcvvet.vetting.models import CampaignCandidate, ConsensusState
from tests.e2e.review_data import build_review_field
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db


def _post(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _done_page(client, campaign) -> str:
    response = client.get(f"/review/{campaign.pk}/")
    assert response.status_code == 200, response  # not a redirect to a candidate: the queue is done
    return response.content.decode()


def _links(page: str, campaign) -> list[str]:
    return [part.split('"')[0] for part in page.split(f'href="/review/{campaign.pk}/')[1:]]


def test_a_lone_experts_skipped_candidate_is_listed_when_the_queue_is_done_and_can_still_be_labelled(
    client, make_user
):
    ada, bob = make_user("ada", "expert"), make_user("bob", "expert")
    candidates = build_review_field(candidates=4, constants=5, cutouts=False)
    campaign = active_campaign(experts=[ada, bob], candidates=candidates, votes_needed=1, blind=False)
    first, second, third, fourth = candidates
    client.force_login(ada)
    base = f"/review/{campaign.pk}"
    assert _post(client, f"{base}/{first.pk}/skip", {}).status_code == 200
    assert _post(client, f"{base}/{second.pk}/label", {"expert_class": 1}).status_code == 200
    assert _post(client, f"{base}/{third.pk}/skip", {}).status_code == 200
    assert _post(client, f"{base}/{fourth.pk}/label", {"expert_class": 2}).status_code == 200
    # bob decides the third (one vote needed): it no longer waits for anyone
    bob_client = type(client)()
    bob_client.force_login(bob)
    assert _post(bob_client, f"{base}/{third.pk}/label", {"expert_class": 4}).status_code == 200

    page = _done_page(client, campaign)
    assert "You skipped 1 candidate that still waits for a vote" in page
    assert _links(page, campaign) == [f"{first.pk}/"]
    assert "2 / 2 <span" in client.get("/").content.decode()  # the home page: 2 labelled, + 1 skipped
    assert "+ 1 skipped" in client.get("/").content.decode()
    (queue,) = [q for q in client.get("/api/queues/").json() if q["campaign"] == campaign.pk]
    assert (queue["labelled"], queue["total"], queue["skipped"]) == (2, 2, 1)

    assert client.get(f"{base}/{first.pk}/").status_code == 200
    assert _post(client, f"{base}/{first.pk}/label", {"expert_class": 2}).status_code == 200
    item = CampaignCandidate.objects.get(campaign=campaign, candidate=first)
    assert (item.consensus, item.consensus_class) == (ConsensusState.AGREED, 2)
    page = _done_page(client, campaign)
    assert 'id="skipped"' not in page
    assert _links(page, campaign) == []
    (queue,) = [q for q in client.get("/api/queues/").json() if q["campaign"] == campaign.pk]
    assert (queue["labelled"], queue["total"], queue["skipped"]) == (3, 3, 0)
