"""Data versions: what a cached result (a report, a live queue order) is keyed on, so it is reused exactly as
long as the data it was computed from is unchanged.

Two named versions, so that work on one kind of data never waits on or invalidates the other:
- `CATALOG`: groups, objects and their filter rows (the catalogue's classes, MADs, statistics): moved by
  the catalog write services (bulk upserts, statistics recomputed) and by image flags. Live queue orders key
  on it.
- `LABELS`: votes, campaigns and their membership, consensus and adjudication: moved by the vetting services.
Reports key on both.

The writing SERVICES bump a version, not database triggers: each write service calls `data_version_bump` as
the last write of its transaction. Why inside the transaction and not on commit: the new version commits
atomically with the data, so a reader that reads the version BEFORE computing (as `data_version` callers must)
can never store a result under a version newer than its data, and no crash or lost callback between a commit
and a later bump can leave stale results reachable. The price, on PostgreSQL, is a row lock on the version row
from the bump to the commit (with ATOMIC_REQUESTS, to the end of the view): writers of the same version wait
for each other only for the tail of their transactions (hence "last write", and two versions so an ingest
never holds up a label save); a transaction that moves both moves CATALOG first, so two such transactions
cannot deadlock. SQLite has one writer at a time anyway.

A bump sets a fresh random 62-bit value rather than adding one: a rolled-back write, a flushed or restored
database, or another database sharing the same Redis cache can never come back to a value already used as a
cache key. For the same reason migrations create no row: the first reader or writer of a version creates it
with a random value (a test database rolled back between tests starts each test from a new one).

Rows written around the services (raw SQL, the admin's plain model saves of catalog rows) do not move a
version: results cached before them are served until the next service write.
"""

from __future__ import annotations

import secrets

from .models import DataVersion

CATALOG = "catalog"
LABELS = "labels"


def data_version(*names: str) -> tuple[int, ...]:
    """The current values of the named versions: one query (three the first time ever, which creates them).
    Read it before computing what it will key."""
    values = dict(DataVersion.objects.filter(name__in=names).values_list("name", "value"))
    missing = [name for name in names if name not in values]
    if missing:
        fresh = [DataVersion(name=name, value=secrets.randbits(62)) for name in missing]
        DataVersion.objects.bulk_create(fresh, ignore_conflicts=True)
        values = dict(DataVersion.objects.filter(name__in=names).values_list("name", "value"))
    return tuple(values[name] for name in names)


def data_version_bump(name: str) -> None:
    """Move version `name` (one upsert). Call it as the last write of the transaction that changed the data;
    on PostgreSQL the version row stays locked until that transaction ends."""
    DataVersion.objects.bulk_create(
        [DataVersion(name=name, value=secrets.randbits(62))],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["value"],
    )
