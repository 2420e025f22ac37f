"""Fixtures shared by more than one test package, defined once: roles and users (one of each role, the
API's whole-world scenario), the sandbox MAST on loopback with hcvvet's settings pointed at it, and the rule
that services are required when CI is set."""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hcvvet.accounts.models import Role
from hcvvet.accounts.services import user_create
from hcvvet.sandbox.server.harness import SandboxServer
from hcvvet.sandbox.universe.build import build_universe
from tests.scenario import Scenario, build_scenario

IN_CI = bool(os.environ.get("CI"))
# The password of every user `make_user` creates unless a test passes its own.
PASSWORD = "pw-for-tests-1"


def require_env(name: str) -> str:
    """The value of a service URL; a skip on a bare machine, a failure in CI where services must exist."""
    value = os.environ.get(name, "")
    if not value:
        if IN_CI:
            pytest.fail(f"{name} must be set in CI: the test needs that service")
        pytest.skip(f"{name} not set: this test needs a real service")
    return value


def using_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


WAITING_ON_A_LOCK = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
)


def waiting_on_locks(count: int, timeout: float = 60.0) -> bool:
    """Whether `count` other sessions of this database wait on a lock, before `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is a snapshot per transaction
            cursor.execute(WAITING_ON_A_LOCK)
            if cursor.fetchone()[0] >= count:
                return True
            time.sleep(0.02)
    return False


@pytest.fixture
def roles(db):
    return {name: Group.objects.get(name=name) for name in Role.ALL}


@pytest.fixture
def make_user(db):
    def make(username: str, *roles: str, password: str = PASSWORD):
        return user_create(username=username, password=password, roles=roles)

    return make


@pytest.fixture
def expert(make_user):
    return make_user("ada", Role.EXPERT)


@pytest.fixture
def curator(make_user):
    return make_user("cora", Role.CURATOR, Role.EXPERT)


@pytest.fixture
def viewer(make_user):
    return make_user("vic", Role.VIEWER)


@pytest.fixture
def other_expert(make_user):
    return make_user("bob", Role.EXPERT)


@pytest.fixture
def users(expert, other_expert, curator, viewer):
    """Every role of the permission matrix, anonymous included."""
    return {
        "anonymous": None,
        "viewer": viewer,
        "expert": expert,
        "other_expert": other_expert,
        "curator": curator,
    }


@pytest.fixture
def world(users) -> Scenario:
    """The whole-API scenario (campaigns, labels, a flagged image, an ingest job) for every role."""
    return build_scenario(users)


def token_client(user) -> APIClient:
    """An API client authenticated by `user`'s token (anonymous for None)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def page_client(user) -> Client:
    """A browser-like client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def sandbox_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulator's `tiny` universe, built once per session (read only by its users)."""
    out = tmp_path_factory.mktemp("universe") / "tiny.sqlite"
    build_universe(out, scale="tiny", seed=1)
    return out


@pytest.fixture(scope="session")
def sandbox_server(sandbox_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    with SandboxServer(
        sandbox_db, user="demo", password="demo", workdir=tmp_path_factory.mktemp("mydb")
    ) as sb:
        yield sb


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> Iterator[SandboxServer]:
    """The session's running sandbox, with no faults active before or after the test."""
    sandbox_server.faults.clear()
    yield sandbox_server
    sandbox_server.faults.clear()


@pytest.fixture
def mast(settings, sandbox):
    """Point hcvvet's MAST settings at the running sandbox; returns the sandbox."""
    urls = sandbox.urls
    settings.HCVVET_CASJOBS_URL = urls["casjobs"]
    settings.HCVVET_CASJOBS_LOGIN_URL = urls["casjobs_login"]
    settings.HCVVET_CASJOBS_FAST_URL = urls["casjobs_fast"]
    settings.HCVVET_MAST_INVOKE_URL = urls["mast_invoke"]
    settings.HCVVET_FITSCUT_URL = urls["fitscut"]
    settings.HCVVET_CATALOGS_URL = urls["catalogs"]
    settings.CASJOBS_USERID = sandbox.user
    settings.CASJOBS_PW = sandbox.password
    settings.HCVVET_MAST_TIMEOUT_SECONDS = 3
    settings.HCVVET_INGEST_RETRY_BASE_SECONDS = 0
    return sandbox
