"""Sign-in lockout and login throttling: counted per real client address and username on the shared
`throttle` cache, on every sign-in path (login page, admin, API token), X-Forwarded-For believed only from
trusted proxies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 3

pytestmark = pytest.mark.django_db


@pytest.fixture
def lockout(settings):
    """A low failure limit and a clean throttle cache (the test settings give it a prefix of its own)."""
    settings.HCVVET_LOGIN_FAILURE_LIMIT = LIMIT
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def login_page(client, username: str, password: str, address: str = "127.0.0.1", **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_the_login_page_locks_a_username_out_of_one_address_after_the_limit(client, make_user, lockout):
    make_user("lena")
    codes = [login_page(client, "lena", "guess").status_code for _ in range(LIMIT)]
    assert codes == [200] * LIMIT  # the form again, with "enter a correct username and password"
    locked = login_page(client, "lena", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password is refused while locked
    # Another address, and another username from this address, still sign in.
    assert login_page(client, "lena", PASSWORD, address="192.0.2.7").status_code == 302
    client.logout()
    make_user("otto")
    assert login_page(client, "otto", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, make_user, lockout):
    make_user("lena")
    for _ in range(LIMIT - 1):
        login_page(client, "lena", "guess")
    assert login_page(client, "lena", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        login_page(client, "lena", "guess")
    assert login_page(client, "lena", PASSWORD).status_code == 302


def test_x_forwarded_for_is_not_believed_without_trusted_proxies(client, make_user, lockout):
    make_user("lena")
    for attempt in range(LIMIT):
        login_page(client, "lena", "guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    # A new forged address each time did not escape the count of the real one.
    assert login_page(client, "lena", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_counted(client, make_user, lockout, settings):
    settings.HCVVET_TRUSTED_PROXIES = ["10.0.0.0/8"]
    make_user("lena")
    for _ in range(LIMIT):
        login_page(client, "lena", "guess", address="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (
        login_page(
            client, "lena", PASSWORD, address="10.2.2.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 429
    )
    # Another client behind the same proxy is not locked out; a client's own forged hop is not believed.
    ok = login_page(
        client, "lena", PASSWORD, address="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 203.0.113.6"
    )
    assert ok.status_code == 302


def test_the_admin_login_page_obeys_the_lockout(client, make_user, lockout):
    make_user("cleo", "curator")
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "cleo", "password": "guess"}, REMOTE_ADDR="127.0.0.1")
    refused = client.post(
        "/admin/login/", {"username": "cleo", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1"
    )
    assert refused.status_code == 200
    assert "Too many failed sign-ins" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_api_token_login_obeys_the_lockout_with_a_429(make_user, lockout):
    make_user("lena")
    api = APIClient()
    codes = [
        api.post("/api/auth/token/", {"username": "lena", "password": "guess"}, format="json").status_code
        for _ in range(LIMIT)
    ]
    locked = api.post("/api/auth/token/", {"username": "lena", "password": PASSWORD}, format="json")
    assert codes == [400] * LIMIT
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.json()["detail"]
    # The lockout counted the API's failures for the login page too: one count for every path.
    assert login_page(Client(), "lena", PASSWORD).status_code == 429


def test_the_api_rate_counts_the_real_address_not_x_forwarded_for(make_user, lockout, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "2/minute", "user": None},
    }
    api = APIClient()
    codes = [
        api.post(
            "/api/auth/token/",
            {"username": f"nobody{attempt}", "password": "guess"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        ).status_code
        for attempt in range(3)
    ]
    assert codes == [400, 400, 429]


LOCK_FROM_ANOTHER_PROCESS = """
import django
django.setup()
from django.test import RequestFactory
from hcvvet.accounts.lockout import record_failure
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="127.0.0.1")
for _ in range({limit}):
    record_failure(request=request, username="lena")
"""


def test_failures_counted_by_another_process_lock_this_one(client, make_user, lockout, settings):
    """Every gunicorn worker shares the counts (Redis when REDIS_URL is set, else files on the host): failures
    recorded by another process lock the pair here."""
    make_user("lena")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hcvvet.settings.test",
        "HCVVET_LOGIN_FAILURE_LIMIT": str(LIMIT),
    }
    done = subprocess.run(
        [sys.executable, "-c", LOCK_FROM_ANOTHER_PROCESS.format(limit=LIMIT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert login_page(client, "lena", PASSWORD).status_code == 429


ADDRESS_LIMIT = 6


@pytest.fixture
def address_lockout(lockout, settings):
    """The pair limit of `lockout` and a low limit of failures per address, whatever the usernames."""
    settings.HCVVET_LOGIN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT


def test_failures_over_many_usernames_lock_the_address_out_of_the_login_page(
    client, make_user, address_lockout
):
    make_user("lena")
    make_user("otto")
    # Spraying: each username stays under its own limit of LIMIT failures, the address reaches its own.
    sprayed = [f"user{n}" for n in range(ADDRESS_LIMIT // (LIMIT - 1))]
    codes = [login_page(client, name, "guess").status_code for name in sprayed for _ in range(LIMIT - 1)]
    assert codes == [200] * ADDRESS_LIMIT
    refused = login_page(client, "lena", PASSWORD)  # an account never tried, with its right password
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # Only that address: the same account signs in from another one.
    assert login_page(client, "lena", PASSWORD, address="192.0.2.7").status_code == 302


def test_a_successful_sign_in_does_not_reset_the_address_count(client, make_user, address_lockout):
    make_user("lena")
    for n in range(ADDRESS_LIMIT - 1):
        login_page(client, f"user{n}", "guess")
    assert login_page(client, "lena", PASSWORD).status_code == 302  # a known account, under the limit
    client.logout()
    assert login_page(client, "user-last", "guess").status_code == 200  # the limit's failure
    assert login_page(client, "lena", PASSWORD).status_code == 429


def test_a_locked_address_is_refused_by_the_admin_and_the_api_token_too(make_user, address_lockout):
    make_user("cleo", "curator")
    browser = Client()
    for n in range(ADDRESS_LIMIT):
        login_page(browser, f"user{n}", "guess")
    admin = browser.post("/admin/login/", {"username": "cleo", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1")
    assert "_auth_user_id" not in browser.session
    assert "Too many failed sign-ins" in admin.content.decode()
    token = APIClient().post("/api/auth/token/", {"username": "cleo", "password": PASSWORD}, format="json")
    assert token.status_code == 429
