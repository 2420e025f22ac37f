"""The agreement report's pace of the experts (issue 18): time per label and labels per hour per expert and
per class in the chosen campaign, checked against a hand computation, under the blind-review rules the
campaign's admin page follows (hcvvet.vetting.pace)."""

import re

import pytest
from django.urls import reverse

from hcvvet.accounts.models import Role
from tests.vetting.campaign_helpers import active_campaign, cast_votes

pytestmark = pytest.mark.django_db

# (expert, candidate index, class or "skip", seconds on the page)
VOTES = [
    ("ada", 0, 1, 10.0),
    ("ada", 1, 2, 30.0),
    ("ada", 2, "skip", 20.0),
    ("bob", 0, 4, 60.0),
    ("bob", 1, 1, 12.0),
]
# By hand: ada 2 labels (10, 30 s: median 20) in 60 s -> 120 per hour, 1 skip; bob 2 labels (60, 12 s:
# median 36) in 72 s -> 100 per hour; everyone 4 labels (median of 10, 12, 30, 60 = 21) in 132 s -> 109.1
# per hour. Class 1: 2 labels (10, 12 s: median 11) in 22 s -> 327.3 per hour; class 2: 1 in 30 s -> 120;
# class 4: 1 in 60 s -> 60.
EXPECTED_EXPERTS = [
    ["ada", "2", "1", "20.0", "120.0", "1", "1", "0"],
    ["bob", "2", "0", "36.0", "100.0", "1", "0", "1"],
    ["all experts", "4", "1", "21.0", "109.1", "2", "1", "1"],
]
EXPECTED_CLASSES = [
    ["1 high-confidence variable", "2", "11.0", "327.3"],
    ["2 probable variable", "1", "30.0", "120.0"],
    ["4 possible artifact", "1", "60.0", "60.0"],
]


@pytest.fixture
def paced(make_user):
    """A blind campaign, not closed, in which ada and bob voted (kit, a curator, votes in it too but has not
    yet); returns the users by name."""
    people = {
        "ada": make_user("ada", Role.EXPERT),
        "bob": make_user("bob", Role.EXPERT),
        "kit": make_user("kit", Role.CURATOR, Role.EXPERT),
        "cora": make_user("cora", Role.CURATOR),
    }
    campaign = active_campaign(
        experts=[people[n] for n in ("ada", "bob", "kit")], n_candidates=3, votes_needed=3
    )
    cast_votes(campaign, people, VOTES)
    return people


def table_rows(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table class="data" id="{table_id}">(.*?)</table>', page, re.S)
    assert table, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>")[1], re.S)
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def report_page(client, user, status: int = 200, **query) -> str:
    client.force_login(user)
    response = client.get(reverse("reports:index"), {"source": "labels", **query})
    assert response.status_code == status
    return response.content.decode()


def test_agreement_shows_each_experts_and_each_classs_time_per_label_and_labels_per_hour(client, paced):
    page = report_page(client, paced["cora"], campaign="M87 blind")
    agreement = page[page.index('<section id="agreement">') :]
    assert '<section id="pace"' in agreement
    assert table_rows(page, "pace-experts") == EXPECTED_EXPERTS
    assert table_rows(page, "pace-classes") == EXPECTED_CLASSES


def test_without_a_campaign_the_report_says_how_to_see_the_pace(client, paced):
    page = report_page(client, paced["cora"])
    assert "Choose a campaign to see each expert's time per label and labels per hour." in page
    assert 'id="pace"' not in page


def test_a_curator_who_votes_in_the_blind_campaign_sees_no_pace_that_reveals_others_votes(client, paced):
    """kit has not voted: agreement (and the pace beside it) names others' classes, so neither is shown (nor
    any other report of the campaign: a 403 page naming what it hides)."""
    page = report_page(client, paced["kit"], 403, campaign="M87 blind")
    assert 'id="pace"' not in page
    assert 'id="agreement"' not in page
    assert "Agreement between experts" in page[page.index('<section id="hidden"') :]
