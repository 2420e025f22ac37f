"""Sandbox universe figures: build time and realism numbers of the demo (and, with --full, the full) universe.

Run: .venv/bin/python -m benchmarks.bench_sandbox_build [--full] [--keep DIR] [--db PATH ...]
Prints counts, the candidate and multi-filter fractions, the IC 1613 cone figures and the validated
ExpertClass fractions by AutoClass next to the real HCV numbers (no assertions). ``--db`` only reports on
existing universe files.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from hcvvet.sandbox.universe.build import build_universe

REAL_EXPERT = {1: (0.408, 0.375, 0.216), 2: (0.390, 0.453, 0.158)}
REAL_CANDIDATES, REAL_MULTI, REAL_OBJECTS = 84_428, 11_115, 3_700_000


def report(path: Path) -> None:
    conn = sqlite3.connect(path)
    meta = dict(conn.execute("SELECT key, value FROM sandbox_meta"))
    objects, cand, multi = conn.execute(
        "SELECT count(*), sum(AutoClass > 0), sum(AutoClass = 2) FROM HCVmatch"
    ).fetchone()
    size_mib = path.stat().st_size / 2**20
    print(f"  scale {meta.get('scale')}: build {meta.get('build_seconds')} s, {size_mib:.0f} MiB")
    print(f"  objects {objects:,} (real {REAL_OBJECTS:,})")
    print(f"  candidates {cand:,} = {cand / objects:.2%} (real {REAL_CANDIDATES:,} = 2.28%)")
    print(f"  multi-filter {multi:,} = {multi / cand:.1%} of candidates (real {REAL_MULTI:,} = 13.2%)")
    both, both_cand = conn.execute(
        "SELECT count(*), sum(AutoClass > 0) FROM HCVmatch m WHERE GroupID = 69810 AND "
        "(SELECT count(*) FROM HCVfilter f WHERE f.MatchID = m.MatchID "
        "AND f.Filter IN ('ACS_F475W', 'ACS_F814W')) = 2"
    ).fetchone()
    print(f"  IC 1613 both filters {both:,}, candidates {both_cand} (real 17,090 and 258)")
    for auto, name in ((1, "SFVC"), (2, "MFVC")):
        counts = dict(
            conn.execute(
                "SELECT ExpertClass, count(*) FROM HCVmatch WHERE AutoClass = ? AND ExpertClass > 0 "
                "GROUP BY ExpertClass",
                (auto,),
            ).fetchall()
        )
        total = sum(counts.values()) or 1
        sim = " / ".join(f"{counts.get(k, 0) / total:.3f}" for k in (1, 2, 4))
        real = " / ".join(f"{x:.3f}" for x in REAL_EXPERT[auto])
        print(f"  {name} validated {total:,}: confident/likely/artifact {sim} (real {real})")
    kinds = conn.execute(
        "SELECT artifact, count(*) FROM sandbox_truth WHERE artifact IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    print("  artifacts " + ", ".join(f"{k} {n:,}" for k, n in kinds))
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="also build the full (3.7 M objects) universe")
    parser.add_argument("--keep", type=Path, help="write the universes into this directory and keep them")
    parser.add_argument("--db", type=Path, nargs="*", default=[], help="only report on these files")
    args = parser.parse_args()
    if args.db:
        for path in args.db:
            print(path)
            report(path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for scale in ("demo", "full") if args.full else ("demo",):
            path = out_dir / f"{scale}.sqlite"
            t0 = time.perf_counter()
            summary = build_universe(path, scale=scale, seed=1)
            print(f"build {scale}: {time.perf_counter() - t0:.1f} s, summary {summary}")
            report(path)


if __name__ == "__main__":
    main()
