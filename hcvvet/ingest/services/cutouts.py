"""Cutout prefetch: which epochs of a candidate get HLA cutouts, and fetching them with a cap on
concurrent requests to MAST. JPEGs go to Django's default storage; failures are kept as `missing` with
the reason, and retried on a later pass."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.utils import timezone

from hcvvet.catalog.models import Candidate, Cutout, CutoutStatus, Measurement
from hcvvet.catalog.services import chunks
from hcvvet.ingest.conf import knob
from hcvvet.mast.errors import CutoutUnavailableError
from hcvvet.mast.fitscut import fetch_cutout

from .turns import write_turn

# (size in image pixels, zoom): zoomed in on the source, and the wider context.
CUTOUT_SIZES = ((19, 5.0), (101, 1.0))
ALL_EPOCHS_UP_TO = 12
# Cutouts fetched, then stored and committed, together (the progress bar moves per batch).
STORE_BATCH = 40
# Requests for one cutout in one pass when fitscut fails transiently.
TRIES_PER_PASS = 4


def chosen_epochs(points: list[tuple[float, str]]) -> list[str]:
    """Image names for the cutouts of one light curve given as (corrected mag, image name) pairs: the
    brightest, median and faintest epochs, or every epoch for 12 points or fewer."""
    if len(points) <= ALL_EPOCHS_UP_TO:
        return [name for _, name in points]
    ranked = sorted(points)
    picks = (ranked[0], ranked[len(ranked) // 2], ranked[-1])
    return list(dict.fromkeys(name for _, name in picks))


def cutouts_plan(candidate_ids: Iterable[int]) -> int:
    """Create pending Cutout rows for the candidates' chosen epochs (existing ones are kept)."""
    curves: dict[tuple[int, str], list[tuple[float, str]]] = defaultdict(list)
    rows = (
        Measurement.objects.filter(candidate_id__in=list(candidate_ids), rejected=False)
        .exclude(corr_mag__isnull=True)
        .values_list("candidate_id", "filter", "corr_mag", "image_id")
    )
    for match_id, band, mag, image in rows:
        if mag is not None:  # excluded by the query; the check tells the type checker
            curves[(match_id, band)].append((mag, image))
    wanted = [
        Cutout(candidate_id=match_id, image_id=image, size_px=size, zoom=zoom)
        for (match_id, _), points in sorted(curves.items())
        for image in chosen_epochs(points)
        for size, zoom in CUTOUT_SIZES
    ]
    with write_turn():
        Cutout.objects.bulk_create(wanted, ignore_conflicts=True)
    return len(wanted)


def cutouts_fetch(
    candidate_ids: Iterable[int], *, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Fetch the candidates' pending cutouts, and missing ones with attempts left, in the order the
    candidates are given (the review queue's first page first); at most HCVVET_CUTOUT_CONCURRENCY
    requests in flight. Each page of candidates is stored and committed before the next is fetched.
    Returns counts of ok and missing."""
    order = {match_id: i for i, match_id in enumerate(candidate_ids)}
    todo = sorted(
        Cutout.objects.filter(candidate_id__in=list(order))
        .filter(
            Q(status=CutoutStatus.PENDING)
            | Q(status=CutoutStatus.MISSING, attempts__lt=knob("HCVVET_INGEST_CUTOUT_ATTEMPTS"))
        )
        .select_related("candidate"),
        key=lambda c: (order[c.candidate_id], c.image_id, c.size_px),
    )
    result = {"ok": 0, "missing": 0}
    done = 0
    with ThreadPoolExecutor(max_workers=max(1, settings.HCVVET_CUTOUT_CONCURRENCY)) as pool:
        for page in chunks(todo, STORE_BATCH):
            for cutout, outcome in zip(page, pool.map(_download, page), strict=True):
                _store_file(cutout, outcome)
                result["ok" if cutout.status == CutoutStatus.OK else "missing"] += 1
            with write_turn():
                Cutout.objects.bulk_update(page, ["file", "status", "error", "attempts", "fetched_at"])
            done += len(page)
            if progress:
                progress(done, len(todo))
    return result


def _download(cutout: Cutout) -> bytes | CutoutUnavailableError:
    """Runs in a pool thread: network only, no database access. A transient failure is tried again at
    once (a short backoff, TRIES_PER_PASS in all) before the cutout is left missing for a later pass."""
    for attempt in range(TRIES_PER_PASS):
        try:
            return fetch_cutout(
                cutout.image_id,
                cutout.candidate.ra_deg,
                cutout.candidate.dec_deg,
                size_px=cutout.size_px,
                zoom=cutout.zoom,
            )
        except CutoutUnavailableError as e:
            error = e
            if not e.retryable or attempt == TRIES_PER_PASS - 1:
                break
            time.sleep(0.1 * 2**attempt)
    return error


def _store_file(cutout: Cutout, outcome: bytes | CutoutUnavailableError) -> None:
    """Write the JPEG to storage and set the row's fields (saved by the caller, in bulk)."""
    cutout.attempts += 1
    if isinstance(outcome, CutoutUnavailableError):
        cutout.status = CutoutStatus.MISSING
        cutout.error = outcome.message[:300]
        return
    name = f"{cutout.candidate_id}_{cutout.image_id}_{cutout.size_px}px.jpg"
    cutout.file.save(name, ContentFile(outcome), save=False)
    cutout.status = CutoutStatus.OK
    cutout.error = ""
    cutout.fetched_at = timezone.now()


def prefetch_candidates(member_ids, *, limit: int | None = None) -> list[int]:
    """The candidates whose cutouts a job prefetches: the top of the review queue (variable candidates
    with a light curve, by largest MAD as the review queue orders them). `member_ids`: MatchIDs or a
    values_list queryset of them."""
    limit = limit or int(knob("HCVVET_INGEST_PREFETCH_CANDIDATES"))
    qs = Candidate.objects.filter(pk__in=member_ids, auto_class__gt=0, has_light_curve=True)
    return list(
        qs.order_by(F("max_mad").desc(nulls_last=True), "match_id").values_list("pk", flat=True)[:limit]
    )
