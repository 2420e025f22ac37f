"""Token login, login throttling, the schema and the Swagger UI."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def test_token_login_returns_a_token_that_authenticates(expert):
    response = APIClient().post(
        "/api/auth/token/", {"username": "ada", "password": "pw-for-tests-1"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/me/").json() == {"username": "ada", "roles": ["expert"]}


def test_a_wrong_password_is_a_400_on_the_password_field(expert):
    response = APIClient().post("/api/auth/token/", {"username": "ada", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()
    missing = APIClient().post("/api/auth/token/", {"password": "x"}, format="json")
    assert "username" in missing.json()


def test_login_attempts_are_throttled(expert, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "3/minute", "user": None},
    }
    caches["throttle"].clear()
    try:
        codes = [
            APIClient()
            .post("/api/auth/token/", {"username": "ada", "password": "guess"}, format="json")
            .status_code
            for _ in range(4)
        ]
    finally:
        caches["throttle"].clear()
    assert codes == [400, 400, 400, 429]


def test_drf_create_token_gives_a_working_token(expert):
    call_command("drf_create_token", "ada")
    client = token_client(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=expert).key}")
    assert client.get("/api/me/").status_code == 200


def test_schema_and_docs_need_a_login_and_the_docs_use_no_cdn(viewer):
    assert APIClient().get("/api/schema/").status_code == 401
    assert APIClient().get("/api/docs/").status_code == 401
    client = token_client(viewer)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/candidates/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


def test_session_login_works_in_the_browser_with_csrf(viewer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(viewer)
    assert client.get("/api/me/").status_code == 200
    assert client.post("/api/auth/token/", {}, format="json").status_code == 400


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/campaigns/", r'{"name": "a\u0000b"}'),
        ("post", "/api/campaigns/", r'{"name": "a\udbebb"}'),
        ("post", "/api/campaigns/", r'{"name": "ok", "experts": ["ada\u0000"]}'),
        ("get", "/api/candidates/?target=M8%00", None),
        ("get", "/api/images/hst%00/", None),
    ],
)
def test_unstorable_text_is_a_400_on_every_database(curator, method, url, body):
    client = token_client(curator)
    if body is None:
        response = client.get(url)
    else:
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400


def test_api_requests_are_rate_limited_per_user(viewer, expert, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    caches["throttle"].clear()
    try:
        vic, ada = token_client(viewer), token_client(expert)
        codes = [vic.get("/api/me/").status_code for _ in range(4)]
        other_user = ada.get("/api/me/").status_code
    finally:
        caches["throttle"].clear()
    assert codes == [200, 200, 200, 429]
    assert other_user == 200


def test_session_writes_need_the_csrf_token(expert):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(expert)
    refused = client.post("/api/labels/undo/", {}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
