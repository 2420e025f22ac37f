"""Builders shared by the campaign tests: campaigns with experts over a handful of candidates."""

from django.contrib.auth.models import Group
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, ConsensusRule
from tests.factories import CandidateFactory


def active_campaign(
    *,
    experts,
    candidates=None,
    n_candidates: int = 4,
    votes_needed: int = 2,
    rule: str = ConsensusRule.MAJORITY,
    rule_k: int = 2,
    blind: bool = True,
    name: str = "M87 blind",
    gold: dict | None = None,
) -> Campaign:
    """An active frozen campaign; `gold` maps MatchID -> known class for gold items."""
    campaign = Campaign.objects.create(
        name=name,
        votes_needed=votes_needed,
        rule=rule,
        rule_k=rule_k,
        blind=blind,
        state=CampaignState.ACTIVE,
        started_at=timezone.now(),
    )
    campaign.experts.set(experts)
    if candidates is None:
        candidates = [CandidateFactory(max_mad=0.5 - 0.01 * i) for i in range(n_candidates)]
    gold = gold or {}
    CampaignCandidate.objects.bulk_create(
        CampaignCandidate(
            campaign=campaign,
            candidate=candidate,
            position=i,
            is_gold=candidate.pk in gold,
            gold_class=gold.get(candidate.pk),
        )
        for i, candidate in enumerate(candidates)
    )
    return campaign


def cast_votes(campaign: Campaign, people: dict, votes) -> list:
    """Vote in `campaign` as `votes` say, in order: (expert's name in `people`, candidate's queue position,
    class or "skip", seconds on the page). The campaign's candidates, by position."""
    candidates = [item.candidate for item in campaign.items.order_by("position").select_related("candidate")]
    for name, index, vote, seconds in votes:
        where = {"campaign": campaign, "candidate": candidates[index], "expert": people[name]}
        if vote == "skip":
            label_skip(**where, seconds_spent=seconds)
        else:
            label_submit(**where, expert_class=vote, seconds_spent=seconds)
    return candidates


def ensure_roles() -> None:
    """Recreate the role groups a data migration made: a transactional test before this one flushed them."""
    for name in Role.ALL:
        Group.objects.get_or_create(name=name)


def disputed_campaign(make_user) -> tuple[Campaign, object]:
    """A unanimous two-vote campaign over one candidate on which ada (1) and bob (2) disagree."""
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    campaign = active_campaign(experts=[ada, bob], n_candidates=1, votes_needed=2, rule="unanimous")
    candidate = campaign.items.get().candidate
    label_submit(campaign=campaign, candidate=candidate, expert=ada, expert_class=1)
    label_submit(campaign=campaign, candidate=candidate, expert=bob, expert_class=2)
    return campaign, candidate
