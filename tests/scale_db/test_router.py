"""Which alias a read goes to, with a replica configured (no connection is made: routing only)."""

import pytest
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory

from hcvvet.accounts.models import User
from hcvvet.db_router import ReplicaReadsMiddleware, replica_reads
from hcvvet.vetting.models import Label

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica_configured(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


def alias_seen_by(method: str, path: str) -> str:
    """The alias a label read goes to while the middleware handles `method path`."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Label))
        return HttpResponse()

    ReplicaReadsMiddleware(view)(RequestFactory().generic(method, path))
    return seen[0]


def test_report_reads_go_to_the_replica_and_writes_never(replica_configured):
    with replica_reads():
        assert router.db_for_read(Label) == "replica"
        assert router.db_for_write(Label) == "default"
        assert router.db_for_read(User) == "default"  # who is asking: always the primary
    assert router.db_for_read(Label) == "default"
    assert router.allow_migrate("replica", "vetting") is False


@pytest.mark.parametrize(
    ("method", "path", "alias"),
    [
        ("GET", "/reports/labelled-candidates.csv", "replica"),
        ("HEAD", "/api/reports/agreement/", "replica"),
        ("POST", "/api/reports/labelled-candidates/import/", "default"),
        ("POST", "/reports/import/", "default"),
        ("GET", "/api/labels/", "default"),
        ("GET", "/review/", "default"),
    ],
)
def test_the_middleware_marks_report_reads_only(replica_configured, method, path, alias):
    assert alias_seen_by(method, path) == alias


def test_without_a_replica_every_read_goes_to_the_primary():
    with replica_reads():
        assert router.db_for_read(Label) == "default"
    assert alias_seen_by("GET", "/reports/labelled-candidates.csv") == "default"
