"""The campaign builder (the curators' page and the admin's campaign form, one form): a field per selection
criterion, the live count with and without light curves, refusal of an empty selection, confirmation of a
large one, and objects without a light curve left out unless asked for."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.curation import campaign_form
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.models import Campaign, CampaignState
from tests.curation.builder_field import build_field

pytestmark = pytest.mark.django_db

BUILDER = "/campaigns/new/"
COUNT = "/campaigns/count.json"
SETTINGS = {"votes_needed": 1, "blind": "on", "rule": "majority", "rule_k": 1, "order": "mad", "seed": 0}


@pytest.fixture
def field():
    return build_field()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def count(client, **criteria) -> dict:
    reply = client.get(COUNT, criteria)
    assert reply.status_code == 200, reply.content
    return reply.json()


def test_an_empty_selection_is_refused_with_a_message_and_creates_nothing(curator_client, field):
    page = curator_client.post(BUILDER, {"name": "Everything", **SETTINGS})
    assert page.status_code == 200
    assert "Choose at least one criterion" in page.content.decode()
    assert "every object of the catalogue" in page.content.decode()
    assert not Campaign.objects.filter(name="Everything").exists()
    answer = curator_client.get(COUNT)
    assert answer.status_code == 400
    assert "Choose at least one criterion" in answer.json()["errors"]["__all__"][0]["message"]


def test_the_live_count_equals_what_the_campaign_holds_once_started(curator_client, field):
    m101, stars = field
    criteria = {"group_ids": [m101.pk], "auto_class": [1, 2]}
    shown = count(curator_client, **criteria)
    assert (shown["selected"], shown["with_light_curve"], shown["without_light_curve"]) == (4, 4, 2)
    assert "GroupID" in shown["description"]
    reply = curator_client.post(BUILDER, {"name": "M101 pilot", "start": "1", **SETTINGS, **criteria})
    assert reply.status_code == 302, reply.content.decode()[:3000]
    campaign = Campaign.objects.get(name="M101 pilot")
    assert campaign.state == CampaignState.ACTIVE
    held = set(campaign.items.values_list("candidate_id", flat=True))
    assert len(held) == shown["selected"]
    assert held == {c.pk for c in stars["bright"] + stars["faint"]}  # no object without a light curve


def test_objects_without_a_light_curve_join_only_when_asked_for(curator_client, field):
    m101, stars = field
    criteria = {"group_ids": [m101.pk], "auto_class": [1, 2], "include_without_light_curve": "on"}
    shown = count(curator_client, **criteria)
    assert shown["selected"] == 6
    curator_client.post(BUILDER, {"name": "With blanks", "start": "1", **SETTINGS, **criteria})
    held = set(Campaign.objects.get(name="With blanks").items.values_list("candidate_id", flat=True))
    assert len(held) == shown["selected"]
    assert {c.pk for c in stars["no_lc"]} <= held


def test_each_criterion_narrows_the_count_as_the_campaign_would(curator_client, field):
    m101, _ = field
    base = {"group_ids": [m101.pk]}
    assert count(curator_client, **base)["selected"] == 7  # 4 candidates and 3 constants, light curves
    assert count(curator_client, **base, auto_class=[0])["selected"] == 3
    assert count(curator_client, **base, filters="acs_f814w", mag_max=22)["selected"] == 6
    assert count(curator_client, **base, filters="ACS_F814W", mad_min=0.1, mag_max=22)["selected"] == 3
    assert count(curator_client, filters="WFC3_F160W")["selected"] == 0


@pytest.mark.parametrize(
    ("criteria", "field_name", "words"),
    [
        ({"mad_min": "0.5", "mad_max": "0.1"}, "mad_min", "is larger than"),
        ({"filters": "F814W"}, "filters", "INSTRUMENT_FILTER"),
        ({"var_qual_flag": "AXA"}, "var_qual_flag", "is no VarQualFlag pattern"),
        ({"match_ids": "12 abc"}, "match_ids", "not a MatchID: abc"),
        ({"mag_min": "bright"}, "mag_min", "number"),
    ],
)
def test_a_bad_criterion_is_a_400_naming_its_field(curator_client, field, criteria, field_name, words):
    answer = curator_client.get(COUNT, criteria)
    assert answer.status_code == 400
    messages = answer.json()["errors"][field_name]
    assert any(words in m["message"] for m in messages), messages


def test_a_selection_above_the_size_limit_needs_a_confirmation(curator_client, field, monkeypatch):
    monkeypatch.setattr(campaign_form, "CONFIRM_ABOVE", 3)
    m101, _ = field
    criteria = {"group_ids": [m101.pk], **SETTINGS}
    assert count(curator_client, group_ids=[m101.pk], auto_class=[1, 2])["needs_confirmation"] is True
    refused = curator_client.post(BUILDER, {"name": "Big", "auto_class": [1, 2], **criteria})
    assert refused.status_code == 200
    assert "The selection picks 4 candidates, more than 3: tick to confirm" in refused.content.decode()
    assert not Campaign.objects.filter(name="Big").exists()
    done = curator_client.post(
        BUILDER, {"name": "Big", "auto_class": [1, 2], "confirm_size": "on", **criteria}
    )
    assert done.status_code == 302
    assert Campaign.objects.get(name="Big").state == CampaignState.DRAFT


def test_a_selection_that_picks_nothing_is_refused_unless_live(curator_client, field):
    m101, _ = field
    none = {"group_ids": [m101.pk], "filters": "WFC3_F160W", **SETTINGS}
    refused = curator_client.post(BUILDER, {"name": "Nothing", **none})
    assert "The selection picks no candidate" in refused.content.decode()
    assert not Campaign.objects.filter(name="Nothing").exists()
    assert curator_client.post(BUILDER, {"name": "Later", "live": "on", **none}).status_code == 302


@pytest.mark.parametrize(
    ("criteria", "field_name", "shown"),
    [
        (
            {"mad_min": "0.5", "mad_max": "0.1"},
            "mad_min",
            "“MAD at least (mag)” is larger than “MAD at most (mag)”",
        ),
        (
            {"mag_min": "24", "mag_max": "21"},
            "mag_min",
            "“MeanCorrMag at least (mag)” is larger than “MeanCorrMag at most (mag)”",
        ),
        ({"var_qual_flag": "AXA"}, "var_qual_flag", "“VarQualFlag pattern”: 'AXA' is no VarQualFlag pattern"),
        ({"gold_count": "5000000"}, "gold_count", "“Gold candidates drawn” must be an integer from 0 to"),
    ],
)
def test_a_selection_error_names_its_field_as_the_form_labels_it(
    curator_client, field, criteria, field_name, shown
):
    """On the page under the field (the input kept) and in the count box, never by the service's key."""
    m101, _ = field
    page = curator_client.post(BUILDER, {"name": "Bad", **SETTINGS, "group_ids": [m101.pk], **criteria})
    assert page.status_code == 200
    [error] = page.context["form"].errors[field_name]
    assert error.startswith(shown)
    assert field_name not in error
    assert f'name="{field_name}" value="{criteria[field_name]}"' in page.content.decode()
    answer = curator_client.get(COUNT, {"group_ids": [m101.pk], **criteria})
    assert answer.status_code == 400
    [message] = answer.json()["messages"]
    assert message.startswith(shown)


