"""A campaign where no candidate has votes from two experts (one expert, or experts on disjoint candidates)
has no Dawid-Skene fit: the model is not identifiable, and EM's posteriors would be artefacts of its prior and
smoothing (a user's audit found PosteriorClass 1 at 0.79 for a candidate whose only vote was 2, and "the fit
did not converge"). The labelled export masks PosteriorClass and PosteriorProb on every row, the agreement
report shows no confusion matrix and says why, in the page, the JSON and the table's metadata; a vote of a
second expert on a same candidate brings the fit back."""

import io

import numpy as np
import pytest
from astropy.table import Table
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.reports import exports
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState
from tests.factories import CandidateFactory, FilterStatFactory

pytestmark = pytest.mark.django_db

NAME = "Solo pilot"
QUERY = {"source": "labels", "campaign": NAME}
WHY = "the Dawid-Skene model needs at least two experts who voted on the same candidates"
# (expert, class) of each candidate's only vote: the audit's votes, a 2 and a 4 among 1s and 2s
ONE_EXPERT = [("ada", 2), ("ada", 4), ("ada", 1), ("ada", 1), ("ada", 2), ("ada", 2)]
DISJOINT = [("ada", 2), ("ada", 4), ("ada", 1), ("bob", 1), ("bob", 2), ("bob", 2)]


@pytest.fixture
def people(make_user):
    return {
        "ada": make_user("ada", Role.EXPERT),
        "bob": make_user("bob", Role.EXPERT),
        "cora": make_user("cora", Role.CURATOR),
    }


def _campaign(people, votes, votes_needed: int = 1) -> list:
    """An active, not blind campaign, majority of `votes_needed`, whose candidates got `votes` through the
    vetting service, one each; the candidates in order."""
    campaign = Campaign.objects.create(
        name=NAME, rule="majority", votes_needed=votes_needed, blind=False, state=CampaignState.ACTIVE
    )
    campaign.experts.set([people["ada"], people["bob"]])
    stars = []
    for i, (name, vote) in enumerate(votes):
        star = CandidateFactory(auto_class=1)
        FilterStatFactory(candidate=star, filter="ACS_F814W", mad=0.01 * (i + 1))
        CampaignCandidate.objects.create(campaign=campaign, candidate=star, position=i)
        label_submit(campaign=campaign, candidate=star, expert=people[name], expert_class=vote)
        stars.append(star)
    return stars


def _export(client, fmt: str) -> Table:
    """The labelled candidate export as an analyst reads it with astropy alone."""
    body = client.get(reverse("reports:labelled", args=[fmt]), QUERY).content
    if fmt == "csv":
        return Table.read(body.decode().splitlines(), format="ascii.csv", comment="#")
    return Table.read(io.BytesIO(body), format="votable")


@pytest.mark.parametrize("votes", [ONE_EXPERT, DISJOINT], ids=["one expert", "disjoint experts"])
def test_without_a_candidate_two_experts_voted_on_there_is_no_posterior_and_the_report_says_why(
    client, people, votes
):
    _campaign(people, votes)
    client.force_login(people["cora"])
    for fmt in ("csv", "votable"):
        table = _export(client, fmt)
        assert len(table) == len(votes)
        # every row has its vote and its consensus, and no posterior
        assert list(table["ConsensusClass"]) == [vote for _, vote in votes]
        assert np.ma.getmaskarray(table["PosteriorClass"]).all(), fmt
        assert np.ma.getmaskarray(table["PosteriorProb"]).all(), fmt

    document = client.get(reverse("reports:download", args=["agreement", "json"]), QUERY).json()
    assert document["dawid_skene"] is None
    assert document["dawid_skene_note"] == WHY
    meta = exports.read_table(
        client.get(reverse("reports:download", args=["agreement", "csv"]), QUERY).content, "csv"
    ).meta
    assert meta["dawid_skene_note"] == WHY
    assert "dawid_skene_confusion" not in meta

    page = client.get(reverse("reports:index"), QUERY).content.decode()
    agreement = page[page.index('<section id="agreement">') :]
    assert f"{WHY}, and no candidate of this selection has votes from two experts" in agreement
    assert 'id="dawid-skene-confusion"' not in agreement
    assert "did not converge" not in agreement


def test_a_second_experts_vote_on_a_same_candidate_brings_the_fit_back(client, people):
    stars = _campaign(people, ONE_EXPERT, votes_needed=2)
    label_submit(
        campaign=Campaign.objects.get(name=NAME), candidate=stars[0], expert=people["bob"], expert_class=2
    )
    client.force_login(people["cora"])
    table = _export(client, "csv")
    assert not np.ma.getmaskarray(table["PosteriorClass"]).any()
    document = client.get(reverse("reports:download", args=["agreement", "json"]), QUERY).json()
    assert [e["rater"] for e in document["dawid_skene"]["experts"]] == ["ada", "bob"]
    assert document["dawid_skene_note"] == ""
    page = client.get(reverse("reports:index"), QUERY).content.decode()
    assert 'id="dawid-skene-confusion"' in page
    assert WHY not in page
