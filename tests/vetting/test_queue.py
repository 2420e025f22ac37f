"""Experts' queues: order, each candidate once, never more votes than needed, leases and their expiry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.catalog.services import bulk_update_column, candidates_mark_light_curve
from hcvvet.vetting.errors import NotAllowed
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Lease
from hcvvet.vetting.queues import (
    default_campaign,
    lease_take,
    next_item,
    pending_candidates,
    queue_neighbours,
    queue_position,
    queue_progress,
    queues_for,
)
from tests.factories import CandidateFactory
from tests.vetting.campaign_helpers import active_campaign


@pytest.fixture
def two_experts(make_user):
    return make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)


def test_default_queue_serves_variable_candidates_highest_mad_first(expert):
    CandidateFactory(match_id=1, auto_class=0, max_mad=0.9)
    CandidateFactory(match_id=2, auto_class=1, max_mad=0.2)
    CandidateFactory(match_id=3, auto_class=2, max_mad=0.6)
    campaign = default_campaign()
    assert next_item(expert=expert, campaign=campaign).candidate_id == 3
    CandidateFactory(match_id=4, auto_class=1, max_mad=0.8)  # ingested later: joins the live queue
    label_submit(
        campaign=campaign,
        candidate=CandidateFactory._meta.model.objects.get(pk=3),
        expert=expert,
        expert_class=1,
    )
    assert next_item(expert=expert, campaign=campaign).candidate_id == 4
    assert queue_progress(expert=expert, campaign=campaign) == (1, 3)
    assert queue_position(campaign=campaign, candidate=CandidateFactory._meta.model.objects.get(pk=2)) == (
        3,
        3,
    )


def test_default_campaign_is_created_once_and_open_to_every_expert(expert, viewer):
    assert default_campaign().pk == default_campaign().pk
    assert [q.campaign.is_default for q in queues_for(expert)] == [True]
    assert queues_for(viewer) == []
    with pytest.raises(NotAllowed):
        next_item(expert=viewer, campaign=default_campaign())


def test_reload_lands_on_the_same_candidate(expert):
    campaign = active_campaign(experts=[expert], votes_needed=1)
    first = next_item(expert=expert, campaign=campaign)
    assert next_item(expert=expert, campaign=campaign).pk == first.pk


def test_labelled_and_skipped_candidates_leave_the_experts_queue(two_experts):
    ada, bob = two_experts
    campaign = active_campaign(experts=[ada, bob], n_candidates=3, votes_needed=2)
    first = next_item(expert=ada, campaign=campaign)
    label_submit(campaign=campaign, candidate=first.candidate, expert=ada, expert_class=1)
    second = next_item(expert=ada, campaign=campaign)
    assert second.candidate_id != first.candidate_id
    label_skip(campaign=campaign, candidate=second.candidate, expert=ada)
    third = next_item(expert=ada, campaign=campaign)
    assert third.candidate_id not in {first.candidate_id, second.candidate_id}
    # Bob still needs to see the first one: it wants two votes.
    assert next_item(expert=bob, campaign=campaign).candidate_id == first.candidate_id


def test_last_needed_vote_is_leased_to_one_expert_until_it_expires(two_experts):
    ada, bob = two_experts
    campaign = active_campaign(experts=[ada, bob], n_candidates=2, votes_needed=1)
    ada_item = next_item(expert=ada, campaign=campaign)
    bob_item = next_item(expert=bob, campaign=campaign)
    assert bob_item.candidate_id != ada_item.candidate_id
    # Ada abandons her page: once her lease expires, the candidate is free for Bob.
    Lease.objects.filter(expert=ada).update(expires_at=timezone.now() - timedelta(seconds=1))
    label_submit(campaign=campaign, candidate=bob_item.candidate, expert=bob, expert_class=2)
    assert next_item(expert=bob, campaign=campaign).candidate_id == ada_item.candidate_id


def test_candidate_with_its_votes_leaves_every_queue(make_user):
    experts = [make_user(name, Role.EXPERT) for name in ("ada", "bob", "cy")]
    campaign = active_campaign(experts=experts, n_candidates=1, votes_needed=2)
    for expert in experts[:2]:
        item = next_item(expert=expert, campaign=campaign)
        label_submit(campaign=campaign, candidate=item.candidate, expert=expert, expert_class=1)
    assert next_item(expert=experts[2], campaign=campaign) is None
    assert queue_progress(expert=experts[2], campaign=campaign) == (0, 0)


def test_neighbours_give_next_candidates_and_the_previous_one(expert):
    campaign = active_campaign(experts=[expert], n_candidates=6, votes_needed=1)
    first = next_item(expert=expert, campaign=campaign)
    label_submit(campaign=campaign, candidate=first.candidate, expert=expert, expert_class=4)
    current = next_item(expert=expert, campaign=campaign)
    neighbours = queue_neighbours(expert=expert, campaign=campaign, item=current, n=3)
    assert neighbours.previous == first.candidate
    order = list(campaign.items.order_by("position").values_list("candidate_id", flat=True))
    assert [c.pk for c in neighbours.next] == order[2:5]


def test_queue_selectors_use_a_fixed_number_of_queries(expert, django_assert_max_num_queries):
    campaign = active_campaign(experts=[expert], n_candidates=30, votes_needed=1)
    for _ in range(5):
        item = next_item(expert=expert, campaign=campaign)
        label_submit(campaign=campaign, candidate=item.candidate, expert=expert, expert_class=1)
    with django_assert_max_num_queries(11):
        item = next_item(expert=expert, campaign=campaign)
    with django_assert_max_num_queries(3):
        queue_neighbours(expert=expert, campaign=campaign, item=item, n=5)
    with django_assert_max_num_queries(2):  # the labelled count and the pending count
        queue_progress(expert=expert, campaign=campaign)
    default_campaign()
    # Two campaigns (the default one and this one): the user's roles, the campaigns, then three counts
    # each (labelled, pending, skipped and still waiting).
    with django_assert_max_num_queries(9):
        summaries = queues_for(expert)
    assert [(s.labelled, s.total) for s in summaries] == [(0, 30), (5, 30)]


def test_frozen_campaign_position_is_the_items_rank(expert, django_assert_max_num_queries):
    candidates = [CandidateFactory(max_mad=0.1 * i) for i in range(1, 5)]
    campaign = active_campaign(experts=[expert], candidates=candidates, votes_needed=1)
    with django_assert_max_num_queries(2):
        assert queue_position(campaign=campaign, candidate=candidates[2]) == (3, 4)
    assert queue_position(campaign=campaign, candidate=CandidateFactory()) is None


def test_live_position_follows_an_ingest_that_changes_the_mad(expert):
    first, _second, third = (CandidateFactory(auto_class=1, max_mad=m) for m in (0.9, 0.5, 0.1))
    campaign = default_campaign()
    assert queue_position(campaign=campaign, candidate=third) == (3, 3)
    bulk_update_column(Candidate, "max_mad", [(third.pk, 2.0)])  # an ingest writes through catalog services
    assert queue_position(campaign=campaign, candidate=third) == (1, 3)
    assert queue_position(campaign=campaign, candidate=first) == (2, 3)
    late = CandidateFactory(auto_class=2, max_mad=0.01)  # not yet in this process's order: read again
    assert queue_position(campaign=campaign, candidate=late) == (4, 4)
    assert queue_position(campaign=campaign, candidate=CandidateFactory(auto_class=0)) is None


def test_a_live_queue_serves_candidates_whose_light_curve_is_stored_first(expert):
    """During an ingest a candidate's row comes before its light curve: the queue does not serve its empty
    plots while a loaded one waits, and serves it by its MAD once its light curve is stored."""
    waiting = CandidateFactory(auto_class=1, max_mad=0.9, has_light_curve=False)
    loaded = [
        CandidateFactory(auto_class=c, max_mad=m, has_light_curve=True) for c, m in ((2, 0.5), (1, 0.2))
    ]
    campaign = default_campaign()
    assert queue_position(campaign=campaign, candidate=waiting) == (3, 3)
    pending = pending_candidates(campaign=campaign, expert=expert)
    assert list(pending.values_list("pk", flat=True)) == [loaded[0].pk, loaded[1].pk, waiting.pk]
    assert candidates_mark_light_curve([waiting.pk, loaded[0].pk]) == 1  # the loader's write: one changed
    assert queue_position(campaign=campaign, candidate=waiting) == (1, 3)  # the order is read again
    assert next_item(expert=expert, campaign=campaign).candidate_id == waiting.pk
    assert queue_progress(expert=expert, campaign=campaign) == (0, 3)


def test_the_first_held_lease_in_a_live_queue_follows_the_light_curves_first_order(expert):
    """A reload lands on the first candidate the expert holds (prefetched ones are held too), in the order
    the queue serves: a loaded light curve before a higher MAD still waiting for its own."""
    waiting = CandidateFactory(auto_class=1, max_mad=0.9, has_light_curve=False)
    loaded = CandidateFactory(auto_class=1, max_mad=0.2, has_light_curve=True)
    campaign = default_campaign()
    for candidate in (waiting, loaded):
        assert lease_take(expert=expert, campaign=campaign, candidate=candidate)
    assert next_item(expert=expert, campaign=campaign).candidate_id == loaded.pk


def test_lease_take_holds_the_last_vote_for_one_expert_until_it_expires(two_experts):
    ada, bob = two_experts
    campaign = active_campaign(experts=[ada, bob], n_candidates=2, votes_needed=1)
    candidate = campaign.items.get(position=1).candidate
    assert lease_take(expert=ada, campaign=campaign, candidate=candidate)
    assert lease_take(expert=ada, campaign=campaign, candidate=candidate)  # renewing is fine
    assert not lease_take(expert=bob, campaign=campaign, candidate=candidate)
    assert next_item(expert=bob, campaign=campaign).position == 0
    Lease.objects.filter(expert=ada).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert lease_take(expert=bob, campaign=campaign, candidate=candidate)
    label_submit(campaign=campaign, candidate=candidate, expert=bob, expert_class=1)
    assert not lease_take(expert=bob, campaign=campaign, candidate=candidate)  # done: nothing to hold


def test_reload_with_prefetch_leases_lands_on_the_first_held_candidate(expert):
    campaign = active_campaign(experts=[expert], n_candidates=5, votes_needed=1)
    current = next_item(expert=expert, campaign=campaign)
    for item in campaign.items.filter(position__in=[3, 1, 2]):
        assert lease_take(expert=expert, campaign=campaign, candidate=item.candidate)
    assert next_item(expert=expert, campaign=campaign).pk == current.pk


def test_progress_counts_what_each_expert_may_still_be_served(make_user):
    """The total of a frozen campaign's progress counts the candidates the queue may still serve: not the
    closed ones, not those done, not those whose remaining votes other experts' live leases hold."""
    ada, bob, cy, dan = (make_user(name, Role.EXPERT) for name in ("ada", "bob", "cy", "dan"))
    campaign = active_campaign(experts=[ada, bob, cy, dan], n_candidates=5, votes_needed=2)
    c0, c1, c2, c3, c4 = (item.candidate for item in campaign.items.order_by("position"))
    for expert in (ada, bob):
        label_submit(campaign=campaign, candidate=c0, expert=expert, expert_class=1)  # c0 has its votes
    label_submit(campaign=campaign, candidate=c1, expert=ada, expert_class=2)  # one vote of two
    assert lease_take(expert=bob, campaign=campaign, candidate=c1)  # ... and bob holds the other
    assert lease_take(expert=bob, campaign=campaign, candidate=c2)
    assert lease_take(expert=cy, campaign=campaign, candidate=c2)  # both votes of c2 leased
    assert lease_take(expert=cy, campaign=campaign, candidate=c4)
    lapsed = timezone.now() - timedelta(seconds=1)
    Lease.objects.filter(expert=cy, item__candidate=c4).update(expires_at=lapsed)
    label_skip(campaign=campaign, candidate=c3, expert=dan)
    progress = {e.username: queue_progress(expert=e, campaign=campaign) for e in (ada, bob, cy, dan)}
    # dan: c4 only (c0 closed, c1 and c2 held by others, c3 skipped; cy's lease on c4 lapsed)
    # bob: his own leases do not count against him; cy: bob's lease of c1 fills it, c2 is hers to vote on
    assert progress == {"ada": (2, 4), "bob": (1, 5), "cy": (0, 3), "dan": (0, 1)}
    for expert in (ada, bob, cy, dan):
        labelled, total = progress[expert.username]
        assert total - labelled == pending_candidates(campaign=campaign, expert=expert).count()