def test_the_count_box_names_a_field_the_message_does_not_name(curator_client, field):
    answer = curator_client.get(COUNT, {"mag_min": "bright", "match_ids": "12 abc"})
    assert answer.status_code == 400
    assert answer.json()["messages"] == [
        "MeanCorrMag at least (mag): Enter a number.",
        "MatchIDs: not a MatchID: abc",
    ]


@pytest.mark.parametrize("role", ["expert", "viewer"])
def test_only_curators_build_campaigns(client, users, field, role):
    client.force_login(users[role])
    assert client.get(BUILDER).status_code == 403
    assert client.get(COUNT, {"auto_class": [1]}).status_code == 403


def test_the_page_explains_every_criterion(curator_client, field):
    html = curator_client.get(BUILDER).content.decode()
    for label in ("Fields", "AutoClass", "Catalogue ExpertClass", "Filters", "MAD at least (mag)"):
        assert f"{label}:</label>" in html
    for help_text in ("HCV GroupID", "INSTRUMENT_FILTER", "Up to five letters", "left out unless ticked"):
        assert help_text in html
    assert "M101 (GroupID" in html  # groups are chosen by name, not typed as numbers
    assert 'name="selection"' not in html


def test_the_admin_uses_the_same_form_and_keeps_a_draft_selection(curator_client, curator, field):
    m101, _ = field
    add = curator_client.get("/admin/vetting/campaign/add/").content.decode()
    assert 'data-count-url="/campaigns/count.json"' in add
    assert "campaign_builder.js" in add
    assert "left out unless ticked" in add
    reply = curator_client.post(
        "/admin/vetting/campaign/add/",
        {"name": "From the admin", **SETTINGS, "group_ids": [m101.pk], "auto_class": [1], "mad_min": "0.2"},
    )
    assert reply.status_code == 302, reply.content.decode()[:3000]
    campaign = Campaign.objects.get(name="From the admin")
    assert campaign.selection == {
        "group_ids": [m101.pk],
        "auto_class": [1],
        "mad_min": 0.2,
        "has_light_curve": True,
    }
    change = curator_client.get(f"/admin/vetting/campaign/{campaign.pk}/change/").content.decode()
    assert 'name="mad_min" value="0.2"' in change


