"""API tokens expire and a password change revokes them; /healthz tells anonymous callers only up or down;
production answers only its own hosts."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db


def token_of(username: str, password: str = PASSWORD) -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200
    return response.json()["token"]


def me(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/me/").status_code


def test_a_token_stops_working_after_its_lifetime_and_a_new_one_is_issued(expert, settings):
    settings.HCVVET_TOKEN_LIFETIME_SECONDS = 3600
    old = token_of("ada")
    assert me(old) == 200
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(seconds=3601))
    assert me(old) == 401
    new = token_of("ada")
    assert new != old
    assert me(new) == 200


def test_a_password_change_revokes_the_token(expert):
    token = token_of("ada")
    expert.set_password("a-new-password-2")
    expert.save()
    assert me(token) == 401
    assert me(token_of("ada", "a-new-password-2")) == 200


def test_the_admin_password_change_revokes_the_token(client, curator, expert):
    token = token_of("ada")
    client.force_login(curator)
    curator.is_superuser = True
    curator.save(update_fields=["is_superuser"])
    response = client.post(
        f"/admin/accounts/user/{expert.pk}/password/",
        {"password1": "a-new-password-2", "password2": "a-new-password-2", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert me(token) == 401


def test_healthz_shows_anonymous_callers_no_error_text(client, settings, curator):
    settings.CELERY_BROKER_URL = "redis://internal-user:secret@127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": {"ok": True}, "broker": {"ok": False}}
    assert "127.0.0.1" not in response.content.decode()
    client.force_login(curator)  # staff see the cause
    assert "info" in client.get("/healthz").json()["broker"]


def test_production_allows_only_its_own_hosts_by_default():
    code = "from hcvvet.settings import production as s; import json; print(json.dumps(s.ALLOWED_HOSTS))"
    done = run_python(code, SECRET_KEY="x" * 50)
    assert done.returncode == 0, done.stderr
    hosts = json.loads(done.stdout)
    assert "testserver" not in hosts
    assert "localhost" in hosts
    assert json.loads(run_python(code, SECRET_KEY="x" * 50, ALLOWED_HOSTS="vet.example.org").stdout) == [
        "vet.example.org"
    ]
