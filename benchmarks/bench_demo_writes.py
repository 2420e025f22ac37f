"""Label saves while `make demo` ingests, on SQLite: how long an expert waits after pressing "1".

Runs the demo's arrangement in a scratch folder: the demo MAST sandbox in its own process, the embedded SQLite
database (migrated here), gunicorn and a real Celery worker on the filesystem broker, each started with the
demo's command line (hcvvet.demo). An expert signed in over HTTP changes their label on a few candidates in a
loop, one POST at a time with a short pause (a person pressing keys), first while the worker is idle, then
while it ingests every demo group (`ingest_demo_groups`, what `make demo` queues). Prints each phase's median,
p95 and max save latency, the same per running ingest stage, failed saves, and the ingest's duration. No
assertions. Beside the saves, a probe takes SQLite's write lock and releases it at once, as often: its wait is
the lock's share of a save's latency, apart from the CPU the save needs (on a shared machine the two differ).

    .venv/bin/python -m benchmarks.bench_demo_writes   # ~2 min on a quiet machine

The worker and the sandbox start as the demo starts them (hcvvet.demo.processes); --concurrency,
--worker-niceness and --sandbox-niceness try other arrangements.

The universe is the demo one (scale demo, seed 1), built once into /tmp/hcvvet-demo.sqlite (as bench_ingest).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from hcvvet.demo.accounts import DEMO_USERS
from hcvvet.demo.processes import (
    BACKGROUND_NICENESS,
    WORKER_CONCURRENCY,
    stop_process_groups,
    wait_http,
    web_args,
    worker_args,
)
from hcvvet.sandbox.universe.build import build_universe

ROOT = Path(__file__).resolve().parents[1]
LABEL_TARGETS = 20
PAUSE_SECONDS = 0.25  # between two saves: an expert pressing keys, not a load test
BENCH_GROUP_ID = 2_000_000_000  # far from every sandbox GroupID and MatchID


@dataclass(frozen=True, slots=True)
class Save:
    started: float
    seconds: float
    status: int


def ephemeral_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def child(args: list[str], log: Path, niceness: int = 0):
    """A process of the demo in its own session, `niceness` nicer than this one; stopped (SIGTERM, then
    SIGKILL) on exit."""
    with open(log, "w") as out:
        process = subprocess.Popen(  # noqa: S603 (our own programs, a list argv)
            args,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: os.nice(niceness)) if niceness else None,
        )
    try:
        yield process
    finally:
        stop_process_groups([process], grace=20)


def setup_django(scratch: Path, sandbox_url: str) -> None:
    """The demo's environment (hcvvet.demo), pointed at the scratch folder; inherited by the children."""
    os.environ.pop("REDIS_URL", None)  # the demo's filesystem broker
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hcvvet.settings.base",
        DATABASE_URL=f"sqlite:///{scratch / 'hcvvet.sqlite3'}",
        HCVVET_VAR_DIR=str(scratch),
        HCVVET_MAST_SANDBOX=sandbox_url,
        CASJOBS_USERID="demo",
        CASJOBS_PW="demo",
        HCVVET_SERVE_MEDIA="1",
        HCVVET_STATIC_FINDERS="1",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_candidates(group_id: int, name: str, n: int, **fields) -> list:
    """`n` candidates of a group of their own (MatchIDs group_id * 10 + i); a field may be a callable of i."""
    from hcvvet.catalog.models import Candidate, Group

    group = Group.objects.create(group_id=group_id, target_name=name)
    values = {"ra_deg": lambda i: 10.0 + i / 10000, "auto_class": 2, "max_mad": 0.5} | fields
    return Candidate.objects.bulk_create(
        Candidate(
            match_id=group_id * 10 + i,
            group=group,
            sub_group_id=0,
            dec_deg=2.0,
            num_filters=1,
            **{key: value(i) if callable(value) else value for key, value in values.items()},
        )
        for i in range(n)
    )


