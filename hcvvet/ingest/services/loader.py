"""Set-based load of light-curve rows: PostgreSQL COPY into a temporary table, then one
INSERT ... ON CONFLICT DO NOTHING; on SQLite one executemany of the same upsert. Never a save per row.

A row already present (same candidate, filter and image) is left as it is, so an expert's rejection of
an epoch survives a re-ingest.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from hcvvet.catalog.models import Image, Measurement

from .lightcurves import LightCurveRow

STAGE_TABLE = "hcvvet_measurement_stage"
DATA_COLUMNS = ("candidate_id", "filter", "image_id", "mjd", "mag", "corr_mag", "mag_err", "ci", "d")


def parse_image_name(name: str) -> Image:
    """An Image from an HLA name `hst_<proposal>_<visit>_<instrument>_<detector>_<filter>`."""
    parts = name.lower().split("_")
    proposal = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0
    return Image(
        name=name,
        instrument=parts[3] if len(parts) > 3 else "",
        detector=parts[4] if len(parts) > 5 else "",
        filter=parts[-1] if len(parts) > 4 else "",
        proposal_id=proposal,
        visit=parts[2][:4] if len(parts) > 2 else "",
    )


def load_images(rows: Sequence[LightCurveRow]) -> None:
    """Create the Image rows the measurements point to (first MJD seen); existing ones are kept."""
    first_mjd: dict[str, float] = {}
    for r in rows:
        if r.image_name not in first_mjd or r.mjd < first_mjd[r.image_name]:
            first_mjd[r.image_name] = r.mjd
    images = []
    for name in sorted(first_mjd):
        image = parse_image_name(name)
        image.mjd = first_mjd[name]
        images.append(image)
    Image.objects.bulk_create(images, ignore_conflicts=True)


def load_measurements(rows: Sequence[LightCurveRow]) -> int:
    """Insert the rows not yet present; returns how many were new.

    Preconditions: inside `transaction.atomic()`; candidates and images exist (`load_images`).
    """
    if not rows:
        return 0
    ordered = sorted(rows, key=lambda r: (r.match_id, r.filter, r.image_name))
    if connection.vendor == "postgresql":
        return _copy_load(ordered)
    return _executemany_load(ordered)


def _copy_load(rows: Sequence[LightCurveRow]) -> int:
    table = Measurement._meta.db_table
    columns = ", ".join(DATA_COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
        raw.execute(
            f"CREATE TEMP TABLE {STAGE_TABLE} (candidate_id bigint, filter varchar(16), image_id varchar(64), "
            "mjd float8, mag float8, corr_mag float8, mag_err float8, ci float8, d float8) ON COMMIT DROP"
        )
        with raw.copy(f"COPY {STAGE_TABLE} ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(
                    (r.match_id, r.filter, r.image_name, r.mjd, r.mag, r.corr_mag, r.mag_err, r.ci, r.d)
                )
        raw.execute(
            f"INSERT INTO {table} ({columns}, rejected, rejected_source, rejected_reason) "
            f"SELECT {columns}, false, '', '' FROM {STAGE_TABLE} "
            "ON CONFLICT (candidate_id, filter, image_id) DO NOTHING"
        )
        inserted = raw.rowcount
        raw.execute(f"DROP TABLE {STAGE_TABLE}")
        return inserted


def _executemany_load(rows: Sequence[LightCurveRow]) -> int:
    table = Measurement._meta.db_table
    columns = ", ".join(DATA_COLUMNS)
    placeholders = ", ".join(["%s"] * len(DATA_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        before = cursor.fetchone()[0]
        cursor.executemany(
            f"INSERT INTO {table} ({columns}, rejected, rejected_source, rejected_reason) "
            f"VALUES ({placeholders}, 0, '', '') ON CONFLICT (candidate_id, filter, image_id) DO NOTHING",
            [
                (r.match_id, r.filter, r.image_name, r.mjd, r.mag, r.corr_mag, r.mag_err, r.ci, r.d)
                for r in rows
            ],
        )
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0] - before
