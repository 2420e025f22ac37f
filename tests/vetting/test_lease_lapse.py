"""A lease lapsing for its holder: the expert who left a page open past the lease and then votes."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.vetting.errors import Conflict
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Label, Lease
from hcvvet.vetting.queues import next_item, queue_progress
from tests.vetting.campaign_helpers import active_campaign


def _lapse(expert):
    Lease.objects.filter(expert=expert).update(expires_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def lapsed(make_user) -> SimpleNamespace:
    """Ada's page left open past its lease: of a one-vote campaign of two candidates, ada and bob its experts,
    she was served `held` and her lease on it ran out."""
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    campaign = active_campaign(experts=[ada, bob], n_candidates=2, votes_needed=1)
    held = next_item(expert=ada, campaign=campaign)
    _lapse(ada)
    return SimpleNamespace(ada=ada, bob=bob, campaign=campaign, held=held)


def test_a_lapsed_lease_nobody_took_still_takes_the_holders_vote_and_reload_returns_to_it(lapsed):
    ada, campaign, item = lapsed.ada, lapsed.campaign, lapsed.held
    assert next_item(expert=ada, campaign=campaign).candidate_id == item.candidate_id  # same page on reload
    _lapse(ada)
    label_submit(campaign=campaign, candidate=item.candidate, expert=ada, expert_class=4)
    assert Label.objects.get(expert=ada, candidate=item.candidate).expert_class == 4
    assert queue_progress(expert=ada, campaign=campaign) == (1, 2)


def test_a_lapsed_lease_taken_by_another_expert_refuses_the_holders_vote_and_moves_her_on(lapsed):
    ada, bob, campaign, held = lapsed.ada, lapsed.bob, lapsed.campaign, lapsed.held
    assert next_item(expert=bob, campaign=campaign).candidate_id == held.candidate_id  # free for Bob now
    # Ada comes back to her open page and presses a key: the last vote is Bob's to give.
    with pytest.raises(Conflict) as refused:
        label_submit(campaign=campaign, candidate=held.candidate, expert=ada, expert_class=1)
    assert refused.value.field == "candidate"
    assert not Label.objects.filter(expert=ada).exists()
    assert next_item(expert=ada, campaign=campaign).candidate_id != held.candidate_id
    # Bob votes; Ada's late vote is still refused, and the count of votes stays one.
    label_submit(campaign=campaign, candidate=held.candidate, expert=bob, expert_class=2)
    with pytest.raises(Conflict):
        label_submit(campaign=campaign, candidate=held.candidate, expert=ada, expert_class=1)
    assert list(
        Label.objects.filter(candidate=held.candidate).values_list("expert__username", "expert_class")
    ) == [("bob", 2)]
