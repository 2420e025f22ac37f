"""Set-based load of light-curve rows (`catalog.services.bulk_upsert`): PostgreSQL COPY into a temporary
table, then one INSERT ... ON CONFLICT DO NOTHING; on SQLite one executemany. Never a save per row.

A row already present (same candidate, filter and image) is left as it is, so an expert's rejection of
an epoch survives a re-ingest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import transaction

from hcvvet.catalog.models import Image, Measurement
from hcvvet.catalog.services import bulk_upsert, candidates_mark_light_curve
from hcvvet.ingest.models import IngestJob

from . import checks
from .lightcurves import LightCurveRow

DATA_COLUMNS = ("candidate_id", "filter", "image_id", "mjd", "mag", "corr_mag", "mag_err", "ci", "d")
LOAD_COLUMNS = (*DATA_COLUMNS, "rejected", "rejected_source", "rejected_reason")


def measurement_values(r: LightCurveRow) -> tuple:
    """One light-curve row as the values of `LOAD_COLUMNS` (a new measurement is not rejected)."""
    return (r.match_id, r.filter, r.image_name, r.mjd, r.mag, r.corr_mag, r.mag_err, r.ci, r.d, False, "", "")


FILTER_PART = re.compile(r"f\d{3,4}[a-z]{0,3}")


def parse_image_name(name: str) -> Image:
    """An Image from an HLA name.

    ACS and WFC3 put the detector before the filter (`hst_10543_29_acs_wfc_f606w`), WFPC2 after it
    (`hst_05370_02_wfpc2_f814w_wf`); the filter is the part that looks like `f<digits><letters>`.
    """
    parts = name.lower().split("_")
    proposal = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0
    tail = parts[4:]
    filters = [part for part in tail if FILTER_PART.fullmatch(part)]
    detectors = [part for part in tail if not FILTER_PART.fullmatch(part)]
    return Image(
        name=name,
        instrument=parts[3] if len(parts) > 3 else "",
        detector=detectors[0] if detectors else "",
        filter=filters[0] if filters else "",
        proposal_id=proposal,
        visit=parts[2][:4] if len(parts) > 2 else "",
    )


IMAGE_COLUMNS = ("name", "instrument", "detector", "filter", "proposal_id", "visit", "mjd", "flagged")


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
        images.append(tuple(getattr(image, column) for column in IMAGE_COLUMNS))
    bulk_upsert(Image, IMAGE_COLUMNS, images, conflict=("name",))


def load_measurements(rows: Sequence[LightCurveRow]) -> int:
    """Insert the rows not yet present; returns how many were new.

    Preconditions: inside `transaction.atomic()`; candidates and images exist (`load_images`).
    """
    ordered = sorted(rows, key=lambda r: (r.match_id, r.filter, r.image_name))
    return bulk_upsert(
        Measurement,
        LOAD_COLUMNS,
        [measurement_values(r) for r in ordered],
        conflict=("candidate_id", "filter", "image_id"),
    )


def load_batch(job: IngestJob, batch: list[int], rows: list[LightCurveRow]) -> None:
    """Load the light curves of a batch of the job's MatchIDs in one transaction and mark those members done
    (missing when MAST returned no row for one), so a run that dies loses at most this batch."""
    with transaction.atomic():
        load_images(rows)
        load_measurements(rows)
        checks.check_statistics(rows)
        with_curve = {r.match_id for r in rows}
        members = job.members.filter(candidate_id__in=batch)
        members.filter(candidate_id__in=with_curve).update(light_curve_done=True, light_curve_missing=False)
        members.exclude(candidate_id__in=with_curve).update(light_curve_done=True, light_curve_missing=True)
        candidates_mark_light_curve(with_curve)  # last: it moves the catalog data version (versioning.py)
