"""Consensus rules, gold candidates kept out of consensus, and adjudication of disagreements."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.adjudication import adjudicate, queue_with_votes
from hcvvet.vetting.consensus import decide
from hcvvet.vetting.errors import Conflict, NotAllowed
from hcvvet.vetting.labels import label_history, label_submit
from hcvvet.vetting.models import Adjudication, ConsensusRule, ConsensusState, EventKind, LabelEvent
from tests.factories import CandidateFactory
from tests.vetting.campaign_helpers import active_campaign

AGREED, DISPUTED, OPEN = ConsensusState.AGREED, ConsensusState.DISPUTED, ConsensusState.OPEN


@pytest.mark.parametrize(
    ("rule", "votes", "needed", "k", "outcome"),
    [
        (ConsensusRule.UNANIMOUS, [1, 1, 1], 3, 2, (AGREED, 1)),
        (ConsensusRule.UNANIMOUS, [1, 1, 2], 3, 2, (DISPUTED, None)),
        (ConsensusRule.UNANIMOUS, [1, 1], 3, 2, (OPEN, None)),
        (ConsensusRule.MAJORITY, [4, 1, 4], 3, 2, (AGREED, 4)),
        (ConsensusRule.MAJORITY, [4, 1, 2], 3, 2, (DISPUTED, None)),
        (ConsensusRule.MAJORITY, [4, 1], 2, 2, (DISPUTED, None)),
        (ConsensusRule.FIRST_K, [2, 2], 4, 2, (AGREED, 2)),
        (ConsensusRule.FIRST_K, [1, 2, 4], 4, 2, (OPEN, None)),
        (ConsensusRule.FIRST_K, [1, 2, 4, 1], 4, 2, (AGREED, 1)),
        (ConsensusRule.FIRST_K, [1, 2, 4, 2], 4, 3, (DISPUTED, None)),
    ],
)
def test_rules(rule, votes, needed, k, outcome):
    assert decide(rule, votes, votes_needed=needed, k=k) == outcome


@pytest.fixture
def experts(make_user):
    return [make_user(name, Role.EXPERT) for name in ("ada", "bob", "cy")]


def _vote(campaign, candidate, pairs):
    for expert, expert_class in pairs:
        label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=expert_class)
    return campaign.items.get(candidate=candidate)


def test_majority_agreement_sets_the_candidates_class(experts):
    campaign = active_campaign(experts=experts, n_candidates=1, votes_needed=3)
    candidate = campaign.items.get().candidate
    item = _vote(campaign, candidate, zip(experts, [1, 4, 1], strict=True))
    assert (item.consensus, item.consensus_class) == (AGREED, 1)
    assert Candidate.objects.get(pk=candidate.pk).expert_class == 1


def test_first_k_agreement_closes_the_candidate_before_all_votes(experts):
    campaign = active_campaign(
        experts=experts, n_candidates=1, votes_needed=3, rule=ConsensusRule.FIRST_K, rule_k=2
    )
    candidate = campaign.items.get().candidate
    item = _vote(campaign, candidate, zip(experts[:2], [2, 2], strict=True))
    assert (item.consensus, item.consensus_class) == (AGREED, 2)
    with pytest.raises(Conflict):
        label_submit(campaign=campaign, candidate=candidate, expert=experts[2], expert_class=1)


def test_changing_a_vote_reopens_agreement_as_a_dispute(experts):
    campaign = active_campaign(
        experts=experts[:2], n_candidates=1, votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    candidate = campaign.items.get().candidate
    _vote(campaign, candidate, zip(experts[:2], [1, 1], strict=True))
    item = _vote(campaign, candidate, [(experts[0], 4)])
    assert item.consensus == DISPUTED
    assert Candidate.objects.get(pk=candidate.pk).expert_class is None


def test_gold_candidates_never_reach_consensus(experts):
    known = CandidateFactory(hcv_expert_class=1)
    campaign = active_campaign(experts=experts[:2], candidates=[known], votes_needed=2, gold={known.pk: 1})
    item = _vote(campaign, known, zip(experts[:2], [1, 4], strict=True))
    assert (item.consensus, item.consensus_class, item.vote_count) == (OPEN, None, 2)
    assert Candidate.objects.get(pk=known.pk).expert_class is None


def test_curator_adjudicates_a_dispute_with_provenance(experts, curator):
    campaign = active_campaign(
        experts=experts[:2], n_candidates=2, votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    candidate = campaign.items.first().candidate
    label_submit(
        campaign=campaign, candidate=candidate, expert=experts[0], expert_class=1, comment="clear Cepheid"
    )
    label_submit(
        campaign=campaign,
        candidate=candidate,
        expert=experts[1],
        expert_class=4,
        reasons=["diffraction_spike"],
    )
    [(item, votes)] = queue_with_votes(campaign=campaign)
    assert [v.expert_class for v in votes] == [1, 4]
    with pytest.raises(NotAllowed):
        adjudicate(item=item, adjudicator=experts[0], decided_class=1)
    decision = adjudicate(item=item, adjudicator=curator, decided_class=1, note="spike is off the star")
    assert decision.rule == "unanimous, 2 votes"
    assert [(v["expert"], v["expert_class"], v["reasons"]) for v in decision.votes] == [
        ("ada", 1, []),
        ("bob", 4, ["diffraction_spike"]),
    ]
    item.refresh_from_db()
    assert (item.consensus, item.consensus_class) == (ConsensusState.ADJUDICATED, 1)
    assert Candidate.objects.get(pk=candidate.pk).expert_class == 1
    assert queue_with_votes(campaign=campaign) == []
    # A later change of vote does not undo the curator's decision, and nothing is adjudicated twice.
    label_submit(campaign=campaign, candidate=candidate, expert=experts[1], expert_class=2)
    item.refresh_from_db()
    assert item.consensus == ConsensusState.ADJUDICATED
    with pytest.raises(Conflict):
        adjudicate(item=item, adjudicator=curator, decided_class=2)
    assert Adjudication.objects.count() == 1
    event = LabelEvent.objects.get(kind=EventKind.ADJUDICATE)
    assert (event.actor, event.after["expert_class"], len(event.before["votes"])) == (curator, 1, 2)


def test_candidate_history_is_complete(experts, curator):
    campaign = active_campaign(
        experts=experts[:2], n_candidates=1, votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    candidate = campaign.items.get().candidate
    _vote(campaign, candidate, zip(experts[:2], [1, 2], strict=True))
    _vote(campaign, candidate, [(experts[1], 4)])
    adjudicate(item=campaign.items.get(), adjudicator=curator, decided_class=4)
    history = [(e.kind, e.actor.username) for e in label_history(candidate, curator)]
    assert history == [
        (EventKind.LABEL, "ada"),
        (EventKind.LABEL, "bob"),
        (EventKind.CHANGE, "bob"),
        (EventKind.ADJUDICATE, "cora"),
    ]