def label_targets() -> tuple[int, list[int]]:
    """The default campaign and candidates of a group of their own for the expert to label."""
    from hcvvet.accounts.services import user_create
    from hcvvet.vetting.queues import default_campaign

    for username, password, roles in DEMO_USERS:
        user_create(username=username, password=password, roles=roles)
    made = bench_candidates(BENCH_GROUP_ID, "BENCH LABELS", LABEL_TARGETS, ra_deg=lambda i: 10.0 + i / 1000)
    return default_campaign().pk, [c.pk for c in made]


def signed_in(base_url: str):
    import requests

    username, password, _ = DEMO_USERS[0]
    session = requests.Session()
    session.get(f"{base_url}/accounts/login/", timeout=30)
    response = session.post(
        f"{base_url}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base_url}/accounts/login/"},
        timeout=30,
    )
    response.raise_for_status()
    return session


class Labeller(threading.Thread):
    """Changes the expert's label on the targets in turn over HTTP until stopped; records every save."""

    def __init__(self, session, base_url: str, campaign_id: int, match_ids: list[int]) -> None:
        super().__init__(name="labeller", daemon=True)
        self.session = session
        self.base_url = base_url
        self.campaign_id = campaign_id
        self.match_ids = match_ids
        self.saves: list[Save] = []
        self.stop = threading.Event()

    def run(self) -> None:
        csrf = {"X-CSRFToken": self.session.cookies["csrftoken"], "Referer": f"{self.base_url}/"}
        i = 0
        while not self.stop.is_set():
            match_id = self.match_ids[i % len(self.match_ids)]
            expert_class = (1, 2, 4)[(i // len(self.match_ids)) % 3]  # each visit changes the vote
            url = f"{self.base_url}/review/{self.campaign_id}/{match_id}/label"
            started = time.perf_counter()
            try:
                response = self.session.post(
                    url, json={"expert_class": expert_class}, headers=csrf, timeout=150
                )
                status = response.status_code
            except OSError:
                status = 0
            self.saves.append(Save(started, time.perf_counter() - started, status))
            i += 1
            self.stop.wait(PAUSE_SECONDS)


class LockProbe(threading.Thread):
    """Takes the database's write lock (BEGIN IMMEDIATE) and releases it at once, PAUSE_SECONDS apart, until
    stopped; records how long each took (the wait for the lock, almost no CPU)."""

    def __init__(self, database: Path) -> None:
        super().__init__(name="lock-probe", daemon=True)
        self.database = database
        self.saves: list[Save] = []
        self.stop = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(self.database, timeout=150, isolation_level=None)
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("COMMIT")
                self.saves.append(Save(started, time.perf_counter() - started, 200))
                self.stop.wait(PAUSE_SECONDS)
        finally:
            connection.close()


def summary(saves: list[Save]) -> str:
    ok = sorted(s.seconds * 1000 for s in saves if s.status == 200)
    failed = len(saves) - len(ok)
    if not ok:
        return f"{len(saves)} saves, all failed"
    p95 = ok[min(len(ok) - 1, round(0.95 * (len(ok) - 1)))]
    text = (
        f"{len(ok):4d} saves: median {statistics.median(ok):7.0f} ms, p95 {p95:7.0f} ms, max {ok[-1]:7.0f} ms"
    )
    return text + (f"; {failed} FAILED" if failed else "")


def measure(campaign_id: int, match_ids: list[int], base_url: str, database: Path, timeout: float) -> None:
    """Label for 12 s with the worker idle, then while it ingests the demo groups; print the figures."""
    from hcvvet.demo.ingest import ingest_demo_groups
    from hcvvet.ingest.models import IngestJob, JobState

    session = signed_in(base_url)
    idle, idle_probe = Labeller(session, base_url, campaign_id, match_ids), LockProbe(database)
    idle.start()
    idle_probe.start()
    time.sleep(12)
    for thread in (idle, idle_probe):
        thread.stop.set()
        thread.join()
    print(f"no ingest   : {summary(idle.saves)}", flush=True)
    print(f"  lock wait : {summary(idle_probe.saves)}", flush=True)

    busy, busy_probe = Labeller(session, base_url, campaign_id, match_ids), LockProbe(database)
    queued_at = time.perf_counter()
    ids = [job.pk for job in ingest_demo_groups()]
    busy.start()
    busy_probe.start()
    stages: list[tuple[float, str]] = []  # (when, the stages running then); a save counts under its end's
    active = (JobState.QUEUED, JobState.RUNNING)
    while time.perf_counter() - queued_at < timeout:
        jobs = list(IngestJob.objects.filter(pk__in=ids).values_list("state", "stage"))
        running = sorted({stage for state, stage in jobs if state == JobState.RUNNING and stage})
        stages.append((time.perf_counter(), "+".join(running) or "queued"))
        if not any(state in active for state, _ in jobs):
            break
        time.sleep(0.3)
    ingest_seconds = time.perf_counter() - queued_at
    for thread in (busy, busy_probe):
        thread.stop.set()
        thread.join()
    print(f"during ingest: {summary(busy.saves)}")
    print(f"  lock wait  : {summary(busy_probe.saves)}")
    by_stage: dict[str, list[Save]] = {}
    for save in busy.saves:
        running = [name for at, name in stages if at <= save.started + save.seconds]
        by_stage.setdefault(running[-1] if running else "queued", []).append(save)
    for name, saves in sorted(by_stage.items(), key=lambda kv: -len(kv[1])):
        print(f"   {name[:40]:40s} {summary(saves)}")
    jobs = IngestJob.objects.filter(pk__in=ids)
    states = sorted({job.state for job in jobs})
    totals: dict[str, float] = {}
    for job in jobs:
        for stage, seconds in job.timings.items():
            totals[stage] = totals.get(stage, 0.0) + seconds
    print(f"ingest of {len(ids)} demo jobs: {ingest_seconds:.1f} s queued to finished ({', '.join(states)})")
    print(f"   load average at the end: {os.getloadavg()}")
    print(f"   worker time per stage, summed over jobs (s): { {k: round(v, 1) for k, v in totals.items()} }")


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so the children are stopped too
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--universe",
        default="/tmp/hcvvet-demo.sqlite",  # noqa: S108 (shared with bench_ingest, built once)
        help="demo universe (built if missing)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="give up waiting for the ingest after this (s)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (database, logs)")
    parser.add_argument(
        "--worker-niceness", type=int, default=0, help="how much nicer the worker runs than the web server"
    )
    parser.add_argument(
        "--sandbox-niceness",
        type=int,
        default=BACKGROUND_NICENESS,
        help="how much nicer the MAST sandbox runs than the web server (the demo's by default)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=WORKER_CONCURRENCY, help="worker processes (the demo's by default)"
    )
    args = parser.parse_args()
    universe = Path(args.universe)
    if not universe.exists():
        build_universe(universe, scale="demo", seed=1)
    scratch = Path(tempfile.mkdtemp(prefix="bench-demo-writes-"))
    sandbox_port, web_port = ephemeral_port(), ephemeral_port()
    sandbox_url, base_url = f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{web_port}"
    python = sys.executable
    with ExitStack() as stack:
        if not args.keep:  # removed last, once every child has stopped
            stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        sandbox = ["-m", "hcvvet.sandbox", "serve", "--db", str(universe), "--port", str(sandbox_port)]
        sandbox += ["--workdir", str(scratch)]
        stack.enter_context(child([python, *sandbox], scratch / "sandbox.log", args.sandbox_niceness))
        wait_http(f"{sandbox_url}/_sandbox/health")
        setup_django(scratch, sandbox_url)
        campaign_id, match_ids = label_targets()
        worker = worker_args(args.concurrency)
        stack.enter_context(child([python, *worker], scratch / "worker.log", args.worker_niceness))
        stack.enter_context(child([python, *web_args(web_port)], scratch / "web.log"))
        wait_http(f"{base_url}/healthz")
        kept = "kept" if args.keep else "removed at the end"
        print(
            f"scratch folder {scratch} ({kept}); "
            f"label saves over HTTP, one at a time, {PAUSE_SECONDS} s apart; worker niceness "
            f"+{args.worker_niceness}, sandbox +{args.sandbox_niceness}, {args.concurrency} workers; "
            f"load average {os.getloadavg()}"
        )
        measure(campaign_id, match_ids, base_url, scratch / "hcvvet.sqlite3", args.timeout)


if __name__ == "__main__":
    main()
