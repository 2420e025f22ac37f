"""Rejecting and restoring single epochs, and the vetted statistics recomputed without rejected epochs."""

import math
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog import stats
from hcvvet.catalog.models import FilterStat, Measurement, RejectionSource

from .errors import Conflict, InvalidInput, NotAllowed, require_storable
from .models import EventKind, LabelEvent

CHUNK = 500
MAX_REASON_CHARS = 200


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def vetted_stats_refresh(pairs: Iterable[tuple[int, str]]) -> list[FilterStat]:
    """Recompute FilterStat.vetted_mad / vetted_chi2 / vetted_num_lc for (MatchID, filter) pairs.

    The vetted values are the statistics of the epochs not rejected; they are None when no epoch of that
    filter is rejected (the catalogue values stand), so restoring every epoch restores the row exactly.
    """
    wanted = set(pairs)
    candidate_ids = sorted({candidate_id for candidate_id, _ in wanted})
    updated: list[FilterStat] = []
    for start in range(0, len(candidate_ids), CHUNK):
        chunk = candidate_ids[start : start + CHUNK]
        points: dict[tuple[int, str], list[tuple]] = defaultdict(list)
        for candidate_id, band, *point in Measurement.objects.filter(candidate_id__in=chunk).values_list(
            "candidate_id", "filter", "mag", "corr_mag", "mag_err", "rejected"
        ):
            if (candidate_id, band) in wanted:
                points[(candidate_id, band)].append(tuple(point))
        rows = [
            r
            for r in FilterStat.objects.filter(candidate_id__in=chunk)
            if (r.candidate_id, r.filter) in wanted
        ]
        for row in rows:
            epochs = points.get((row.candidate_id, row.filter), [])
            kept = [p for p in epochs if not p[3] and None not in p[:3]]
            if len(kept) == len(epochs):
                row.vetted_mad = row.vetted_chi2 = row.vetted_num_lc = None
            elif not kept:
                row.vetted_mad, row.vetted_chi2, row.vetted_num_lc = None, None, 0
            else:
                mag, corr_mag, mag_err = zip(*((p[0], p[1], p[2]) for p in kept), strict=True)
                computed = stats.filter_statistics(mag, corr_mag, mag_err)
                row.vetted_mad = _finite_or_none(computed.mad)
                row.vetted_chi2 = _finite_or_none(computed.chi2)
                row.vetted_num_lc = computed.num_lc
        FilterStat.objects.bulk_update(rows, ["vetted_mad", "vetted_chi2", "vetted_num_lc"])
        updated += rows
    return updated


def _epoch_state(measurement: Measurement, filter_stat: FilterStat | None) -> dict:
    return {
        "measurement": measurement.pk,
        "filter": measurement.filter,
        "image": measurement.image_id,
        "mjd": measurement.mjd,
        "rejected": measurement.rejected,
        "reason": measurement.rejected_reason,
        "vetted_mad": filter_stat.vetted_mad if filter_stat else None,
        "vetted_chi2": filter_stat.vetted_chi2 if filter_stat else None,
        "vetted_num_lc": filter_stat.vetted_num_lc if filter_stat else None,
    }


def _set_rejection(measurement: Measurement, *, user: User, reason: str, kind: str) -> FilterStat | None:
    """Apply the change already made on `measurement`, recompute its filter row and append the event.

    Caller holds the measurement's row lock inside a transaction.
    """
    filter_stat = FilterStat.objects.filter(
        candidate_id=measurement.candidate_id, filter=measurement.filter
    ).first()
    before = _epoch_state(measurement, filter_stat) | {"rejected": kind == EventKind.RESTORE_EPOCH}
    measurement.save(
        update_fields=["rejected", "rejected_source", "rejected_reason", "rejected_by", "rejected_at"]
    )
    refreshed = vetted_stats_refresh([(measurement.candidate_id, measurement.filter)])
    filter_stat = refreshed[0] if refreshed else None
    LabelEvent.objects.create(
        kind=kind,
        actor=user,
        candidate_id=measurement.candidate_id,
        before=before,
        after=_epoch_state(measurement, filter_stat) | {"reason": reason},
    )
    return filter_stat


def _locked(measurement: Measurement, user: User) -> Measurement:
    if not (user.is_authenticated and user.is_expert):
        raise NotAllowed("only experts and curators reject epochs")
    return Measurement.objects.select_for_update().get(pk=measurement.pk)


def epoch_reject(*, measurement: Measurement, user: User, reason: str) -> FilterStat | None:
    """Reject one epoch of a light curve (an expert's call) and return its recomputed filter row."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"reason must be 1 to {MAX_REASON_CHARS} characters", field="reason")
    require_storable(reason, field="reason")
    with transaction.atomic():
        measurement = _locked(measurement, user)
        if measurement.rejected:
            raise Conflict("this epoch is already rejected", field="measurement")
        measurement.rejected = True
        measurement.rejected_source = RejectionSource.EXPERT
        measurement.rejected_reason = reason
        measurement.rejected_by = user
        measurement.rejected_at = timezone.now()
        return _set_rejection(measurement, user=user, reason=reason, kind=EventKind.REJECT_EPOCH)


def epoch_restore(*, measurement: Measurement, user: User) -> FilterStat | None:
    """Undo an expert's rejection of one epoch.

    Epochs rejected by an image flag come back only by unflagging the image.
    """
    with transaction.atomic():
        measurement = _locked(measurement, user)
        if not measurement.rejected:
            raise Conflict("this epoch is not rejected", field="measurement")
        if measurement.rejected_source == RejectionSource.IMAGE_FLAG:
            raise Conflict(
                f"image {measurement.image_id} is flagged: unflag the image instead", field="measurement"
            )
        reason = measurement.rejected_reason
        measurement.rejected = False
        measurement.rejected_source = ""
        measurement.rejected_reason = ""
        measurement.rejected_by = None
        measurement.rejected_at = None
        return _set_rejection(measurement, user=user, reason=reason, kind=EventKind.RESTORE_EPOCH)
