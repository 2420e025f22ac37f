"""MAD histogram counts kept in step by the database, so a MAD report over the whole catalogue reads a few
thousand cells instead of joining every flagged filter row to its object.

A cell (`MadCell`) counts the flagged filter rows (FilterDetFlag > 0) of one (AutoClass, catalogue ExpertClass,
hcvvet consensus, fine MAD bin). The fine bins are the union of the notebook's two binnings (29 and 49 log bins
from 0.007 to 2 mag), so each fine bin lies inside exactly one bin of either, and any binning whose edges are
among the fine edges and that ends at the last one is answered exactly. Triggers on catalog_candidate and
catalog_filterstat append signed counts on every write (set-based per statement on PostgreSQL, per row on
SQLite); a key's count is the sum of its rows, and readers merge the rows (`compact`) when they pile up.

A pair (filter row, object) is counted when the later of the two is written, whichever it is, and uncounted when
the earlier of the two is deleted, so the deferred foreign key may be satisfied in either order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Sum

from .models import MadCell, MadFineEdge

if TYPE_CHECKING:
    from .selectors import ReportFilters

COMPACT_AT = 20_000  # cell rows read before they are merged
CELL_COLUMNS = "auto_class, hcv_expert_class, expert_class, fine_bin, n"
COMPACT_LOCK = 7_203_114_085_002  # PostgreSQL advisory lock: one compaction at a time


def bin_case_sql(value: str, edges: Sequence[float]) -> tuple[str, int]:
    """Portable SQL for the numpy.histogram bin index of `value` among float64 `edges` (-1 outside them, and
    for NULL), and how many times it uses `value`. A binary search of nested CASEs (about log2(len(edges))
    comparisons a row); edges are float literals (repr round-trips a float64)."""

    def search(lo: int, hi: int) -> str:  # value lies in [edges[lo], edges[hi]): its bin among lo .. hi-1
        if hi - lo == 1:
            return str(lo)
        mid = (lo + hi) // 2
        return f"CASE WHEN {value} < {edges[mid]!r} THEN {search(lo, mid)} ELSE {search(mid, hi)} END"

    inside = f"{value} >= {edges[0]!r} AND {value} < {edges[-1]!r}"
    last = f"WHEN {value} = {edges[-1]!r} THEN {len(edges) - 2}"
    sql = f"(CASE WHEN {inside} THEN {search(0, len(edges) - 1)} {last} ELSE -1 END)"
    return sql, 3 + (len(edges) - 2)


def bin_width_bucket_sql(value: str, edges: Sequence[float]) -> tuple[str, int]:
    """The same on PostgreSQL, by width_bucket's binary search (NULL for NULL)."""
    array = ", ".join(repr(e) for e in edges)
    # width_bucket: 0 below the first edge, i for edges[i-1] <= value < edges[i], len(edges) from the last
    sql = (
        f"(CASE WHEN {value} = {edges[-1]!r} THEN {len(edges) - 2} "
        f"ELSE width_bucket({value}, ARRAY[{array}]::float8[]) - 1 END)"
    )
    return sql, 2


# --- triggers (used by migrations, which pass their own frozen edges) ---------------------------------------


def _pg_cells(written: str, sign: int, edges: Sequence[float], *, of_candidate: bool) -> str:
    """INSERT of the signed counts for the rows `written` (a transition table or a query over one) of
    catalog_candidate or catalog_filterstat, paired with the flagged filter rows or the objects they go with;
    the other table is probed row by row through its index (OFFSET 0 keeps the planner from flattening it)."""
    fine_bin, _ = bin_width_bucket_sql("f.mad", edges)
    if of_candidate:
        pairs = (
            f"{written} c CROSS JOIN LATERAL (SELECT candidate_id, filter_det_flag, mad FROM catalog_filterstat"
            f" WHERE candidate_id = c.match_id OFFSET 0) f"
        )
    else:
        pairs = (
            f"{written} f CROSS JOIN LATERAL (SELECT match_id, auto_class, hcv_expert_class, expert_class"
            f" FROM catalog_candidate WHERE match_id = f.candidate_id OFFSET 0) c"
        )
    return f"""
        INSERT INTO reports_madcell ({CELL_COLUMNS})
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, {sign} * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   {fine_bin} AS fine_bin
            FROM {pairs}
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND {len(edges) - 2}
        GROUP BY 1, 2, 3, 4;"""


