"""Anonymous expert ids as an option of the report page (a checkbox whose choice every export link carries)
and of `manage.py report --anonymous`: the agreement table then names no expert, only stable ids."""

import re
from html import unescape
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from hcvvet.reports import exports

pytestmark = pytest.mark.django_db
CAMPAIGN = {"campaign": "M31 pilot", "source": "labels"}


def anonymous_ids(experts) -> dict[str, str]:
    return {expert.username: exports.anonymous_id(settings.SECRET_KEY, expert.pk) for expert in experts}


def export_links(page: str) -> list[str]:
    """The href of every download link of the page's Downloads section."""
    downloads = page[page.index('<section id="tables">') :]
    return [unescape(href) for href in re.findall(r'<a href="([^"]+)"', downloads)]


def checkbox(page: str) -> str:
    found = re.search(r'<input type="checkbox" name="anonymous"[^>]*>', page)
    assert found, "no anonymous checkbox on the report page"
    return found.group(0)


def test_the_checkbox_is_carried_by_every_export_link_and_its_agreement_names_no_expert(
    browser, small_campaign
):
    plain = browser.get(reverse("reports:index"), CAMPAIGN).content.decode()
    assert "checked" not in checkbox(plain)
    assert export_links(plain)
    assert not any("anonymous" in link for link in export_links(plain))

    response = browser.get(reverse("reports:index"), {**CAMPAIGN, "anonymous": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "checked" in checkbox(page)
    links = export_links(page)
    assert all("anonymous=1" in link for link in links)
    agreement_csv = next(link for link in links if link.startswith("/reports/agreement.csv"))
    table = browser.get(agreement_csv).content.decode()
    ids = anonymous_ids(small_campaign.experts)
    for username, anonymous in ids.items():
        assert anonymous in table
        assert not re.search(rf"\b{username}\b", table)


def test_a_value_the_downloads_would_refuse_is_a_form_error(browser, small_campaign):
    response = browser.get(reverse("reports:index"), {**CAMPAIGN, "anonymous": "yes"})
    assert response.status_code == 400
    assert "&#x27;yes&#x27; is not a choice: use 1 or true" in response.content.decode()


def test_the_report_command_names_experts_by_anonymous_ids_when_asked(small_campaign):
    args = ("report", "agreement", "--source", "labels", "--campaign", "M31 pilot", "--format", "csv")
    named, anonymous = StringIO(), StringIO()
    call_command(*args, stdout=named)
    call_command(*args, "--anonymous", stdout=anonymous)
    ids = anonymous_ids(small_campaign.experts)
    for username, anonymous_id in ids.items():
        assert re.search(rf"\b{username}\b", named.getvalue())
        assert anonymous_id not in named.getvalue()
        assert anonymous_id in anonymous.getvalue()
        assert not re.search(rf"\b{username}\b", anonymous.getvalue())
