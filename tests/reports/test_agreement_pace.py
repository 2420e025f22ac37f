"""The agreement report's pace of the experts (issue 18): time per label and labels per hour per expert and
per class in the chosen campaign, checked against a hand computation (the same votes and tables as the
campaign's admin page, tests/vetting/test_admin_pace.py), under the blind-review rules it follows too
(hcvvet.vetting.pace)."""

import pytest
from django.urls import reverse

from hcvvet.accounts.models import Role
from tests.vetting import campaign_helpers as campaigns

pytestmark = pytest.mark.django_db


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
    campaign = campaigns.active_campaign(
        experts=[people[n] for n in ("ada", "bob", "kit")], n_candidates=4, votes_needed=3
    )
    campaigns.cast_votes(campaign, people, campaigns.PACE_VOTES)
    return people


def report_page(client, user, status: int = 200, **query) -> str:
    client.force_login(user)
    response = client.get(reverse("reports:index"), {"source": "labels", **query})
    assert response.status_code == status
    return response.content.decode()


def test_agreement_shows_time_per_label_and_labels_per_hour_per_expert_and_per_class(client, paced):
    page = report_page(client, paced["cora"], campaign="M87 blind")
    agreement = page[page.index('<section id="agreement">') :]
    assert '<section id="pace"' in agreement
    assert campaigns.pace_table(agreement, "pace-experts") == campaigns.PACE_EXPERTS
    assert campaigns.pace_table(agreement, "pace-classes") == campaigns.PACE_CLASSES
    assert "Class 4: possible artifact" in agreement
    assert 'id="pace-classes-hidden"' not in agreement


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
