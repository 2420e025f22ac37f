"""What MAST holds for a selection, read straight from the sandbox universe file: the yardstick."""

import hashlib
import sqlite3
from contextlib import closing

from hcvvet.catalog.models import Measurement


def expected_for_group(db_path, group_id: int) -> dict[str, int]:
    with closing(sqlite3.connect(db_path)) as conn:
        one = lambda sql: conn.execute(sql, (group_id,)).fetchone()[0]  # noqa: E731
        lc = "(select MatchID from HCVmatch where GroupID = ? and (AutoClass > 0 or ExpertClass > 0))"
        return {
            "candidates": one("select count(*) from HCVmatch where GroupID = ?"),
            "filter_rows": one(
                "select count(*) from HCVfilter f join HCVmatch m on m.MatchID = f.MatchID "
                "where m.GroupID = ?"
            ),
            "measurements": one(f"select count(*) from HCVdetailed where MatchID in {lc}"),
        }


def sandbox_groups(db_path) -> set[int]:
    """Every GroupID of the sandbox universe's Groups table."""
    with closing(sqlite3.connect(db_path)) as conn:
        return {g for (g,) in conn.execute("select GroupID from Groups")}


def sandbox_digest(db_path, group_id: int) -> str:
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            "select d.MatchID, d.Filter, d.ImageName, d.MJD, d.CorrMag from HCVdetailed d join HCVmatch m "
            "on m.MatchID = d.MatchID where m.GroupID = ? and (m.AutoClass > 0 or m.ExpertClass > 0)",
            (group_id,),
        ).fetchall()
    return _digest(rows)


def database_digest(group_id: int) -> str:
    rows = Measurement.objects.filter(candidate__group_id=group_id).values_list(
        "candidate_id", "filter", "image_id", "mjd", "corr_mag"
    )
    return _digest(rows)


def _digest(rows) -> str:
    canonical = sorted(
        (int(m), f, i, round(t, 6), None if c is None else round(c, 4)) for m, f, i, t, c in rows
    )
    return hashlib.sha256(repr(canonical).encode()).hexdigest()
