"""The candidate page and its JSON endpoints, through Django's test client."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Cutout, CutoutStatus, Measurement
from hcvvet.catalog.versioning import CATALOG, data_version_bump
from hcvvet.vetting.models import EventKind, Label, LabelEvent, Lease
from hcvvet.vetting.queues import default_campaign
from tests.e2e.review_data import add_constants, add_cutouts, build_review_field
from tests.factories import GroupFactory, candidate_with_light_curve
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert_client(client, expert):
    client.force_login(expert)
    return client


def page_json(client, campaign, candidate) -> dict:
    response = client.get(f"/review/{campaign.pk}/{candidate.pk}.json")
    assert response.status_code == 200, response.content
    return response.json()


def post(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_review_opens_the_highest_mad_candidate(expert_client):
    candidates = build_review_field(candidates=3, constants=30, cutouts=False)
    campaign = default_campaign()
    response = expert_client.get("/review/")
    assert response.status_code == 302
    top = max(candidates, key=lambda c: c.max_mad)
    assert response["Location"] == f"/review/{campaign.pk}/{top.pk}/"
    page = expert_client.get(response["Location"])
    assert page.status_code == 200
    assert f'data-match-id="{top.pk}"' in page.content.decode()
    assert "/static/bokeh/bokeh.min.js" in page.content.decode()


def test_page_query_count_does_not_grow_with_the_light_curve(
    expert_client, django_capture_on_commit_callbacks
):
    campaign = default_campaign()
    counts = {}
    for n_points, group_id in ((5, 501), (120, 502)):
        group = GroupFactory(group_id=group_id)
        add_constants(group, 40, seed=group_id)
        candidate = candidate_with_light_curve(
            n_points=n_points, filters=("ACS_F475W", "ACS_F814W"), group=group, seed=n_points
        )
        add_cutouts(candidate, skip_every=3)
        cache.clear()  # both pages start cold: the group context is computed once each
        with django_capture_on_commit_callbacks(execute=True):
            data_version_bump(CATALOG)  # and the live queue order is read once each
        with CaptureQueriesContext(connection) as queries:
            page = page_json(expert_client, campaign, candidate)
        assert len(page["epochs"]) == 2 * n_points
        counts[n_points] = len(queries)
    assert counts[5] == counts[120], counts


def test_page_explains_quality_letters_and_threshold(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=200, cutouts=False)
    candidate.filter_stats.filter(filter="ACS_F814W").update(var_qual_flag="CABA-")
    page = page_json(expert_client, default_campaign(), candidate)
    red = next(f for f in page["filters"] if f["filter"] == "ACS_F814W")
    letters = [(q["letter"], q["name"]) for q in red["quality"]]
    assert letters == [("C", "CI"), ("A", "D"), ("B", "MagerrAper2"), ("A", "MagAper2-MagAuto"), ("-", "p2p")]
    ci = red["quality"][0]["title"]
    assert "concentration index" in ci
    assert "worst grade for this test" in ci
    assert "A best, C worst for this test" in ci
    assert not any(word in ci for word in ("poor", "bad", "fair", "good"))
    assert red["threshold"] > 0
    assert red["mad_over_threshold"] == pytest.approx(red["mad"] / red["threshold"], rel=0.01)
    assert [f["filter"] for f in page["filters"]] == ["ACS_F475W", "ACS_F814W"]


def test_blind_default_queue_hides_the_catalogue_class_until_voting(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20, cutouts=False)
    candidate.hcv_expert_class = 4
    candidate.save(update_fields=["hcv_expert_class"])
    campaign = default_campaign()
    assert page_json(expert_client, campaign, candidate)["header"]["catalogue_class"] is None
    assert (
        post(expert_client, f"/review/{campaign.pk}/{candidate.pk}/label", {"expert_class": 1}).status_code
        == 200
    )
    assert page_json(expert_client, campaign, candidate)["header"]["catalogue_class"] == 4


def test_missing_cutouts_have_no_url_and_fetched_ones_are_served(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20)
    page = page_json(expert_client, default_campaign(), candidate)
    missing = [e for e in page["epochs"] if e["outer"] is None]
    present = [e for e in page["epochs"] if e["outer"]]
    assert missing
    assert Cutout.objects.filter(candidate=candidate, status=CutoutStatus.MISSING).exists()
    image = expert_client.get(present[0]["outer"])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"


def test_label_skip_and_undo_are_recorded(expert_client, expert):
    first, second, _third = build_review_field(candidates=3, constants=20, cutouts=False)
    campaign = default_campaign()
    body = {
        "expert_class": 4,
        "reasons": ["cosmic_ray"],
        "comment": "jump on one image",
        "seconds_spent": 7.5,
    }
    assert post(expert_client, f"/review/{campaign.pk}/{first.pk}/label", body).status_code == 200
    assert (
        post(expert_client, f"/review/{campaign.pk}/{second.pk}/skip", {"seconds_spent": 1}).status_code
        == 200
    )
    label = Label.objects.get(candidate=first, expert=expert)
    assert (label.expert_class, label.reasons, label.comment, label.seconds_spent) == (
        4,
        ["cosmic_ray"],
        "jump on one image",
        7.5,
    )
    undone = post(expert_client, f"/review/{campaign.pk}/undo", {})
    assert undone.status_code == 200
    assert undone.json()["page"]["match_id"] == str(second.pk)
    kinds = list(LabelEvent.objects.filter(actor=expert).values_list("kind", flat=True))
    assert kinds == [EventKind.LABEL, EventKind.SKIP, EventKind.UNDO]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"expert_class": 3}, "expert_class"), ({"expert_class": 4, "comment": "spike\x00"}, "comment")],
)
def test_bad_label_is_a_400_naming_the_field(expert_client, body, field):
    (candidate,) = build_review_field(candidates=1, constants=20, cutouts=False)
    campaign = default_campaign()
    response = post(expert_client, f"/review/{campaign.pk}/{candidate.pk}/label", body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Label.objects.exists()


def test_rejecting_an_epoch_recomputes_mad_and_chi2(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20, cutouts=False)
    campaign = default_campaign()
    worst = Measurement.objects.filter(candidate=candidate, filter="ACS_F814W").order_by("corr_mag").first()
    before = next(
        f for f in page_json(expert_client, campaign, candidate)["filters"] if f["filter"] == "ACS_F814W"
    )
    response = post(
        expert_client,
        f"/review/{campaign.pk}/{candidate.pk}/epochs/{worst.pk}/reject",
        {"reason": "cosmic_ray"},
    )
    assert response.status_code == 200
    after = next(f for f in response.json()["page"]["filters"] if f["filter"] == "ACS_F814W")
    assert after["kept"] == before["kept"] - 1
    assert after["vetted_mad"] != before["vetted_mad"]
    assert after["vetted_chi2"] != before["vetted_chi2"]
    epoch = next(e for e in response.json()["page"]["epochs"] if e["id"] == worst.pk)
    assert epoch["rejected"]
    assert response.json()["page"]["lc"]["fill"][response.json()["page"]["epochs"].index(epoch)] == "#ffffff"


def test_upcoming_lists_the_next_candidates_and_omits_data_the_browser_has(expert_client):
    candidates = sorted(
        build_review_field(candidates=4, constants=20, cutouts=False), key=lambda c: -c.max_mad
    )
    campaign = default_campaign()
    url = f"/review/{campaign.pk}/upcoming.json?after={candidates[0].pk}&have={candidates[2].pk}"
    items = expert_client.post(url).json()["items"]
    assert [i["match_id"] for i in items] == [str(c.pk) for c in candidates[1:]]
    assert "epochs" in items[0]
    assert items[1] == {"match_id": str(candidates[2].pk), "cached": True}


def test_context_has_bounded_cloud_and_colour_magnitude(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=300, cutouts=False)
    page = page_json(expert_client, default_campaign(), candidate)
    context = expert_client.get(page["context_url"])
    assert "max-age" in context["Cache-Control"]
    data = context.json()
    assert set(data["madmag"]) == {"ACS_F475W", "ACS_F814W"}
    assert len(data["madmag"]["ACS_F814W"]["cloud"]["x"]) == 300
    assert len(data["madmag"]["ACS_F814W"]["threshold"]["x"]) > 3
    assert data["cmd"]["blue"] == "ACS_F475W"
    assert len(data["cmd"]["cloud"]["x"]) == 300


def test_viewer_cannot_open_review_pages_and_is_told_why(client, viewer):
    client.force_login(viewer)
    for url in ("/review/", f"/review/{default_campaign().pk}/"):
        refused = client.get(url)
        assert refused.status_code == 403
        assert "Only experts review candidates, and your account has no expert role" in refused.text
    home = client.get("/")
    assert home.status_code == 200
    assert "Your account reads the" in home.text  # what she can do, not "your queues" she has none of
    assert "Your queues" not in home.text


def test_home_lists_the_default_queue_with_progress(expert_client):
    first, _second = build_review_field(candidates=2, constants=10, cutouts=False)
    campaign = default_campaign()
    post(expert_client, f"/review/{campaign.pk}/{first.pk}/label", {"expert_class": 2})
    html = expert_client.get("/").content.decode()
    assert "Default queue" in html
    assert "1 / 2" in html
    assert f'href="/review/{campaign.pk}/"' in html


def test_missing_statistics_and_no_threshold_curve_give_valid_json(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=0, cutouts=False)
    candidate.filter_stats.update(chi2=float("nan"), mad_threshold=None)
    response = expert_client.get(f"/review/{default_campaign().pk}/{candidate.pk}.json")
    assert b"NaN" not in response.content
    rows = response.json()["filters"]
    assert [(r["chi2"], r["threshold"], r["mad_over_threshold"]) for r in rows] == [(None, None, None)] * 2


def test_an_epoch_without_a_corrected_magnitude_is_left_out_of_the_light_curve(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=0, cutouts=False)
    gap = Measurement.objects.filter(candidate=candidate).order_by("mjd").first()
    Measurement.objects.filter(pk=gap.pk).update(corr_mag=None)
    epochs = page_json(expert_client, default_campaign(), candidate)["epochs"]
    assert gap.pk not in [e["id"] for e in epochs]
    assert len(epochs) == Measurement.objects.filter(candidate=candidate).count() - 1


def test_header_shows_the_queue_position(expert_client):
    candidates = sorted(
        build_review_field(candidates=3, constants=10, cutouts=False), key=lambda c: -c.max_mad
    )
    campaign = default_campaign()
    assert page_json(expert_client, campaign, candidates[1])["queue"] == {"position": 2, "total": 3}
    assert page_json(expert_client, campaign, candidates[2])["queue"] == {"position": 3, "total": 3}


def test_prefetched_candidates_are_leased_so_two_experts_never_share_the_last_vote(client, make_user):
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    candidates = build_review_field(candidates=5, constants=10, cutouts=False)
    campaign = active_campaign(experts=[ada, bob], candidates=candidates, votes_needed=1)
    ids = [str(c.pk) for c in candidates]
    client.force_login(ada)
    bob_client = Client()
    bob_client.force_login(bob)

    assert client.get(f"/review/{campaign.pk}/")["Location"].endswith(f"/{ids[0]}/")
    upcoming = client.post(f"/review/{campaign.pk}/upcoming.json?after={ids[0]}").json()["items"]
    assert [i["match_id"] for i in upcoming] == ids[1:4]
    # Bob is served what Ada has not prefetched, and gets nothing more to prefetch.
    assert bob_client.get(f"/review/{campaign.pk}/")["Location"].endswith(f"/{ids[4]}/")
    assert bob_client.post(f"/review/{campaign.pk}/upcoming.json?after={ids[4]}").json()["items"] == []
    assert post(bob_client, f"/review/{campaign.pk}/{ids[2]}/label", {"expert_class": 1}).status_code == 409
    assert post(client, f"/review/{campaign.pk}/{ids[2]}/label", {"expert_class": 2}).status_code == 200

    # Ada walks away: once her leases expire, Bob is offered her candidates.
    Lease.objects.filter(expert=ada).update(expires_at=timezone.now() - timedelta(seconds=1))
    upcoming = bob_client.post(f"/review/{campaign.pk}/upcoming.json?after={ids[4]}").json()["items"]
    assert [i["match_id"] for i in upcoming] == [ids[0], ids[1], ids[3]]


def test_an_infinite_time_spent_is_a_400_naming_the_field_and_stores_nothing(expert_client, expert):
    first, *_ = build_review_field(candidates=2, constants=20, cutouts=False)
    campaign = default_campaign()
    body = {"expert_class": 1, "seconds_spent": float("inf")}  # JSON "Infinity", as a broken client sends
    response = post(expert_client, f"/review/{campaign.pk}/{first.pk}/label", body)
    assert response.status_code == 400
    assert "seconds_spent" in response.content.decode()
    assert not Label.objects.filter(candidate=first, expert=expert).exists()


def test_prefetching_takes_leases_only_by_a_post_that_carries_the_csrf_token(make_user):
    ada = make_user("ada", Role.EXPERT)
    candidates = build_review_field(candidates=4, constants=10, cutouts=False)
    campaign = active_campaign(experts=[ada], candidates=candidates, votes_needed=1)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ada)
    url = f"/review/{campaign.pk}/upcoming.json?after={candidates[0].pk}"
    assert browser.get(url).status_code == 405  # a link, a crawler, an <img> on another site
    assert browser.post(url).status_code == 403  # another site's form: no CSRF token
    assert not Lease.objects.exists()


def test_a_candidate_flagged_in_one_filter_opens_on_that_filters_first_epoch(expert_client):
    """Without an outlier to show first, the page opens on the filter the catalogue flagged variable
    (FilterDetFlag), so the MAD-magnitude plot opens where the variability was seen, not on the other filter
    that happens to have the first epoch."""
    candidate = candidate_with_light_curve(filters=("ACS_F475W", "ACS_F814W"), n_points=8, amplitude_mag=0.0)
    candidate.filter_stats.filter(filter="ACS_F475W").update(filter_det_flag=0)
    page = page_json(expert_client, default_campaign(), candidate)
    assert page["outliers"] == []
    bands = [epoch["filter"] for epoch in page["epochs"]]
    assert bands[0] == "ACS_F475W"  # the first epoch is the unflagged filter's
    assert page["selected"] == bands.index("ACS_F814W")
