"""Ingest-heavy tables carry no index that another of their indexes already covers: each index is one more
write per row ingested, and the longer index serves the same lookups (its leading columns are the same)."""

import pytest
from django.db import connection

from hcvvet.catalog.models import Candidate, FilterStat, Measurement
from hcvvet.ingest.models import IngestJobMember

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> list[tuple[str, bool, list[str]]]:
    """(name, unique, columns) of each index of `table` but its primary key's and partial indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Django's SQLite introspection cannot parse a table with a CHECK of several values: PRAGMAs.
            found = []
            for _, name, unique, origin, partial in cursor.execute(f"PRAGMA index_list({table})").fetchall():
                if origin != "pk" and not partial:
                    columns = [row[2] for row in cursor.execute(f"PRAGMA index_info({name})").fetchall()]
                    found.append((name, bool(unique), columns))
            return found
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        (name, c["unique"], c["columns"])
        for name, c in constraints.items()
        if (c["index"] or c["unique"]) and not c["primary_key"] and not c.get("condition")
    ]


@pytest.mark.parametrize(
    "model", [Candidate, FilterStat, Measurement, IngestJobMember], ids=lambda m: m.__name__
)
def test_no_index_is_a_leading_part_of_another(model):
    indexes = _indexes(model._meta.db_table)
    assert any(unique for _, unique, _ in indexes) or model is Candidate  # a natural key serves the lookups
    covered = [
        name
        for name, unique, columns in indexes
        if not unique
        and any(other != name and found[: len(columns)] == columns for other, _, found in indexes)
    ]
    assert covered == []


def test_a_rejected_point_is_found_by_its_partial_index_and_the_others_skip_it():
    """Only rejected points are in the `rejected_by` index: a point ingested writes no entry there."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Measurement._meta.db_table)
    by_columns = [c for c in constraints.values() if c["columns"] == ["rejected_by_id"] and c["index"]]
    assert len(by_columns) == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'measurement_rejected_by'")
            assert "WHERE (rejected_by_id IS NOT NULL)" in cursor.fetchone()[0]
