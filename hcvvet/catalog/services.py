"""Catalogue-side derived values computed after a load (per-group MAD thresholds, each candidate's
largest MAD), and the set-based write helpers the loads use: on PostgreSQL a COPY into a temporary
table and one statement from it, on SQLite one `executemany`; never a save per row.
Both derived values come from the catalogue's own statistics (no light curve is recomputed)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby, islice
from operator import itemgetter

import numpy as np
from django.db import IntegrityError, connection, models, transaction

from . import thresholds
from .models import Candidate, FieldThreshold, FilterStat, Group
from .selectors import THRESHOLD_INPUTS, threshold_curves_of_rows
from .versioning import CATALOG, data_version_bump, group_versions_bump

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
    `mad_threshold_source` from it (one UPDATE of both per group). The rows are read in one pass ordered by
    group, then (MatchID, filter) (one query, streamed: never more than a group in memory); only changed
    values are written. Returns filter rows written.
    A load that holds whole groups writes the same values with its rows instead (ingest/services/parts.py)."""
    rows = (
        FilterStat.objects.filter(candidate__group_id__in=sorted(set(group_ids)))
        .order_by("candidate__group_id", "candidate_id", "filter")
        .values_list("candidate__group_id", "pk", *THRESHOLD_INPUTS)
        .iterator(chunk_size=READ_CHUNK)
    )
    written = 0
    for group_id, group_rows in groupby(rows, key=itemgetter(0)):
        written += _group_thresholds_write(group_id, [row[1:] for row in group_rows])
    return written


def thresholds_at(
    curves: dict[str, thresholds.ThresholdCurve], bands: Sequence[str], mags: Sequence[float | None]
) -> list[tuple[float | None, str | None]]:
    """Each filter row's (`mad_threshold`, `mad_threshold_source`) from its group's `curves`: its filter's
    curve at its magnitude (no value where the magnitude is missing, neither without a curve)."""
    in_band = np.asarray(bands, dtype=object)
    at_mag = np.asarray(mags, dtype=float)  # None becomes NaN
    values = np.full(at_mag.size, np.nan)
    sources = np.full(at_mag.size, None, dtype=object)
    for band, curve in curves.items():
        mine = in_band == band
        values[mine] = curve.at(at_mag[mine])
        sources[mine] = curve.source if curve.centres.size else None
    finite = [float(t) if np.isfinite(t) else None for t in values.tolist()]
    return list(zip(finite, sources.tolist(), strict=True))


def _group_thresholds_write(group_id: int, rows: list[tuple]) -> int:
    """One group's (pk, *THRESHOLD_INPUTS) rows, by (MatchID, filter): compute, store and apply its
    threshold curve per filter."""
    inputs = [row[1:] for row in rows]
    curves = threshold_curves_of_rows(inputs)
    marks = thresholds_at(curves, [row[0] for row in inputs], [row[1] for row in inputs])
    # concurrent writers lock rows in the same order
    changes = sorted((row[0], *mark) for row, mark in zip(rows, marks, strict=True))
    with catalog_writes():
        field_thresholds_store({group_id: curves})
        return bulk_update_columns(
            FilterStat, ("mad_threshold", "mad_threshold_source"), changes, groups=(group_id,)
        )


def field_thresholds_store(curves: dict[int, dict[str, thresholds.ThresholdCurve]]) -> int:
    """Store the curves of groups, each computed from all its rows (`selectors.threshold_curves_of_rows`):
    one upsert for all (unchanged curves are not rewritten; concurrent writers of a group's curves wait for
    each other on its rows), and the curves of filters a group no longer has removed. Returns curves
    written or removed; moves the catalog data version and those of the groups when there are any (the
    review page's plot keys on its group's)."""
    rows = [
        (group_id, band, *_curve_row(curve))
        for group_id, by_filter in sorted(curves.items())
        for band, curve in sorted(by_filter.items())
    ]
    kept = {row[:2] for row in rows}
    with catalog_writes():
        changed = bulk_upsert(
            FieldThreshold,
            ("group_id", "filter", *CURVE_COLUMNS),
            rows,
            conflict=("group_id", "filter"),
            update=CURVE_COLUMNS,
        )
        stored = FieldThreshold.objects.filter(group_id__in=list(curves)).values_list(
            "pk", "group_id", "filter"
        )
        stale = [pk for pk, group_id, band in stored if (group_id, band) not in kept]
        if stale:
            changed += FieldThreshold.objects.filter(pk__in=stale).delete()[0]
        if changed:
            _catalog_changed(curves.keys())
    return changed


