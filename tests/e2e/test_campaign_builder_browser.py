"""A curator builds a campaign in Chromium: the count follows the fields as they change, and the campaign
created holds exactly the candidates the page counted."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.vetting.models import Campaign, CampaignState
from tests.curation.builder_field import build_field
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shown_count(page, previous: str | None = None) -> int:
    """The count once the page has shown a new one (not `previous`)."""
    output = page.locator("#selection-count")
    page.wait_for_function(
        "previous => { const o = document.getElementById('selection-count');"
        " return o.dataset.selected !== undefined && o.dataset.selected !== previous"
        " && !o.hasAttribute('aria-busy'); }",
        arg=previous,
    )
    return int(output.get_attribute("data-selected"))


def test_the_count_follows_the_fields_and_equals_what_is_created(live_server, page, make_user):
    m101, stars = build_field()
    make_user("cora", Role.CURATOR, Role.EXPERT)
    log_in(page, live_server.url, "cora")
    page.click("nav.topbar >> text=New campaign")
    page.wait_for_url(f"{live_server.url}/campaigns/new/")

    everything = shown_count(page)  # AutoClass 1 and 2 are ticked to start with: both groups
    assert everything == 5
    page.select_option("#id_group_ids", str(m101.pk))
    with_curves = shown_count(page, str(everything))
    assert with_curves == 4
    assert "2 without" in page.locator("#selection-count").inner_text()
    page.check("#id_include_without_light_curve")
    assert shown_count(page, str(with_curves)) == 6
    page.uncheck("#id_include_without_light_curve")
    # Each change's count before the next change: on a loaded machine the count of the unticked box alone
    # (4, after its 250 ms pause) can be shown before the magnitude is typed, and be read for it.
    assert shown_count(page, "6") == with_curves
    page.fill("#id_mag_max", "22")
    bright = shown_count(page, str(with_curves))
    assert bright == len(stars["bright"])

    page.fill("#id_name", "M101 bright")
    page.click("button[name=start]")
    page.wait_for_url("**/admin/vetting/campaign/*/change/")
    campaign = Campaign.objects.get(name="M101 bright")
    assert campaign.state == CampaignState.ACTIVE
    assert campaign.items.count() == bright
    assert "M101 bright" in page.locator(".messagelist").inner_text()
    assert page.errors == []


def open_builder(page, base_url: str, make_user) -> None:
    """The builder on the test field, as the curator cora, once its first count is shown."""
    build_field()
    make_user("cora", Role.CURATOR, Role.EXPERT)
    log_in(page, base_url, "cora")
    page.goto(f"{base_url}/campaigns/new/")
    shown_count(page)


def test_an_empty_selection_is_explained_on_the_page_and_refused(live_server, page, make_user):
    open_builder(page, live_server.url, make_user)
    for box in page.locator("input[name=auto_class]").all():
        box.uncheck()
    page.locator("#selection-count.invalid").wait_for()
    assert "Choose at least one criterion" in page.locator("#selection-count").inner_text()
    page.fill("#id_name", "Everything")
    page.click("button[name=draft]")
    assert "Choose at least one criterion" in page.locator(".form-errors").inner_text()
    assert not Campaign.objects.filter(name="Everything").exists()
    assert [error for error in page.errors if "400" not in error] == []  # the count's answer to no criterion


def test_the_count_box_names_a_bad_criterion_by_its_label(live_server, page, make_user):
    open_builder(page, live_server.url, make_user)
    page.fill("#id_mad_min", "0.5")
    page.fill("#id_mad_max", "0.1")
    page.locator("#selection-count.invalid").wait_for()
    text = page.locator("#selection-count").inner_text()
    assert text == "“MAD at least (mag)” is larger than “MAD at most (mag)”"
    assert [error for error in page.errors if "400" not in error] == []
