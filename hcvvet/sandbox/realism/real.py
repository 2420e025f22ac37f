"""The real HCV rows the sandbox carries as data (``universe/data``): the 42 summary rows and the nova.

Only the CSV files are read here (they are copies of ``shared/data/``), never the simulator's code, and the
comparison with a universe file is done by SQL over the served tables.
"""

from __future__ import annotations

import csv
import sqlite3
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "universe" / "data"
SUMMARY_CSV = DATA_DIR / "hcvsummary_samples.csv"
NOVA_CSV = DATA_DIR / "hcv_detailed_1905457_ACS_F606W.csv"

INT_COLUMNS = ("GroupID", "SubGroupID", "AutoClass", "ExpertClass", "FilterDetFlag", "NumLC")
# Printed precision of the real rows: a sandbox value within half a printed unit is the same number.
FLOAT_TOLERANCES = {
    "MeanMag": 0.0005,
    "MeanCorrMag": 0.0005,
    "MAD": 0.00005,
    "Chi2": 0.00005,
    "RA": 5e-7,
    "Dec": 5e-7,
}


@cache
def summary_rows() -> tuple[dict[str, str], ...]:
    with SUMMARY_CSV.open(newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def nova_rows() -> tuple[dict[str, str], ...]:
    with NOVA_CSV.open(newline="") as fh:
        return tuple(csv.DictReader(fh))


def variable_flag_counts() -> tuple[int, int, int]:
    """Among the real variable rows (FilterDetFlag 1): (MagerrAper2 letter A, AAAAA, all)."""
    variable = [r for r in summary_rows() if r["FilterDetFlag"] == "1"]
    return (
        sum(r["VarQualFlag"][2] == "A" for r in variable),
        sum(r["VarQualFlag"] == "AAAAA" for r in variable),
        len(variable),
    )


def _same(real: dict[str, str], served: dict) -> bool:
    for col in INT_COLUMNS:
        if served[col] != int(real[col]):
            return False
    if served["VarQualFlag"] != real["VarQualFlag"]:
        return False
    return all(
        served[col] is not None and abs(float(served[col]) - float(real[col])) <= tol
        for col, tol in FLOAT_TOLERANCES.items()
    )


def count_summary_rows_reproduced(conn: sqlite3.Connection) -> int:
    """How many of the 42 real summary rows the universe serves unchanged (to their printed precision)."""
    found = 0
    for real in summary_rows():
        cur = conn.execute(
            """SELECT m.GroupID, m.SubGroupID, m.RA, m.Dec, m.AutoClass, m.ExpertClass, f.VarQualFlag,
                      f.FilterDetFlag, f.NumLC, f.MeanMag, f.MeanCorrMag, f.MAD, f.Chi2
               FROM HCVmatch m JOIN HCVfilter f ON f.MatchID = m.MatchID
               WHERE m.MatchID = ? AND f.Filter = ?""",
            (int(real["MatchID"]), real["Filter"]),
        )
        row = cur.fetchone()
        if row is not None and _same(real, dict(zip([c[0] for c in cur.description], row, strict=True))):
            found += 1
    return found


def count_nova_points_reproduced(conn: sqlite3.Connection) -> int:
    """How many of the real nova's 21 ACS_F606W points the universe serves (image, MJD and CorrMag equal)."""
    served = {
        name: (mjd, corr)
        for name, mjd, corr in conn.execute(
            "SELECT ImageName, MJD, CorrMag FROM HCVdetailed WHERE MatchID = 1905457 AND Filter = 'ACS_F606W'"
        )
    }
    found = 0
    for real in nova_rows():
        got = served.get(real["ImageName"])
        if got and abs(got[0] - float(real["MJD"])) < 1e-6 and abs(got[1] - float(real["CorrMag"])) < 1e-6:
            found += 1
    return found
