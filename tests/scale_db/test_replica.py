"""With DATABASE_REPLICA_URL set, reports and exports read from the replica alias and everything else, writes
above all, from the primary. The replica here is a copy taken before the test labels (a replica that has not
caught up yet) behind a role that may only read: a report that shows the new vote read the primary, and a
write sent to the replica would fail."""

import csv
import io

import pytest
from django.db import DatabaseError
from django.test import Client

from hcvvet.vetting.models import Label
from tests.conftest import token_client, using_postgresql

READ_ONLY_SQL_TRANSACTION = "25006"
# The replica alias is added to DATABASES for the test (tests/scale_db/conftest.py), knowingly.
pytestmark = [
    pytest.mark.skipif(
        not using_postgresql(), reason="a replica of PostgreSQL (DATABASE_URL is not PostgreSQL)"
    ),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
]


def curator_votes(export: bytes) -> dict[int, str]:
    """MatchID -> the curator's vote, from a labelled-candidates CSV."""
    rows = csv.DictReader(line for line in io.StringIO(export.decode()) if not line.startswith("#"))
    return {int(row["MatchID"]): row["Vote_cora"] for row in rows if row["Vote_cora"]}


@pytest.fixture
def replica_world(world, lagging_replica):
    """The API scenario, copied to the replica before the test changes anything."""
    return world


def test_reports_read_the_replica_while_labels_go_to_the_primary(replica_world):
    world = replica_world
    curator = world.users["curator"]
    api = token_client(curator)
    first, third = world.candidates[0].match_id, world.candidates[2].match_id

    vote = api.post(
        "/api/labels/", {"campaign": world.default.pk, "candidate": first, "expert_class": 4}, format="json"
    )
    assert vote.status_code == 201, vote.content
    history = api.get(f"/api/candidates/{first}/history/").json()
    labels = [
        (event["actor"], event["after"]["expert_class"]) for event in history if event["kind"] == "label"
    ]
    assert labels[-1] == ("cora", 4)  # labelling reads the primary: the vote is there at once

    # Reports and exports, from the API and from the pages, read the replica: the vote is not there yet.
    export = api.get("/api/reports/labelled-candidates/", {"fmt": "csv", "source": "hcv"})
    assert export.status_code == 200, export.content[:300]
    assert curator_votes(export.content) == {third: "2"}
    browser = Client()
    browser.force_login(curator)
    page_export = browser.get("/reports/labelled-candidates.csv", {"source": "hcv"})
    assert page_export.status_code == 200
    assert curator_votes(page_export.content) == {third: "2"}


def test_the_replica_alias_refuses_writes(replica_world):
    """What makes the test above mean something: a write routed to the replica would have failed."""
    with pytest.raises(DatabaseError) as refused:
        Label.objects.using("replica").filter(candidate=replica_world.candidates[2]).update(comment="lost")
    assert refused.value.__cause__.sqlstate == READ_ONLY_SQL_TRANSACTION
