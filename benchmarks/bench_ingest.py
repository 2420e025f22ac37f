"""Ingest figures: the loader against a bare COPY, and ingests end to end through a REAL Celery worker
(a separate process, as in production) against the sandbox served by another process. Prints figures;
no assertions.

Run on PostgreSQL and Redis (a scratch database the script migrates and empties; the demo universe is
built once into /tmp):
    createdb -h 127.0.0.1 -U postgres bench_ingest
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_ingest REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python -m benchmarks.bench_ingest
    dropdb -h 127.0.0.1 -U postgres bench_ingest
--full ingests the whole universe (every object's summary rows, the light curves of every candidate; no
cutouts) in one run twice, with 1 and with 2 worker processes (separate `celery worker --concurrency=1`
processes, as on two hosts; the job runs as parts, hcvvet/ingest/services/parts.py), then times a bare COPY
of the same catalogue rows (groups, objects, filter rows, images, measurements, read back from the database)
into empty copies of their tables (same indexes) and prints the ratios (goal of issue 19: at most 3 times
COPY, and 2 workers faster than 1). The database of the 2-worker run is kept (for bench_reports
--ingested). Build the universe first (python -m hcvvet.sandbox build --scale full --out
/tmp/hcvvet-full.sqlite, or pass --universe); --universe with the demo universe tries the same path fast.
Per stage timings come from the job (measured by the worker), and for a whole-catalogue job the seconds its
parts spent reading from MAST and writing, summed; the peak RSS of every worker process is read from /proc
while the job runs. The part sizes come from the environment as for a worker (HCVVET_INGEST_PART_*):
smaller ones give a small universe as many parts as the full one has.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_ingest")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.base")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-ingest-media-"))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from hcvvet.catalog.models import Candidate, Measurement  # noqa: E402
from hcvvet.ingest.models import IngestJob, JobState, PartKind  # noqa: E402
from hcvvet.ingest.services import loader  # noqa: E402
from hcvvet.ingest.services.lifecycle import job_create  # noqa: E402
from hcvvet.ingest.services.lightcurves import LightCurveRow  # noqa: E402
from hcvvet.ingest.tasks import run_ingest  # noqa: E402
from hcvvet.sandbox.universe.build import build_universe  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOAD_BATCH = 20_000


def universe(path: Path, scale: str) -> Path:
    if not path.exists():
        t0 = time.perf_counter()
        build_universe(path, scale=scale, seed=1)
        print(f"built {scale} universe in {time.perf_counter() - t0:.1f} s -> {path}")
    return path


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path):
    """A child process in its own session, stopped (SIGTERM, then SIGKILL) on exit."""
    with open(log, "w") as out:
        child = subprocess.Popen(  # noqa: S603 (our own programs, a list argv)
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def sandbox_server(path: Path, workdir: Path):
    """`python -m hcvvet.sandbox serve` in its own process; yields its base URL."""
    log = workdir / "sandbox.log"
    args = [sys.executable, "-m", "hcvvet.sandbox", "serve", "--db", str(path), "--workdir", str(workdir)]
    with process(args, dict(os.environ), log):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for line in log.read_text().splitlines():
                if line.startswith("HCVVET_MAST_SANDBOX="):
                    yield line.split("=", 1)[1]
                    return
            time.sleep(0.2)
        raise SystemExit(f"the sandbox did not start: {log.read_text()}")


def worker_env(sandbox_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "HCVVET_MAST_SANDBOX": sandbox_url,
        "CASJOBS_USERID": "demo",
        "CASJOBS_PW": "demo",
        "HCVVET_INGEST_TASK_BUDGET_SECONDS": "3000",
    }


def process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            continue
    return pids


def peak_rss_mib(pid: int) -> float:
    """VmHWM of a live process (its peak resident set), in MiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def reset_database() -> None:
    with connection.cursor() as c:
        c.execute(
            "TRUNCATE catalog_cutout, catalog_measurement, catalog_filterstat, catalog_candidate, "
            "catalog_image, catalog_group, ingest_ingestjobmember, ingest_ingestjob CASCADE"
        )