def test_a_started_campaign_shows_its_selection_in_words_in_the_admin(curator_client, curator, field):
    m101, _ = field
    campaign = campaign_create(user=curator, name="Frozen", selection={"group_ids": [m101.pk]})
    campaign_start(campaign=campaign, user=curator)
    html = curator_client.get(f"/admin/vetting/campaign/{campaign.pk}/change/").content.decode()
    assert f"GroupID {m101.pk}" in html
    assert 'name="group_ids"' not in html


def test_a_curator_voting_in_a_draft_neither_sees_nor_loses_its_gold(client, make_user, curator, field):
    m101, stars = field
    voter = make_user("vera", Role.CURATOR, Role.EXPERT)
    Candidate.objects.filter(pk__in=[c.pk for c in stars["bright"]]).update(hcv_expert_class=1)
    gold = {"gold_match_ids": [stars["bright"][0].pk], "gold_count": 1}
    campaign = campaign_create(
        user=curator, name="Gold pilot", experts=(voter,), selection={"group_ids": [m101.pk], **gold}
    )
    client.force_login(voter)
    url = f"/admin/vetting/campaign/{campaign.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="gold_match_ids"' not in page
    assert str(stars["bright"][0].pk) not in page
    reply = client.post(
        url,
        {"name": "Gold pilot", **SETTINGS, "experts": [voter.pk], "group_ids": [m101.pk], "mad_min": "0.1"},
    )
    assert reply.status_code == 302, reply.content.decode()[:3000]
    campaign.refresh_from_db()
    assert campaign.selection["mad_min"] == 0.1
    assert {key: campaign.selection[key] for key in gold} == gold
    client.force_login(curator)  # who does not vote in it sees the gold
    assert 'name="gold_match_ids"' in client.get(url).content.decode()
    campaign_start(campaign=campaign, user=curator)
    client.force_login(voter)
    frozen = client.get(url).content.decode()
    assert "gold:" not in frozen
    assert f"GroupID {m101.pk}" in frozen


def test_the_experts_are_listed_by_name_whatever_order_their_rows_lie_in(curator_client, make_user):
    """The list does not move when an account's row does (a login rewrites it): it is by name."""
    make_user("zed", Role.EXPERT)
    make_user("amy", Role.EXPERT)
    html = curator_client.get(BUILDER).content.decode()
    names = [name for name in ("amy", "cora", "zed") if f">{name}</option>" in html]
    assert names == ["amy", "cora", "zed"]
    assert html.index(">amy</option>") < html.index(">cora</option>") < html.index(">zed</option>")
