"""The numbers the candidate page shows after vetting: recomputed statistics and their threshold ratio (the
API's), incomplete light curves, statistics mismatches and re-review marks, epochs in time order, the period
search's verdict, and "outliers on the same images" counted over every source on the image."""

import json

import pytest

from hcvvet.catalog.models import Candidate, FilterStat, Measurement
from hcvvet.catalog.services import filter_thresholds_update
from hcvvet.vetting.queues import default_campaign
from tests.e2e.review_data import build_review_field
from tests.factories import GroupFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db

RED = "ACS_F814W"


@pytest.fixture
def expert_client(client, expert):
    client.force_login(expert)
    return client


def page_json(client, candidate) -> dict:
    response = client.get(f"/review/{default_campaign().pk}/{candidate.pk}.json")
    assert response.status_code == 200, response.content
    return response.json()


def red_row(page: dict) -> dict:
    return next(f for f in page["filters"] if f["filter"] == RED)


def reject(client, candidate, measurement) -> dict:
    response = client.post(
        f"/review/{default_campaign().pk}/{candidate.pk}/epochs/{measurement.pk}/reject",
        data=json.dumps({"reason": "cosmic_ray"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["page"]


def test_after_a_rejection_mad_chi2_and_their_threshold_ratio_are_recomputed_as_the_api_gives(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=200, cutouts=False)
    filter_thresholds_update([candidate.group_id])
    brightest = Measurement.objects.filter(candidate=candidate, filter=RED).order_by("corr_mag").first()
    before = red_row(page_json(expert_client, candidate))
    assert before["rejected"] == 0
    assert before["vetted_mad"] is None
    assert before["vetted_mad_over_threshold"] is None

    after = red_row(reject(expert_client, candidate, brightest))
    api = next(
        f
        for f in expert_client.get(f"/api/candidates/{candidate.pk}/").json()["filters"]
        if f["filter"] == RED
    )
    assert (after["rejected"], after["kept"], after["stored"]) == (1, 7, 8)
    assert not after["incomplete"]
    assert after["vetted_mad"] == pytest.approx(api["vetted_mad"], abs=5e-5)
    assert after["vetted_chi2"] == pytest.approx(api["vetted_chi2"], abs=5e-4)
    assert after["threshold"] == pytest.approx(api["mad_threshold"], abs=5e-5)
    assert after["vetted_mad_over_threshold"] == pytest.approx(
        api["vetted_mad"] / api["mad_threshold"], abs=0.006
    )
    # the catalogue's own values stay beside the recomputed ones
    assert after["mad_over_threshold"] == before["mad_over_threshold"]
    assert after["vetted_mad_over_threshold"] != after["mad_over_threshold"]


def test_an_incomplete_light_curve_is_labelled_as_such_not_as_rejected_epochs(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20, cutouts=False)
    missing = Measurement.objects.filter(candidate=candidate, filter=RED).order_by("mjd")[:3]
    Measurement.objects.filter(pk__in=[m.pk for m in missing]).delete()
    page = page_json(expert_client, candidate)
    row = red_row(page)
    assert (row["num_lc"], row["stored"], row["rejected"], row["kept"]) == (8, 5, 0, 5)
    assert row["incomplete"]
    assert row["vetted_mad"] is None  # nothing was rejected: the catalogue's statistics stand
    assert [n["kind"] for n in page["notes"]] == ["incomplete"]
    assert "5 of NumLC 8 points stored" in page["notes"][0]["text"]


def test_statistics_mismatch_and_re_review_marks_are_stated(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20, cutouts=False)
    assert page_json(expert_client, candidate)["notes"] == []
    Candidate.objects.filter(pk=candidate.pk).update(stats_mismatch=True, needs_review=True)
    notes = page_json(expert_client, candidate)["notes"]
    assert [n["kind"] for n in notes] == ["stats_mismatch", "needs_review"]
    assert "disagree" in notes[0]["text"]
    assert "flagged" in notes[1]["text"]


def test_epochs_step_in_time_order_across_filters(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20, cutouts=False)
    epochs = page_json(expert_client, candidate)["epochs"]
    assert [e["mjd"] for e in epochs] == sorted(e["mjd"] for e in epochs)
    assert {e["filter"] for e in epochs[:8]} == {
        "ACS_F475W",
        "ACS_F814W",
    }  # interleaved, not filter by filter


def test_a_five_visit_light_curve_offers_no_period_and_no_fold(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=20, n_points=5, cutouts=False)
    page = page_json(expert_client, candidate)
    assert page["period"]["fold"] is False
    assert page["period"]["period_days"] is None
    assert page["period"]["reason"].startswith("too few visits for a period search")
    assert page["phase"]["x"] == []
    assert page["periodogram"]["curve"]["x"] == []


def test_the_page_draws_the_periodogram_beside_a_justified_fold(expert_client):
    group = GroupFactory(group_id=777)
    candidate = candidate_with_light_curve(n_points=40, filters=(RED,), group=group, amplitude_mag=0.5)
    page = page_json(expert_client, candidate)
    assert page["period"]["fold"], page["period"]["reason"]
    assert page["period"]["period_days"] == pytest.approx(3.1, rel=0.02)  # the factory's period
    assert len(page["phase"]["x"]) == 2 * 40
    assert len(page["periodogram"]["curve"]["x"]) > 10
    assert page["periodogram"]["level"]["y"][0] == page["period"]["significant_power"]


def test_context_cmd_plots_blue_magnitude_against_blue_minus_red(expert_client):
    (candidate,) = build_review_field(candidates=1, constants=50, cutouts=False)
    page = page_json(expert_client, candidate)
    cmd = expert_client.get(page["context_url"]).json()["cmd"]
    mags: dict[int, dict[str, float]] = {}
    for match_id, band, mag in FilterStat.objects.filter(
        candidate__group_id=candidate.group_id, candidate__auto_class=0
    ).values_list("candidate_id", "filter", "mean_corr_mag"):
        mags.setdefault(match_id, {})[band] = mag
    expected = sorted((round(m["ACS_F475W"] - m[RED], 3), round(m["ACS_F475W"], 3)) for m in mags.values())
    assert cmd["blue"] == "ACS_F475W"
    assert sorted(zip(cmd["cloud"]["x"], cmd["cloud"]["y"], strict=True)) == expected
    assert cmd["y_range"][0] > cmd["y_range"][1]  # magnitudes inverted, bright at the top


def _on_image(candidate, image: str, shift_mag: float) -> None:
    """Move the candidate's 5th F814W epoch onto `image`, `shift_mag` fainter than it was."""
    moved = Measurement.objects.filter(candidate=candidate, filter=RED).order_by("mjd")[4]
    Measurement.objects.filter(pk=moved.pk).update(image_id=image, corr_mag=moved.corr_mag + shift_mag)


def test_same_images_counts_every_source_on_the_image_in_any_group_same_direction_ranked(expert_client):
    home, elsewhere = GroupFactory(group_id=1001), GroupFactory(group_id=1002)

    def star(group, seed):
        return candidate_with_light_curve(
            n_points=10, filters=(RED,), group=group, seed=seed, amplitude_mag=0.03, auto_class=0
        )

    this = candidate_with_light_curve(n_points=10, filters=(RED,), group=home, seed=1, amplitude_mag=0.03)
    image = Measurement.objects.filter(candidate=this, filter=RED).order_by("mjd")[4].image_id
    _on_image(this, image, 0.0)
    Measurement.objects.filter(candidate=this, image_id=image).update(corr_mag=22.0 + 1.0)
    strong, weaker = star(elsewhere, 2), star(home, 3)
    brighter, calm = star(home, 4), [star(elsewhere, 10 + n) for n in range(5)]
    for source, shift in ((strong, 1.2), (weaker, 0.6), (brighter, -1.0)):
        _on_image(source, image, shift)
    for source in calm:
        _on_image(source, image, 0.0)

    page = page_json(expert_client, this)
    assert [page["epochs"][i]["image"] for i in page["outliers"]] == [image]
    (found,) = page["same_images"]
    assert found["image"] == image
    assert found["direction"] == "fainter"
    assert found["sources"] == 8  # every other source on the image, of either group
    assert found["jumping"] == 2  # the one jumping brighter does not count
    assert found["fraction"] == pytest.approx(2 / 8)
    assert [s["match_id"] for s in found["listed"]] == [str(strong.pk), str(weaker.pk)]
    assert found["listed"][0]["sigmas"] > found["listed"][1]["sigmas"] > 3
    assert found["listed"][0]["url"].endswith(f"/{strong.pk}/")


def test_same_images_with_no_outlier_epoch_is_empty(expert_client):
    candidate = candidate_with_light_curve(n_points=10, filters=(RED,), group=GroupFactory(group_id=1003))
    assert page_json(expert_client, candidate)["same_images"] == []


def test_same_images_counts_exactly_on_an_image_with_thousands_of_sources(expert_client):
    """No row cap: 5,200 other sources on the image (the old code cut at 5,000 rows), 3,100 jumping."""
    group = GroupFactory(group_id=1004)
    this = candidate_with_light_curve(n_points=10, filters=(RED,), group=group, seed=1, amplitude_mag=0.03)
    image = Measurement.objects.filter(candidate=this, filter=RED).order_by("mjd")[4].image_id
    Measurement.objects.filter(candidate=this, image_id=image).update(corr_mag=23.0)
    others = Candidate.objects.bulk_create(
        Candidate(
            match_id=50_000_000 + n, group=group, sub_group_id=-5, ra_deg=16.2, dec_deg=2.12, auto_class=0,
            num_filters=1,
        )
        for n in range(5200)
    )  # fmt: skip
    elsewhere = [m.image_id for m in Measurement.objects.filter(candidate=this).order_by("mjd")[:3]]
    points = []
    for n, other in enumerate(others):
        for k, on in enumerate([*elsewhere, image]):
            jump = 1.0 if on == image and n < 3100 else 0.0
            points.append(
                Measurement(
                    candidate=other, filter=RED, image_id=on, mjd=53700.0 + k, mag=21.0,
                    corr_mag=21.0 + jump, mag_err=0.02,
                )
            )  # fmt: skip
    Measurement.objects.bulk_create(points, batch_size=2000)

    (found,) = page_json(expert_client, this)["same_images"]
    assert (found["sources"], found["jumping"]) == (5200, 3100)
    assert found["fraction"] == pytest.approx(3100 / 5200, abs=1e-4)
    assert [s["match_id"] for s in found["listed"]] == [str(50_000_000 + n) for n in range(8)]
