"""Epoch rejections have a scope (README, "Blind review"): each carries the campaign it was made in and its
expert. Until a voter of a blind campaign has voted on a candidate, they see only their own rejections
(review page JSON, API light curve and detail, admin, statistics recomputed from theirs alone); after voting,
or in a campaign that is not blind, everyone's, with the reasons. A rejection is restored only in its own
campaign, by its expert or a curator."""

import json
from types import SimpleNamespace

import pytest
from django.test import Client

from hcvvet.accounts.models import Role, User
from hcvvet.catalog import stats
from hcvvet.catalog.models import Measurement
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import EpochRejection
from tests.factories import candidate_with_light_curve
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db
REASON = "cosmic ray across the core"
BAND = "ACS_F814W"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _reject(client: Client, campaign, measurement, reason: str = REASON):
    url = f"/review/{campaign.pk}/{measurement.candidate_id}/epochs/{measurement.pk}/reject"
    return _post(client, url, {"reason": reason})


def _restore(client: Client, campaign, measurement):
    return _post(client, f"/review/{campaign.pk}/{measurement.candidate_id}/epochs/{measurement.pk}/restore")


def _seen(client: Client, campaign, candidate) -> dict:
    """What a user reads of the candidate's rejections: the review page and the API, side by side."""
    page = client.get(f"/review/{campaign.pk}/{candidate.pk}.json")
    assert page.status_code == 200, page.content
    curve = client.get(f"/api/candidates/{candidate.pk}/light-curve/")
    assert curve.status_code == 200, curve.content
    detail = client.get(f"/api/candidates/{candidate.pk}/")
    assert detail.status_code == 200, detail.content
    row = next(f for f in page.json()["filters"] if f["filter"] == BAND)
    api_row = next(f for f in detail.json()["filters"] if f["filter"] == BAND)
    return {
        "page": {e["id"]: e["reason"] for e in page.json()["epochs"] if e["rejected"]},
        "light_curve": {m["id"]: m["rejected_reason"] for m in curve.json() if m["rejected"]},
        "detail": {m["id"]: m["rejected_reason"] for m in detail.json()["light_curve"] if m["rejected"]},
        "page_rejected": row["rejected"],
        "page_vetted_mad": row["vetted_mad"],
        "api_vetted_num_lc": api_row["vetted_num_lc"],
        "api_vetted_mad": api_row["vetted_mad"],
    }


def _mad_without(candidate, *rejected: Measurement) -> float:
    kept = Measurement.objects.filter(candidate=candidate, filter=BAND).exclude(
        pk__in=[m.pk for m in rejected]
    )
    return stats.filter_statistics(*zip(*kept.values_list("mag", "corr_mag", "mag_err"), strict=True)).mad


@pytest.fixture
def blind_pair(make_user):
    """ada and bob vote in one blind campaign over a candidate outside the default queue (AutoClass 0)."""
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    candidate = candidate_with_light_curve(auto_class=0, n_points=10, seed=5)
    campaign = active_campaign(experts=[ada, bob], candidates=[candidate], votes_needed=2, blind=True)
    epochs = list(Measurement.objects.filter(candidate=candidate, filter=BAND).order_by("mjd"))
    return SimpleNamespace(ada=ada, bob=bob, candidate=candidate, campaign=campaign, epochs=epochs)


def test_a_blind_voter_sees_only_their_own_rejections_until_they_vote(blind_pair):
    w = blind_pair
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200
    untouched = _seen(_client(w.ada), w.campaign, w.candidate)

    assert _reject(_client(w.ada), w.campaign, w.epochs[7], reason="chip edge").status_code == 200
    before = _seen(_client(w.ada), w.campaign, w.candidate)
    label_submit(campaign=w.campaign, candidate=w.candidate, expert=w.ada, expert_class=1)
    after = _seen(_client(w.ada), w.campaign, w.candidate)

    assert (untouched["page"], untouched["light_curve"], untouched["detail"]) == ({}, {}, {})
    assert untouched["page_rejected"] == 0
    assert untouched["api_vetted_num_lc"] is None
    mine = {w.epochs[7].pk: "chip edge"}
    assert (before["page"], before["light_curve"], before["detail"]) == (mine, mine, mine)
    assert before["page_rejected"] == 1
    assert before["api_vetted_num_lc"] == len(w.epochs) - 1
    assert before["api_vetted_mad"] == pytest.approx(_mad_without(w.candidate, w.epochs[7]))
    assert before["page_vetted_mad"] == round(_mad_without(w.candidate, w.epochs[7]), 4)
    both = {w.epochs[2].pk: REASON, w.epochs[7].pk: "chip edge"}
    assert (after["page"], after["light_curve"], after["detail"]) == (both, both, both)
    assert after["page_rejected"] == 2
    assert after["api_vetted_num_lc"] == len(w.epochs) - 2
    assert after["api_vetted_mad"] == pytest.approx(_mad_without(w.candidate, w.epochs[2], w.epochs[7]))


def test_the_one_who_rejected_and_voters_of_an_open_campaign_see_it_with_its_reason(blind_pair, make_user):
    w = blind_pair
    eve = make_user("eve", Role.EXPERT)
    opened = active_campaign(experts=[eve, w.bob], candidates=[w.candidate], blind=False, name="open")
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200

    assert _seen(_client(w.bob), w.campaign, w.candidate)["page"] == {w.epochs[2].pk: REASON}
    assert _seen(_client(eve), opened, w.candidate)["light_curve"] == {w.epochs[2].pk: REASON}


