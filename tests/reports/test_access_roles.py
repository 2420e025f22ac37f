"""Reports need a role (hcvvet/reports/access.py, the one rule for pages and API): a signed-in account without
one gets the 403 page saying what to do on every report page, figure and export, and a 403 in the API; a
curator who is not also an expert gets every one of them."""

import pytest
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.reports import exports, services
from hcvvet.reports.access import LABELLED_EXPORT
from tests.conftest import token_client

pytestmark = pytest.mark.django_db
CAMPAIGN = {"campaign": "M31 pilot", "source": "labels"}

DOWNLOADS = [
    (name, fmt)
    for name in services.REPORTS
    for fmt in services.FORMATS
    if fmt == "json"
    or (fmt in services.TABLE_FORMATS and name in services.TABLE_REPORTS)
    or (fmt in services.FIGURE_FORMATS and name in services.FIGURE_REPORTS)
]
PAGES = [
    reverse("reports:index"),
    *(reverse("reports:download", args=download) for download in DOWNLOADS),
    *(reverse("reports:labelled", args=[fmt]) for fmt in services.TABLE_FORMATS),
]
API = [
    reverse("api:reports"),
    *(reverse("api:report", args=[name]) + f"?fmt={fmt}" for name, fmt in DOWNLOADS),
    *(reverse("api:labelled-candidates") + f"?fmt={fmt}" for fmt in services.TABLE_FORMATS),
]


@pytest.fixture
def no_role(client, make_user):
    client.force_login(make_user("nora"))
    return client


@pytest.mark.parametrize("path", PAGES)
def test_an_account_without_a_role_gets_the_page_that_says_what_to_do(no_role, path):
    response = no_role.get(path, CAMPAIGN)
    assert response.status_code == 403
    # The styled page, not a bare text.
    assert "403.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert "ask a curator to give you the viewer, expert or curator role" in page
    assert "Sign out" in page  # the page's "what you can do", with the site's bar


def test_an_account_without_a_role_is_refused_even_with_filters_that_would_be_a_400(no_role):
    response = no_role.get(reverse("reports:download", args=["artifact-fraction", "csv"]), {"group": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", API)
def test_an_account_without_a_role_gets_a_403_from_the_api(make_user, path):
    response = token_client(make_user("nora")).get(path, CAMPAIGN)
    assert response.status_code == 403
    assert "role" in response.json()["detail"]


@pytest.fixture
def curator_only(client, make_user):
    """A curator who is not an expert: votes in no campaign, so the blind rules keep nothing from them."""
    client.force_login(make_user("curt", Role.CURATOR))
    return client


def test_a_curator_without_the_expert_role_gets_the_report_page_with_every_part(curator_only, small_campaign):
    response = curator_only.get(reverse("reports:index"), CAMPAIGN)
    assert response.status_code == 200
    page = response.content.decode()
    for name in services.FIGURE_REPORTS:
        assert reverse("reports:download", args=[name, "png"]) + "?" in page
    assert reverse("reports:labelled", args=["csv"]) + "?" in page
    assert "Agreement between experts" in page
    assert "Hidden by the blind-review rules" not in page  # no part of it is held back


@pytest.mark.parametrize("name", services.REPORTS)
def test_a_curator_without_the_expert_role_gets_each_report(curator_only, small_campaign, name):
    fmt = "png" if name in services.FIGURE_REPORTS else "csv"
    response = curator_only.get(reverse("reports:download", args=[name, fmt]), CAMPAIGN)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/png" if fmt == "png" else "text/csv")
    api = token_client(response.wsgi_request.user).get(reverse("api:report", args=[name]), CAMPAIGN)
    assert api.status_code == 200
    assert api.json()["provenance"]["campaign"] == "M31 pilot"


@pytest.mark.parametrize("fmt", services.TABLE_FORMATS)
def test_a_curator_without_the_expert_role_gets_the_labelled_export(curator_only, small_campaign, fmt):
    response = curator_only.get(reverse("reports:labelled", args=[fmt]), CAMPAIGN)
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES[fmt]
    assert LABELLED_EXPORT in response["Content-Disposition"]


@pytest.mark.parametrize("roles", [(Role.CURATOR,), (Role.CURATOR, Role.EXPERT)])
def test_the_default_queues_label_reports_are_a_curators_and_refused_to_a_plain_expert(
    client, make_user, roles, expert
):
    """README "Who is bound": the default queue binds every expert who is not a curator; a curator who votes
    in no blind campaign by name gets its label reports."""
    from hcvvet.vetting.queues import default_campaign

    query = {"campaign": default_campaign().name, "source": "labels"}
    url = reverse("reports:download", args=["agreement", "json"])
    client.force_login(make_user("carl", *roles))
    assert client.get(url, query).status_code == 200
    client.force_login(expert)
    refused = client.get(url, query)
    assert refused.status_code == 403
    assert "only to curators who do not vote in it" in refused.content.decode()
