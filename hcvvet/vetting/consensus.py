"""Consensus of a campaign candidate's votes under the campaign's rule, and the candidate's resulting class.

Gold candidates measure experts' accuracy and never reach consensus; an adjudicated candidate keeps the
curator's decision whatever its votes do afterwards. The rule "Dawid-Skene posterior above p" decides from the
model fitted over the whole campaign (`posterior`, which says when its decisions are made).
"""

from collections import Counter
from collections.abc import Sequence

from django.db.models import Q
from django.utils import timezone

from hcvvet.catalog.models import Candidate

from .models import Campaign, CampaignCandidate, ConsensusRule, ConsensusState, Label
from .posterior import decide_posterior, item_posterior

DECIDED = (ConsensusState.AGREED, ConsensusState.ADJUDICATED)


def decide(rule: str, votes: Sequence[int], *, votes_needed: int, k: int) -> tuple[str, int | None]:
    """(consensus state, class) of `votes` given in the order they were cast.

    unanimous: all `votes_needed` votes equal; majority: more than half of `votes_needed` votes; first_k: as
    soon as `k` votes agree (at most `votes_needed` are collected). Disputed when the votes are all in and the
    rule is not met.
    """
    if rule == ConsensusRule.FIRST_K:
        tally: Counter[int] = Counter()
        for vote in votes:
            tally[vote] += 1
            if tally[vote] >= k:
                return ConsensusState.AGREED, vote
        return (ConsensusState.DISPUTED if len(votes) >= votes_needed else ConsensusState.OPEN), None
    if len(votes) < votes_needed:
        return ConsensusState.OPEN, None
    top, top_count = Counter(votes).most_common(1)[0]
    agreed = top_count == len(votes) if rule == ConsensusRule.UNANIMOUS else 2 * top_count > len(votes)
    return (ConsensusState.AGREED, top) if agreed else (ConsensusState.DISPUTED, None)


def consensus_update(item: CampaignCandidate) -> CampaignCandidate:
    """Recompute `item`'s consensus from its current votes and refresh the candidate's class.

    Caller holds the item's row lock (select_for_update) inside a transaction.
    """
    if item.is_gold or item.consensus == ConsensusState.ADJUDICATED:
        return item
    labels = Label.objects.filter(campaign_id=item.campaign_id, candidate_id=item.candidate_id).order_by(
        "updated_at", "pk"
    )
    # Skips and withdrawn labels have no class and are not votes.
    votes = [vote for vote in labels.values_list("expert_class", flat=True) if vote is not None]
    state, decided_class = _decision(item, votes)
    if (state, decided_class) != (item.consensus, item.consensus_class):
        item.consensus, item.consensus_class = state, decided_class
        item.decided_at = timezone.now() if state == ConsensusState.AGREED else None
        item.save(update_fields=["consensus", "consensus_class", "decided_at"])
        candidate_outcome_refresh(item.candidate_id)
    return item


def _decision(item: CampaignCandidate, votes: list[int]) -> tuple[str, int | None]:
    """(consensus state, class) of `item` under its campaign's rule, from its `votes` in the order cast."""
    campaign: Campaign = item.campaign
    if campaign.rule != ConsensusRule.POSTERIOR:
        return decide(campaign.rule, votes, votes_needed=campaign.votes_needed, k=campaign.rule_k)
    if len(votes) < campaign.votes_needed or campaign.rule_posterior is None:
        return ConsensusState.OPEN, None
    return decide_posterior(item_posterior(campaign, item.candidate_id), campaign.rule_posterior)


def candidate_outcome_refresh(candidate_id: int) -> None:
    """Candidate.expert_class := the class of its latest decided non-gold campaign item (None if none)."""
    latest = (
        CampaignCandidate.objects.filter(candidate_id=candidate_id, is_gold=False, consensus__in=DECIDED)
        .filter(~Q(consensus_class=None))
        .order_by("-decided_at", "-pk")
        .values_list("consensus_class", flat=True)
        .first()
    )
    Candidate.objects.filter(pk=candidate_id).update(expert_class=latest, updated_at=timezone.now())
