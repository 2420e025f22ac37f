"""The campaign history in the admin keeps a blind campaign's gold candidates from the curators who vote in it
(issue 16): a campaign event's selection shows its gold keys only to curators who do not vote in the campaign,
and to everyone once it is closed, on the event list and on each event's page."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.vetting.campaigns import campaign_close, campaign_create, campaign_start
from hcvvet.vetting.models import EventKind, LabelEvent
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

EVENTS = "/admin/vetting/labelevent/"


@pytest.fixture
def gold_campaign(make_user):
    """A blind campaign of five candidates, one of them gold, that curator "vera" votes in and "cleo" runs."""
    cleo = make_user("cleo", Role.CURATOR)
    vera = make_user("vera", Role.CURATOR, Role.EXPERT)
    candidates = [CandidateFactory(hcv_expert_class=1 if i == 3 else 0) for i in range(5)]
    gold = candidates[3].pk
    campaign = campaign_create(
        user=cleo,
        name="Gold pilot",
        experts=(vera,),
        selection={"match_ids": [c.pk for c in candidates], "gold_match_ids": [gold], "gold_count": 0},
        votes_needed=1,
        blind=True,
    )
    campaign_start(campaign=campaign, user=cleo)
    return campaign, cleo, vera, gold


def event_pages(client, user, campaign) -> list[str]:
    """The campaign's history as `user` sees it in the admin: the list, then each campaign event's page."""
    client.force_login(user)
    events = LabelEvent.objects.filter(campaign=campaign, kind=EventKind.CAMPAIGN)
    assert events.count() >= 2  # created, started
    pages = [client.get(EVENTS, {"campaign__id__exact": campaign.pk})]
    pages += [client.get(f"{EVENTS}{event.pk}/change/") for event in events]
    assert [page.status_code for page in pages] == [200] * len(pages)
    return [page.content.decode() for page in pages]


def test_a_curator_who_votes_sees_the_history_without_the_gold_keys(client, gold_campaign):
    campaign, _, vera, gold = gold_campaign
    for page in event_pages(client, vera, campaign):
        assert "gold_match_ids" not in page
        assert "gold_count" not in page
        assert "Gold pilot" in page  # the history itself is there, only the gold keys are left out
    listing = event_pages(client, vera, campaign)[0]
    assert "&quot;match_ids&quot;" in listing
    assert str(gold) in listing  # among the selected, as every candidate


def test_a_curator_who_does_not_vote_sees_the_gold_keys(client, gold_campaign):
    campaign, cleo, _, gold = gold_campaign
    pages = event_pages(client, cleo, campaign)
    assert all("gold_match_ids" in page for page in pages)
    assert f"&quot;gold_match_ids&quot;: [{gold}]" in pages[0]


def test_once_the_campaign_is_closed_its_voters_see_the_gold_keys_too(client, gold_campaign):
    campaign, cleo, vera, _ = gold_campaign
    campaign_close(campaign=campaign, user=cleo)
    assert all("gold_match_ids" in page for page in event_pages(client, vera, campaign))
