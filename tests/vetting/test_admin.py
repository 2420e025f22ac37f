"""The campaign and image-flag admins as a curator uses them: the service's errors show on the form with the
input kept and nothing is reported as added; the campaign list costs the same queries however many campaigns
there are."""

import pytest
from django.contrib.messages import get_messages

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Image
from hcvvet.vetting import admin as vetting_admin
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.image_flags import image_flag
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, ImageFlag
from tests.factories import CandidateFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/admin/vetting/campaign/"
IMAGE_FLAGS = "/admin/vetting/imageflag/"


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def campaign_post(name: str, **overrides) -> dict:
    return {
        "name": name,
        "description": "",
        "auto_class": [1, 2],  # the selection's criteria fields (hcvvet.curation.campaign_form)
        "include_without_light_curve": "on",
        "live": "on",  # no candidate is ingested in these tests: a frozen selection of none is refused
        "votes_needed": 2,
        "blind": "on",
        "rule": "majority",
        "rule_k": 1,
        "order": "mad",
        "seed": 0,
        **overrides,
    }


def assert_form_refused(reply, *, field: str | None, message: str) -> None:
    """The add page came back (not a redirect) with the service's message on `field` (None: the whole form),
    and no success message was queued."""
    assert reply.status_code == 200, reply.get("Location")
    form = reply.context["adminform"].form
    errors = form.errors.get(field) if field else form.non_field_errors()
    assert any(message in error for error in errors or []), form.errors
    assert b"errornote" in reply.content
    assert not [m for m in get_messages(reply.wsgi_request) if "success" in m.tags]
    assert b"added successfully" not in reply.content


def test_campaign_form_shows_the_services_rule_error_and_keeps_the_input(curator_client):
    data = campaign_post("Too few votes", rule="first_k", rule_k=5, votes_needed=2, description="keep me")
    reply = curator_client.post(f"{CAMPAIGNS}add/", data)
    assert_form_refused(reply, field="rule_k", message="“Rule k” cannot exceed “Votes needed”")
    assert b"keep me" in reply.content
    assert b'value="Too few votes"' in reply.content
    assert not Campaign.objects.filter(name="Too few votes").exists()


def test_campaign_form_shows_a_selection_error_on_its_criterion(curator_client):
    reply = curator_client.post(f"{CAMPAIGNS}add/", campaign_post("Bad range", mad_min="0.5", mad_max="0.1"))
    assert_form_refused(
        reply, field="mad_min", message="“MAD at least (mag)” is larger than “MAD at most (mag)”"
    )
    assert b'value="0.5"' in reply.content
    assert not Campaign.objects.filter(name="Bad range").exists()


def test_campaign_change_form_refuses_an_invalid_change_and_keeps_the_campaign(curator_client, curator):
    campaign = campaign_create(user=curator, name="Draft", votes_needed=2)
    reply = curator_client.post(
        f"{CAMPAIGNS}{campaign.pk}/change/", campaign_post("Draft", rule="first_k", rule_k=3)
    )
    assert_form_refused(reply, field="rule_k", message="“Rule k” cannot exceed “Votes needed”")
    campaign.refresh_from_db()
    assert (campaign.rule, campaign.rule_k) == ("majority", 2)


def test_a_service_error_after_validation_fails_the_save_without_reporting_success(
    curator_client, curator, monkeypatch
):
    """Another curator creates a campaign of the same name between the form's check and the save."""
    real_create = vetting_admin.campaign_create

    def create_after_a_rival(**kwargs):
        campaign_create(user=curator, name=kwargs["name"])
        return real_create(**kwargs)

    monkeypatch.setattr(vetting_admin, "campaign_create", create_after_a_rival)
    reply = curator_client.post(f"{CAMPAIGNS}add/", campaign_post("Raced"), follow=True)
    assert reply.redirect_chain == [(f"{CAMPAIGNS}add/", 302)]
    texts = [(m.tags, str(m)) for m in get_messages(reply.wsgi_request)]
    assert texts == [("error", "a campaign named 'Raced' exists already")]


def test_image_flag_form_shows_the_services_error_and_keeps_the_input(curator_client, curator):
    star = candidate_with_light_curve(n_points=4)
    image = Image.objects.filter(measurements__candidate=star).first()
    image_flag(image=image, user=curator, reason="first flag")
    reply = curator_client.post(f"{IMAGE_FLAGS}add/", {"image": image.pk, "reason": "second flag"})
    assert_form_refused(reply, field="image", message=f"image {image.name} is already flagged")
    assert reply.content.count(b"is already flagged") == 1
    assert b"second flag" in reply.content
    assert list(ImageFlag.objects.values_list("reason", flat=True)) == ["first flag"]


def test_image_flag_form_stores_the_reason_as_the_service_does(curator_client):
    star = candidate_with_light_curve(n_points=4)
    image = Image.objects.filter(measurements__candidate=star).first()
    reply = curator_client.post(f"{IMAGE_FLAGS}add/", {"image": image.pk, "reason": "  trailed  "})
    assert reply.status_code == 302
    assert ImageFlag.objects.get(image=image).reason == "trailed"


def _campaigns_with_disputes(curator, experts, numbers: range) -> None:
    """Campaigns of two candidates each; the even-numbered ones have one disputed candidate."""
    for n in numbers:
        stars = [CandidateFactory() for _ in range(2)]
        campaign = campaign_create(
            user=curator,
            name=f"Campaign {n}",
            experts=tuple(experts),
            votes_needed=2,
            rule="unanimous",
            selection={"match_ids": [star.pk for star in stars]},
        )
        campaign = campaign_start(campaign=campaign, user=curator)
        if n % 2 == 0:
            for expert, expert_class in zip(experts, (1, 2), strict=True):
                label_submit(campaign=campaign, candidate=stars[0], expert=expert, expert_class=expert_class)


def test_campaign_list_counts_items_and_disputes_in_queries_that_do_not_grow(
    curator_client, curator, make_user, django_assert_max_num_queries
):
    experts = [make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)]
    _campaigns_with_disputes(curator, experts, range(1))
    with django_assert_max_num_queries(100) as one:
        curator_client.get(CAMPAIGNS)
    _campaigns_with_disputes(curator, experts, range(1, 7))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = curator_client.get(CAMPAIGNS)
    rows = {campaign.name: campaign for campaign in page.context["cl"].result_list}
    assert [rows[f"Campaign {n}"].item_count for n in range(7)] == [2] * 7
    assert [rows[f"Campaign {n}"].disputed_count for n in range(7)] == [1, 0, 1, 0, 1, 0, 1]
    assert page.content.decode().count(">1 disputed<") == 4
