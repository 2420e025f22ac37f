"""Report pages and downloads obey the blind-review rules (hcvvet.vetting.visibility.report_access).

The small campaign (tests/reports/conftest.py) is made blind and active with its three experts ada, bob and
cora named; curt is a curator who does not vote in it, vic a viewer.
"""

import json

import pytest
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.reports import exports
from hcvvet.reports.services import SCATTER_REPORTS
from hcvvet.vetting.campaigns import campaign_close
from hcvvet.vetting.models import Campaign, CampaignState
from hcvvet.vetting.queues import default_campaign

pytestmark = pytest.mark.django_db
CAMPAIGN = {"campaign": "M31 pilot"}
LABELS = {"source": "labels", **CAMPAIGN}
# (report, format, query) of the campaign's label data
CAMPAIGN_LABEL_REPORTS = [
    ("autoclass-vs-expert", "json", LABELS),
    ("artifact-fraction", "csv", LABELS),
    ("agreement", "json", CAMPAIGN),
    ("agreement", "csv", {"source": "hcv", **CAMPAIGN}),
    ("sky", "png", LABELS),
]


@pytest.fixture
def blind(small_campaign):
    campaign = small_campaign.campaign
    campaign.experts.set(small_campaign.experts)
    campaign.state = CampaignState.ACTIVE
    campaign.save(update_fields=["state"])
    return small_campaign


@pytest.fixture
def curator(make_user):
    return make_user("curt", Role.CURATOR)


def signed_in(client, user):
    client.force_login(user)
    return client


def download(client, name: str, fmt: str, params: dict):
    return client.get(reverse("reports:download", args=[name, fmt]), params)


def labelled(client, params: dict, fmt: str = "ecsv"):
    return client.get(reverse("reports:labelled", args=[fmt]), params)


@pytest.mark.parametrize(("name", "fmt", "params"), CAMPAIGN_LABEL_REPORTS)
def test_an_expert_gets_no_label_report_of_their_open_blind_campaign(client, blind, name, fmt, params):
    response = download(signed_in(client, blind.experts[0]), name, fmt, params)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    assert "Campaign 'M31 pilot' is blind and not closed" in response.content.decode()


def test_an_expert_gets_no_labelled_export_of_their_open_blind_campaign(client, blind):
    response = labelled(signed_in(client, blind.experts[0]), CAMPAIGN)
    assert response.status_code == 403
    assert "M31 pilot" in response.content.decode()
    # nor the posterior classes of the Dawid-Skene fit over all the campaign's votes, narrowed to one group
    assert labelled(client, {**CAMPAIGN, "group": blind.candidates[0].group_id}).status_code == 403
    # every campaign's export holds this one's votes, and every object's catalogue ExpertClass
    assert labelled(client, {}).status_code == 403


@pytest.mark.parametrize("name", SCATTER_REPORTS)
def test_an_expert_sees_no_object_coloured_by_expert_class_while_blind(client, blind, name):
    response = download(signed_in(client, blind.experts[0]), name, "json", {})
    assert response.status_code == 403
    # the default queue binds them too, and comes first by name
    assert "You vote in the blind campaign 'Default queue'" in response.content.decode()
    assert "AutoClass" in response.content.decode()


def test_an_expert_sees_objects_coloured_by_autoclass_and_the_catalogue_aggregates(client, blind):
    client = signed_in(client, blind.experts[0])
    response = download(client, "mad-vs-magnitude", "json", {"colour_by": "auto", **LABELS})
    assert response.status_code == 200
    points = json.loads(response.content)
    # the six campaign objects in the most populated filter, coloured by AutoClass
    assert points["classes"] == [1, 1, 2, 2, 1, 1]
    crosstab = download(client, "autoclass-vs-expert", "json", {"source": "hcv"})
    assert crosstab.status_code == 200
    # the six of the eight objects that have a catalogue ExpertClass
    assert sum(row["count"] for row in json.loads(crosstab.content)["rows"]) == 6


