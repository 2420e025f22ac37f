"""Votes, changes, skips and undos in any order, by two experts in two campaigns over the same candidate.

A hypothesis state machine drives the label services and keeps its own model of what an expert sees: each
expert's label in each campaign (class, skip, reasons, comment), the undo stack, each campaign's vote count
and consensus, and the candidate's class (the latest decided campaign). After every step the database must
match the model, so undo has to restore every field, a skip must never count as a vote, a full campaign must
refuse a new vote, and the candidate's class must follow the campaign decided last.
"""

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.errors import Conflict
from hcvvet.vetting.labels import label_skip, label_state, label_submit, label_undo
from hcvvet.vetting.models import CampaignCandidate, Label, ReasonCode
from tests.factories import CandidateFactory
from tests.properties import db_property_settings
from tests.vetting.campaign_helpers import active_campaign

EMPTY = {"expert_class": None, "skipped": False, "reasons": [], "comment": ""}
EXPERTS = ("ada", "bob")
# campaign name -> (votes needed, rule)
CAMPAIGNS = {"pair": (2, "majority"), "single": (1, "unanimous")}


class LabelMachine(RuleBasedStateMachine):
    make_user = None  # set by the test

    @initialize()
    def arrange(self):
        self.experts = {name: self.make_user(name, Role.EXPERT) for name in EXPERTS}
        self.candidate = CandidateFactory()
        self.campaigns = {
            name: active_campaign(
                experts=list(self.experts.values()),
                candidates=[self.candidate],
                votes_needed=votes,
                rule=rule_name,
                name=f"{name} {self.candidate.pk}",
            )
            for name, (votes, rule_name) in CAMPAIGNS.items()
        }
        self.labels = {(e, c): None for e in EXPERTS for c in CAMPAIGNS}  # None: no label row yet
        self.undo = {(e, c): [] for e in EXPERTS for c in CAMPAIGNS}
        self.decided = dict.fromkeys(CAMPAIGNS)  # campaign -> (class, order it was decided in)
        self.decisions = 0

    def _votes(self, campaign):
        return [
            state["expert_class"]
            for (_, c), state in self.labels.items()
            if c == campaign and state and state["expert_class"] is not None
        ]

    def _refresh_decision(self, campaign):
        votes, (needed, rule_name) = self._votes(campaign), CAMPAIGNS[campaign]
        agreed = None
        if len(votes) >= needed:
            top = max(set(votes), key=votes.count)
            if votes.count(top) == len(votes) or (
                rule_name == "majority" and 2 * votes.count(top) > len(votes)
            ):
                agreed = top
        previous = self.decided[campaign]
        if agreed is None:
            self.decided[campaign] = None
        elif previous is None or previous[0] != agreed:
            self.decisions += 1
            self.decided[campaign] = (agreed, self.decisions)

    @rule(
        expert=st.sampled_from(EXPERTS),
        campaign=st.sampled_from(list(CAMPAIGNS)),
        expert_class=st.sampled_from([1, 2, 4]),
        reasons=st.lists(st.sampled_from(ReasonCode.values), max_size=3),
        comment=st.sampled_from(["", "blend with a neighbour", "edge"]),
    )
    def submit(self, expert, campaign, expert_class, reasons, comment):
        key = (expert, campaign)
        current = self.labels[key]
        is_new_vote = current is None or current["expert_class"] is None
        full = len(self._votes(campaign)) >= CAMPAIGNS[campaign][0]
        if is_new_vote and full:
            with pytest.raises(Conflict):
                label_submit(
                    campaign=self.campaigns[campaign],
                    candidate=self.candidate,
                    expert=self.experts[expert],
                    expert_class=expert_class,
                )
            return
        label_submit(
            campaign=self.campaigns[campaign],
            candidate=self.candidate,
            expert=self.experts[expert],
            expert_class=expert_class,
            reasons=reasons,
            comment=comment,
        )
        self.undo[key].append(current)
        new = {
            "expert_class": expert_class,
            "skipped": False,
            "reasons": sorted(set(reasons)),
            "comment": comment,
        }
        self.labels[key] = new
        self._refresh_decision(campaign)

    @rule(expert=st.sampled_from(EXPERTS), campaign=st.sampled_from(list(CAMPAIGNS)))
    def skip(self, expert, campaign):
        key = (expert, campaign)
        label_skip(campaign=self.campaigns[campaign], candidate=self.candidate, expert=self.experts[expert])
        current = self.labels[key]
        if current is not None and (current["expert_class"] is not None or current["skipped"]):
            return  # moving on from a labelled candidate changes nothing
        self.undo[key].append(current)
        self.labels[key] = {**EMPTY, "skipped": True}

    @rule(expert=st.sampled_from(EXPERTS), campaign=st.sampled_from(list(CAMPAIGNS)))
    def undo_last(self, expert, campaign):
        key = (expert, campaign)
        result = label_undo(campaign=self.campaigns[campaign], expert=self.experts[expert])
        if not self.undo[key]:
            assert result is None
            return
        previous = self.undo[key].pop()
        self.labels[key] = dict(previous or EMPTY)
        self._refresh_decision(campaign)

    @invariant()
    def database_matches_model(self):
        if not hasattr(self, "candidate"):
            return
        for (expert, campaign), expected in self.labels.items():
            label = Label.objects.filter(
                campaign=self.campaigns[campaign], candidate=self.candidate, expert=self.experts[expert]
            ).first()
            seen = label_state(label)
            assert seen in (None, EMPTY) if expected is None else seen == expected
        for campaign in CAMPAIGNS:
            item = CampaignCandidate.objects.get(campaign=self.campaigns[campaign], candidate=self.candidate)
            assert item.vote_count == len(self._votes(campaign))
            decided = self.decided[campaign]
            assert item.consensus_class == (decided[0] if decided else None)
        latest = max((d for d in self.decided.values() if d), key=lambda d: d[1], default=None)
        assert Candidate.objects.get(pk=self.candidate.pk).expert_class == (latest[0] if latest else None)


@pytest.mark.django_db
def test_votes_changes_skips_and_undos_in_any_order_keep_every_field(make_user):
    LabelMachine.make_user = staticmethod(make_user)
    run_state_machine_as_test(
        LabelMachine,
        settings=db_property_settings(40, stateful_step_count=25),
    )
