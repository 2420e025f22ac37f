"""Ingest figures: the loader against a bare COPY, and the IC 1613 cone end to end. Prints; no assertions.

Run on PostgreSQL (a scratch database the script migrates; the demo universe is built once into /tmp):
    createdb -h 127.0.0.1 -U postgres bench_ingest
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_ingest .venv/bin/python -m benchmarks.bench_ingest
    dropdb -h 127.0.0.1 -U postgres bench_ingest
--full ingests the whole full-scale universe (all candidates and every object's summary rows) instead of
the IC 1613 cone; build it first (python -m hcvvet.sandbox build --scale full --out /tmp/hcvvet-full.sqlite).
The pipeline runs in-process (eager tasks), stage by stage, so the timings are the work itself.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import time
from contextlib import closing
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_ingest")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from hcvvet.catalog.models import Candidate, Measurement  # noqa: E402
from hcvvet.ingest.services import loader  # noqa: E402
from hcvvet.ingest.services.jobs import job_create  # noqa: E402
from hcvvet.ingest.services.lightcurves import LightCurveRow  # noqa: E402
from hcvvet.sandbox.build import build_universe  # noqa: E402
from hcvvet.sandbox.harness import SandboxServer  # noqa: E402

LOAD_BATCH = 20_000


def universe(path: Path, scale: str) -> Path:
    if not path.exists():
        t0 = time.perf_counter()
        build_universe(path, scale=scale, seed=1)
        print(f"built {scale} universe in {time.perf_counter() - t0:.1f} s -> {path}")
    return path


def point_at(sb: SandboxServer) -> None:
    urls = sb.urls
    settings.HCVVET_CASJOBS_URL = urls["casjobs"]
    settings.HCVVET_CASJOBS_LOGIN_URL = urls["casjobs_login"]
    settings.HCVVET_CASJOBS_FAST_URL = urls["casjobs_fast"]
    settings.HCVVET_MAST_INVOKE_URL = urls["mast_invoke"]
    settings.HCVVET_FITSCUT_URL = urls["fitscut"]
    settings.HCVVET_CATALOGS_URL = urls["catalogs"]
    settings.CASJOBS_USERID, settings.CASJOBS_PW = sb.user, sb.password
    settings.HCVVET_INGEST_TASK_BUDGET_SECONDS = 10**6


def reset_database() -> None:
    with connection.cursor() as c:
        c.execute(
            "TRUNCATE catalog_cutout, catalog_measurement, catalog_filterstat, catalog_candidate, catalog_image, "
            "catalog_group, ingest_ingestjobmember, ingest_ingestjob CASCADE"
        )


def end_to_end(kwargs: dict, label: str) -> None:
    t0 = time.perf_counter()
    job = job_create(**kwargs)
    job.refresh_from_db()
    wall = time.perf_counter() - t0
    print(f"\n== end to end: {label} -> {job.state} {job.error}")
    print(f"   wall {wall:.1f} s; per stage (s): {job.timings}")
    print(f"   counts: {job.counts}")
    print(f"   peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


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
    cols = ", ".join(loader.DATA_COLUMNS)

    def hcvvet_loader() -> None:
        for i in range(0, len(rows), LOAD_BATCH):
            with transaction.atomic():
                loader.load_measurements(rows[i : i + LOAD_BATCH])

    copy_sql = f"COPY {table} ({cols}, rejected, rejected_source, rejected_reason) FROM STDIN"

    def bare_copy() -> None:
        for i in range(0, len(rows), LOAD_BATCH):
            with transaction.atomic(), connection.cursor() as c, c.cursor.copy(copy_sql) as copy:
                for r in rows[i : i + LOAD_BATCH]:
                    copy.write_row(
                        (
                            *r[:2],
                            r.image_name,
                            r.mjd,
                            r.mag,
                            r.corr_mag,
                            r.mag_err,
                            r.ci,
                            r.d,
                            False,
                            "",
                            "",
                        )
                    )

    figures = {}
    for name, fn in (("bare COPY", bare_copy), ("hcvvet loader", hcvvet_loader)):
        Measurement.objects.all().delete()
        t0 = time.perf_counter()
        fn()
        seconds = time.perf_counter() - t0
        assert Measurement.objects.count() == len(rows)
        figures[name] = len(rows) / seconds
        print(f"   {name:14s}: {len(rows):,} rows in {seconds:.2f} s = {figures[name]:,.0f} rows/s")
    print(f"   ratio loader / COPY = {figures['hcvvet loader'] / figures['bare COPY']:.2f} (goal >= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="whole full-scale universe instead of IC 1613")
    parser.add_argument("--universe", help="universe file (default /tmp/hcvvet-demo.sqlite or -full)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run on PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    reset_database()
    scale = "full" if args.full else "demo"
    path = universe(Path(args.universe or f"/tmp/hcvvet-{scale}.sqlite"), scale)
    with SandboxServer(path) as sb:
        point_at(sb)
        if args.full:
            end_to_end({"whole_catalogue": True, "fetch_cutouts": True}, "full scale, every object")
        else:
            end_to_end({"target_name": "IC 1613", "radius_arcsec": 1800}, 'IC 1613 cone 1800"')
    print("\n== load stage (light-curve rows of every ingested object, batches of 20,000)")
    load_stage(light_curve_rows(path))


if __name__ == "__main__":
    main()
