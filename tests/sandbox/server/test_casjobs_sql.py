"""T-SQL -> SQLite translation (hcvvet/sandbox/server/sql.py), checked by running it on a small database."""

from __future__ import annotations

import sqlite3

import pytest

from hcvvet.sandbox.server import sql

CATALOG = {"Groups", "HCVmatch", "HCVfilter", "HCVdetailed", "sandbox_truth", "sandbox_names"}


@pytest.fixture
def conn(tmp_path):
    """A MyDB (`main`) with one table and a catalog attached as `hscv3` holding objects around RA 0."""
    cat = tmp_path / "cat.sqlite"
    with sqlite3.connect(cat) as c:
        c.execute("CREATE TABLE HCVmatch (MatchID INTEGER PRIMARY KEY, RA REAL, Dec REAL)")
        c.execute("CREATE INDEX HCVmatch_radec ON HCVmatch (Dec, RA)")
        c.executemany(
            "INSERT INTO HCVmatch VALUES (?,?,?)",
            [(1, 359.999, 0.0), (2, 0.001, 0.0), (3, 0.5, 0.0), (4, 180.0, 89.9999), (5, 0.0, 89.9999)],
        )
        c.execute("CREATE TABLE sandbox_truth (MatchID INTEGER)")
    db = sqlite3.connect(tmp_path / "mydb.sqlite")
    db.execute("ATTACH DATABASE ? AS hscv3", (str(cat),))
    db.execute("CREATE TABLE Mine (x INTEGER)")
    sql.register_functions(db)
    yield db
    db.close()


def _run(conn, query, context="HSCv3"):
    statements = sql.translate(query, context, {"Mine"}, CATALOG)
    return [conn.execute(s.sql).fetchall() for s in statements][-1]


def test_cone_search_wraps_around_ra_zero(conn):
    rows = _run(conn, "select s.MatchID from SearchHCVMatchID(0, 0, 10) s order by s.MatchID")
    assert rows == [(1,), (2,)]


def test_cone_search_near_the_pole_ignores_ra(conn):
    rows = _run(conn, "select MatchID from SearchHCVMatchID(90, 89.9999, 1) order by MatchID")
    assert rows == [(4,), (5,)]


def test_cone_search_arguments_may_be_constant_expressions(conn):
    assert _run(conn, "select count(*) from SearchHCVMatchID(0.5, -0.0, 0.5*2) s") == [(1,)]
    with pytest.raises(sql.SqlError, match="too many or too few"):
        _run(conn, "select * from SearchHCVMatchID(1, 2) s")
    with pytest.raises(sql.SqlError, match="must be constants"):
        _run(conn, "select * from SearchHCVMatchID(RA, 2, 3) s")


def test_top_becomes_limit(conn):
    assert len(_run(conn, "select top 2 MatchID from HCVmatch order by MatchID desc")) == 2
    assert _run(conn, "select top 0 * from HCVmatch") == []


def test_into_creates_a_mydb_table(conn):
    statements = sql.translate("select MatchID into mydb.Copy from HCVmatch", "HSCv3", {"Mine"}, CATALOG)
    assert [s.kind for s in statements] == ["into"]
    assert statements[0].target == "Copy"
    conn.execute(statements[0].sql)
    assert conn.execute("select count(*) from main.Copy").fetchone() == (5,)


def test_information_schema_lists_the_context(conn):
    assert _run(conn, "SELECT Distinct TABLE_NAME FROM information_schema.TABLES", "MYDB") == [("Mine",)]
    catalog = _run(conn, "SELECT TABLE_NAME FROM information_schema.TABLES", "HSCv3")
    assert catalog == [("HCVmatch",)]


def test_contexts_resolve_unqualified_names(conn):
    assert _run(conn, "select count(*) from Mine", "MyDB") == [(0,)]
    with pytest.raises(sql.SqlError, match="Invalid object name 'Mine'"):
        _run(conn, "select count(*) from Mine", "HSCv3")
    assert _run(conn, "select count(*) from mydb.Mine", "HSCv3") == [(0,)]
    assert _run(conn, "select count(*) from HSCv3.dbo.HCVmatch", "MyDB") == [(5,)]
    with pytest.raises(sql.SqlError, match="not available"):
        sql.translate("select 1", "PanSTARRS_DR1", set(), CATALOG)


@pytest.mark.parametrize(
    "query",
    [
        "select * from sandbox_truth",
        "select * from SANDBOX_TRUTH",
        "select * from hscv3.dbo.sandbox_truth",
        "select MatchID from HCVmatch where MatchID in (select MatchID from sandbox_truth)",
        "with t as (select * from sandbox_truth) select * from t",
        "select * from sqlite_master",
        "select * from pragma_table_info('sandbox_truth')",
    ],
)
def test_ground_truth_is_never_reachable(conn, query):
    with pytest.raises(sql.SqlError, match="Invalid object name"):
        _run(conn, query)


@pytest.mark.parametrize("query", ["PRAGMA table_info(HCVmatch)", "ATTACH DATABASE 'x' AS y", "EXEC sp_help"])
def test_other_statements_are_refused(conn, query):
    with pytest.raises(sql.SqlError):
        _run(conn, query)


def test_typed_header_types():
    names = ["MatchID", "Filter", "FilterDetFlag", "n", "x", "label", "empty"]
    rows = [(1, "ACS_F814W", 1, 3, 1.5, "a", None), (2, "ACS_F606W", 0, 4, 2, "b", None)]
    assert sql.column_types(names, rows) == [
        "bigint",
        "varchar",
        "tinyint",
        "bigint",
        "float",
        "varchar",
        "varchar",
    ]
    assert sql.column_types(["MatchID"], [(1.5,)]) == ["float"]
