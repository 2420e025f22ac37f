"""Ingest-heavy tables carry no index that their unique key already covers: each index is one more write
per row ingested, and the unique index serves the same lookups (its leading column is the same)."""

import pytest
from django.db import connection

from hcvvet.catalog.models import FilterStat
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


@pytest.mark.parametrize("model", [FilterStat, IngestJobMember], ids=lambda m: m.__name__)
def test_no_index_is_a_leading_part_of_the_unique_key(model):
    indexes = _indexes(model._meta.db_table)
    unique_keys = [columns for _, unique, columns in indexes if unique]
    assert unique_keys  # the natural key exists (and serves the lookups)
    covered = [
        name
        for name, unique, columns in indexes
        if not unique and any(key[: len(columns)] == columns for key in unique_keys)
    ]
    assert covered == []
