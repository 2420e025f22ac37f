"""The agreement report's expert skill by the Dawid-Skene model (issue 17): each expert's confusion matrix,
gold answers fixed, recovers an expert's planted confusion on a realistic mixed campaign (gold items, items
still open with one vote, skipped labels), in the JSON, the page, the API and the table exports; blind voters
are refused it as they are the agreement report, and anonymous exports name no expert."""

import json
import re

import numpy as np
import pytest
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.reports import exports
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, Label
from tests.conftest import token_client
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

CLASSES = np.array([1, 2, 4])
PRIOR = [0.4, 0.35, 0.25]
ACCURATE = np.array([[0.9, 0.06, 0.04], [0.07, 0.88, 0.05], [0.05, 0.05, 0.9]])
# bob calls most high-confidence variables possible artifacts; he is as good as the others on the rest
BOB = np.array([[0.2, 0.1, 0.7], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]])
EXPERTS = {"ada": ACCURATE, "bob": BOB, "cy": ACCURATE, "dee": ACCURATE}
N_ITEMS, N_GOLD = 240, 40
QUERY = {"source": "labels", "campaign": "Skill pilot"}


@pytest.fixture
def mixed(make_user):
    """An active, not blind campaign: 240 items of planted true classes, the first 40 gold; three of the
    four experts vote on each item but one in ten has a single vote yet (open); one label in twelve is a
    skip. Returns the users by name."""
    rng = np.random.default_rng(17)
    people = {name: make_user(name, Role.EXPERT) for name in EXPERTS}
    people["cora"] = make_user("cora", Role.CURATOR)
    campaign = Campaign.objects.create(
        name="Skill pilot", votes_needed=3, blind=False, state=CampaignState.ACTIVE
    )
    campaign.experts.set([people[name] for name in EXPERTS])
    truth = rng.choice(3, N_ITEMS, p=PRIOR)
    labels = []
    for i in range(N_ITEMS):
        star = CandidateFactory(auto_class=1 + i % 2)
        gold = i < N_GOLD
        CampaignCandidate.objects.create(
            campaign=campaign,
            candidate=star,
            position=i,
            is_gold=gold,
            gold_class=int(CLASSES[truth[i]]) if gold else None,
        )
        voters = rng.choice(list(EXPERTS), 1 if i % 10 == 9 else 3, replace=False)
        for name in voters:
            vote = int(CLASSES[rng.choice(3, p=EXPERTS[name][truth[i]])])
            labels.append(Label(campaign=campaign, candidate=star, expert=people[name], expert_class=vote))
        skipper = next(name for name in EXPERTS if name not in voters)
        if i % 12 == 0:
            labels.append(Label(campaign=campaign, candidate=star, expert=people[skipper], skipped=True))
    Label.objects.bulk_create(labels)
    return people


def _bob_row(document: dict) -> list[float]:
    """bob's row of true class 1 in the report's JSON."""
    skill = document["dawid_skene"]
    (bob,) = (e for e in skill["experts"] if e["rater"] == "bob")
    return bob["confusion"][skill["classes"].index(1)]


def test_the_report_recovers_a_planted_experts_confusion(client, mixed):
    client.force_login(mixed["cora"])
    document = client.get(reverse("reports:download", args=["agreement", "json"]), QUERY).json()
    skill = document["dawid_skene"]
    assert skill["classes"] == [1, 2, 4]
    assert skill["class_names"] == ["high-confidence variable", "probable variable", "possible artifact"]
    assert [e["rater"] for e in skill["experts"]] == ["ada", "bob", "cy", "dee"]
    assert skill["n_gold"] == N_GOLD
    assert skill["n_candidates"] == N_ITEMS - N_GOLD
    assert document["n_unclassified"] == N_ITEMS // 12  # the skips: no vote
    confusion = {e["rater"]: np.array(e["confusion"]) for e in skill["experts"]}
    np.testing.assert_allclose(confusion["bob"], BOB, atol=0.12)
    for name in ("ada", "cy", "dee"):
        np.testing.assert_allclose(confusion[name], ACCURATE, atol=0.12)
    # bob's artifact on a true 1 outvotes nobody: the posterior follows the others more than a majority
    assert 0 < skill["n_posterior_differs"] < skill["n_candidates"]
    assert document["fleiss_kappa"] is not None  # beside kappa, not instead of it

    page = client.get(reverse("reports:index"), QUERY).content.decode()
    agreement = page[page.index('<section id="agreement">') :]
    table = agreement[agreement.index('id="dawid-skene-confusion"') :].split("</table>")[0]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    shown = {row[0]: row for row in rows if row[2] == "high-confidence variable"}
    assert shown["bob"][3:] == [f"{p:.3f}" for p in _bob_row(document)]
    assert "Voted possible artifact" in table
    differs = f"{skill['n_posterior_differs']} of {N_ITEMS - N_GOLD} candidates (gold left out)"
    assert differs in agreement
    assert "40 gold answers fixed" in agreement

    api = token_client(mixed["cora"]).get("/api/reports/agreement/", QUERY)
    assert api.status_code == 200
    assert _bob_row(api.json()) == _bob_row(document)

    csv = client.get(reverse("reports:download", args=["agreement", "csv"]), QUERY).content
    meta = exports.read_table(csv, "csv").meta
    assert json.loads(meta["dawid_skene_confusion"])["bob"][0] == pytest.approx(_bob_row(document), abs=1e-6)
    names = "1 high-confidence variable, 2 probable variable, 4 possible artifact"
    assert meta["dawid_skene_classes"] == names


def test_anonymous_exports_name_no_expert_in_the_confusion_matrices(client, mixed):
    client.force_login(mixed["cora"])
    anonymous = {**QUERY, "anonymous": "1"}
    document = client.get(reverse("reports:download", args=["agreement", "json"]), anonymous).json()
    raters = [e["rater"] for e in document["dawid_skene"]["experts"]]
    assert all(rater.startswith("expert-") for rater in raters)
    for fmt in ("csv", "votable", "fits"):
        body = client.get(reverse("reports:download", args=["agreement", fmt]), anonymous).content
        meta = exports.read_table(body, fmt).meta
        assert sorted(json.loads(meta["dawid_skene_confusion"])) == sorted(raters)
        for name in EXPERTS:
            assert name.encode() not in body, (fmt, name)
    api = token_client(mixed["cora"]).get("/api/reports/agreement/", anonymous).json()
    assert sorted(e["rater"] for e in api["dawid_skene"]["experts"]) == sorted(raters)


def test_a_blind_voter_is_refused_the_confusion_matrices_as_the_agreement_report(client, mixed):
    Campaign.objects.filter(name="Skill pilot").update(blind=True)
    voter = mixed["bob"]
    client.force_login(voter)
    for fmt in ("json", "csv"):
        refused = client.get(reverse("reports:download", args=["agreement", fmt]), QUERY)
        assert refused.status_code == 403
        assert "Campaign 'Skill pilot' is blind and not closed" in refused.content.decode()
    page = client.get(reverse("reports:index"), QUERY)
    assert page.status_code == 403
    assert "Dawid-Skene" not in page.content.decode()
    assert token_client(voter).get("/api/reports/agreement/", QUERY).status_code == 403
    # a curator who does not vote sees them
    client.force_login(mixed["cora"])
    assert 'id="dawid-skene-confusion"' in client.get(reverse("reports:index"), QUERY).content.decode()
