"""Catalogue-side derived values computed after a load (per-group MAD thresholds, each candidate's
largest MAD), and the set-based write helpers the loads use: on PostgreSQL a COPY into a temporary
table and one statement from it, on SQLite one `executemany`; never a save per row.
Both derived values come from the catalogue's own statistics (no light curve is recomputed)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby, islice
from operator import itemgetter

import numpy as np
from django.db import connection, models, transaction

from . import thresholds
from .models import Candidate, FieldThreshold, FilterStat, Group
from .selectors import THRESHOLD_INPUTS, threshold_curves_of_rows
from .versioning import CATALOG, data_version_bump

ID_BATCH = 20_000
READ_CHUNK = 20_000
# The tables that cached reports and live queue orders read: a write that changes them moves the CATALOG data
# version (versioning.py). Measurements, images and cutouts feed pages that read them fresh.
VERSIONED_MODELS = (Group, Candidate, FilterStat)


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (the last may be shorter); consumes iterators lazily."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# ------------------------------------------------------------------------------------------ derived values


def filter_thresholds_update(group_ids: Iterable[int]) -> int:
    """Compute each group's one MAD threshold per filter from all its filter rows (catalog/thresholds.py),
    store it (`FieldThreshold`) and set every filter row's `mad_threshold` (the curve at its magnitude) and
    `mad_threshold_source` from it. The rows are read in one pass ordered by group (one query, streamed: a
    whole-catalogue ingest never holds more than a group in memory); only changed values are written.
    Returns filter rows written."""
    rows = (
        FilterStat.objects.filter(candidate__group_id__in=sorted(set(group_ids)))
        .order_by("candidate__group_id")
        .values_list("candidate__group_id", "pk", *THRESHOLD_INPUTS)
        .iterator(chunk_size=READ_CHUNK)
    )
    written = 0
    for group_id, group_rows in groupby(rows, key=itemgetter(0)):
        written += _group_thresholds_write(group_id, [row[1:] for row in group_rows])
    return written


def _group_thresholds_write(group_id: int, rows: list[tuple]) -> int:
    """One group's (pk, *THRESHOLD_INPUTS) rows: compute, store and apply its threshold curve per filter."""
    pks = np.array([row[0] for row in rows], dtype=np.int64)
    bands = np.array([row[1] for row in rows], dtype=object)
    mags = np.array([row[2] for row in rows], dtype=float)  # None becomes NaN
    curves = threshold_curves_of_rows([row[1:] for row in rows])
    values = np.full(pks.size, np.nan)
    sources = np.full(pks.size, None, dtype=object)
    for band, curve in curves.items():
        mine = bands == band
        values[mine] = curve.at(mags[mine])
        sources[mine] = curve.source if curve.centres.size else None
    order = np.argsort(pks)  # concurrent writers lock rows in the same order
    keys = pks[order].tolist()
    finite = [float(t) if np.isfinite(t) else None for t in values[order]]
    with transaction.atomic():
        # Two jobs over one field store its curves one after the other (the group's row lock), so neither
        # inserts a curve the other has just inserted.
        list(Group.objects.select_for_update().filter(pk=group_id).values_list("pk", flat=True))
        curves_changed = _field_thresholds_store(group_id, curves)
        written = bulk_update_column(FilterStat, "mad_threshold", list(zip(keys, finite, strict=True)))
        labelled = bulk_update_column(
            FilterStat, "mad_threshold_source", list(zip(keys, sources[order].tolist(), strict=True))
        )
        if curves_changed and not (written or labelled):  # the review page's plot keys on the version
            data_version_bump(CATALOG)
    return max(written, labelled)


def _field_thresholds_store(group_id: int, curves: dict[str, thresholds.ThresholdCurve]) -> int:
    """Write the group's curves (one row per filter; unchanged rows are not rewritten, curves of filters
    the group no longer has are removed). Returns rows written or removed."""
    stored = {t.filter: t for t in FieldThreshold.objects.filter(group_id=group_id)}
    changed = 0
    for band, curve in curves.items():
        values = {
            "source": curve.source,
            "mag_centres": [float(x) for x in curve.centres],
            "mad_thresholds": [float(y) for y in curve.thresholds],
            "k_sigmas": curve.k_sigmas,
            "n_rows": curve.n_rows,
            "n_flagged": curve.n_flagged,
        }
        old = stored.get(band)
        if old is None:
            FieldThreshold.objects.create(group_id=group_id, filter=band, **values)
            changed += 1
        elif any(getattr(old, name) != value for name, value in values.items()):
            changed += FieldThreshold.objects.filter(pk=old.pk).update(**values)
    removed, _ = FieldThreshold.objects.filter(group_id=group_id).exclude(filter__in=list(curves)).delete()
    return changed + removed


