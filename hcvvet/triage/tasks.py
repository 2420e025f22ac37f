"""Celery tasks of triage: thin, id-only, safe to run twice; routed to the `triage` queue by the settings
(CELERY_TASK_ROUTES: `hcvvet.triage.*`), so training never holds up an ingest.

Beat runs `retrain` nightly and `retrain_if_due` every few minutes (CELERY_BEAT_SCHEDULE): it retrains once
enough labels were decided since the latest model read its labels (`schedule.retrain_reason`), and otherwise
ranks the model-ordered campaigns started since the last refresh. Every prediction refresh is followed by
the campaigns' queue orders and retirements (`queue_order.queue_orders_refresh`). Two runs at once cannot
both train: the second finds a model training and stops.
"""

import logging

from celery import shared_task
from django.conf import settings

from .models import TriageModel
from .queue_order import campaigns_waiting_for_order, queue_orders_refresh
from .schedule import retrain_reason
from .services import (
    TriageError,
    features_refresh,
    predictions_refresh,
    release_stale_training,
    retrain,
)

log = logging.getLogger(__name__)
TRAIN_SOFT_TIME_LIMIT_SECONDS = 1800
TRAIN_TIME_LIMIT_SECONDS = 1900


def _retrain(reason: str) -> int | None:
    release_stale_training(older_than_seconds=TRAIN_TIME_LIMIT_SECONDS + 60)
    try:
        model = retrain(reason=reason)
    except TriageError as error:
        log.warning("triage retraining (%s) did not run: %s", reason, error.message)
        return None
    if model.is_active:
        queue_orders_refresh(model)
    return model.pk


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
    """Retrain when enough labels were decided since the latest model (`schedule.retrain_reason`); else rank
    the model-ordered campaigns the active model has not ranked yet. The new model's id, or None."""
    reason = retrain_reason(int(settings.HCVVET_TRIAGE_RETRAIN_EVERY))
    if reason:
        return _retrain(reason)
    if campaigns_waiting_for_order():
        queue_orders_refresh()
    return None


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
        count = predictions_refresh(model=model)
    except TriageError as error:
        log.warning("triage predictions did not run: %s", error.message)
        return 0
    queue_orders_refresh()
    return count


@shared_task(name="hcvvet.triage.tasks.features", acks_late=True, soft_time_limit=600, time_limit=660)
def compute_features() -> int:
    """Every candidate's features, stored; the number of candidates."""
    return int(features_refresh().match_id.size)
