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

Each group has a version of its own too (`Group.data_version`), for what depends on one group's rows only
(the review page's field context): the catalog write services move it, in the same transaction and with the
same random values, for the groups whose filter rows, objects or threshold curves they changed, so an
ingest of other groups leaves it alone. A transaction moves the group versions before CATALOG, the groups in
GroupID order, so concurrent writers cannot deadlock on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import DataVersion, Group, fresh_version

CATALOG = "catalog"
LABELS = "labels"


def data_version(*names: str) -> tuple[int, ...]:
    """The current values of the named versions: one query (three the first time ever, which creates them).
    Read it before computing what it will key."""
    values = dict(DataVersion.objects.filter(name__in=names).values_list("name", "value"))
    missing = [name for name in names if name not in values]
    if missing:
        fresh = [DataVersion(name=name, value=fresh_version()) for name in missing]
        DataVersion.objects.bulk_create(fresh, ignore_conflicts=True)
        values = dict(DataVersion.objects.filter(name__in=names).values_list("name", "value"))
    return tuple(values[name] for name in names)


def data_version_bump(name: str) -> None:
    """Move version `name` (one upsert). Call it as the last write of the transaction that changed the data;
    on PostgreSQL the version row stays locked until that transaction ends."""
    DataVersion.objects.bulk_create(
        [DataVersion(name=name, value=fresh_version())],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["value"],
    )


def group_data_version(group_id: int) -> int:
    """The group's current version (one query); 0 for a group not in the database. Read it before computing
    what it will key."""
    return Group.objects.filter(pk=group_id).values_list("data_version", flat=True).first() or 0


def group_versions_bump(group_ids: Iterable[int]) -> None:
    """Move the versions of the groups `group_ids`, in the transaction that changed their rows (before
    CATALOG's). On PostgreSQL the rows are locked first in GroupID order and stay locked until that
    transaction ends."""
    ids = sorted(set(group_ids))
    if not ids:
        return
    groups = Group.objects.filter(pk__in=ids)
    with transaction.atomic():
        # the UPDATE alone would lock the rows in whatever order its plan visits them
        list(groups.select_for_update().order_by("pk").values_list("pk", flat=True))
        groups.update(data_version=fresh_version())