def candidates_refresh_max_mad(match_ids: Sequence[int]) -> int:
    """Set `max_mad` of the candidates to the largest MAD of their filter rows (one statement per batch;
    unchanged rows are not rewritten). Returns rows changed."""
    table = Candidate._meta.db_table
    filters = FilterStat._meta.db_table
    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for batch in chunks(match_ids, ID_BATCH):
            where, params = _in("candidate_id", batch)
            cursor.execute(
                f"UPDATE {table} SET max_mad = s.m FROM (SELECT candidate_id, MAX(mad) AS m FROM {filters} "  # noqa: S608 -- table names from model meta; values are params
                f"WHERE {where} GROUP BY candidate_id) s "
                f"WHERE {table}.match_id = s.candidate_id AND {table}.max_mad IS DISTINCT FROM s.m",
                params,
            )
            changed += cursor.rowcount
        _versioned_write(Candidate, changed)
    return changed


# ------------------------------------------------------------------------------------------ bulk writes


def bulk_upsert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    conflict: Sequence[str],
    update: Sequence[str] = (),
) -> int:
    """Insert `rows` (tuples in `columns` order, database column names); on a conflict on `conflict`
    update the `update` columns only where a value differs (do nothing when `update` is empty). Rows are
    written in the order given. Returns rows inserted or changed; moves the catalog data version when a row
    of a table that reports read changed.
    PostgreSQL: COPY into a temporary table, then one `INSERT ... SELECT`; SQLite: one executemany."""
    if not rows:
        return 0
    with transaction.atomic():
        return _versioned_write(model, _upsert(model, columns, rows, conflict=conflict, update=update))


def _upsert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
) -> int:
    table = model._meta.db_table
    if update:
        assignments = ", ".join(f"{c} = excluded.{c}" for c in update)
        changed = " OR ".join(f"{table}.{c} IS DISTINCT FROM excluded.{c}" for c in update)
        action = f"DO UPDATE SET {assignments} WHERE {changed}"
    else:
        action = "DO NOTHING"
    head = f"INSERT INTO {table} ({', '.join(columns)})"
    tail = f"ON CONFLICT ({', '.join(conflict)}) {action}"
    if connection.vendor == "postgresql":
        with _staged(model, columns, rows) as (cursor, stage):
            cursor.execute(f"{head} SELECT {', '.join(columns)} FROM {stage} WHERE true {tail}")  # noqa: S608 -- names from model meta and callers' constants; values go by COPY
            return cursor.rowcount
    return _executemany(f"{head} VALUES ({', '.join(['%s'] * len(columns))}) {tail}", rows)


def bulk_update_column(model: type[models.Model], column: str, pairs: Sequence[tuple]) -> int:
    """Set `column` from (primary key, value) pairs where it differs; returns rows changed (and moves the
    catalog data version as bulk_upsert does).
    PostgreSQL: COPY into a temporary table, then one `UPDATE ... FROM`; SQLite: one executemany."""
    if not pairs:
        return 0
    with transaction.atomic():
        return _versioned_write(model, _update_column(model, column, pairs))


def _update_column(model: type[models.Model], column: str, pairs: Sequence[tuple]) -> int:
    table = model._meta.db_table
    pk = model._meta.pk.column
    if pk is None:  # a CompositePrimaryKey has no single column to join on
        raise TypeError(f"{model.__name__} has no single-column primary key")
    if connection.vendor == "postgresql":
        with _staged(model, (pk, column), pairs) as (cursor, stage):
            cursor.execute(
                f"UPDATE {table} SET {column} = v.{column} FROM {stage} v "  # noqa: S608 -- names from model meta and callers' constants; values go by COPY
                f"WHERE {table}.{pk} = v.{pk} AND {table}.{column} IS DISTINCT FROM v.{column}"
            )
            return cursor.rowcount
    return _executemany(
        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} IS DISTINCT FROM %s",  # noqa: S608 -- names from model meta and callers' constants; values are params
        [(value, key, value) for key, value in pairs],
    )


def _versioned_write(model: type[models.Model], changed: int) -> int:
    """Move the catalog data version when `changed` rows of a versioned table were written, as the last write
    of the caller's transaction; returns `changed`."""
    if changed and model in VERSIONED_MODELS:
        data_version_bump(CATALOG)
    return changed


@contextmanager
def _staged(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]):
    """A temporary table typed like the model's `columns`, filled by COPY; yields (raw cursor, name).
    Column names are trusted identifiers, never user input."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    stage = f"stage_{model._meta.db_table}"
    ddl = ", ".join(f"{c} {fields[c].db_type(connection)}" for c in columns)
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMP TABLE {stage} ({ddl}) ON COMMIT DROP")
        with cursor.copy(f"COPY {stage} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        yield cursor, stage
        cursor.execute(f"DROP TABLE {stage}")


def _executemany(sql: str, rows: Sequence[tuple]) -> int:
    """SQLite: run `sql` once per row in one call; returns rows changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        before = cursor.fetchone()[0]
        cursor.executemany(sql, rows)
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0] - before


def _in(column: str, values: Sequence) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)
