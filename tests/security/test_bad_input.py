"""Input that once crashed the server (a 500) is a 400 naming what was wrong: bodies nested deeper than the
JSON decoder goes (on anonymous and signed-in endpoints, the API's and the review page's), forged pagination
cursors, a report date range that ends on the last date there is."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.conftest import token_client

pytestmark = pytest.mark.django_db

DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 5_000 + "1" + "}" * 5_000
# Below the decoder's own limit, but deeper than any request the API accepts.
FAIRLY_DEEP = '{"username": ' + "[" * 500 + "]" * 500 + "}"


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT, FAIRLY_DEEP])
def test_a_deeply_nested_body_is_a_400_for_anonymous_callers(body):
    response = APIClient().post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/labels/", "/api/campaigns/", "/api/labels/undo/"])
def test_a_deeply_nested_body_is_a_400_on_signed_in_endpoints(users, url):
    response = token_client(users["curator"]).post(url, DEEP_OBJECT, content_type="application/json")
    assert response.status_code == 400


def test_a_deeply_nested_body_is_a_400_on_the_review_page(client, world):
    client.force_login(world.users["expert"])
    candidate = world.candidates[0]
    response = client.post(
        f"/review/{world.default.pk}/{candidate.match_id}/label", DEEP_ARRAY, content_type="application/json"
    )
    assert response.status_code == 400


def cursor(position: str) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


@pytest.mark.parametrize(
    ("url", "forged"),
    [
        ("/api/candidates/", cursor("abc")),
        ("/api/candidates/?ordering=mad", cursor("not-a-number")),
        ("/api/labels/", cursor("abc")),
        ("/api/campaigns/", cursor("1e999")),
        ("/api/candidates/", "not-a-cursor"),
    ],
)
def test_a_forged_cursor_is_a_400_naming_the_cursor(users, world, url, forged):
    separator = "&" if "?" in url else "?"
    response = token_client(users["curator"]).get(f"{url}{separator}cursor={forged}")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_real_cursor_still_walks_the_pages(users, world):
    client = token_client(users["curator"])
    first = client.get("/api/candidates/", {"page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert second["results"][0]["match_id"] > first["results"][0]["match_id"]


def test_a_report_range_ending_on_the_last_date_is_a_400_naming_the_field(users, world):
    response = token_client(users["curator"]).get(
        "/api/reports/labelled-candidates/", {"labelled_to": "9999-12-31"}
    )
    assert response.status_code == 400
    assert "labelled_to" in response.json()


VOTABLE_WITHOUT_TABLE = (
    b'<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">'
    b"<RESOURCE></RESOURCE></VOTABLE>"
)


def test_a_votable_without_a_table_is_a_400_on_the_file(users, world):
    response = token_client(users["curator"]).post(
        "/api/reports/labelled-candidates/import/",
        {
            "file": SimpleUploadedFile("labels.vot", VOTABLE_WITHOUT_TABLE),
            "campaign": world.blind.name,
            "dry_run": "true",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()


@pytest.mark.parametrize("where", ["reject", "flag-image"])
def test_a_nul_in_an_epoch_or_image_reason_is_refused_not_a_crash(client, world, where):
    from hcvvet.catalog.models import Measurement

    client.force_login(world.users["curator"])
    candidate = world.candidates[2]
    measurement = Measurement.objects.filter(candidate=candidate).order_by("pk").last()
    response = client.post(
        f"/review/{world.default.pk}/{candidate.match_id}/epochs/{measurement.pk}/{where}",
        '{"reason": "smudge\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_an_api_url_that_matches_no_route_is_a_json_404(users):
    response = token_client(users["curator"]).get("/api/adjudication/not-an-id/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