def end_to_end(
    start, label: str, sandbox_url: str, workdir: Path, timeout: float, *, workers: int = 1
) -> float:
    """Queue one job (`start()` creates or re-queues it), let `workers` real worker processes (each one
    prefork child) run it, print time per stage and peak RSS; returns the wall time."""
    peaks: dict[int, float] = {}
    with ExitStack() as stack:
        started = [
            stack.enter_context(process(worker_args(i), worker_env(sandbox_url), workdir / f"worker{i}.log"))
            for i in range(1, workers + 1)
        ]
        wait_ready([workdir / f"worker{i}.log" for i in range(1, workers + 1)])
        t0 = time.perf_counter()
        job = start()
        last, printed = "", -1
        while time.perf_counter() - t0 < timeout:
            for pid in (p for worker in started for p in process_tree(worker.pid)):
                peaks[pid] = max(peaks.get(pid, 0.0), peak_rss_mib(pid))
            job.refresh_from_db()
            if job.state not in (JobState.QUEUED, JobState.RUNNING):
                break
            status = f"{job.stage} {job.progress.get(job.stage, {})}"
            second = int(time.perf_counter() - t0)
            if status != last and second % 30 == 0 and second != printed:
                print(f"   {time.perf_counter() - t0:6.0f} s: {status}", flush=True)
                last, printed = status, second
            time.sleep(0.1)  # the wall time is read to a tenth of a second (a demo-size run takes 5-10 s)
        wall = time.perf_counter() - t0
    job = IngestJob.objects.get(pk=job.pk)
    print(f"\n== end to end through a real worker: {label} -> {job.state} {job.error}")
    print(f"   wall {wall:.1f} s (queued to finished); per stage (s): {job.timings}")
    stages = {k: v for k, v in job.progress.items() if k != "completed"}
    print(f"   progress: {stages}")
    print(f"   counts: {job.counts}")
    for kind, label in PartKind.choices:
        steps = list(job.parts.filter(kind=kind).values_list("timings", flat=True))
        if steps:
            summed = {step: round(sum(t.get(step, 0.0) for t in steps), 1) for step in ("read", "write")}
            print(f"   {label}: {len(steps)} parts, seconds summed over them: {summed}")
    print(f"   peak RSS per worker process (MiB): {sorted(round(v) for v in peaks.values())}")
    if job.state != JobState.SUCCEEDED:
        raise SystemExit(f"the job did not succeed: {job.state} {job.error}")
    return wall


def wait_ready(logs: list[Path], timeout: float = 120) -> None:
    """Wait until every worker has said it is ready (so the time measured is the ingest's, not the
    workers' start)."""
    deadline = time.monotonic() + timeout
    while not all(" ready." in log.read_text() for log in logs if log.exists()) or not all(
        log.exists() for log in logs
    ):
        if time.monotonic() > deadline:
            raise SystemExit(f"the workers did not start: see {logs}")
        time.sleep(0.2)


def worker_args(number: int) -> list[str]:
    """A worker process of its own (one prefork child), named as a host would be."""
    args = [sys.executable, "-m", "celery", "-A", "hcvvet", "worker", "--concurrency=1", "--loglevel=INFO"]
    return [
        *args,
        f"--hostname=bench{number}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


# The catalogue rows an ingest writes, parents first (what the bare COPY loads).
COPIED_TABLES = (
    "catalog_group",
    "catalog_candidate",
    "catalog_filterstat",
    "catalog_image",
    "catalog_measurement",
)


def bare_copy_seconds(workdir: Path) -> tuple[float, dict[str, int]]:
    """Time a bare COPY of the ingested catalogue rows into empty copies of their tables (same columns,
    indexes and constraints but no foreign keys); the rows are first written to files (not timed). The
    ingested tables stay as they are; the copies are dropped."""
    sizes: dict[str, int] = {}
    seconds = 0.0
    with connection.cursor() as c:
        for table in COPIED_TABLES:
            path = workdir / f"{table}.copy"
            with open(path, "wb") as out, c.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                for data in copy:
                    out.write(data)
            copy_table = f"bench_copy_{table}"
            c.execute(f"DROP TABLE IF EXISTS {copy_table}")
            c.execute(f"CREATE TABLE {copy_table} (LIKE {table} INCLUDING ALL)")
            t0 = time.perf_counter()
            with (
                transaction.atomic(),
                open(path, "rb") as src,
                c.cursor.copy(f"COPY {copy_table} FROM STDIN") as copy,
            ):
                while data := src.read(1 << 20):
                    copy.write(data)
            seconds += time.perf_counter() - t0
            c.execute(f"SELECT count(*) FROM {copy_table}")  # noqa: S608 (a table name of ours)
            sizes[table] = c.fetchone()[0]
            c.execute(f"DROP TABLE {copy_table}")
            path.unlink()
    return seconds, sizes


def full_scale(url: str, workdir: Path, timeout: float, worker_counts: tuple[int, ...] = (1, 2)) -> None:
    """The whole universe with 1, then 2 worker processes (or `worker_counts`), then the bare COPY of the same
    rows."""
    walls = {}
    for workers in worker_counts:
        reset_database()
        walls[workers] = end_to_end(
            lambda: job_create(whole_catalogue=True, fetch_cutouts=False),
            f"full scale, every object, {workers} worker process(es)",
            url,
            workdir,
            timeout,
            workers=workers,
        )
        print(f"   load average after the run: {os.getloadavg()}", flush=True)
    copy_seconds, sizes = bare_copy_seconds(workdir)
    print(f"\n== bare COPY of the same rows ({', '.join(f'{t} {n:,}' for t, n in sizes.items())})")
    print(f"   {copy_seconds:.1f} s; load average {os.getloadavg()}")
    print("\n| worker processes | ingest, queued to finished | bare COPY of the same rows | ratio |")
    print("|---|---:|---:|---:|")
    for workers, wall in walls.items():
        print(f"| {workers} | {wall:.1f} s | {copy_seconds:.1f} s | {wall / copy_seconds:.2f} |")
    most = max(walls)
    print(f"goal: ratio at most 3 ({most} workers: {walls[most] / copy_seconds:.2f})")
    if 1 in walls and most > 1:
        print(f"{most} workers faster than 1: {walls[most] < walls[1]} ({walls[1] / walls[most]:.2f} times)")


def resume(job_id: int) -> IngestJob:
    """Re-queue an unfinished job whose worker was stopped: completed stages are skipped."""
    IngestJob.objects.filter(pk=job_id).update(lease_token="", heartbeat_at=None)
    run_ingest.delay(job_id)
    return IngestJob.objects.get(pk=job_id)


def light_curve_rows(db_path: Path) -> list[LightCurveRow]:
    """Every HCVdetailed row of the objects already in the database (the load stage's input)."""
    ids = set(Candidate.objects.values_list("pk", flat=True))
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            "select MatchID, Filter, MJD, ImageName, Mag, CorrMag, MagErr, CI, D from HCVdetailed"
        )
        return [LightCurveRow(*r) for r in rows if r[0] in ids]


