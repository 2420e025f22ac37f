"""Who can be a campaign's expert: only accounts with the expert role (curators and superusers hold it too).
The service refuses anyone else by name; the builder, the admin and the API offer and accept only them."""

import html
import re

import pytest

from hcvvet.accounts.models import Role
from hcvvet.vetting.campaigns import campaign_create, campaign_start, campaign_update
from hcvvet.vetting.errors import InvalidInput
from hcvvet.vetting.models import Campaign
from hcvvet.vetting.queues import default_campaign
from tests.conftest import page_client, token_client
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

BUILDER = "/campaigns/new/"
CAMPAIGNS = "/admin/vetting/campaign/"
SETTINGS = {"votes_needed": 1, "blind": "on", "rule": "majority", "rule_k": 1, "order": "mad", "seed": 0}
LIVE = {"auto_class": [1, 2], "live": "on"}  # no candidate is ingested here: a live selection may pick none


def usernames_offered(html: str) -> list[str]:
    """The accounts the experts box offers (its <option>s), as the page lists them."""
    box = html.split('name="experts"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", box)


def test_the_service_refuses_accounts_without_the_expert_role_by_name(curator, expert, viewer, make_user):
    zoe = make_user("zoe", Role.VIEWER)
    with pytest.raises(InvalidInput) as refused:
        campaign_create(user=curator, name="Pilot", experts=(expert, viewer))
    assert refused.value.field == "experts"
    assert refused.value.message.startswith("vic has no expert role")
    assert not Campaign.objects.filter(name="Pilot").exists()

    draft = campaign_create(user=curator, name="Pilot", experts=(expert,))
    with pytest.raises(InvalidInput) as refused:
        campaign_update(campaign=draft, user=curator, experts=(zoe, expert, viewer))
    assert (refused.value.field, refused.value.message.split(":")[0]) == (
        "experts",
        "vic, zoe have no expert role",
    )
    assert list(draft.experts.all()) == [expert]


def test_curators_and_superusers_can_be_experts(curator, make_user):
    only_curator = make_user("cato", Role.CURATOR)
    root = make_user("root")
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    campaign = campaign_create(user=curator, name="Pilot", experts=(only_curator, root))
    assert set(campaign.experts.values_list("username", flat=True)) == {"cato", "root"}


def test_the_builder_offers_only_experts_and_refuses_another_with_the_input_kept(curator, expert, viewer):
    client = page_client(curator)
    assert usernames_offered(client.get(BUILDER).content.decode()) == ["ada", "cora"]
    reply = client.post(BUILDER, {"name": "Pilot", **SETTINGS, **LIVE, "experts": [expert.pk, viewer.pk]})
    assert reply.status_code == 200
    assert reply.context["form"].errors["experts"]
    assert 'value="Pilot"' in reply.content.decode()
    assert not Campaign.objects.filter(name="Pilot").exists()


def test_the_admin_names_an_expert_who_lost_the_role_when_the_experts_change(
    curator, expert, other_expert, viewer, roles
):
    campaign = campaign_start(
        campaign=campaign_create(user=curator, name="Pilot", experts=(expert,), selection={"live": True}),
        user=curator,
    )
    client = page_client(curator)
    assert "vic" not in usernames_offered(client.get(f"{CAMPAIGNS}add/").content.decode())
    expert.groups.remove(roles[Role.EXPERT])  # ada becomes a viewer while the campaign runs

    url = f"{CAMPAIGNS}{campaign.pk}/change/"
    assert usernames_offered(client.get(url).content.decode()) == ["ada", "bob", "cora"]
    reply = client.post(
        url, {"name": "Pilot", "description": "keep me", "experts": [expert.pk, other_expert.pk]}
    )
    assert reply.status_code == 200
    [error] = reply.context["adminform"].form.errors["experts"]
    assert error.startswith("ada has no expert role")
    assert "keep me" in reply.content.decode()
    assert list(campaign.experts.all()) == [expert]

    renamed = client.post(url, {"name": "Pilot 2", "description": "", "experts": [expert.pk]})
    assert renamed.status_code == 302  # a change that leaves the experts alone is not held up by them
    assert Campaign.objects.get(pk=campaign.pk).name == "Pilot 2"
    assert (
        client.post(url, {"name": "Pilot 2", "description": "", "experts": [other_expert.pk]}).status_code
        == 302
    )
    assert list(Campaign.objects.get(pk=campaign.pk).experts.all()) == [other_expert]


def test_the_api_answers_400_naming_the_account_without_the_expert_role(curator, expert, viewer):
    api = token_client(curator)
    refused = api.post("/api/campaigns/", {"name": "Pilot", "experts": ["ada", "vic"]}, format="json")
    assert refused.status_code == 400
    [message] = refused.json()["experts"]
    assert message.startswith("vic has no expert role")
    assert not Campaign.objects.filter(name="Pilot").exists()

    created = api.post("/api/campaigns/", {"name": "Pilot", "experts": ["ada"]}, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/campaigns/{created.json()['id']}/"
    changed = api.patch(url, {"experts": ["vic"]}, format="json")
    assert changed.status_code == 400
    assert changed.json()["experts"][0].startswith("vic has no expert role")
    assert api.get(url).json()["experts"] == ["ada"]


def test_a_deactivated_expert_is_not_offered_and_is_refused_by_name(curator, expert, other_expert):
    """An account a curator deactivated (someone who left) keeps its role but can no longer sign in: the
    builder does not offer it, the service and the API refuse it, naming it."""
    other_expert.is_active = False
    other_expert.save(update_fields=["is_active"])
    assert "bob" not in usernames_offered(page_client(curator).get(BUILDER).content.decode())
    with pytest.raises(InvalidInput) as refused:
        campaign_create(user=curator, name="Pilot", experts=(expert, other_expert))
    assert (refused.value.field, refused.value.message.split(":")[0]) == (
        "experts",
        "bob's account is deactivated",
    )
    reply = token_client(curator).post(
        "/api/campaigns/", {"name": "Pilot", "experts": ["ada", "bob"]}, format="json"
    )
    assert reply.status_code == 400
    assert reply.json()["experts"][0].startswith("bob's account is deactivated")
    assert not Campaign.objects.filter(name="Pilot").exists()


def test_an_expert_who_lost_the_role_is_offered_no_queue(curator, expert, client):
    selection = {"match_ids": [CandidateFactory(auto_class=1).pk]}
    draft = campaign_create(user=curator, name="Pilot", experts=(expert,), selection=selection)
    campaign = campaign_start(campaign=draft, user=curator)
    client.force_login(expert)
    assert f'href="/review/{campaign.pk}/"' in client.get("/").content.decode()
    expert.groups.remove(*expert.groups.all())

    client.force_login(type(expert).objects.get(pk=expert.pk))
    assert f'href="/review/{campaign.pk}/"' not in client.get("/").content.decode()
    assert client.get("/api/queues/").status_code == 403  # an account without a role reads no API


def test_a_campaign_with_fewer_experts_than_votes_needed_warns_its_curator(curator, expert, other_expert):
    """Two votes per candidate from one expert: no candidate could ever reach a consensus. Experts may be
    added after the start, so it is a warning on the start and on the campaign's page until they are."""
    selection = {"match_ids": [CandidateFactory(auto_class=1).pk]}
    draft = campaign_create(
        user=curator, name="Pilot", experts=(expert,), selection=selection, votes_needed=2
    )
    client = page_client(curator)
    started = client.post(CAMPAIGNS, {"action": "start", "_selected_action": [draft.pk]}, follow=True)
    said = [str(message) for message in started.context["messages"]]
    warning = (
        "Campaign 'Pilot' has only 1 expert but needs 2 votes per candidate: no candidate can reach a "
        "consensus until it has at least 2 experts."
    )
    assert said == ["Pilot: started", warning]
    url = f"{CAMPAIGNS}{draft.pk}/change/"
    assert html.escape(warning) in client.get(url).content.decode()

    added = client.post(url, {"name": "Pilot", "description": "", "experts": [expert.pk, other_expert.pk]})
    assert added.status_code == 302
    assert 'id="experts-short"' not in client.get(url).content.decode()


def test_the_default_queue_says_it_is_every_experts_and_warns_of_nothing(curator, expert):
    """The default queue names no experts (every expert labels in it): its page says so, and does not warn
    that it has fewer experts than votes needed."""
    url = f"{CAMPAIGNS}{default_campaign().pk}/change/"
    page = page_client(curator).get(url).content.decode()
    assert 'id="default-experts"' in page
    assert 'id="experts-short"' not in page
