"""Sandbox server figures: fast_table and quick jobs of a 40,000-row MyDB table over loopback HTTP.

Run: .venv/bin/python -m benchmarks.bench_sandbox_server [--scale demo]   (prints seconds; no assertions)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import mastcasjobs
import requests

from hcvvet.sandbox.server.harness import SandboxServer
from hcvvet.sandbox.universe.build import build_universe

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering ends the run instead of hanging it


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="demo")
    parser.add_argument("--rows", type=int, default=40000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "universe.sqlite"
        t0 = time.perf_counter()
        build_universe(db, scale=args.scale, seed=1)
        print(f"build {args.scale}: {time.perf_counter() - t0:.1f} s")
        with SandboxServer(db) as sb:
            jobs = mastcasjobs.MastCasJobs(
                username=sb.user, password=sb.password, context="HSCv3", **sb.casjobs_kwargs()
            )
            t0 = time.perf_counter()
            res = jobs.quick(
                f"select top {args.rows:d} m.MatchID, m.GroupID, m.SubGroupID, m.RA, m.Dec, "  # noqa: S608 (an int)
                "m.AutoClass, m.ExpertClass, m.NumFilters, f.Filter, f.FilterDetFlag, f.VarQualFlag, "
                "f.NumLC, f.MeanMag, f.MeanCorrMag, f.MAD, f.Chi2 into mydb.Bench "
                "from HCVmatch m join HCVfilter f on f.MatchID = m.MatchID"
            )
            print(f"select into mydb ({res['Rows Affected'][0]} rows): {time.perf_counter() - t0:.2f} s")
            t0 = time.perf_counter()
            r = requests.post(
                sb.urls["casjobs_fast"],
                data={"userid": sb.user, "pw": sb.password, "table": "Bench"},
                timeout=HTTP_TIMEOUT_S,
            )
            print(f"quick_casjobs.cgi raw ({len(r.content) / 1e6:.1f} MB): {time.perf_counter() - t0:.2f} s")
            t0 = time.perf_counter()
            tab = jobs.fast_table("Bench")
            print(f"fast_table incl. client parsing ({len(tab)} rows): {time.perf_counter() - t0:.2f} s")
            t0 = time.perf_counter()
            tab = jobs.quick("select * from mydb.Bench")
            print(f"quick select * ({len(tab)} rows, incl. client parsing): {time.perf_counter() - t0:.2f} s")
            t0 = time.perf_counter()
            r = requests.get(
                f"{sb.urls['catalogs']}/v3/hcvsummary.csv",
                params={"ra": 16.2016962, "dec": 2.1194959, "radius": 0.5},
                timeout=HTTP_TIMEOUT_S,
            )
            print(
                f"catalogs cone 0.5 deg CSV ({r.text.count(chr(10))} lines): {time.perf_counter() - t0:.2f} s"
            )


if __name__ == "__main__":
    main()
