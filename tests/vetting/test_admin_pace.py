"""Each expert's pace on the campaign's admin page (issue 18): labels, median seconds per label, labels per
hour of active time, per expert and per class, checked against a hand computation; in a blind campaign that
is not closed, a curator who votes in it sees only his own labels' classes, and no label waiting for his
vote."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hcvvet.accounts.models import Role
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.pace import campaign_pace
from tests.vetting.campaign_helpers import (
    NA,
    PACE_CLASSES,
    PACE_EXPERTS,
    PACE_VOTES,
    active_campaign,
    cast_votes,
    pace_table,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "ada": make_user("ada", Role.EXPERT),
        "bob": make_user("bob", Role.EXPERT),
        "kit": make_user("kit", Role.CURATOR, Role.EXPERT),
        "cora": make_user("cora", Role.CURATOR),
    }


def _campaign(people, *, blind: bool):
    experts = [people["ada"], people["bob"], people["kit"]]
    campaign = active_campaign(experts=experts, n_candidates=4, votes_needed=3, blind=blind)
    return campaign, cast_votes(campaign, people, PACE_VOTES)


def _page(client, user, campaign) -> str:
    client.force_login(user)
    response = client.get(f"/admin/vetting/campaign/{campaign.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_campaign_page_shows_each_experts_and_each_classs_pace_as_computed_by_hand(client, people):
    campaign, _ = _campaign(people, blind=False)
    html = _page(client, people["cora"], campaign)
    assert pace_table(html, "pace-experts") == PACE_EXPERTS
    assert pace_table(html, "pace-classes") == PACE_CLASSES
    assert "Class 1: high-confidence variable" in html
    assert 'id="pace-classes-hidden"' not in html


def test_the_pace_reads_the_labels_in_one_aggregate_query(people):
    campaign, _ = _campaign(people, blind=False)
    with CaptureQueriesContext(connection) as queries:
        pace = campaign_pace(campaign=campaign, viewer=people["cora"])
    on_labels = [q["sql"] for q in queries.captured_queries if 'FROM "vetting_label"' in q["sql"]]
    assert len(on_labels) == 1
    assert "GROUP BY" in on_labels[0]
    assert [row.who for row in pace.experts] == ["ada", "bob"]


def test_a_curator_voting_in_an_open_blind_campaign_sees_only_his_own_classes_and_no_label_awaiting_his_vote(
    client, people
):
    campaign, candidates = _campaign(people, blind=True)
    html = _page(client, people["kit"], campaign)
    # kit has not voted: nothing of the others counts, and no class is shown.
    assert pace_table(html, "pace-experts") == [["No labels in this campaign yet."]]
    assert pace_table(html, "pace-classes") == []
    assert "Labels per class are not shown: " in html

    # kit voted on the second candidate only: bob's and ada's labels there count, not those of the others.
    label_submit(
        campaign=campaign, candidate=candidates[1], expert=people["kit"], expert_class=2, seconds_spent=8.0
    )
    html = _page(client, people["kit"], campaign)
    assert pace_table(html, "pace-experts") == [
        ["ada", "1", "0", "30.0", "120.0", "0.01"],
        ["bob", "1", "0", "12.0", "300.0", "0.00"],
        ["kit", "1", "0", "8.0", "450.0", "0.00"],
        ["all experts", "3", "0", "12.0", "216.0", "0.01"],
    ]
    # The classes of his own labels only: the others' (and everyone's) would tell him how they voted.
    assert pace_table(html, "pace-classes") == [["kit", "0", NA, NA, "1", "8.0", "450.0", "0", NA, NA]]
    assert "Only your own labels per class are shown: " in html

    # A curator who does not vote in it sees every label and the classes.
    html = _page(client, people["cora"], campaign)
    assert pace_table(html, "pace-experts")[1] == ["bob", "2", "0", "36.0", "100.0", "0.02"]
    assert len(pace_table(html, "pace-classes")) == 4


def test_the_campaign_list_shows_labels_and_labels_per_hour(client, people):
    campaign, candidates = _campaign(people, blind=True)
    label_submit(
        campaign=campaign, candidate=candidates[1], expert=people["kit"], expert_class=2, seconds_spent=8.0
    )
    client.force_login(people["cora"])
    page = client.get("/admin/vetting/campaign/").content.decode()
    # 6 labels in 180 s -> 120 per hour.
    assert '<td class="field-pace">6 (120/h)</td>' in page
    # kit counts only the labels of the candidate he voted on: 3 in 30 + 12 + 8 s -> 216 per hour.
    client.force_login(people["kit"])
    page = client.get("/admin/vetting/campaign/").content.decode()
    assert '<td class="field-pace">3 (216/h)</td>' in page