def test_a_curator_who_does_not_vote_gets_every_report(client, blind, curator):
    client = signed_in(client, curator)
    for name, fmt, params in CAMPAIGN_LABEL_REPORTS:
        assert download(client, name, fmt, params).status_code == 200, name
    for name in SCATTER_REPORTS:
        assert download(client, name, "json", {}).status_code == 200, name
    table = exports.read_labelled_candidates(labelled(client, CAMPAIGN).content, "ecsv")
    assert [c for c in table.colnames if c.startswith("Vote_")] == ["Vote_ada", "Vote_bob", "Vote_cora"]
    assert "PosteriorClass" in table.colnames


def test_a_curator_voting_in_the_campaign_waits_like_the_other_experts(client, blind, curator):
    blind.campaign.experts.add(curator)
    response = download(signed_in(client, curator), "agreement", "json", CAMPAIGN)
    assert response.status_code == 403
    assert download(client, "sky", "json", {}).status_code == 403


def test_closing_the_campaign_opens_its_reports_to_its_experts(client, blind, curator):
    # Only this campaign binds them: a default queue that is not blind (it binds experts from the start).
    Campaign.objects.filter(pk=default_campaign().pk).update(blind=False)
    campaign_close(campaign=blind.campaign, user=curator)
    client = signed_in(client, blind.experts[0])
    for name, fmt, params in CAMPAIGN_LABEL_REPORTS:
        assert download(client, name, fmt, params).status_code == 200, name
    assert download(client, "mad-vs-magnitude", "json", {}).status_code == 200
    assert labelled(client, CAMPAIGN).status_code == 200


def test_a_viewer_sees_the_catalogue_class_and_labels_only_of_closed_campaigns(
    client, blind, viewer, curator
):
    client = signed_in(client, viewer)
    assert download(client, "sky", "json", {}).status_code == 200
    assert download(client, "agreement", "json", CAMPAIGN).status_code == 403
    # over every campaign the labels include the open blind one
    over_all = download(client, "artifact-fraction", "json", {"source": "labels"})
    assert over_all.status_code == 403
    assert "only curators" in over_all.content.decode()
    campaign_close(campaign=blind.campaign, user=curator)
    assert download(client, "agreement", "json", CAMPAIGN).status_code == 200
    assert labelled(client, CAMPAIGN).status_code == 200


def test_the_default_queue_binds_its_experts_but_not_curators(client, small_campaign, make_user, curator):
    default_campaign()
    expert = make_user("eve", Role.EXPERT)
    response = download(signed_in(client, expert), "colour-magnitude", "json", {})
    assert response.status_code == 403
    assert "Default queue" in response.content.decode()
    assert download(signed_in(client, curator), "colour-magnitude", "json", {}).status_code == 200


def test_the_page_names_what_it_hides_and_shows_the_rest(client, blind):
    response = signed_in(client, blind.experts[0]).get(reverse("reports:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hidden by the blind-review rules" in page
    assert "<strong>Agreement between experts, Labelled candidates</strong>" in page
    scatter = (
        "MAD versus magnitude (constant objects too unless AutoClass is chosen), Colour-magnitude diagram"
    )
    assert f"<strong>{scatter}, Sky positions</strong>" in page
    assert 'id="autoclass-vs-expert"' in page
    assert 'id="agreement"' not in page
    assert "/reports/sky.png" not in page
    assert "/reports/artifact-fraction.png" in page
    assert "/reports/labelled-candidates." not in page


def test_the_page_is_a_403_saying_why_when_it_hides_everything(client, blind):
    response = signed_in(client, blind.experts[0]).get(reverse("reports:index"), LABELS)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Campaign &#x27;M31 pilot&#x27; is blind and not closed" in page
    assert 'name="campaign"' in page  # the form stays, to choose another selection
    by_auto = client.get(reverse("reports:index"), {"colour_by": "auto", **LABELS})
    assert by_auto.status_code == 200
    assert "/reports/sky.png?" in by_auto.content.decode()