def _pg_function(name: str, body: str) -> str:
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$"


_FILTER_KEY = (
    "(o.candidate_id, o.filter_det_flag, o.mad) IS DISTINCT FROM (n.candidate_id, n.filter_det_flag, n.mad)"
)
_CANDIDATE_KEY = (
    "(o.match_id, o.auto_class, o.hcv_expert_class, o.expert_class) "
    "IS DISTINCT FROM (n.match_id, n.auto_class, n.hcv_expert_class, n.expert_class)"
)


def _pg_changed(side: str, key: str, id_column: str) -> str:
    """The rows of transition table `side` ("o" old, "n" new) whose counted columns the update changed."""
    this, other = ("o", "n") if side == "o" else ("n", "o")
    table = {"o": "old_rows", "n": "new_rows"}
    return (
        f"(SELECT {this}.* FROM {table[this]} {this} LEFT JOIN {table[other]} {other} "
        f"ON {other}.{id_column} = {this}.{id_column} WHERE {other}.{id_column} IS NULL OR {key})"
    )


_TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def postgresql_sql(edges: Sequence[float]) -> tuple[list[str], list[str]]:
    """(forward, reverse) statements installing the PostgreSQL triggers over `edges`."""
    changed_filters = {side: _pg_changed(side, _FILTER_KEY, "id") for side in "on"}
    changed_candidates = {side: _pg_changed(side, _CANDIDATE_KEY, "match_id") for side in "on"}
    functions = {
        "madcell_filterstat_insert": _pg_cells("new_rows", 1, edges, of_candidate=False),
        "madcell_filterstat_delete": _pg_cells("old_rows", -1, edges, of_candidate=False),
        "madcell_filterstat_update": _pg_cells(changed_filters["o"], -1, edges, of_candidate=False)
        + _pg_cells(changed_filters["n"], 1, edges, of_candidate=False),
        "madcell_candidate_insert": _pg_cells("new_rows", 1, edges, of_candidate=True),
        "madcell_candidate_delete": _pg_cells("old_rows", -1, edges, of_candidate=True),
        "madcell_candidate_update": _pg_cells(changed_candidates["o"], -1, edges, of_candidate=True)
        + _pg_cells(changed_candidates["n"], 1, edges, of_candidate=True),
        "madcell_truncate": "DELETE FROM reports_madcell;",
    }
    forward = [_pg_function(name, body) for name, body in functions.items()]
    reverse = []
    for table in ("filterstat", "candidate"):
        for event, transition in _TRANSITIONS.items():
            forward.append(
                f"CREATE TRIGGER madcell_{event} AFTER {event.upper()} ON catalog_{table} "
                f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION madcell_{table}_{event}()"
            )
            reverse.append(f"DROP TRIGGER IF EXISTS madcell_{event} ON catalog_{table}")
        forward.append(
            f"CREATE TRIGGER madcell_truncate AFTER TRUNCATE ON catalog_{table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION madcell_truncate()"
        )
        reverse.append(f"DROP TRIGGER IF EXISTS madcell_truncate ON catalog_{table}")
    reverse += [f"DROP FUNCTION IF EXISTS {name}()" for name in functions]
    return forward, reverse


