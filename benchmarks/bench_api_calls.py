"""The server's own time per call of the two calls the 50-expert load run makes, with no load generator and no
network: next candidate (`POST /api/queues/next/`) and label (`POST /api/labels/`).

The arrangement of `benchmarks.bench_load` (a scratch PostgreSQL database, dropped at the end; a blind
campaign of `--candidates` candidates needing `--votes` votes each, `--users` experts with API tokens) is
driven in one process through Django's test client, token authentication and every middleware included: the
experts take turns, each asking for its next candidate and voting on it, for `--rounds` rounds. Prints, per
call, the median / p95 / max of its time and the SQL queries it ran (count and time), and the statements that
took most of the database's time, and the CPU time per call of the web side (this process) and of its
PostgreSQL backend (from /proc, when the server runs on this machine): the wall times grow with the machine's
load, the CPU times hardly. The planner's statistics are refreshed (ANALYZE) before the run. With
`--profile`, cProfile's heaviest functions per call as well. No assertions.

    .venv/bin/python -m benchmarks.bench_api_calls              # 50 experts x 20 rounds (a few minutes)
    .venv/bin/python -m benchmarks.bench_api_calls --profile    # and where the Python time goes
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import numpy as np

from benchmarks.bench_load import arrange, drop_database, fresh_database, setup_django

CALLS = ("next-candidate", "label")
LITERALS = re.compile(r"('[^']*'|\b\d+(\.\d+)?\b)")


def backend_cpu_seconds(connection) -> tuple[int, float] | None:
    """(pid, CPU seconds so far) of the PostgreSQL backend serving `connection`, read from /proc; None when
    the server is not on this machine (or not PostgreSQL)."""
    if connection.vendor != "postgresql" or connection.connection is None:
        return None
    pid = connection.connection.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class Recorder:
    """Time, queries, CPU and (optionally) a profile of each call, per kind of call."""

    def __init__(self, profile: bool) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        # CPU seconds of this process (the web side) and of its PostgreSQL backend, summed per kind of call:
        # unlike the wall time, they do not grow with the machine's load.
        self.web_cpu: dict[str, float] = defaultdict(float)
        self.db_cpu: dict[str, float] = defaultdict(float)
        self.db_cpu_calls: dict[str, int] = defaultdict(int)
        self.queries: dict[str, list[int]] = defaultdict(list)
        self.query_seconds: dict[str, list[float]] = defaultdict(list)
        self.statements: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.profiles: dict[str, cProfile.Profile] = {}
        self.profile = profile

    def call(self, kind: str, send):
        from django.db import connection, reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()  # the log keeps the last 9,000 queries only: a capture past that would be empty
        profiler = self.profiles.setdefault(kind, cProfile.Profile()) if self.profile else None
        with CaptureQueriesContext(connection) as captured:
            db_before = backend_cpu_seconds(connection)
            cpu_start, start = time.process_time(), time.perf_counter()
            if profiler is not None:
                profiler.enable()
            response = send()
            if profiler is not None:
                profiler.disable()
            self.seconds[kind].append(time.perf_counter() - start)
            self.web_cpu[kind] += time.process_time() - cpu_start
            db_after = backend_cpu_seconds(connection)
        if db_before is not None and db_after is not None and db_before[0] == db_after[0]:
            self.db_cpu[kind] += db_after[1] - db_before[1]
            self.db_cpu_calls[kind] += 1
        self.queries[kind].append(len(captured.captured_queries))
        self.query_seconds[kind].append(sum(float(q["time"]) for q in captured.captured_queries))
        for query in captured.captured_queries:
            self.statements[kind][LITERALS.sub("?", query["sql"])].append(float(query["time"]))
        return response

    def report(self, statements: int) -> None:
        for kind in CALLS:
            seconds = np.array(self.seconds[kind]) * 1000
            queries = np.array(self.queries[kind])
            sql = np.array(self.query_seconds[kind]) * 1000
            if not len(seconds):
                print(f"{kind:15s} no calls")
                continue
            print(
                f"{kind:15s} {len(seconds):5d} calls  server time p50 {np.median(seconds):6.1f} ms  "
                f"p95 {np.percentile(seconds, 95):6.1f} ms  max {seconds.max():6.1f} ms  |  queries "
                f"median {np.median(queries):.0f} (max {queries.max()})  "
                f"SQL time p50 {np.median(sql):.1f} ms "
                f"(share of the call {sql.sum() / seconds.sum():.0%})"
            )
            db = self.db_cpu_calls[kind]
            db_text = f"{1000 * self.db_cpu[kind] / db:.1f} ms" if db else "n/a (server not on this machine)"
            print(
                f"{'':15s} CPU per call: web {1000 * self.web_cpu[kind] / len(seconds):.1f} ms, "
                f"PostgreSQL {db_text}"
            )
        for kind in CALLS:
            heaviest = sorted(self.statements[kind].items(), key=lambda item: -sum(item[1]))[:statements]
            total = sum(sum(times) for times in self.statements[kind].values()) or 1.0
            print(f"\n{kind}: the {len(heaviest)} statements that took most of its SQL time")
            for sql, times in heaviest:
                print(
                    f"  {sum(times) / total:5.1%}  {len(times) / max(len(self.seconds[kind]), 1):4.1f}/call  "
                    f"{1000 * np.mean(times):6.2f} ms each  {sql[:220]}"
                )
        for kind, profiler in self.profiles.items():
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
            print(f"\n{kind}: cProfile, cumulative\n{out.getvalue()}")


def drive(campaign_id: int, tokens: Path, rounds: int, recorder: Recorder) -> tuple[int, int]:
    """Each expert in turn: next candidate, then a vote on it; (votes answered 201, empty queues)."""
    from rest_framework.test import APIClient

    clients = []
    for line in tokens.read_text().splitlines():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {line.split()[1]}")
        clients.append(client)
    voted = empty = 0
    for turn in range(rounds * len(clients)):
        client = clients[turn % len(clients)]
        answer = recorder.call(
            "next-candidate",
            lambda c=client: c.post("/api/queues/next/", {"campaign": campaign_id}, format="json"),
        )
        if answer.status_code != 200:
            raise SystemExit(f"next-candidate answered {answer.status_code}: {answer.content[:300]!r}")
        candidate = answer.json()["candidate"]
        if candidate is None:
            empty += 1
            continue
        body = {"campaign": campaign_id, "candidate": candidate["match_id"], "expert_class": 1 + turn % 2}
        answer = recorder.call("label", lambda c=client, b=body: c.post("/api/labels/", b, format="json"))
        if answer.status_code not in (200, 201):
            raise SystemExit(f"label answered {answer.status_code}: {answer.content[:300]!r}")
        voted += answer.status_code == 201
    return voted, empty


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20, help="next-candidate + label calls per expert")
    parser.add_argument("--candidates", type=int, default=3000)
    parser.add_argument("--votes", type=int, default=3, help="votes each candidate needs")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--statements", type=int, default=6, help="heaviest SQL statements shown per call")
    parser.add_argument("--profile", action="store_true", help="cProfile each kind of call")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-api-calls-"))
    name = "hcvvet_bench_api_calls"
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        database_url = fresh_database(args.postgres, name)
        stack.callback(drop_database, args.postgres, name)
        setup_django(scratch, database_url, args.redis_url)
        from django.db import connections

        stack.callback(connections.close_all)
        campaign_id = arrange(args.users, args.candidates, args.votes, scratch / "tokens")
        with connections["default"].cursor() as cursor:
            # The planner's statistics of the rows just written, as a database in service has them: without
            # them PostgreSQL plans the expert's lease look-up as a loop over every campaign item.
            cursor.execute("ANALYZE")
        recorder = Recorder(args.profile)
        print(
            f"{args.users} experts x {args.rounds} rounds, one after another in one process (Django test "
            f"client, token auth); blind campaign of {args.candidates} candidates x {args.votes} votes; "
            "PostgreSQL, Redis"
        )
        voted, empty = drive(campaign_id, scratch / "tokens", args.rounds, recorder)
        print(f"votes answered 201: {voted}; next-candidate on an empty queue: {empty}\n")
        recorder.report(args.statements)


if __name__ == "__main__":
    main()