def groups_with_more_rows(rows_per_group: dict[int, int]) -> list[int]:
    """The groups whose filter rows in the database outnumber `rows_per_group` (the rows a load just wrote
    with thresholds computed from them alone): their thresholds must come from every row the database
    holds (`filter_thresholds_update`)."""
    held = (
        FilterStat.objects.filter(candidate__group_id__in=sorted(rows_per_group))
        .values_list("candidate__group_id")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    return sorted(group_id for group_id, n in held if n > rows_per_group[group_id])


# FieldThreshold's columns that hold a curve, in `_curve_values` order.
CURVE_COLUMNS = ("source", "mag_centres", "mad_thresholds", "k_sigmas", "n_rows", "n_flagged")


def _curve_values(curve: thresholds.ThresholdCurve) -> dict:
    return {
        "source": curve.source,
        "mag_centres": [float(x) for x in curve.centres],
        "mad_thresholds": [float(y) for y in curve.thresholds],
        "k_sigmas": curve.k_sigmas,
        "n_rows": curve.n_rows,
        "n_flagged": curve.n_flagged,
    }


def _curve_row(curve: thresholds.ThresholdCurve) -> tuple:
    """The curve's CURVE_COLUMNS values as a set-based write takes them (JSON columns as JSON text)."""
    return tuple(json.dumps(v) if isinstance(v, list) else v for v in _curve_values(curve).values())


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


def candidates_mark_light_curve(match_ids: Iterable[int]) -> int:
    """Mark the candidates as having a stored light curve; moves the catalog data version when one changed
    (a live queue that serves only candidates with a light curve, as the default queue does, keys its order
    on it). Returns rows changed."""
    with transaction.atomic():
        changed = Candidate.objects.filter(pk__in=list(match_ids), has_light_curve=False).update(
            has_light_curve=True
        )
        return _versioned_write(Candidate, changed)


# ------------------------------------------------------------------------------------------ bulk writes


def bulk_upsert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    conflict: Sequence[str],
    update: Sequence[str] = (),
    groups: Iterable[int] = (),
) -> int:
    """Insert `rows` (tuples in `columns` order, database column names); on a conflict on `conflict`
    update the `update` columns only where a value differs (do nothing when `update` is empty). Rows are
    written in the order given. Returns rows inserted or changed; moves the catalog data version when a row
    of a table that reports read changed, and then the versions of `groups` too (the groups the rows belong
    to: they may move for a group whose own rows were unchanged, never stay for one whose rows changed).
    PostgreSQL: COPY into a temporary table, then one `INSERT ... SELECT`; SQLite: one executemany."""
    if not rows:
        return 0
    with transaction.atomic():
        changed = _upsert(model, columns, rows, conflict=conflict, update=update)
        return _versioned_write(model, changed, groups)


def _upsert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    conflict: Sequence[str],
    update: Sequence[str],
) -> int:
    # Identifiers quoted: a column may be named after an SQL word (triage's FeatureSet has `values`).
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    if update:
        assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
        changed = " OR ".join(f"{table}.{quote(c)} IS DISTINCT FROM excluded.{quote(c)}" for c in update)
        action = f"DO UPDATE SET {assignments} WHERE {changed}"
    else:
        action = "DO NOTHING"
    head = f"INSERT INTO {table} ({names})"
    tail = f"ON CONFLICT ({', '.join(quote(c) for c in conflict)}) {action}"
    if connection.vendor == "postgresql":
        copied = _copy_new(model, columns, rows, conflict=conflict)
        if copied is not None:
            return copied
        with _staged(model, columns, rows) as (cursor, stage):
            cursor.execute(f"{head} SELECT {names} FROM {stage} WHERE true {tail}")  # noqa: S608 -- names from model meta and callers' constants; values go by COPY
            return cursor.rowcount
    return _executemany(f"{head} VALUES ({', '.join(['%s'] * len(columns))}) {tail}", rows)


def _copy_new(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple], *, conflict: Sequence[str]
) -> int | None:
    """PostgreSQL: when the table holds no row of any of `rows`' keys (a first load: no row shares the first
    `conflict` column's value with one of them), COPY them straight into the table, with no staging table
    and no conflict handling, and return how many; None when some may exist, or when a row of another
    transaction or a repeated key made the COPY fail (nothing is then written: the caller upserts).
    Only where that first column leads an index, so the check is one index probe per distinct value."""
    first = conflict[0]
    if not _leads_an_index(model, first):
        return None
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    keys = sorted({row[columns.index(first)] for row in rows})
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # One index probe per key, whatever the table's statistics say: `= ANY(keys)` let PostgreSQL scan
        # the whole table (expecting an early match, or misled by statistics gathered while the table was
        # being loaded), which on a first load holds no match at all.
        db_type = field_of(model, first).db_type(connection)
        cursor.execute(
            f"SELECT 1 FROM unnest(%s::{db_type}[]) AS k(v) CROSS JOIN LATERAL "  # noqa: S608 -- names and type from model meta; values are params
            f"(SELECT 1 FROM {table} WHERE {quote(first)} = k.v LIMIT 1) AS found LIMIT 1",
            [keys],
        )
        if cursor.fetchone() is not None:
            return None
        try:
            with transaction.atomic(), connection.wrap_database_errors:
                copy_sql = f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
                with cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        except IntegrityError:
            return None
    return len(rows)


