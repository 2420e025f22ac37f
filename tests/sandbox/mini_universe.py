"""A minimal universe for the server tests, used only while the simulator's `build_universe` is absent.

It holds the named objects of the seed notebook (IC 1613 field, the M87 nova with its real F606W light
curve, MatchID 5742711 in M31) and the resolver names, written with the contract's `SCHEMA_SQL`.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import numpy as np

from hcvvet.sandbox.schema import SCHEMA_SQL

NOVA_CSV = Path("/work/shared/data/hcv_detailed_1905457_ACS_F606W.csv")
NAMES = [
    ("ic1613", 16.2016962, 2.1194959, "IC 1613", "G"),
    ("m87", 187.70593076, 12.39112329, "MESSIER 087", "G"),
    ("m31", 10.684708, 41.26875, "MESSIER 031", "G"),
]


def build(out: Path, seed: int = 1) -> dict:
    """Write the mini universe to `out` and return a summary dict."""
    rng = np.random.default_rng(seed)
    conn = sqlite3.connect(out)
    conn.executescript(SCHEMA_SQL)
    conn.executemany("INSERT INTO sandbox_names VALUES (?,?,?,?,?)", NAMES)
    conn.executemany(
        "INSERT INTO Groups VALUES (?,?)",
        [(69810, "IC1613"), (1072340, "M87"), (1045904, "M31"), (5000, "NGC0001")],
    )
    match_id = 10_000_000
    for i in range(300):
        match_id += 7
        ra = 16.2016962 + rng.uniform(-0.05, 0.05)
        dec = 2.1194959 + rng.uniform(-0.05, 0.05)
        auto = 1 if i % 20 == 0 else 0
        conn.execute(
            "INSERT INTO HCVmatch VALUES (?,?,?,?,?,?,?,?)", (match_id, 69810, -5, ra, dec, auto, 0, 2)
        )
        for k, filt in enumerate(("ACS_F475W", "ACS_F814W")):
            mag = 22 + rng.uniform(0, 4)
            mad = 0.3 if auto and k == 0 else 0.02
            conn.execute(
                "INSERT INTO HCVfilter VALUES (?,?,?,?,?,?,?,?,?)",
                (match_id, filt, int(auto and k == 0), "AABAC", 12, mag, mag + 0.001, mad, 2.0),
            )
    far = 1_000_000_000_123  # 64-bit MatchID far from IC 1613
    conn.execute("INSERT INTO HCVmatch VALUES (?,?,?,?,?,?,?,?)", (far, 5000, 0, 30.0, -10.0, 1, 4, 1))
    conn.execute(
        "INSERT INTO HCVfilter VALUES (?,?,?,?,?,?,?,?,?)",
        (far, "WFC3_F606W", 1, "-----", 6, 21.0, 21.0, 0.2, 9.0),
    )
    conn.execute(
        "INSERT INTO sandbox_truth VALUES (?,?,?,?,?,?,?)", (far, "artifact", None, None, "blend", None, None)
    )
    conn.execute(
        "INSERT INTO HCVmatch VALUES (?,?,?,?,?,?,?,?)",
        (1905457, 1072340, -5, 187.716370, 12.398979, 2, 1, 2),
    )
    with NOVA_CSV.open() as fh:
        rows = [tuple(r.values()) for r in csv.DictReader(fh)]
    conn.executemany("INSERT INTO HCVdetailed VALUES (?,?,?,?,?,?,?,?,?)", rows)
    for k in range(22):
        conn.execute(
            "INSERT INTO HCVdetailed VALUES (?,?,?,?,?,?,?,?,?)",
            (
                1905457,
                "ACS_F814W",
                53767.5 + k,
                f"hst_10543_{k:02d}_acs_wfc_f814w",
                24.0,
                24.0,
                0.05,
                1.0,
                5.0,
            ),
        )
    conn.executemany(
        "INSERT INTO HCVfilter VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (1905457, "ACS_F606W", 1, "AACAC", 21, 24.504, 24.500, 0.4599, 77.4307),
            (1905457, "ACS_F814W", 1, "AACAA", 22, 24.0, 24.0, 0.3, 20.0),
        ],
    )
    conn.execute(
        "INSERT INTO sandbox_truth VALUES (?,?,?,?,?,?,?)", (1905457, "nova", None, 2.0, None, None, None)
    )
    conn.execute(
        "INSERT INTO HCVmatch VALUES (?,?,?,?,?,?,?,?)", (5742711, 1045904, 16, 10.928601, 41.164295, 1, 0, 1)
    )
    conn.execute(
        "INSERT INTO HCVfilter VALUES (?,?,?,?,?,?,?,?,?)",
        (5742711, "ACS_F814W", 1, "AAAAA", 5, 22.264, 22.265, 0.8581, 6698.4430),
    )
    for k in range(5):
        conn.execute(
            "INSERT INTO HCVdetailed VALUES (?,?,?,?,?,?,?,?,?)",
            (
                5742711,
                "ACS_F814W",
                53000.0 + 10 * k,
                f"hst_9999_{k:02d}_acs_wfc_f814w",
                22.0 + k * 0.3,
                22.0 + k * 0.3,
                0.02,
                1.0,
                3.0,
            ),
        )
    conn.commit()
    conn.close()
    return {"scale": "mini", "objects": 303}
