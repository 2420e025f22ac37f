"""The labelled candidate export of one campaign gives each candidate its Dawid-Skene posterior class and that
class's probability (issue 17), from one fit over every vote of the campaign with its gold candidates fixed:
on a realistic campaign (gold, open items, skipped labels, one biased expert, an adjudicated candidate whose
votes were withdrawn) they equal the model fitted here on the votes cast, in CSV and VOTable read back with
plain astropy; a candidate without a vote has them masked; the file still imports back as a round trip."""

import io
from dataclasses import dataclass

import numpy as np
import pytest
from astropy.table import Table
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.dawid_skene import dawid_skene
from hcvvet.vetting.labels import label_skip, label_submit, label_undo
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState
from tests.conftest import token_client
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory
from tests.reports.test_dawid_skene_report import CLASSES, EXPERTS, PRIOR

pytestmark = pytest.mark.django_db

# the planted confusion matrices of the agreement report's test: bob calls most high-confidence variables
# possible artifacts
N_ITEMS, N_GOLD = 60, 10
UNVOTED_GOLD = (8, 9)  # gold items nobody voted on yet
NAME = "Posterior pilot"
QUERY = {"source": "labels", "campaign": NAME}


@dataclass
class Vetted:
    people: dict
    votes: list  # (MatchID, expert, class) of every vote the campaign holds
    gold: dict  # MatchID -> known class of every gold item
    withdrawn: int  # MatchID of the adjudicated candidate whose votes were all withdrawn


def _star(group, i: int) -> CandidateFactory:
    star = CandidateFactory(group=group, auto_class=1 + i % 2)
    FilterStatFactory(candidate=star, filter="ACS_F814W", mad=0.01 * (i + 1))
    return star


@pytest.fixture
def vetted(make_user) -> Vetted:
    """An active, not blind campaign, majority of 3: 60 items of planted true classes, the first 10 gold (two
    of them not voted on); three of the four experts vote on each item through the vetting service but one in
    ten has a single vote yet (open); one item in six also has a skip. A last item was disputed, adjudicated
    and then its three votes undone: it is exported (it has a consensus) without a vote."""
    rng = np.random.default_rng(2026)
    people = {name: make_user(name, Role.EXPERT) for name in EXPERTS}
    people["cora"] = make_user("cora", Role.CURATOR)
    campaign = Campaign.objects.create(
        name=NAME, rule="majority", votes_needed=3, blind=False, state=CampaignState.ACTIVE
    )
    campaign.experts.set([people[name] for name in EXPERTS])
    group = GroupFactory(group_id=1045904, target_name="M31")
    truth = rng.choice(3, N_ITEMS, p=PRIOR)
    votes, gold = [], {}
    for i in range(N_ITEMS):
        star = _star(group, i)
        known = int(CLASSES[truth[i]]) if i < N_GOLD else None
        CampaignCandidate.objects.create(
            campaign=campaign, candidate=star, position=i, is_gold=known is not None, gold_class=known
        )
        if known is not None:
            gold[star.pk] = known
        n_voters = 0 if i in UNVOTED_GOLD else 1 if i % 10 == 7 else 3
        voters = rng.choice(list(EXPERTS), n_voters, replace=False).tolist()
        for name in voters:
            vote = int(CLASSES[rng.choice(3, p=EXPERTS[name][truth[i]])])
            label_submit(campaign=campaign, candidate=star, expert=people[name], expert_class=vote)
            votes.append((star.pk, name, vote))
        if i % 6 == 0:
            skipper = next(name for name in EXPERTS if name not in voters)
            label_skip(campaign=campaign, candidate=star, expert=people[skipper])
    star = _star(group, N_ITEMS)
    item = CampaignCandidate.objects.create(campaign=campaign, candidate=star, position=N_ITEMS)
    for name, vote in zip(("ada", "cy", "dee"), (1, 2, 4), strict=True):
        label_submit(campaign=campaign, candidate=star, expert=people[name], expert_class=vote)
    adjudicate(item=item, adjudicator=people["cora"], decided_class=2, note="faint, but variable")
    for name in ("ada", "cy", "dee"):
        assert label_undo(campaign=campaign, expert=people[name]).expert_class is None
    return Vetted(people, votes, gold, star.pk)


