"""`python -m benchmarks`: run every benchmarks/bench_*.py in turn (each prints its own figures)."""

import runpy
import sys
from pathlib import Path

for bench in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"\n##### {bench.stem}", flush=True)
    sys.argv = [bench.name]
    runpy.run_module(f"benchmarks.{bench.stem}", run_name="__main__")
