"""A curator flags (and unflags) a bad HLA image from the candidate page; experts see no such control."""

import json

import pytest

from hcvvet.catalog.models import Image, Measurement
from hcvvet.vetting.models import EventKind, ImageFlag, LabelEvent
from hcvvet.vetting.queues import default_campaign
from tests.e2e.review_data import build_review_field

pytestmark = pytest.mark.django_db


def post(client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def red_row(page: dict) -> dict:
    return next(f for f in page["filters"] if f["filter"] == "ACS_F814W")


def test_curator_flags_an_image_from_the_page_and_unflags_it(client, curator):
    this, other = build_review_field(candidates=2, constants=20, cutouts=False)
    campaign = default_campaign()
    epoch = Measurement.objects.filter(candidate=this, filter="ACS_F814W").order_by("corr_mag").first()
    # The other candidate was observed on the same image: the flag reaches it too.
    Measurement.objects.filter(
        pk=Measurement.objects.filter(candidate=other, filter="ACS_F814W").order_by("mjd").first().pk
    ).update(image_id=epoch.image_id)
    client.force_login(curator)
    html = client.get(f"/review/{campaign.pk}/{this.pk}/").content.decode()
    assert 'data-action="flag"' in html
    before = client.get(f"/review/{campaign.pk}/{this.pk}.json").json()
    base = f"/review/{campaign.pk}/{this.pk}/epochs/{epoch.pk}"

    assert post(client, f"{base}/flag-image", {"reason": ""}).status_code == 400
    flagged = post(client, f"{base}/flag-image", {"reason": "guiding failure"})
    assert flagged.status_code == 200
    page = flagged.json()["page"]
    shown = next(e for e in page["epochs"] if e["id"] == epoch.pk)
    assert shown["rejected"]
    assert shown["image_flagged"]
    assert red_row(page)["kept"] == red_row(before)["kept"] - 1
    assert red_row(page)["vetted_mad"] != red_row(before)["vetted_mad"]
    assert red_row(page)["vetted_chi2"] != red_row(before)["vetted_chi2"]
    assert Image.objects.get(pk=epoch.image_id).flagged
    assert Measurement.objects.filter(image_id=epoch.image_id, rejected=True).count() == 2
    assert ImageFlag.objects.get(image_id=epoch.image_id).reason == "guiding failure"

    restored = post(client, f"{base}/unflag-image", {})
    assert restored.status_code == 200
    page = restored.json()["page"]
    assert red_row(page) == red_row(before)
    assert not any(e["rejected"] or e["image_flagged"] for e in page["epochs"])
    assert not Measurement.objects.filter(image_id=epoch.image_id, rejected=True).exists()
    kinds = list(LabelEvent.objects.filter(actor=curator).values_list("kind", flat=True))
    assert kinds.count(EventKind.FLAG_IMAGE) == 2  # one event per candidate on the image
    assert kinds.count(EventKind.UNFLAG_IMAGE) == 2


def test_experts_cannot_flag_images_and_see_no_flag_control(client, expert):
    (candidate,) = build_review_field(candidates=1, constants=10, cutouts=False)
    campaign = default_campaign()
    epoch = Measurement.objects.filter(candidate=candidate).first()
    client.force_login(expert)
    html = client.get(f"/review/{campaign.pk}/{candidate.pk}/").content.decode()
    assert 'data-action="flag"' not in html
    assert 'id="flag-dialog"' not in html
    response = post(
        client, f"/review/{campaign.pk}/{candidate.pk}/epochs/{epoch.pk}/flag-image", {"reason": "trails"}
    )
    assert response.status_code == 403
    assert not Image.objects.filter(flagged=True).exists()
