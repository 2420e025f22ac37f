"""Blind review on the candidate page: before voting an expert sees neither another expert's label, nor the
consensus, nor the catalogue ExpertClass, in the HTML or its JSON; after voting all three are shown."""

import json

import pytest

from hcvvet.accounts.models import Role
from hcvvet.vetting.models import ConsensusRule
from hcvvet.vetting.queues import default_campaign
from tests.conftest import page_client
from tests.e2e.review_data import build_review_field
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db

SECRET = "annie-thinks-it-is-a-cepheid"


def label(client, campaign, candidate, expert_class: int, comment: str = "") -> None:
    response = client.post(
        f"/review/{campaign.pk}/{candidate.pk}/label",
        data=json.dumps({"expert_class": expert_class, "comment": comment}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("blind", [True, False])
def test_other_label_consensus_and_catalogue_class_wait_for_the_experts_vote(make_user, blind):
    annie = make_user("alpha-annie", Role.EXPERT)
    bert = make_user("bravo-bert", Role.EXPERT)
    (candidate,) = build_review_field(candidates=1, constants=10, cutouts=False)
    candidate.hcv_expert_class = 4
    candidate.auto_class = 0  # outside the default queue, which would hide it until bert votes there too
    candidate.save(update_fields=["hcv_expert_class", "auto_class"])
    campaign = active_campaign(
        experts=[annie, bert],
        candidates=[candidate],
        votes_needed=2,
        rule=ConsensusRule.UNANIMOUS,
        blind=blind,
    )
    label(page_client(annie), campaign, candidate, 1, comment=SECRET)
    bert_client = page_client(bert)

    html = bert_client.get(f"/review/{campaign.pk}/{candidate.pk}/").content.decode()
    page = bert_client.get(f"/review/{campaign.pk}/{candidate.pk}.json").json()
    if blind:
        assert "alpha-annie" not in html
        assert SECRET not in html
        assert page["header"]["catalogue_class"] is None
        assert page["votes"] == {"others": None, "consensus": None}
        assert "alpha-annie" not in json.dumps(page)
    else:
        assert "alpha-annie" in html
        assert page["header"]["catalogue_class"] == 4
        assert [o["expert"] for o in page["votes"]["others"]] == ["alpha-annie"]

    label(bert_client, campaign, candidate, 2)
    html = bert_client.get(f"/review/{campaign.pk}/{candidate.pk}/").content.decode()
    page = bert_client.get(f"/review/{campaign.pk}/{candidate.pk}.json").json()
    assert "alpha-annie" in html
    assert SECRET in html
    assert page["header"]["catalogue_class"] == 4
    assert page["votes"]["others"] == [
        {
            "expert": "alpha-annie",
            "expert_class": 1,
            "name": "high-confidence variable",
            "skipped": False,
            "reasons": [],
            "comment": SECRET,
        }
    ]
    assert page["votes"]["consensus"] == {
        "state": "disputed",
        "state_name": "needs adjudication",
        "expert_class": None,
        "votes": 2,
        "needed": 2,
    }
    assert page["label"]["expert_class"] == 2


def test_a_candidate_hidden_by_another_blind_campaign_names_it_not_the_open_one(make_user):
    annie = make_user("alpha-annie", Role.EXPERT)
    bert = make_user("bravo-bert", Role.EXPERT)
    (candidate,) = build_review_field(candidates=1, constants=10, cutouts=False)  # also in the default queue
    open_campaign = active_campaign(
        experts=[annie, bert], candidates=[candidate], votes_needed=2, blind=False, name="M87 open"
    )
    label(page_client(annie), open_campaign, candidate, 1, comment=SECRET)
    bert_client = page_client(bert)
    label(bert_client, open_campaign, candidate, 2)

    page = bert_client.get(f"/review/{open_campaign.pk}/{candidate.pk}.json").json()
    assert page["votes"] == {"others": None, "consensus": None}  # the default queue still waits for bert
    assert page["hidden_because"] == (
        "hidden: the blind campaign 'Default queue' waits for your vote on this candidate"
    )
    html = bert_client.get(f"/review/{open_campaign.pk}/{candidate.pk}/").content.decode()
    assert "the blind campaign 'Default queue' waits for your vote on this candidate" in html
    assert SECRET not in html

    default = default_campaign()
    in_default = bert_client.get(f"/review/{default.pk}/{candidate.pk}.json").json()
    assert in_default["hidden_because"] == "hidden until you vote (blind review)"
    label(bert_client, default, candidate, 2)
    page = bert_client.get(f"/review/{open_campaign.pk}/{candidate.pk}.json").json()
    assert page["hidden_because"] is None
    assert [o["expert"] for o in page["votes"]["others"]] == ["alpha-annie"]


def test_a_non_expert_of_the_campaign_gets_the_html_403_page_and_json_endpoints_keep_json(make_user):
    annie = make_user("alpha-annie", Role.EXPERT)
    outsider = make_user("oscar-outsider", Role.EXPERT)
    (candidate,) = build_review_field(candidates=1, constants=10, cutouts=False)
    campaign = active_campaign(experts=[annie], candidates=[candidate])
    client = page_client(outsider)

    for address in (f"/review/{campaign.pk}/{candidate.pk}/", f"/review/{campaign.pk}/"):
        response = client.get(address)
        assert response.status_code == 403
        assert response["Content-Type"].startswith("text/html")
        text = response.content.decode()
        assert "You may not open this page" in text
        assert "is not an expert of campaign" in text

    response = client.get(f"/review/{campaign.pk}/{candidate.pk}.json")
    assert response.status_code == 403
    assert response.json() == {
        "error": f"oscar-outsider is not an expert of campaign {campaign.name!r}",
        "field": "campaign",
    }
