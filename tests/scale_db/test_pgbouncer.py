"""The API and an ingest on a real worker, with every database connection going through pgbouncer in
transaction mode (the pool runs DISCARD ALL after each transaction, so nothing that leans on a session
survives: see conftest). Settings as DATABASE_TRANSACTION_POOLING=1 makes them."""

import csv
import io

import pytest
from django.db import connection

from hcvvet.catalog.models import Candidate, Cutout
from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create
from tests.conftest import require_env, token_client, using_postgresql
from tests.factories import CandidateFactory
from tests.ingest.conftest import finished, sandbox_env
from tests.ingest.expected import database_digest, expected_for_group, sandbox_digest
from tests.worker import celery_worker, wait_for

M31 = 1045904
pytestmark = pytest.mark.skipif(
    not using_postgresql(), reason="pgbouncer pools PostgreSQL (DATABASE_URL is not)"
)


def test_session_state_does_not_reach_the_next_transaction(through_pgbouncer):
    """The harness is a strict pool: what one transaction sets on its session is gone in the next."""
    with connection.cursor() as cursor:
        cursor.execute("SET hcvvet.probe = 'set'")
        cursor.execute("SELECT current_setting('hcvvet.probe', true)")
        assert cursor.fetchone()[0] in ("", None)


def test_a_streamed_queryset_reads_every_row_through_the_pool(through_pgbouncer):
    """`.iterator()` outside a transaction (as the ingest's threshold pass and the triage feature reads run)
    fetches in several round trips; a server-side cursor would be gone after the first."""
    made = sorted(CandidateFactory().pk for _ in range(7))
    streamed = list(Candidate.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2))
    assert streamed == made


def test_labelling_and_reports_through_the_pool(through_pgbouncer, world):
    curator = token_client(world.users["curator"])
    first = world.candidates[0].match_id
    listed = curator.get("/api/candidates/").json()
    assert {row["match_id"] for row in listed["results"]} == {c.match_id for c in world.candidates}
    vote = curator.post(
        "/api/labels/", {"campaign": world.default.pk, "candidate": first, "expert_class": 4}, format="json"
    )
    assert vote.status_code == 201, vote.content
    export = curator.get("/api/reports/labelled-candidates/", {"fmt": "csv", "source": "hcv"})
    assert export.status_code == 200, export.content[:300]
    rows = csv.DictReader(line for line in io.StringIO(export.content.decode()) if not line.startswith("#"))
    curator_votes = {int(row["MatchID"]): row["Vote_cora"] for row in rows if row["Vote_cora"]}
    assert curator_votes == {first: "4", world.candidates[2].match_id: "2"}


@pytest.mark.worker
def test_an_ingest_on_a_worker_behind_the_pool_loads_every_row(
    through_pgbouncer, mast, via_broker, sandbox_db
):
    env = {
        "REDIS_URL": require_env("REDIS_URL"),
        **sandbox_env(mast),
        "DATABASE_URL": through_pgbouncer.url(connection.settings_dict["NAME"]),
        "DATABASE_TRANSACTION_POOLING": "1",
        "HCVVET_INGEST_BATCH_MATCHIDS": "3",
        "HCVVET_INGEST_PREFETCH_CANDIDATES": "2",
    }
    with celery_worker(env=env, concurrency=2):
        job = job_create(target_name="M31")
        job = wait_for(lambda: finished(job), timeout=120)
    assert job.state == JobState.SUCCEEDED, job.error
    expected = expected_for_group(sandbox_db, M31)
    assert {key: job.counts[key] for key in expected} == expected
    assert database_digest(M31) == sandbox_digest(sandbox_db, M31)
    assert Cutout.objects.filter(status="ok").count() == job.counts["cutouts"] > 0
