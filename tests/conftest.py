"""Project-wide fixtures: roles and users, and the rule that services are required when CI is set."""

import os

import pytest
from django.contrib.auth.models import Group

from hcvvet.accounts.models import Role
from hcvvet.accounts.services import user_create

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
