"""Celery tasks of triage: thin, id-only, safe to run twice; routed to the `triage` queue by the settings
(CELERY_TASK_ROUTES: `hcvvet.triage.*`), so training never holds up an ingest.

`retrain` runs nightly (CELERY_BEAT_SCHEDULE) and `retrain_if_due` after decided labels
(`signals.py`): it retrains once HCVVET_TRIAGE_RETRAIN_EVERY labels were decided since the latest model read
its labels. Two runs at once cannot both train: the second finds a model training and stops.
"""

import logging

from celery import shared_task
from django.conf import settings

from .models import TriageModel
from .services import (
    TriageError,
    features_refresh,
    predictions_refresh,
    release_stale_training,
    retrain,
    retrain_due,
)

log = logging.getLogger(__name__)
TRAIN_SOFT_TIME_LIMIT_SECONDS = 1800
TRAIN_TIME_LIMIT_SECONDS = 1900


def _retrain(reason: str) -> int | None:
    release_stale_training(older_than_seconds=TRAIN_TIME_LIMIT_SECONDS + 60)
    try:
        return retrain(reason=reason).pk
    except TriageError as error:
        log.warning("triage retraining (%s) did not run: %s", reason, error.message)
        return None


@shared_task(
    name="hcvvet.triage.tasks.retrain",
    acks_late=True,
    soft_time_limit=TRAIN_SOFT_TIME_LIMIT_SECONDS,
    time_limit=TRAIN_TIME_LIMIT_SECONDS,
)
def retrain_model(reason: str = "nightly") -> int | None:
    """Features, a new model, its activation and predictions (`services.retrain`); the model's id, or None
    when another training runs or the labels do not allow one."""
    return _retrain(reason)


@shared_task(
    name="hcvvet.triage.tasks.retrain_if_due",
    acks_late=True,
    soft_time_limit=TRAIN_SOFT_TIME_LIMIT_SECONDS,
    time_limit=TRAIN_TIME_LIMIT_SECONDS,
)
def retrain_if_due() -> int | None:
    """Retrain when enough labels were decided since the latest model (`services.retrain_due`)."""
    if not retrain_due():
        return None
    return _retrain(f"{settings.HCVVET_TRIAGE_RETRAIN_EVERY} new decided labels")


@shared_task(
    name="hcvvet.triage.tasks.predict",
    acks_late=True,
    soft_time_limit=TRAIN_SOFT_TIME_LIMIT_SECONDS,
    time_limit=TRAIN_TIME_LIMIT_SECONDS,
)
def predict(model_id: int | None = None) -> int:
    """Predictions for every candidate under model `model_id` (the active one by default); the count, or 0
    when the model is gone or not active any more."""
    model = TriageModel.objects.filter(pk=model_id).first() if model_id is not None else None
    if model_id is not None and (model is None or not model.is_active):
        return 0
    try:
        return predictions_refresh(model=model)
    except TriageError as error:
        log.warning("triage predictions did not run: %s", error.message)
        return 0


@shared_task(name="hcvvet.triage.tasks.features", acks_late=True, soft_time_limit=600, time_limit=660)
def compute_features() -> int:
    """Every candidate's features, stored; the number of candidates."""
    return int(features_refresh().match_id.size)