def _sqlite_cells(row: str, sign: int, edges: Sequence[float], *, of_candidate: bool) -> str:
    """INSERT of the signed counts for one written row `row` (OLD or NEW) of catalog_candidate or
    catalog_filterstat, with the flagged filter rows or the object it pairs with."""
    if of_candidate:
        classes = f"{row}.auto_class, {row}.hcv_expert_class, coalesce({row}.expert_class, 0)"
        source = f"catalog_filterstat f WHERE f.candidate_id = {row}.match_id AND f.filter_det_flag > 0"
        mad = "f.mad"
    else:
        classes = "c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0)"
        source = f"catalog_candidate c WHERE c.match_id = {row}.candidate_id AND {row}.filter_det_flag > 0"
        mad = f"{row}.mad"
    fine_bin, _ = bin_case_sql(mad, edges)
    return (
        f"INSERT INTO reports_madcell ({CELL_COLUMNS}) SELECT * FROM "
        f"(SELECT {classes}, {fine_bin} AS fine_bin, {sign} FROM {source}) WHERE fine_bin >= 0;"
    )


def sqlite_sql(edges: Sequence[float]) -> tuple[list[str], list[str]]:
    """(forward, reverse) statements installing the SQLite triggers over `edges`."""
    filter_changed = " OR ".join(
        f"OLD.{c} IS NOT NEW.{c}" for c in ("candidate_id", "filter_det_flag", "mad")
    )
    candidate_changed = " OR ".join(
        f"OLD.{c} IS NOT NEW.{c}" for c in ("match_id", "auto_class", "hcv_expert_class", "expert_class")
    )
    triggers = {}
    for table, changed, of_candidate in (
        ("filterstat", filter_changed, False),
        ("candidate", candidate_changed, True),
    ):
        triggers[f"madcell_{table}_insert"] = (
            f"AFTER INSERT ON catalog_{table}",
            _sqlite_cells("NEW", 1, edges, of_candidate=of_candidate),
        )
        triggers[f"madcell_{table}_delete"] = (
            f"AFTER DELETE ON catalog_{table}",
            _sqlite_cells("OLD", -1, edges, of_candidate=of_candidate),
        )
        triggers[f"madcell_{table}_update"] = (
            f"AFTER UPDATE ON catalog_{table} WHEN {changed}",
            _sqlite_cells("OLD", -1, edges, of_candidate=of_candidate)
            + _sqlite_cells("NEW", 1, edges, of_candidate=of_candidate),
        )
    forward = [f"CREATE TRIGGER {name} {when} BEGIN {body} END" for name, (when, body) in triggers.items()]
    reverse = [f"DROP TRIGGER IF EXISTS {name}" for name in triggers]
    return forward, reverse


def fine_edges_view_sql(edges: Sequence[float], vendor: str) -> str:
    """The view reports_madfineedge (position, edge) over `edges`, as float64 on either database."""
    literal = "CAST({!r} AS double precision)" if vendor == "postgresql" else "{!r}"
    rows = ", ".join(f"({i}, {literal.format(edge)})" for i, edge in enumerate(edges))
    return f"CREATE VIEW reports_madfineedge (position, edge) AS VALUES {rows}"


def backfill_sql(edges: Sequence[float], vendor: str) -> str:
    """Cells for the rows already in the catalogue (when the triggers are installed on a loaded database)."""
    builder = bin_width_bucket_sql if vendor == "postgresql" else bin_case_sql
    fine_bin, _ = builder("f.mad", edges)
    return f"""
        INSERT INTO reports_madcell ({CELL_COLUMNS})
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   {fine_bin} AS fine_bin
            FROM catalog_filterstat f JOIN catalog_candidate c ON c.match_id = f.candidate_id
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND {len(edges) - 2}
        GROUP BY 1, 2, 3, 4"""


# --- reading ------------------------------------------------------------------------------------------------


def covers(filters: ReportFilters) -> bool:
    """Whether the cells can answer this selection: the whole catalogue, any AutoClasses, either label source
    without a campaign (the caller checks the campaign)."""
    return (
        filters.group_id is None
        and not filters.filter_name
        and filters.labelled_from is None
        and filters.labelled_to is None
    )


