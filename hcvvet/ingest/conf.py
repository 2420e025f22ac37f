"""Ingest tuning knobs: a Django setting when present, else the environment, else the default."""

import os

from django.conf import settings

DEFAULTS = {
    "HCVVET_INGEST_BATCH_MATCHIDS": 400,  # MatchIDs per light-curve query
    "HCVVET_INGEST_LEASE_SECONDS": 20.0,  # a running job whose heartbeat is older is taken over
    "HCVVET_INGEST_RETRY_BASE_SECONDS": 2.0,  # backoff: base * 2**attempt, capped at 5 minutes
    "HCVVET_INGEST_MAX_RETRIES": 8,
    "HCVVET_INGEST_TASK_BUDGET_SECONDS": 300,  # a run re-queues itself after this, under the time limit
    "HCVVET_CUTOUT_PREFETCH_CANDIDATES": 50,  # the first page(s) of the review queue
    "HCVVET_CUTOUT_MAX_ATTEMPTS": 3,
}


def knob(name: str) -> float:
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    return type(default)(os.environ.get(name, default))