def test_a_blind_voter_may_reject_an_epoch_another_expert_rejected_unseen(blind_pair):
    w = blind_pair
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200
    answer = _reject(_client(w.ada), w.campaign, w.epochs[2], reason="blend")
    assert answer.status_code == 200
    assert _reject(_client(w.ada), w.campaign, w.epochs[2], reason="blend").status_code == 409
    assert set(EpochRejection.objects.values_list("expert__username", "campaign", "reason")) == {
        ("bob", w.campaign.pk, REASON),
        ("ada", w.campaign.pk, "blend"),
    }


def test_a_rejection_is_restored_only_in_the_campaign_it_was_made_in(blind_pair):
    w = blind_pair
    unrelated = active_campaign(experts=[w.bob], candidates=[w.candidate], blind=False, name="unrelated")
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200

    refused = _restore(_client(w.bob), unrelated, w.epochs[2])
    assert refused.status_code == 409
    assert refused.json()["field"] == "measurement"
    assert _seen(_client(w.bob), unrelated, w.candidate)["page"] == {w.epochs[2].pk: REASON}
    restored = _restore(_client(w.bob), w.campaign, w.epochs[2])
    assert restored.status_code == 200
    assert not any(e["rejected"] for e in restored.json()["page"]["epochs"])


def test_only_its_expert_or_a_curator_restores_a_rejection(blind_pair, make_user):
    w = blind_pair
    cora = make_user("cora", Role.CURATOR, Role.EXPERT)
    w.campaign.experts.add(cora)
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200
    label_submit(campaign=w.campaign, candidate=w.candidate, expert=w.ada, expert_class=1)
    label_submit(campaign=w.campaign, candidate=w.candidate, expert=cora, expert_class=1)

    assert _restore(_client(w.ada), w.campaign, w.epochs[2]).status_code == 409
    assert _seen(_client(w.ada), w.campaign, w.candidate)["page"] == {w.epochs[2].pk: REASON}
    assert _restore(_client(cora), w.campaign, w.epochs[2]).status_code == 200
    assert _seen(_client(w.ada), w.campaign, w.candidate)["page"] == {}


def test_a_blind_voter_cannot_restore_a_rejection_they_do_not_see(blind_pair):
    w = blind_pair
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200
    refused = _restore(_client(w.ada), w.campaign, w.epochs[2])
    assert refused.status_code == 409
    assert "not rejected" in refused.json()["error"]
    assert EpochRejection.objects.filter(expert=w.bob).exists()


def test_the_history_names_the_campaign_and_waits_for_the_vote(blind_pair):
    w = blind_pair
    assert _reject(_client(w.bob), w.campaign, w.epochs[2]).status_code == 200
    url = f"/api/candidates/{w.candidate.pk}/history/"

    assert _client(w.ada).get(url).json() == []
    label_submit(campaign=w.campaign, candidate=w.candidate, expert=w.ada, expert_class=1)
    rejection = next(e for e in _client(w.ada).get(url).json() if e["kind"] == "reject_epoch")
    assert (rejection["actor"], rejection["campaign"]) == ("bob", w.campaign.pk)
    assert (rejection["after"]["rejected"], rejection["after"]["reason"]) == (True, REASON)


def test_an_unrelated_campaign_is_no_way_to_reject(blind_pair, make_user):
    w = blind_pair
    elsewhere = active_campaign(
        experts=[w.ada], candidates=[candidate_with_light_curve(auto_class=0, seed=9)], name="elsewhere"
    )
    refused = _reject(_client(w.ada), elsewhere, w.epochs[2])
    assert refused.status_code == 400
    assert refused.json()["field"] == "campaign"
    assert not EpochRejection.objects.exists()


@pytest.fixture
def voting_curator(blind_pair, make_user) -> User:
    """kit, a staff curator named among the blind campaign's experts who has not voted yet; bob rejected the
    third epoch there."""
    kit = make_user("kit", Role.CURATOR, Role.EXPERT)
    User.objects.filter(pk=kit.pk).update(is_staff=True)
    blind_pair.campaign.experts.add(kit)
    assert _reject(_client(blind_pair.bob), blind_pair.campaign, blind_pair.epochs[2]).status_code == 200
    return User.objects.get(pk=kit.pk)


def test_the_admin_shows_a_voting_curator_only_their_own_rejections_until_they_vote(
    blind_pair, voting_curator
):
    w = blind_pair
    client = _client(voting_curator)
    pages = (
        "/admin/catalog/measurement/?seen_rejected=1",
        "/admin/vetting/epochrejection/",
        f"/admin/catalog/candidate/{w.candidate.pk}/change/",
    )

    before = [client.get(url) for url in pages]
    refused = client.get("/admin/catalog/measurement/?rejected__exact=1")
    label_submit(campaign=w.campaign, candidate=w.candidate, expert=voting_curator, expert_class=1)
    after = [client.get(url) for url in pages]

    assert [page.status_code for page in before + after] == [200] * 6
    assert "0 measurements" in before[0].content.decode()
    assert "1 measurement" in after[0].content.decode()
    assert REASON not in before[1].content.decode()
    assert REASON in after[1].content.decode()
    assert "vetted_mad" not in before[2].content.decode()
    assert "vetted_mad" in after[2].content.decode()
    assert refused.status_code == 400  # the admin refuses a lookup it does not allow


def test_a_measurement_page_shows_a_voting_curator_no_other_experts_rejection(blind_pair, voting_curator):
    w = blind_pair
    client = _client(voting_curator)
    page = f"/admin/catalog/measurement/{w.epochs[2].pk}/change/"

    before = client.get(page)
    label_submit(campaign=w.campaign, candidate=w.candidate, expert=voting_curator, expert_class=1)
    after = client.get(page)

    assert (before.status_code, after.status_code) == (200, 200)
    assert REASON not in before.content.decode()
    assert "field-rejected_by" not in before.content.decode()
    assert REASON in after.content.decode()