def _fitted(vetted: Vetted) -> dict[int, tuple[int, float]]:
    """MatchID -> (posterior class, its probability) of the model fitted here on the votes cast, the voted
    gold items fixed to their known class."""
    subjects, raters, classes = (np.array(column) for column in zip(*vetted.votes, strict=True))
    voted_gold = {m: c for m, c in vetted.gold.items() if m in set(subjects.tolist())}
    result = dawid_skene(
        subjects=subjects,
        raters=raters,
        votes=classes,
        classes=CLASSES,
        gold_subjects=np.array(list(voted_gold)),
        gold_classes=np.array(list(voted_gold.values())),
    )
    best = result.most_likely_class()
    return {
        int(s): (int(c), float(p))
        for s, c, p in zip(result.subjects, best, result.posterior.max(axis=1), strict=True)
    }


def _majority(vetted: Vetted) -> dict[int, int]:
    by_object: dict[int, list[int]] = {}
    for match_id, _, vote in vetted.votes:
        by_object.setdefault(match_id, []).append(vote)
    return {m: max(set(v), key=v.count) for m, v in by_object.items() if len(v) == 3}


def _read(body: bytes, fmt: str) -> Table:
    """The file as an analyst reads it with astropy alone."""
    if fmt == "csv":
        return Table.read(body.decode().splitlines(), format="ascii.csv", comment="#")
    return Table.read(io.BytesIO(body), format="votable")


def _download(client, user, fmt: str, **params) -> bytes:
    client.force_login(user)
    response = client.get(reverse("reports:labelled", args=[fmt]), {**QUERY, **params})
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("fmt", ["csv", "votable"])
def test_each_candidate_carries_its_posterior_class_and_probability(client, vetted, fmt):
    expected = _fitted(vetted)
    table = _read(_download(client, vetted.people["cora"], fmt), fmt)
    posterior_class, probability = table["PosteriorClass"], table["PosteriorProb"]
    rows = {int(m): i for i, m in enumerate(table["MatchID"])}
    voted = set(expected)
    assert voted <= set(rows)
    for match_id, (code, p) in expected.items():
        row = rows[match_id]
        assert not np.ma.is_masked(posterior_class[row]), match_id
        assert not np.ma.is_masked(probability[row]), match_id
        assert int(posterior_class[row]) == code, match_id
        assert float(probability[row]) == pytest.approx(p, abs=1e-6), match_id
    # voted gold candidates keep their known class, with certainty
    for match_id, known in vetted.gold.items():
        if match_id in voted:
            assert (int(posterior_class[rows[match_id]]), float(probability[rows[match_id]])) == (known, 1.0)
    # the adjudicated candidate whose votes were withdrawn is exported, without a posterior
    row = rows[vetted.withdrawn]
    assert (int(table["ConsensusClass"][row]), int(table["NumVotes"][row])) == (2, 0)
    assert np.ma.is_masked(posterior_class[row])
    assert np.ma.is_masked(probability[row])
    assert set(rows) - voted == {vetted.withdrawn}
    # the model is not the majority: bob's artifacts on true variables count for less than a vote
    majority = _majority(vetted)
    assert any(expected[m][0] != c for m, c in majority.items() if m not in vetted.gold)
    if fmt == "votable":  # CSV has no column descriptions
        assert "Dawid-Skene posterior class" in table["PosteriorClass"].description


def test_the_api_export_has_the_same_posteriors_and_imports_back_unchanged(client, vetted):
    cora = vetted.people["cora"]
    api = token_client(cora).get("/api/reports/labelled-candidates/", {"fmt": "csv", **QUERY})
    assert api.status_code == 200
    page = _read(_download(client, cora, "csv"), "csv")
    from_api = _read(api.content, "csv")
    for name in ("PosteriorClass", "PosteriorProb"):
        np.testing.assert_array_equal(from_api[name].mask, page[name].mask)
        np.testing.assert_array_equal(from_api[name].filled(0), page[name].filled(0))
    form = {"file": SimpleUploadedFile("labels.csv", api.content), "campaign": NAME}
    imported = client.post(reverse("reports:import"), form)
    assert imported.status_code == 200
    text = imported.content.decode()
    assert f"Nothing new: all {len(vetted.votes)} votes are already in {NAME}" in text