def fine_to_bins(fine: np.ndarray, edges: np.ndarray) -> np.ndarray | None:
    """For each fine bin, the index of the bin of `edges` holding it (-1 outside them); None when `edges` are
    not all fine edges or do not end at the last one, so the cells cannot answer exactly."""
    if len(fine) < 2 or edges[-1] != fine[-1] or not np.isin(edges, fine).all():
        return None
    index = np.searchsorted(edges, fine[:-1], side="right") - 1
    index[(index < 0) | (index >= len(edges) - 1)] = -1
    return index


_fine_edges: dict[str, np.ndarray] = {}


def fine_edges() -> np.ndarray:
    """The fine edges the database's triggers use, read once per process and database."""
    name = str(connection.settings_dict["NAME"])
    if name not in _fine_edges:
        edges = MadFineEdge.objects.order_by("position").values_list("edge", flat=True)
        _fine_edges[name] = np.array(edges, dtype=float)
    return _fine_edges[name]


def mad_bin_counts(filters: ReportFilters, edges: np.ndarray) -> dict[tuple[int, int], int] | None:
    """(bin of `edges`, label) -> flagged filter rows, from the cells: the same counts as
    selectors.mad_bin_counts without a campaign; None when the cells cannot answer. One small query."""
    if not covers(filters):
        return None
    to_bin = fine_to_bins(fine_edges(), np.asarray(edges, dtype=float))
    if to_bin is None:
        return None
    label = "hcv_expert_class" if filters.source == "hcv" else "expert_class"
    cells = (
        MadCell.objects.filter(auto_class__in=filters.auto_classes)
        .values_list("fine_bin", label)
        .annotate(n=Sum("n"), parts=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = {}
    parts = 0
    for fine_bin, cls, n, k in cells:
        parts += k
        key = (int(to_bin[fine_bin]), int(cls))
        if key[0] >= 0:
            counts[key] = counts.get(key, 0) + int(n)
    if parts > COMPACT_AT:
        compact()
    return {key: n for key, n in counts.items() if n}


def rebuild(using=connection) -> None:
    """Recount every cell from the catalogue (the triggers keep them in step; this repairs them after a
    flush that emptied the tables in an order the triggers cannot follow). A no-op before the migration."""
    if (
        using.vendor not in ("postgresql", "sqlite")
        or "reports_madcell" not in using.introspection.table_names()
    ):
        return
    edges = [
        float(e)
        for e in MadFineEdge.objects.using(using.alias).order_by("position").values_list("edge", flat=True)
    ]
    if len(edges) < 2:
        return
    with transaction.atomic(using=using.alias), using.cursor() as cursor:
        if (
            using.vendor == "postgresql"
        ):  # one statement, one snapshot: a write committing meanwhile counts once
            cursor.execute(
                f"WITH emptied AS (DELETE FROM reports_madcell) {backfill_sql(edges, using.vendor)}"
            )
        else:  # SQLite: one writer at a time
            cursor.execute("DELETE FROM reports_madcell")
            cursor.execute(backfill_sql(edges, using.vendor))


def compact() -> None:
    """Merge each key's rows into one (keys that sum to zero go). On PostgreSQL concurrent writers go on
    appending meanwhile, and a second compaction at the same time does nothing."""
    merge = f"""
        WITH merged AS (DELETE FROM reports_madcell RETURNING {CELL_COLUMNS})
        INSERT INTO reports_madcell ({CELL_COLUMNS})
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, sum(n) FROM merged
        GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0"""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [COMPACT_LOCK])
            if not cursor.fetchone()[0]:
                return
            cursor.execute(merge)
        else:  # SQLite has no DELETE ... RETURNING in a WITH; the transaction holds its one write lock
            cursor.execute("DROP TABLE IF EXISTS madcell_merged")
            cursor.execute(
                "CREATE TEMP TABLE madcell_merged AS SELECT auto_class, hcv_expert_class, expert_class, fine_bin,"
                " sum(n) AS n FROM reports_madcell GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0"
            )
            cursor.execute("DELETE FROM reports_madcell")
            cursor.execute(f"INSERT INTO reports_madcell ({CELL_COLUMNS}) SELECT * FROM madcell_merged")
            cursor.execute("DROP TABLE madcell_merged")
