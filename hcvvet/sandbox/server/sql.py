"""T-SQL (as sent to MAST CasJobs) -> SQLite translation for the sandbox.

The per-user connection layout is fixed: `main` is the user's MyDB file and the universe is ATTACHed
read-only as `hscv3`. `translate` qualifies every table reference for that layout according to the
CasJobs context, expands `SearchHCVMatchID(ra, dec, radius_arcsec)` into an index-friendly subquery,
maps `information_schema.TABLES`, and refuses anything outside the served HCV tables (the
`sandbox_*` ground truth above all) with a SQL-Server-like message.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

CATALOG_SCHEMA = "hscv3"
MYDB_SCHEMA = "main"
SERVED_TABLES = ("Groups", "HCVmatch", "HCVfilter", "HCVdetailed")
TABLE_FUNCTION = "searchhcvmatchid"

# Declared SQL Server types of the HCV columns (mast-protocol.md section 3.1); used for typed headers.
COLUMN_TYPES = {
    "matchid": "bigint",
    "groupid": "int",
    "subgroupid": "int",
    "numlc": "int",
    "numfilters": "int",
    "autoclass": "smallint",
    "expertclass": "smallint",
    "filterdetflag": "tinyint",
    "ra": "float",
    "dec": "float",
    "meanmag": "float",
    "meancorrmag": "float",
    "mad": "float",
    "chi2": "float",
    "mjd": "float",
    "mag": "float",
    "corrmag": "float",
    "magerr": "float",
    "ci": "float",
    "d": "float",
    "distance": "float",
    "filter": "varchar",
    "varqualflag": "varchar",
    "imagename": "varchar",
    "targetname": "varchar",
    "table_name": "varchar",
}
INTEGER_TYPES = ("bigint", "int", "smallint", "tinyint")


class SqlError(Exception):
    """A query the sandbox refuses or cannot run; the message is shown to the CasJobs client."""


@dataclass
class Statement:
    """One translated statement. `kind` is 'query' (returns rows), 'into' (creates `target`) or 'exec'."""

    sql: str
    kind: str
    target: str | None = None


def normalize_context(context: str | None) -> str:
    """Map a CasJobs context name to 'mydb' or 'hscv3'; other contexts do not exist in the sandbox."""
    c = (context or "").strip().lower()
    if c == "mydb":
        return "mydb"
    if c in ("hscv3", "hsc"):
        return "hscv3"
    raise SqlError(f"Context '{context}' is not available. Available contexts: MyDB, HSCv3")


def sep_arcsec(ra1: float, dec1: float, ra2: float, dec2: float) -> float | None:
    """Great-circle separation in arcsec (haversine; stable at small separations)."""
    if None in (ra1, dec1, ra2, dec2):
        return None
    r1, d1, r2, d2 = map(math.radians, (ra1, dec1, ra2, dec2))
    h = math.sin((d2 - d1) / 2) ** 2 + math.cos(d1) * math.cos(d2) * math.sin((r2 - r1) / 2) ** 2
    return math.degrees(2 * math.asin(min(1.0, math.sqrt(h)))) * 3600.0


def register_functions(conn: sqlite3.Connection) -> None:
    """Register the UDFs the translated SQL relies on."""
    conn.create_function("hcv_sep_arcsec", 4, sep_arcsec, deterministic=True)


def cone_condition(ra: float, dec: float, radius_deg: float, ra_col: str = "RA", dec_col: str = "Dec") -> str:
    """SQL condition selecting a cone: a Dec/RA box (uses the (Dec, RA) index) refined by the UDF.

    Precondition: finite ra, dec, radius_deg >= 0 (callers validate).
    """
    dec_lo, dec_hi = dec - radius_deg, dec + radius_deg
    parts = [f"{dec_col} BETWEEN {dec_lo!r} AND {dec_hi!r}"]
    if abs(dec) + radius_deg < 89.0:
        dra = radius_deg / math.cos(math.radians(abs(dec) + radius_deg))
        lo, hi = ra - dra, ra + dra
        if dra >= 180:
            pass
        elif lo < 0:
            parts.append(f"({ra_col} >= {lo + 360!r} OR {ra_col} <= {hi!r})")
        elif hi >= 360:
            parts.append(f"({ra_col} >= {lo!r} OR {ra_col} <= {hi - 360!r})")
        else:
            parts.append(f"{ra_col} BETWEEN {lo!r} AND {hi!r}")
    parts.append(f"hcv_sep_arcsec({ra_col}, {dec_col}, {ra!r}, {dec!r}) <= {radius_deg * 3600.0!r}")
    return " AND ".join(parts)


def _constant(node: exp.Expression) -> float:
    """Evaluate a constant argument expression (e.g. `-2.5`, `0.5*3600`)."""
    if any(True for _ in node.find_all(exp.Column)):
        raise SqlError("SearchHCVMatchID arguments must be constants")
    try:
        with sqlite3.connect(":memory:") as c:
            value = c.execute("SELECT " + node.sql(dialect="sqlite")).fetchone()[0]
        return float(value)
    except (sqlite3.Error, TypeError, ValueError) as e:
        raise SqlError(f"Invalid argument to SearchHCVMatchID: {node.sql(dialect='tsql')}") from e


def _search_subquery(func: exp.Anonymous, alias: str) -> exp.Expression:
    args = func.expressions
    if len(args) != 3:
        raise SqlError(
            "Procedure or function SearchHCVMatchID has too many or too few arguments specified "
            "(expects ra, dec, radius in arcsec)."
        )
    ra, dec, radius = (_constant(a) for a in args)
    if not all(math.isfinite(v) for v in (ra, dec, radius)) or radius < 0 or not -90 <= dec <= 90:
        raise SqlError("Invalid position or radius in SearchHCVMatchID")
    ra %= 360.0
    where = cone_condition(ra, dec, radius / 3600.0)
    inner = (
        f"(SELECT MatchID, hcv_sep_arcsec(RA, Dec, {ra!r}, {dec!r}) AS Distance "
        f"FROM {CATALOG_SCHEMA}.HCVmatch WHERE {where}) AS {alias}"
    )
    return sqlglot.parse_one(f"SELECT * FROM {inner}", read="sqlite").args["from"].this


def _information_tables(schema: str, alias: str) -> exp.Expression:
    catalog = "MyDB" if schema == MYDB_SCHEMA else "HSCv3"
    if schema == MYDB_SCHEMA:
        names = "substr(name, 1, 7) <> 'sqlite_'"
    else:
        names = "name IN (" + ", ".join(f"'{t}'" for t in SERVED_TABLES) + ")"
    inner = (
        f"(SELECT '{catalog}' AS TABLE_CATALOG, 'dbo' AS TABLE_SCHEMA, name AS TABLE_NAME, "
        f"'BASE TABLE' AS TABLE_TYPE FROM {schema}.sqlite_master WHERE type = 'table' AND {names}) AS {alias}"
    )
    return sqlglot.parse_one(f"SELECT * FROM {inner}", read="sqlite").args["from"].this


class _Resolver:
    """Qualifies table references of one statement for the MyDB/HSCv3 connection layout."""

    def __init__(self, context: str, mydb_tables: set[str], catalog_tables: set[str]) -> None:
        self.context = context
        self.mydb = {t.lower() for t in mydb_tables}
        self.catalog = {t.lower() for t in catalog_tables if t.lower() in {s.lower() for s in SERVED_TABLES}}

    def schema_for(self, table: exp.Table, creating: bool) -> str:
        name = table.name
        lname = name.lower()
        if lname.startswith(("sandbox_", "sqlite_")):
            raise SqlError(f"Invalid object name '{name}'.")
        db = (table.args.get("db").name if table.args.get("db") else "").lower()
        catalog = (table.args.get("catalog").name if table.args.get("catalog") else "").lower()
        if catalog and catalog not in ("mydb", "hscv3"):
            raise SqlError(f"Database '{table.catalog}' does not exist or is not accessible.")
        where = catalog or (db if db in ("mydb", "hscv3") else "")
        if db and db not in ("mydb", "hscv3", "dbo"):
            raise SqlError(f"Invalid object name '{table.sql(dialect='tsql')}'.")
        where = where or self.context
        if where == "mydb":
            if not creating and lname not in self.mydb and lname in self.catalog and not (catalog or db):
                raise SqlError(f"Invalid object name '{name}'.")
            return MYDB_SCHEMA
        if creating:
            raise SqlError("CREATE TABLE permission denied in database 'HSCv3'.")
        if lname not in self.catalog:
            raise SqlError(f"Invalid object name '{name}'.")
        return CATALOG_SCHEMA


def _qualify(stmt: exp.Expression, resolver: _Resolver) -> None:
    cte_names = {cte.alias_or_name.lower() for cte in stmt.find_all(exp.CTE)}
    creating_nodes = set()
    if isinstance(stmt, exp.Create | exp.Drop) and isinstance(stmt.this, exp.Table):
        creating_nodes.add(id(stmt.this))
    if isinstance(stmt, exp.Create) and isinstance(stmt.this, exp.Schema):
        creating_nodes.add(id(stmt.this.this))
    into = stmt.args.get("into")
    if into is not None:
        creating_nodes.add(id(into.this))
    for table in list(stmt.find_all(exp.Table)):
        if isinstance(table.this, exp.Anonymous):
            fname = table.this.name.lower()
            if fname != TABLE_FUNCTION:
                raise SqlError(f"Invalid object name '{table.this.name}'.")
            table.replace(_search_subquery(table.this, table.alias or "s"))
            continue
        if not isinstance(table.this, exp.Identifier):
            raise SqlError(f"Unsupported table expression: {table.sql(dialect='tsql')}")
        db = table.args.get("db")
        if db is not None and db.name.lower() == "information_schema":
            if table.name.lower() != "tables":
                raise SqlError(f"Invalid object name 'information_schema.{table.name}'.")
            schema = MYDB_SCHEMA if resolver.context == "mydb" else CATALOG_SCHEMA
            table.replace(_information_tables(schema, table.alias or "TABLES"))
            continue
        if db is None and table.name.lower() in cte_names:
            continue
        schema = resolver.schema_for(table, creating=id(table) in creating_nodes)
        table.set("catalog", None)
        table.set("db", exp.to_identifier(schema))


_ALLOWED = (exp.Query, exp.Create, exp.Drop, exp.Insert, exp.Update, exp.Delete)


def translate(
    tsql: str, context: str | None, mydb_tables: set[str], catalog_tables: set[str]
) -> list[Statement]:
    """Translate a CasJobs T-SQL batch into SQLite statements for the MyDB/HSCv3 connection layout.

    `mydb_tables` / `catalog_tables` are the table names present in the user's MyDB and the universe.
    Raises SqlError with a CasJobs-style message for syntax errors, unknown or forbidden objects.
    """
    ctx = normalize_context(context)
    if not tsql or not tsql.strip():
        raise SqlError("The query is empty.")
    try:
        parsed = [s for s in sqlglot.parse(tsql, read="tsql") if s is not None]
    except ParseError as e:
        first = e.errors[0]["description"] if e.errors else str(e)
        raise SqlError(f"Incorrect syntax near the query: {first}") from None
    if not parsed:
        raise SqlError("The query is empty.")
    resolver = _Resolver(ctx, mydb_tables, catalog_tables)
    out = []
    for stmt in parsed:
        if not isinstance(stmt, _ALLOWED) or isinstance(stmt, exp.Command):
            raise SqlError(f"Statement not supported by CasJobs: {stmt.sql(dialect='tsql')[:60]}")
        if isinstance(stmt, exp.Create | exp.Drop) and (stmt.args.get("kind") or "").upper() not in (
            "TABLE",
            "VIEW",
        ):
            raise SqlError(f"Statement not supported by CasJobs: {stmt.sql(dialect='tsql')[:60]}")
        _qualify(stmt, resolver)
        into = stmt.args.get("into")
        if into is not None:
            target = into.this
            stmt.set("into", None)
            sql = f"CREATE TABLE {target.sql(dialect='sqlite')} AS {stmt.sql(dialect='sqlite')}"
            out.append(Statement(sql, "into", target.name))
        elif isinstance(stmt, exp.Query):
            out.append(Statement(stmt.sql(dialect="sqlite"), "query"))
        else:
            out.append(Statement(stmt.sql(dialect="sqlite"), "exec"))
    return out


def infer_type(values: list) -> str:
    """SQL Server type name for a column of unknown declaration, from its Python values."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return "varchar"
    if kinds <= {int}:
        return "bigint"
    if kinds <= {int, float}:
        return "float"
    return "varchar"


def column_types(names: list[str], rows: list[tuple]) -> list[str]:
    """Typed-header types for a result set: declared HCV types by column name, else inferred from values.

    A declared integer type is dropped in favour of the inferred one when a value would not convert.
    """
    types = []
    for i, name in enumerate(names):
        declared = COLUMN_TYPES.get(name.lower())
        values = [r[i] for r in rows]
        if declared is None:
            types.append(infer_type(values))
            continue
        kinds = {type(v) for v in values if v is not None}
        if (declared in INTEGER_TYPES and not kinds <= {int}) or (
            declared == "float" and not kinds <= {int, float}
        ):
            declared = infer_type(values)
        types.append(declared)
    return types
