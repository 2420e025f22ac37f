"""Blind campaigns: an expert sees neither the other labels, the consensus nor the catalogue class before
voting."""

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.labels import label_history, label_submit
from hcvvet.vetting.models import ConsensusRule
from hcvvet.vetting.visibility import visibility_for, visible_candidates, visible_labels
from tests.factories import CandidateFactory
from tests.vetting.campaign_helpers import active_campaign


def test_two_experts_in_a_blind_campaign_see_only_their_own_until_they_vote(make_user, viewer, curator):
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    # AutoClass 0: outside the default campaign, which would hide it from both experts until they vote there.
    star = CandidateFactory(hcv_expert_class=1, auto_class=0)
    campaign = active_campaign(
        experts=[ada, bob], candidates=[star], votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    label_submit(campaign=campaign, candidate=star, expert=ada, expert_class=4, comment="spike")

    seen_by_bob = visibility_for(user=bob, campaign=campaign, candidate=star)
    assert (seen_by_bob.other_labels, seen_by_bob.consensus, seen_by_bob.catalogue_class) == (
        False,
        False,
        False,
    )
    assert visible_labels(user=bob, campaign=campaign, candidate=star) == []
    assert label_history(star, bob) == []
    assert visible_candidates(Candidate.objects.filter(pk=star.pk), bob).get().classes_hidden
    assert not visible_candidates(Candidate.objects.filter(pk=star.pk), ada).get().classes_hidden
    # Ada voted: she sees everything there is, which is only her own label so far.
    assert visibility_for(user=ada, campaign=campaign, candidate=star).catalogue_class
    assert [lab.expert for lab in visible_labels(user=ada, campaign=campaign, candidate=star)] == [ada]

    label_submit(campaign=campaign, candidate=star, expert=bob, expert_class=1)
    assert [lab.expert for lab in visible_labels(user=bob, campaign=campaign, candidate=star)] == [ada, bob]
    assert [lab.expert for lab in visible_labels(user=ada, campaign=campaign, candidate=star)] == [ada, bob]
    assert len(label_history(star, bob)) == 2
    # A viewer sees the public catalogue class but no labels while the campaign runs; a curator sees all.
    seen_by_viewer = visibility_for(user=viewer, campaign=campaign, candidate=star)
    assert (seen_by_viewer.other_labels, seen_by_viewer.catalogue_class) == (False, True)
    assert len(visible_labels(user=curator, campaign=campaign, candidate=star)) == 2


def test_open_campaign_hides_nothing(make_user):
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    star = CandidateFactory(auto_class=0)  # outside the (blind) default campaign
    campaign = active_campaign(experts=[ada, bob], candidates=[star], blind=False)
    label_submit(campaign=campaign, candidate=star, expert=ada, expert_class=2)
    assert [lab.expert for lab in visible_labels(user=bob, campaign=campaign, candidate=star)] == [ada]
