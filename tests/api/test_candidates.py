"""Candidates through the API: filters, cone search, ordering, cursor pages, detail, query counts."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hcvvet.catalog.models import Cutout, Image
from tests.conftest import token_client
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["match_id"] for row in response.json()["results"]}


@pytest.fixture
def client(viewer):
    return token_client(viewer)


def test_cone_search_keeps_only_candidates_within_the_great_circle_radius(client, sky):
    centre = {"ra": 187.7059, "dec": 12.3911}
    assert ids(client.get("/api/candidates/", {**centre, "radius_arcsec": 21})) == {1905457, 11}
    # 25 arcsec of RA at Dec 12.39 is 24.4 arcsec on the sky: inside 24.5, outside 24.3.
    assert 13 in ids(client.get("/api/candidates/", {**centre, "radius_arcsec": 24.5}))
    assert 13 not in ids(client.get("/api/candidates/", {**centre, "radius_arcsec": 24.3}))


def test_cone_search_wraps_around_ra_zero(client, sky):
    assert ids(client.get("/api/candidates/", {"ra": 0, "dec": 0, "radius_arcsec": 5})) == {21, 22}
    assert ids(client.get("/api/candidates/", {"ra": 359.9995, "dec": 0, "radius_arcsec": 3})) == {21}


def test_cone_search_at_the_pole_has_no_ra_limit(client, db):
    CandidateFactory(match_id=31, ra_deg=10.0, dec_deg=89.9999)
    CandidateFactory(match_id=32, ra_deg=190.0, dec_deg=89.9999)
    assert ids(client.get("/api/candidates/", {"ra": 100, "dec": 90, "radius_arcsec": 1})) == {31, 32}


def test_class_filter_and_filter_row_conditions(client, sky):
    assert ids(client.get("/api/candidates/", {"auto_class": 2})) == {13}
    assert ids(client.get("/api/candidates/", {"auto_class": [0, 2]})) == {13, 21, 22}
    assert ids(client.get("/api/candidates/", {"group": 70000})) == {21, 22}
    assert ids(client.get("/api/candidates/", {"target": "m8", "filter": "acs_f606w"})) == {1905457}
    assert ids(client.get("/api/candidates/", {"var_qual_flag": "A_A"})) == {1905457}
    assert ids(client.get("/api/candidates/", {"var_qual_flag": "B"})) == set()
    mad = sky["centre"].filter_stats.get(filter="ACS_F814W").mad
    assert ids(client.get("/api/candidates/", {"filter": "ACS_F814W", "mad_min": mad - 0.001})) == {1905457}
    assert ids(client.get("/api/candidates/", {"filter": "ACS_F814W", "mad_min": mad + 0.001})) == set()
    assert ids(client.get("/api/candidates/", {"mag_min": 21, "mag_max": 23})) == {1905457}
    assert ids(client.get("/api/candidates/", {"mag_min": 23})) == set()


def test_expert_class_filters_use_hcvvets_own_decision(client, sky):
    sky["near"].expert_class = 4
    sky["near"].save(update_fields=["expert_class"])
    assert ids(client.get("/api/candidates/", {"expert_class": 4})) == {11}
    assert ids(client.get("/api/candidates/", {"decided": "true"})) == {11}
    assert 11 not in ids(client.get("/api/candidates/", {"decided": "false"}))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ra": 10}, "dec"),
        ({"ra": 10, "dec": 5}, "radius_arcsec"),
        ({"ra": 10, "dec": 95, "radius_arcsec": 5}, "dec"),
        ({"ra": 10, "dec": 5, "radius_arcsec": 99999}, "radius_arcsec"),
        ({"ra": "east", "dec": 5, "radius_arcsec": 5}, "ra"),
        ({"mad_min": 0.5, "mad_max": 0.1}, "mad_max"),
        ({"var_qual_flag": "A%"}, "var_qual_flag"),
        ({"auto_class": 7}, "auto_class"),
    ],
)
def test_bad_query_parameters_are_a_400_naming_the_field(client, sky, params, field):
    response = client.get("/api/candidates/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_cursor_pages_walk_every_candidate_once_in_mad_order(client, sky):
    seen, mads = [], []
    url = "/api/candidates/?ordering=-mad&page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["match_id"] for row in page["results"]]
        mads += [row["max_mad"] if row["max_mad"] is not None else -1 for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(c.match_id for c in sky.values())
    assert mads == sorted(mads, reverse=True)


def test_a_bad_cursor_is_a_400_not_a_crash(client, sky):
    assert client.get("/api/candidates/", {"cursor": "not-a-cursor"}).status_code == 400


def test_detail_has_filter_rows_light_curve_and_cutout_urls(client, sky):
    centre = sky["centre"]
    image = Image.objects.filter(measurements__candidate=centre).first()
    cutout = Cutout(image=image, candidate=centre, size_px=19, status="ok")
    cutout.file.save("c.jpg", ContentFile(b"\xff\xd8jpeg"), save=True)
    Cutout.objects.create(image=image, candidate=centre, size_px=101, status="pending")
    body = client.get(f"/api/candidates/{centre.match_id}/").json()
    assert [row["filter"] for row in body["filters"]] == ["ACS_F606W", "ACS_F814W"]
    assert len(body["light_curve"]) == 24
    assert body["light_curve"][0]["filter"] == "ACS_F606W"
    urls = {c["size_px"]: c["url"] for c in body["cutouts"]}
    assert urls[19].startswith("http://testserver/media/cutouts/")
    assert urls[101] is None
    curve = client.get(f"/api/candidates/{centre.match_id}/light-curve/").json()
    assert curve == body["light_curve"]


def test_unknown_candidate_is_a_404(client, sky):
    assert client.get("/api/candidates/999/").status_code == 404


def queries_of(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context)


@pytest.mark.parametrize("role", ["viewer", "expert"])
def test_list_and_detail_queries_do_not_grow_with_rows(request, role, sky):
    client = token_client(request.getfixturevalue(role))
    queries_of(client, "/api/candidates/")  # the first request of an expert creates the default campaign
    few = queries_of(client, "/api/candidates/", {"page_size": 100})
    for n in range(30):
        CandidateFactory(match_id=500 + n)
    assert queries_of(client, "/api/candidates/", {"page_size": 100}) == few <= 8
    assert queries_of(client, f"/api/candidates/{sky['centre'].match_id}/") <= 11
