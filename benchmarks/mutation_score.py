"""The score of the last `make mutation` run: killed mutants over all mutants, every survivor by module.

A mutant counts as caught when a test failed on it or it ran past its time limit (an endless loop the tests
noticed). Every other mutant counts against the score: survived, no test reached it, skipped, suspicious.
Equivalent mutants are excluded only when listed in EQUIVALENT with the reason it cannot change behaviour.

    .venv/bin/python -m benchmarks.mutation_score      # after .venv/bin/mutmut run
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")
CAUGHT = ("killed", "timeout")
# mutant name -> why it cannot change behaviour (the README repeats these)
EQUIVALENT: dict[str, str] = {}


def mutant_states() -> dict[str, str]:
    """Every mutant of the last run and its state, as `mutmut results --all true` prints them."""
    out = subprocess.run(  # noqa: S603 (our own tool)
        [str(MUTMUT), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    states = {}
    for line in out.splitlines():
        name, sep, state = line.strip().rpartition(": ")
        if sep and name:
            states[name] = state
    return states


def main() -> int:
    states = mutant_states()
    if not states:
        print("no mutation run found: run `make mutation` first")
        return 1
    unchecked = sum(state == "not checked" for state in states.values())
    if unchecked:
        print(f"{unchecked} mutants not checked yet (an interrupted run): the score below leaves them out")
    counted = {n: s for n, s in states.items() if n not in EQUIVALENT and s != "not checked"}
    totals = Counter(counted.values())
    caught = sum(totals[state] for state in CAUGHT)
    print(
        f"mutants {len(counted)} (+{sum(n in EQUIVALENT for n in states)} equivalent, excluded): "
        + json.dumps(totals)
    )
    print(f"score: {caught}/{len(counted)} = {caught / len(counted):.1%} caught")
    by_module: dict[str, list[str]] = defaultdict(list)
    for name, state in sorted(counted.items()):
        if state not in CAUGHT:
            by_module[name.split(".x_")[0].split(".xǁ")[0]].append(f"{name.rsplit('.', 1)[-1]} ({state})")
    for module, names in sorted(by_module.items()):
        print(f"{module}: {len(names)} not caught")
        for name in names:
            print(f"    {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