def field_of(model: type[models.Model], column: str) -> models.Field:
    """The model's concrete field stored in `column`."""
    return next(f for f in model._meta.concrete_fields if f.column == column)


def _leads_an_index(model: type[models.Model], column: str) -> bool:
    """Whether `column` is the primary key, has an index of its own, or leads a unique constraint."""
    field = field_of(model, column)
    if field.primary_key or field.unique or getattr(field, "db_index", False):
        return True
    return any(
        isinstance(c, models.UniqueConstraint) and c.fields and field.name == c.fields[0]
        for c in model._meta.constraints
    )


def bulk_update_column(model: type[models.Model], column: str, pairs: Sequence[tuple]) -> int:
    """Set `column` from (primary key, value) pairs where it differs; returns rows changed (and moves the
    catalog data version as bulk_upsert does)."""
    return bulk_update_columns(model, (column,), pairs)


def bulk_update_columns(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple], *, groups: Iterable[int] = ()
) -> int:
    """Set `columns` from (primary key, *values) rows where any differs (each row rewritten once); returns
    rows changed (and moves the catalog data version and those of `groups` as bulk_upsert does).
    PostgreSQL: COPY into a temporary table, then one `UPDATE ... FROM`; SQLite: one executemany."""
    if not rows:
        return 0
    with transaction.atomic():
        return _versioned_write(model, _update_columns(model, columns, rows), groups)


def _update_columns(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> int:
    pk_column = model._meta.pk.column
    if pk_column is None:  # a CompositePrimaryKey has no single column to join on
        raise TypeError(f"{model.__name__} has no single-column primary key")
    quote = connection.ops.quote_name  # identifiers quoted, as in `_upsert`
    table, pk, names = quote(model._meta.db_table), quote(pk_column), [quote(c) for c in columns]
    if connection.vendor == "postgresql":
        assignments = ", ".join(f"{c} = v.{c}" for c in names)
        changed = " OR ".join(f"{table}.{c} IS DISTINCT FROM v.{c}" for c in names)
        with _staged(model, (pk_column, *columns), rows) as (cursor, stage):
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {stage} v "  # noqa: S608 -- names from model meta and callers' constants; values go by COPY
                f"WHERE {table}.{pk} = v.{pk} AND ({changed})"
            )
            return cursor.rowcount
    assignments = ", ".join(f"{c} = %s" for c in names)
    changed = " OR ".join(f"{c} IS DISTINCT FROM %s" for c in names)
    return _executemany(
        f"UPDATE {table} SET {assignments} WHERE {pk} = %s AND ({changed})",  # noqa: S608 -- names from model meta and callers' constants; values are params
        [(*values, key, *values) for key, *values in rows],
    )


def _versioned_write(model: type[models.Model], changed: int, groups: Iterable[int] = ()) -> int:
    """Move the catalog data version and those of `groups` when `changed` rows of a versioned table were
    written, as the last writes of the caller's transaction (at the end of `catalog_writes` inside one);
    returns `changed`."""
    if changed and model in VERSIONED_MODELS:
        _catalog_changed(groups)
    return changed


def _catalog_changed(groups: Iterable[int] = ()) -> None:
    """Move the versions of `groups`, then the catalog data version, now or at the end of the open
    `catalog_writes`."""
    if getattr(_catalog_writes, "open", False):
        _catalog_writes.changed = True
        _catalog_writes.groups.update(groups)
    else:
        group_versions_bump(groups)
        data_version_bump(CATALOG)


_catalog_writes = threading.local()


@contextmanager
def catalog_writes() -> Iterator[None]:
    """One transaction of several catalog writes (`bulk_upsert`, ...) that moves the catalog data version
    (and those of the groups its writes named) once, at its very end, after PostgreSQL checked the foreign
    keys of the rows written (deferred to the commit otherwise). Every catalog writer updates that version's
    row: it is then locked only for the commit, so loads on several workers do not wait for each other's
    writes (versioning.py)."""
    if getattr(_catalog_writes, "open", False):
        yield
        return
    with transaction.atomic():
        _catalog_writes.open, _catalog_writes.changed, _catalog_writes.groups = True, False, set()
        try:
            yield
        finally:
            _catalog_writes.open = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks the rows written so far, now
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys, as they were
        if _catalog_writes.changed:
            group_versions_bump(_catalog_writes.groups)
            data_version_bump(CATALOG)


@contextmanager
def _staged(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]):
    """A temporary table typed like the model's `columns`, filled by COPY; yields (raw cursor, name).
    Column names are trusted identifiers, never user input."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    stage = f"stage_{model._meta.db_table}"
    quote = connection.ops.quote_name
    ddl = ", ".join(f"{quote(c)} {fields[c].db_type(connection)}" for c in columns)
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMP TABLE {stage} ({ddl}) ON COMMIT DROP")
        with cursor.copy(f"COPY {stage} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
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
    """A condition that `column` (a MatchID) is one of `values`. PostgreSQL: one array, bound as bigint like
    the column (bound as int4, PostgreSQL misjudges how many rows match and may scan the table)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)
