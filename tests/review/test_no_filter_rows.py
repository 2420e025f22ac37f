"""A candidate with no filter row yet (its field partly ingested): the review page and its JSON answer with
an empty light curve and no context plots, never a server error."""

import pytest
from django.test import Client

from hcvvet.accounts.models import Role
from tests.factories import CandidateFactory
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db


def test_a_candidate_without_filter_rows_has_a_page_and_json_without_context(make_user):
    expert = make_user("ada", Role.EXPERT)
    candidate = CandidateFactory(auto_class=0)
    campaign = active_campaign(experts=[expert], candidates=[candidate], votes_needed=1, blind=False)
    client = Client()
    client.force_login(expert)

    page = client.get(f"/review/{campaign.pk}/{candidate.pk}/")
    data = client.get(f"/review/{campaign.pk}/{candidate.pk}.json")

    assert page.status_code == 200
    assert data.status_code == 200
    assert data.json()["epochs"] == []
    assert data.json()["context_url"] is None
