"""The consensus rule "posterior above p", the labelled export's PosteriorClass and PosteriorProb and the
agreement report's Dawid-Skene section are one fit over the same votes: on a campaign under that rule with
voted gold, skips, a constant star (AutoClass 0), items with one vote, an expert who voted on two items only
and, last, a changed vote, the export carries for every voted candidate the posterior the rule decides with,
the changed item's consensus is what its exported posterior says, and the report counts the candidates whose
exported posterior class differs from the majority of their exported votes."""

import numpy as np
import pytest
from astropy.table import Table
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, ConsensusRule
from hcvvet.vetting.posterior import item_posterior
from tests.factories import CandidateFactory, FilterStatFactory
from tests.reports.test_dawid_skene_report import CLASSES, EXPERTS, PRIOR
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db

NAME = "One fit pilot"
N_ITEMS, N_GOLD = 40, 8
CONSTANT = 12  # the item whose star has AutoClass 0
FEW = "dee"  # votes on two items only
P = 0.9
QUERY = {"source": "labels", "campaign": NAME, "auto_class": ["0", "1", "2"]}


@pytest.fixture
def vetted(make_user):
    """The campaign after its last action, a changed vote; returns (campaign, the changed item's MatchID,
    the curator)."""
    rng = np.random.default_rng(40)
    people = {name: make_user(name, Role.EXPERT) for name in EXPERTS}
    regulars = [name for name in EXPERTS if name != FEW]
    stars = []
    for i in range(N_ITEMS):
        star = CandidateFactory(auto_class=0 if i == CONSTANT else 1 + i % 2, max_mad=1 - 0.01 * i)
        FilterStatFactory(candidate=star, filter="ACS_F814W")
        stars.append(star)
    truth = rng.choice(3, N_ITEMS, p=PRIOR)
    campaign = active_campaign(
        experts=list(people.values()),
        candidates=stars,
        votes_needed=3,
        rule=ConsensusRule.POSTERIOR,
        blind=False,
        name=NAME,
        gold={star.pk: int(CLASSES[truth[i]]) for i, star in enumerate(stars[:N_GOLD])},
    )
    Campaign.objects.filter(pk=campaign.pk).update(rule_posterior=P)
    campaign.refresh_from_db()
    for i, star in enumerate(stars):
        voters = rng.choice(regulars, 1 if i % 9 == 4 else 3, replace=False).tolist()
        if i in (N_GOLD + 1, N_GOLD + 2):
            voters[0] = FEW
        for name in voters:
            vote = int(CLASSES[rng.choice(3, p=EXPERTS[name][truth[i]])])
            label_submit(campaign=campaign, candidate=star, expert=people[name], expert_class=vote)
        if i % 5 == 0:
            skipper = next(name for name in EXPERTS if name not in voters)
            label_skip(campaign=campaign, candidate=star, expert=people[skipper])
    changed = stars[N_GOLD + 3]
    first_voter = campaign.labels.filter(candidate=changed).order_by("pk").first()
    other_class = next(int(c) for c in CLASSES if c != first_voter.expert_class)
    label_submit(campaign=campaign, candidate=changed, expert=first_voter.expert, expert_class=other_class)
    return campaign, changed.pk, make_user("cora", Role.CURATOR)


def _majority(votes: list[int]) -> int | None:
    counts = {code: votes.count(code) for code in set(votes)}
    top = max(counts.values())
    leaders = [code for code, n in counts.items() if n == top]
    return leaders[0] if len(leaders) == 1 else None


def test_the_export_the_report_and_the_rule_read_the_same_votes_and_fit(client, vetted):
    campaign, changed, curator = vetted
    client.force_login(curator)
    response = client.get(reverse("reports:labelled", args=["csv"]), QUERY)
    assert response.status_code == 200
    table = Table.read(response.content.decode().splitlines(), format="ascii.csv", comment="#")
    vote_columns = [name for name in table.colnames if name.startswith("Vote_")]
    assert sorted(vote_columns) == sorted(f"Vote_{name}" for name in EXPERTS)
    rows = {int(match_id): i for i, match_id in enumerate(table["MatchID"])}
    voted = {
        match_id
        for match_id, i in rows.items()
        if any(not np.ma.is_masked(table[column][i]) for column in vote_columns)
    }
    assert len(voted) == N_ITEMS  # the constant star's too
    for match_id in voted:
        row = rows[match_id]
        posterior = item_posterior(campaign, match_id)
        best = max(posterior, key=lambda code: posterior[code])
        assert int(table["PosteriorClass"][row]) == best, match_id
        assert float(table["PosteriorProb"][row]) == pytest.approx(posterior[best], abs=1e-6), match_id

    # the changed vote came last: its item was decided on the votes and the fit the export shows
    row = rows[changed]
    agreed = float(table["PosteriorProb"][row]) >= P
    consensus = table["ConsensusClass"][row]
    assert (not np.ma.is_masked(consensus) and int(consensus) == int(table["PosteriorClass"][row])) == agreed
    assert np.ma.is_masked(consensus) != agreed

    report = client.get(reverse("reports:download", args=["agreement", "json"]), QUERY).json()
    skill = report["dawid_skene"]
    few = next(expert for expert in skill["experts"] if expert["rater"] == FEW)
    assert few["n_votes"] == 2
    gold = {m for m, i in rows.items() if str(table["IsGold"][i]) in ("True", "1")}
    assert skill["n_gold"] == len(gold) == N_GOLD
    differs = 0
    for match_id in voted - gold:
        row = rows[match_id]
        votes = [int(table[c][row]) for c in vote_columns if not np.ma.is_masked(table[c][row])]
        majority = _majority(votes)
        differs += majority is not None and majority != int(table["PosteriorClass"][row])
    assert differs > 0  # bob's artifacts on true variables count for less than a vote
    assert skill["n_candidates"] == N_ITEMS - N_GOLD
    assert skill["n_posterior_differs"] == differs