def load_stage(rows: list[LightCurveRow]) -> None:
    with transaction.atomic():
        loader.load_images(rows)
    table = Measurement._meta.db_table
    cols = ", ".join(loader.LOAD_COLUMNS)

    def hcvvet_loader() -> None:
        for i in range(0, len(rows), LOAD_BATCH):
            with transaction.atomic():
                loader.load_measurements(rows[i : i + LOAD_BATCH])

    copy_sql = f"COPY {table} ({cols}) FROM STDIN"

    def bare_copy() -> None:
        for i in range(0, len(rows), LOAD_BATCH):
            with transaction.atomic(), connection.cursor() as c, c.cursor.copy(copy_sql) as copy:
                for r in rows[i : i + LOAD_BATCH]:
                    copy.write_row(loader.measurement_values(r))

    figures = {}
    for name, fn in (("bare COPY", bare_copy), ("hcvvet loader", hcvvet_loader)):
        Measurement.objects.all().delete()
        t0 = time.perf_counter()
        fn()
        seconds = time.perf_counter() - t0
        if Measurement.objects.count() != len(rows):
            raise RuntimeError(f"{name} loaded {Measurement.objects.count()} of {len(rows)} rows")
        figures[name] = len(rows) / seconds
        print(f"   {name:14s}: {len(rows):,} rows in {seconds:.2f} s = {figures[name]:,.0f} rows/s")
    print(f"   ratio loader / COPY = {figures['hcvvet loader'] / figures['bare COPY']:.2f} (goal >= 0.5)")


def main() -> None:
    # Stopped with SIGTERM (e.g. by `timeout`): unwind, so the worker and the sandbox are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="whole full-scale universe instead of IC 1613")
    parser.add_argument("--universe", help="universe file (default /tmp/hcvvet-demo.sqlite or -full)")
    parser.add_argument("--timeout", type=float, default=3600, help="give up waiting after this (s)")
    parser.add_argument(
        "--workers",
        default="1,2",
        help="with --full: worker process counts to run, comma-separated (default 1,2)",
    )
    parser.add_argument(
        "--resume", type=int, metavar="JOB", help="continue unfinished job JOB of an earlier run (kept rows)"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run on PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    if not args.resume:
        reset_database()
    scale = "full" if args.full else "demo"
    default_universe = f"/tmp/hcvvet-{scale}.sqlite"  # noqa: S108 (built once, shared by the benchmarks)
    path = universe(Path(args.universe or default_universe), scale)
    workdir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    with sandbox_server(path, workdir) as url:
        if args.resume:
            end_to_end(lambda: resume(args.resume), f"job {args.resume} resumed", url, workdir, args.timeout)
        elif args.full:
            counts = tuple(int(n) for n in args.workers.split(","))
            full_scale(url, workdir, args.timeout, counts)
        else:
            request = {"target_name": "IC 1613", "radius_arcsec": 1800}
            end_to_end(lambda: job_create(**request), 'IC 1613 cone 1800"', url, workdir, args.timeout)
    if (
        not args.full and not args.resume
    ):  # the full scale's 2 M rows would only repeat the same ratio, slower
        print("\n== load stage (light-curve rows of every ingested object, batches of 20,000)")
        load_stage(light_curve_rows(path))


if __name__ == "__main__":
    main()
