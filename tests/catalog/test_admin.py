"""The catalogue in the admin as a curator reads it (issue 18): candidates before constant stars, MJDs to five
decimals with the stored values untouched, narrow columns, and hcvvet's icon on every admin page."""

import re

import pytest
from django.test import Client

from hcvvet.catalog.models import Image, Measurement
from tests.factories import CandidateFactory, GroupFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db

CANDIDATES = "/admin/catalog/candidate/"
MJD = 53712.123456789012


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _listed(client, url: str) -> list[int]:
    page = client.get(url).content.decode()
    return [int(pk) for pk in re.findall(r'href="/admin/catalog/candidate/(\d+)/change/', page)]


def test_candidates_come_before_constant_stars_most_variable_first(curator_client):
    group = GroupFactory()
    # Constant stars with the lowest MatchIDs and the largest MADs: neither puts them first.
    noisy_constant = CandidateFactory(match_id=100, group=group, auto_class=0, max_mad=0.9)
    quiet_constant = CandidateFactory(match_id=101, group=group, auto_class=0, max_mad=0.01)
    flagged_constant = CandidateFactory(
        match_id=102, group=group, auto_class=0, max_mad=0.02, needs_review=True
    )
    multi = CandidateFactory(match_id=500, group=group, auto_class=2, max_mad=0.3)
    single = CandidateFactory(match_id=501, group=group, auto_class=1, max_mad=0.5)
    unmeasured = CandidateFactory(match_id=502, group=group, auto_class=1, max_mad=None)
    expected = [single, multi, flagged_constant, unmeasured, noisy_constant, quiet_constant]
    assert _listed(curator_client, CANDIDATES) == [c.pk for c in expected]
    # A column the curator sorts by still wins over the default.
    assert _listed(curator_client, f"{CANDIDATES}?o=1")[:2] == [100, 101]


def test_the_candidate_list_has_narrow_columns(curator_client):
    CandidateFactory(auto_class=2, hcv_expert_class=1, max_mad=0.123456, needs_review=True)
    page = curator_client.get(CANDIDATES).content.decode()
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert header.count('scope="col"') <= 9  # the check box and eight columns
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    cells = re.findall(r"<t[dh] class=\"field-(\w+)[^\"]*\"[^>]*>(.*?)</t[dh]>", row, re.S)
    shown = {name: re.sub(r"<[^>]+>", "", text).strip() for name, text in cells}
    assert shown["auto_class_code"] == "2"  # not "multi-filter variable candidate"
    assert shown["max_mad_shown"] == "0.123"
    assert shown["marks"] == "re-review"
    assert "high-confidence variable" not in row


def test_mjds_show_five_decimals_and_stay_stored_in_full(curator_client):
    candidate = candidate_with_light_curve(n_points=3)
    measurement = candidate.measurements.order_by("mjd").first()
    Measurement.objects.filter(pk=measurement.pk).update(mjd=MJD)
    Image.objects.filter(pk=measurement.image_id).update(mjd=MJD)
    pages = {
        "images": curator_client.get(f"/admin/catalog/image/?q={measurement.image_id}"),
        "image": curator_client.get(f"/admin/catalog/image/{measurement.image_id}/change/"),
        "measurements": curator_client.get(f"/admin/catalog/measurement/?q={candidate.pk}"),
        "candidate": curator_client.get(f"{CANDIDATES}{candidate.pk}/change/"),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "53712.12346" in html, name
        assert "53712.123456" not in html, name
    assert 'name="mjd"' not in pages["image"].content.decode()  # read-only: saving never rounds it
    assert Image.objects.get(pk=measurement.image_id).mjd == MJD
    assert Measurement.objects.get(pk=measurement.pk).mjd == MJD


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", CANDIDATES])
def test_every_admin_page_links_an_icon_the_server_serves(settings, curator, path):
    # Static files as the deployed server has them (whitenoise), found without a collectstatic run.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    if path != "/admin/login/":
        client.force_login(curator)
    page = client.get(path).content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert icons, f"{path} links no icon: the browser asks for /favicon.ico"
    served = client.get(icons[0])
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/svg")


def _measurement_form(measurement: Measurement) -> dict:
    """The measurement's change form as the admin posts it, with every editable field as stored."""
    return {
        "candidate": measurement.candidate_id,
        "filter": measurement.filter,
        "image": measurement.image_id,
        **{
            name: repr(getattr(measurement, name))
            for name in ("mjd", "mag", "corr_mag", "mag_err", "ci", "d")
        },
    }


def test_an_admin_post_cannot_change_an_epochs_rejection(curator_client, curator):
    candidate = candidate_with_light_curve(n_points=3)
    kept, rejected = candidate.measurements.order_by("mjd")[:2]
    Measurement.objects.filter(pk=rejected.pk).update(
        rejected=True, rejected_source="image_flag", rejected_reason="satellite trail"
    )
    forged = {
        kept.pk: {
            "rejected": "on",
            "rejected_source": "expert",
            "rejected_reason": "forged",
            "rejected_by": curator.pk,
        },
        rejected.pk: {"rejected_reason": "", "rejected_source": ""},  # an unticked box posts nothing
    }
    for measurement in (kept, rejected):
        url = f"/admin/catalog/measurement/{measurement.pk}/change/"
        page = curator_client.get(url).content.decode()
        assert 'name="rejected' not in page  # shown, never an input
        response = curator_client.post(url, {**_measurement_form(measurement), **forged[measurement.pk]})
        assert response.status_code == 302, response.content.decode()[:2000]
    stored = Measurement.objects.filter(pk__in=forged).order_by("mjd")
    assert [(m.rejected, m.rejected_source, m.rejected_reason, m.rejected_by_id) for m in stored] == [
        (False, "", "", None),
        (True, "image_flag", "satellite trail", None),
    ]
