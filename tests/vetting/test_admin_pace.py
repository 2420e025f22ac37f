"""Each expert's pace on the campaign's admin page (issue 18): labels, median seconds per label, labels per
hour of active time and labels per class, checked against a hand computation; in a blind campaign that is
not closed, a curator who votes in it sees no class counts, nor the labels waiting for their vote."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hcvvet.accounts.models import Role
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.pace import campaign_pace
from tests.vetting.campaign_helpers import active_campaign, cast_votes

pytestmark = pytest.mark.django_db

# (expert, candidate index, class or "skip", seconds on the page)
VOTES = [
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
# 30, 60 = 20) in 172 s -> 104.7 per hour, 1 skip. Classes 1: ada 2, bob 1 (10, 20, 12 s: median 12);
# 2: ada 1 (30 s); 4: bob 1 (60 s).
EXPECTED_ROWS = {
    "ada": ["3", "1", "20.0", "108.0", "0.03", "2", "1", "0"],
    "bob": ["2", "0", "36.0", "100.0", "0.02", "1", "0", "1"],
    "all experts": ["5", "1", "20.0", "104.7", "0.05", "3", "1", "1"],
}
EXPECTED_CLASSES = [["1 high-confidence variable", "3", "12.0"], ["2 probable variable", "1", "30.0"]]


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
    return campaign, cast_votes(campaign, people, VOTES)


def _cells(html: str, row_start: str) -> list[str]:
    row = re.search(re.escape(row_start) + r"(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]


def _page(client, user, campaign) -> str:
    client.force_login(user)
    response = client.get(f"/admin/vetting/campaign/{campaign.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_campaign_page_shows_each_experts_pace_as_computed_by_hand(client, people):
    campaign, _ = _campaign(people, blind=False)
    html = _page(client, people["cora"], campaign)
    for who, cells in EXPECTED_ROWS.items():
        assert _cells(html, f'<th scope="row">{who}</th>') == cells, who
    classes = html[html.index('id="pace-classes"') :]
    assert [_cells(classes, f"<tr><td>{c[0]}</td>")[:2] for c in EXPECTED_CLASSES] == [
        c[1:] for c in EXPECTED_CLASSES
    ]
    assert "high-confidence variable" in classes


def test_the_pace_reads_the_labels_in_one_aggregate_query(people):
    campaign, _ = _campaign(people, blind=False)
    with CaptureQueriesContext(connection) as queries:
        pace = campaign_pace(campaign=campaign, viewer=people["cora"])
    on_labels = [q["sql"] for q in queries.captured_queries if 'FROM "vetting_label"' in q["sql"]]
    assert len(on_labels) == 1
    assert "GROUP BY" in on_labels[0]
    assert [row.who for row in pace.experts] == ["ada", "bob"]


def test_a_curator_voting_in_an_open_blind_campaign_sees_no_class_and_no_label_awaiting_their_vote(
    client, people
):
    campaign, candidates = _campaign(people, blind=True)
    # kit voted on the second candidate only: bob's label there counts, his label on the first does not.
    label_submit(
        campaign=campaign, candidate=candidates[1], expert=people["kit"], expert_class=2, seconds_spent=8.0
    )
    html = _page(client, people["kit"], campaign)
    assert 'id="pace-classes-hidden"' in html
    assert 'id="pace-classes"' not in html
    assert "class 1</th>" not in html
    assert _cells(html, '<th scope="row">bob</th>') == ["1", "0", "12.0", "300.0", "0.00"]
    assert _cells(html, '<th scope="row">ada</th>') == ["1", "0", "30.0", "120.0", "0.01"]
    assert _cells(html, '<th scope="row">kit</th>') == ["1", "0", "8.0", "450.0", "0.00"]
    # A curator who does not vote in it sees every label and the classes.
    html = _page(client, people["cora"], campaign)
    assert _cells(html, '<th scope="row">bob</th>') == ["2", "0", "36.0", "100.0", "0.02", "1", "0", "1"]
    assert 'id="pace-classes"' in html


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
