"""A client that knows nothing but the OpenAPI document and `requests`, against a live server.

It finds every URL by operationId in /api/schema/, so a renamed path breaks nothing; the only URL it is given
is the schema's own.
"""

import io

import pytest
import requests
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from hcvvet.accounts.models import Role
from tests.factories import GroupFactory, candidate_with_light_curve

SCHEMA_PATH = "/api/schema/?format=json"


class SchemaClient:
    """Calls operations of an OpenAPI 3 document by operationId, with token authentication."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {token}"
        response = self.session.get(base_url + SCHEMA_PATH, timeout=30)
        response.raise_for_status()
        self.schema = response.json()
        self.operations = {
            operation["operationId"]: (method.upper(), path)
            for path, item in self.schema["paths"].items()
            for method, operation in item.items()
            if isinstance(operation, dict) and "operationId" in operation
        }

    def call(self, operation_id: str, *, path: dict | None = None, **kwargs) -> requests.Response:
        method, template = self.operations[operation_id]
        return self.session.request(
            method, self.base_url + template.format(**(path or {})), timeout=30, **kwargs
        )


@pytest.fixture
def published(transactional_db, make_user):
    """What a deployment holds: a catalogue with light curves and an expert with a token from the command."""
    make_user("ada", Role.EXPERT)
    group = GroupFactory(group_id=69810, target_name="M87")
    nova = candidate_with_light_curve(
        match_id=1905457, group=group, ra_deg=187.7059, dec_deg=12.3911, n_points=9, filters=("ACS_F606W",)
    )
    candidate_with_light_curve(match_id=1905999, group=group, ra_deg=187.80, dec_deg=12.45, seed=3)
    call_command("drf_create_token", "ada", stdout=io.StringIO())
    return {"token": Token.objects.get(user__username="ada").key, "nova": nova}


def test_schema_only_client_cone_searches_reads_labels_and_downloads(live_server, published):
    client = SchemaClient(live_server.url, published["token"])

    # The documented token login hands back the same token the command created.
    login = requests.post(
        live_server.url + client.operations["auth_token_create"][1],
        json={"username": "ada", "password": "pw-for-tests-1"},
        timeout=30,
    )
    assert login.json()["token"] == published["token"]

    found = client.call("candidates_list", params={"ra": 187.7059, "dec": 12.3911, "radius_arcsec": 10})
    assert [row["match_id"] for row in found.json()["results"]] == [1905457]

    curve = client.call("candidates_light_curve_list", path={"match_id": 1905457}).json()
    assert len(curve) == 9
    assert {point["filter"] for point in curve} == {"ACS_F606W"}
    assert all(point["mag_err"] > 0 for point in curve)

    label = client.call(
        "labels_create", json={"candidate": 1905457, "expert_class": 1, "reasons": [], "seconds_spent": 12.5}
    )
    assert label.status_code == 201, label.text
    assert label.json()["expert_class"] == 1
    mine = client.call("labels_list", params={"candidate": 1905457}).json()["results"]
    assert [row["expert_class"] for row in mine] == [1]

    report = client.call(
        "reports_retrieve",
        path={"name": "autoclass-vs-expert"},
        params={"source": "hcv", "fmt": "votable"},
    )
    assert report.status_code == 200
    assert report.headers["Content-Type"].startswith("application/x-votable+xml")
    assert "attachment" in report.headers["Content-Disposition"]
    assert b"<VOTABLE" in report.content

    # ada votes in the blind default queue: she gets the sky coloured by AutoClass, not by expert class
    sky = client.call("reports_retrieve", path={"name": "sky"}, params={"fmt": "png", "colour_by": "auto"})
    assert sky.content.startswith(b"\x89PNG")
