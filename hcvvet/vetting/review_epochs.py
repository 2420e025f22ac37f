"""TEMPORARY stand-in for hcvvet.vetting.epochs (CAMPAIGNS helper) until it lands; same signatures.

Rejects or restores one epoch and appends a LabelEvent, in one transaction. See /work/notes/review-needs.md.
"""

from django.db import transaction
from django.utils import timezone

from hcvvet.catalog.models import Measurement, RejectionSource

from .errors import InvalidInput
from .models import EventKind, LabelEvent, ReasonCode


def _state(measurement: Measurement) -> dict:
    return {
        "rejected": measurement.rejected,
        "reason": measurement.rejected_reason,
        "image": measurement.image_id,
    }


def epoch_reject(*, measurement: Measurement, user, reason: str) -> Measurement:
    if reason not in ReasonCode.values:
        raise InvalidInput(f"reason must be one of {sorted(ReasonCode.values)}", field="reason")
    with transaction.atomic():
        before = _state(measurement)
        measurement.rejected = True
        measurement.rejected_source = RejectionSource.EXPERT
        measurement.rejected_reason = reason
        measurement.rejected_by = user
        measurement.rejected_at = timezone.now()
        measurement.save(
            update_fields=["rejected", "rejected_source", "rejected_reason", "rejected_by", "rejected_at"]
        )
        LabelEvent.objects.create(
            kind=EventKind.REJECT_EPOCH,
            actor=user,
            candidate_id=measurement.candidate_id,
            before=before,
            after=_state(measurement),
        )
    return measurement


def epoch_restore(*, measurement: Measurement, user) -> Measurement:
    with transaction.atomic():
        before = _state(measurement)
        measurement.rejected = False
        measurement.rejected_source = ""
        measurement.rejected_reason = ""
        measurement.rejected_by = None
        measurement.rejected_at = None
        measurement.save(
            update_fields=["rejected", "rejected_source", "rejected_reason", "rejected_by", "rejected_at"]
        )
        LabelEvent.objects.create(
            kind=EventKind.RESTORE_EPOCH,
            actor=user,
            candidate_id=measurement.candidate_id,
            before=before,
            after=_state(measurement),
        )
    return measurement
