"""Predictions written as a model's refresh would write them, for tests of what the predictions drive (the
review page, the queue orders) without training a model."""

from django.utils import timezone

from hcvvet.catalog.models import Measurement
from hcvvet.triage.models import ModelState, Prediction, TriageModel


def active_model() -> TriageModel:
    """A ready, active model that read its labels now."""
    return TriageModel.objects.create(
        state=ModelState.READY, is_active=True, feature_set_version="test", labels_through=timezone.now()
    )


def predict(
    candidate,
    model: TriageModel,
    probabilities: tuple[float, float, float],
    *,
    epoch: Measurement | None = None,
    reasons: tuple[str, ...] = (),
) -> Prediction:
    """`model`'s (P1, P2, P4) for `candidate`, its reasons' texts and the epoch it names."""
    p1, p2, p4 = probabilities
    return Prediction.objects.create(
        candidate=candidate,
        model=model,
        p_high_confidence=p1,
        p_probable=p2,
        p_artifact=p4,
        reasons=[{"feature": "test", "contribution": 1.0, "text": text} for text in reasons],
        suspicious_measurement_id=None if epoch is None else epoch.pk,
        suspicious_mjd=None if epoch is None else epoch.mjd,
        suspicious_filter="" if epoch is None else epoch.filter,
        created_at=timezone.now(),
    )
