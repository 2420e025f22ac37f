"""50 experts labelling through the API at once: latency, and that no label is lost or duplicated.

The production arrangement on this machine: PostgreSQL (a scratch database, dropped at the end), Redis
(broker, results and the shared cache), gunicorn and a real Celery worker. A blind campaign of `--candidates`
candidates needing `--votes` votes each is started for `--users` experts; locust (benchmarks/load_experts.py)
then runs that many simulated experts for `--seconds`: each leases its next candidate, looks at it for 1-3 s
and votes. Prints p50/p95/max of the next-candidate and label calls, every status code, the 5xx count, and the
check against the database: votes answered 200/201 but missing (lost), votes stored but never answered
(phantom), an expert with two votes on one candidate (duplicated), candidates with more votes than the
campaign needs. No assertions.

    .venv/bin/python -m benchmarks.bench_load                 # 50 experts, 5 minutes (~6 min)
    .venv/bin/python -m benchmarks.bench_load --seconds 30    # a quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import psycopg

from benchmarks.bench_demo_writes import bench_candidates, child, ephemeral_port
from hcvvet.demo.processes import wait_http, web_args, worker_args

ROOT = Path(__file__).resolve().parents[1]
BENCH_GROUP_ID = 2_000_000_001  # far from every sandbox GroupID and MatchID
CALLS = ("next-candidate", "label")


def fresh_database(server_url: str, name: str) -> str:
    """Drop and create `name` on the server; its URL."""
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(scratch: Path, database_url: str, redis_url: str) -> None:
    """Production-like environment, inherited by gunicorn and the worker."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hcvvet.settings.base",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        HCVVET_VAR_DIR=str(scratch),
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def arrange(users: int, candidates: int, votes: int, tokens_file: Path) -> int:
    """Experts with tokens, candidates of a group of their own, and a started blind campaign; its id."""
    from rest_framework.authtoken.models import Token

    from hcvvet.accounts.services import user_create
    from hcvvet.vetting.campaigns import campaign_create, campaign_start

    curator = user_create(username="load-curator", password=secrets.token_hex(8), roles=("curator",))
    experts = [
        user_create(username=f"expert{i:02d}", password=secrets.token_hex(8), roles=("expert",))
        for i in range(users)
    ]
    tokens_file.write_text("".join(f"{e.username} {Token.objects.create(user=e).key}\n" for e in experts))
    bench_candidates(
        BENCH_GROUP_ID,
        "BENCH LOAD",
        candidates,
        auto_class=lambda i: 1 + i % 2,
        max_mad=lambda i: 0.05 + (i % 97) / 100,
    )
    campaign = campaign_create(
        user=curator,
        name="load",
        experts=tuple(experts),
        selection={"group_ids": [BENCH_GROUP_ID]},
        votes_needed=votes,
        blind=True,
    )
    return campaign_start(campaign=campaign, user=curator).pk


def latency_rows(stats_csv: Path) -> dict[str, dict[str, str]]:
    with open(stats_csv) as rows:
        return {row["Name"]: row for row in csv.DictReader(rows) if row["Name"] in CALLS}


def report_latency(stats_csv: Path, answers: list[dict]) -> None:
    rows = latency_rows(stats_csv)
    for name in CALLS:
        row = rows.get(name)
        if row is None:
            print(f"{name:15s} no requests")
            continue
        print(
            f"{name:15s} {row['Request Count']:>6s} calls  p50 {row['50%']} ms  p95 {row['95%']} ms  "
            f"p99 {row['99%']} ms  max {float(row['Max Response Time']):.0f} ms  "
            f"{float(row['Requests/s']):.1f}/s"
        )
    statuses = Counter((a["kind"], a["status"]) for a in answers)
    print("statuses:", ", ".join(f"{kind} {code}: {n}" for (kind, code), n in sorted(statuses.items())))
    print(f"5xx answers: {sum(n for (_, code), n in statuses.items() if code >= 500)}")


def report_integrity(campaign_id: int, votes: int, answers: list[dict]) -> None:
    from django.db.models import Count

    from hcvvet.vetting.models import Label

    answered = Counter(
        (a["user"], a["candidate"]) for a in answers if a["kind"] == "label" and a["status"] in (200, 201)
    )
    stored = Counter(
        Label.objects.filter(campaign_id=campaign_id, expert_class__isnull=False).values_list(
            "expert__username", "candidate_id"
        )
    )
    lost = set(answered) - set(stored)
    phantom = set(stored) - set(answered)
    duplicated = [key for key, n in stored.items() if n > 1]
    overfull = (
        Label.objects.filter(campaign_id=campaign_id, expert_class__isnull=False)
        .values("candidate_id")
        .annotate(n=Count("id"))
        .filter(n__gt=votes)
        .count()
    )
    print(
        f"votes answered 200/201: {sum(answered.values())} ({len(answered)} expert-candidate pairs); "
        f"stored: {sum(stored.values())}; lost {len(lost)}, phantom {len(phantom)}, "
        f"duplicated {len(duplicated)}, candidates over {votes} votes: {overfull}"
    )


def run_locust(
    base_url: str, scratch: Path, campaign_id: int, tokens: Path, args: argparse.Namespace
) -> Path:
    env = os.environ | {
        "HCVVET_LOAD_TOKENS": str(tokens),
        "HCVVET_LOAD_CAMPAIGN": str(campaign_id),
        "HCVVET_LOAD_LOG": str(scratch / "answers.jsonl"),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "load_experts.py"),
        "--headless",
    ]
    command += ["-u", str(args.users), "-r", str(max(1, args.users // 10)), "-t", f"{args.seconds}s"]
    command += ["--stop-timeout", "30"]  # at the end each expert finishes the vote in hand: no answer cut off
    command += [
        "--host",
        base_url,
        "--csv",
        str(scratch / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with open(scratch / "locust.log", "w") as log:
        import subprocess

        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    return scratch / "answers.jsonl"


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so the children are stopped too
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--candidates", type=int, default=3000)
    parser.add_argument("--votes", type=int, default=3, help="votes each candidate needs")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, locust CSV)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-"))
    name = "hcvvet_bench_load"
    database_url = fresh_database(args.postgres, name)
    web_port = ephemeral_port()
    base_url = f"http://127.0.0.1:{web_port}"
    python = sys.executable
    with ExitStack() as stack:
        if not args.keep:
            stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        stack.callback(drop_database, args.postgres, name)
        setup_django(scratch, database_url, args.redis_url)
        from django.db import connections

        campaign_id = arrange(args.users, args.candidates, args.votes, scratch / "tokens")
        connections.close_all()
        stack.enter_context(child([python, *worker_args(concurrency=2)], scratch / "worker.log"))
        stack.enter_context(child([python, *web_args(web_port, args.web_workers)], scratch / "web.log"))
        wait_http(f"{base_url}/healthz")
        print(
            f"{args.users} experts for {args.seconds} s; campaign of {args.candidates} candidates x "
            f"{args.votes} votes; gunicorn {args.web_workers} workers x 4 threads, a Celery worker, "
            "PostgreSQL, Redis"
        )
        answers_file = run_locust(base_url, scratch, campaign_id, scratch / "tokens", args)
        answers = (
            [json.loads(line) for line in answers_file.read_text().splitlines()]
            if answers_file.exists()
            else []
        )
        report_latency(scratch / "locust_stats.csv", answers)
        report_integrity(campaign_id, args.votes, answers)
        connections.close_all()


if __name__ == "__main__":
    main()
