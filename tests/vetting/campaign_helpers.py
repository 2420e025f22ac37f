"""Builders shared by the campaign tests: campaigns with experts over a handful of candidates."""

import re

from django.contrib.auth.models import Group
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, ConsensusRule
from tests.factories import CandidateFactory

NA = "\N{EN DASH}"  # a pace table's cell without a value

# Votes in a campaign of 4 candidates whose pace both pages show (`pace_table`), and the tables by hand.
# (expert, candidate index, class or "skip", seconds on the page)
PACE_VOTES = [
    ("ada", 0, 1, 10.0),
    ("ada", 1, 2, 30.0),
    ("ada", 2, 4, 5.0),
    ("ada", 2, 1, 15.0),  # a change of mind: the label now took 20 s in all
    ("ada", 3, "skip", 40.0),
    ("bob", 0, 4, 60.0),
    ("bob", 1, 1, 12.0),
]
# By hand: ada 3 labels (10, 30, 20 s: median 20) in 100 s active -> 3 / (100/3600) = 108.0 per hour;
# bob 2 labels (60, 12 s: median 36) in 72 s -> 100.0 per hour; everyone 5 labels (median of 10, 12, 20,
# 30, 60 = 20) in 172 s -> 104.7 per hour, 1 skip.
PACE_EXPERTS = [  # expert, labels, skips, median s per label, labels per hour, active hours
    ["ada", "3", "1", "20.0", "108.0", "0.03"],
    ["bob", "2", "0", "36.0", "100.0", "0.02"],
    ["all experts", "5", "1", "20.0", "104.7", "0.05"],
]
# Per class: ada's class 1 labels took 10 and 20 s (median 15, 2 in 30 s -> 240 per hour), her class 2 label
# 30 s; bob's class 1 label 12 s, his class 4 label 60 s; everyone's class 1: 10, 20, 12 s (median 12, 3 in
# 42 s -> 257.1 per hour).
PACE_CLASSES = [  # expert, then labels, median s, labels per hour for classes 1, 2 and 4
    ["ada", "2", "15.0", "240.0", "1", "30.0", "120.0", "0", NA, NA],
    ["bob", "1", "12.0", "300.0", "0", NA, NA, "1", "60.0", "60.0"],
    ["all experts", "3", "12.0", "257.1", "1", "30.0", "120.0", "1", "60.0", "60.0"],
]


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


def started_campaign(*, user, **settings) -> Campaign:
    """A campaign made with `settings` and started by `user`, through the services as a curator does it."""
    return campaign_start(campaign=campaign_create(user=user, **settings), user=user)


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


def pace_table(page: str, table_id: str) -> list[list[str]]:
    """The body rows of a table of the experts' pace (`templates/includes/pace.html`, on the campaign's admin
    page and the agreement report) as the cells' texts, or [] when the page has no such table."""
    table = re.search(rf'<table class="data" id="{table_id}">(.*?)</table>', page, re.S)
    if table is None:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1).split("<tbody>")[1], re.S)
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]
