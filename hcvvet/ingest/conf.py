"""Ingest tuning knobs: Django settings (hcvvet/settings/base.py reads them from HCVVET_INGEST_* in the
environment); tests override them with the `settings` fixture."""

from django.conf import settings

KNOBS = (
    "HCVVET_INGEST_BATCH_MATCHIDS",  # MatchIDs per light-curve query
    "HCVVET_INGEST_LEASE_SECONDS",  # a running job whose heartbeat is older is taken over
    "HCVVET_INGEST_RETRY_BASE_SECONDS",  # backoff: base * 2**attempt, capped at 5 minutes
    "HCVVET_INGEST_MAX_RETRIES",
    "HCVVET_INGEST_TASK_BUDGET_SECONDS",  # a run re-queues itself after this, under the time limit
    "HCVVET_INGEST_PREFETCH_CANDIDATES",  # candidates at the top of the review queue that get cutouts
    "HCVVET_INGEST_CUTOUT_ATTEMPTS",  # fetches of a cutout before it stays missing
    "HCVVET_INGEST_PART_SUMMARY_OBJECTS",  # objects (whole groups) per summary part of a whole-catalogue job
    "HCVVET_INGEST_PART_MATCHIDS",  # MatchIDs per light-curve part of a whole-catalogue job
)


def knob(name: str) -> float:
    """The current value of ingest setting `name` (one of KNOBS)."""
    if name not in KNOBS:
        raise KeyError(f"{name} is not an ingest setting")
    return getattr(settings, name)
