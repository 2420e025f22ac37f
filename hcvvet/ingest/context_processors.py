"""Template context of every page: how many ingest jobs are still filling the catalogue, so the pages that
show queue totals say the totals are still growing ("still ingesting")."""

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from .models import IngestJob
from .services.state import ACTIVE_STATES


def ingest_activity(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """`ingest_jobs_active`: the queued and running ingest jobs, counted (one query, once per page) only by a
    page that shows it (a template calls it); nothing for a visitor who is not signed in."""
    if not request.user.is_authenticated:
        return {}
    return {"ingest_jobs_active": cache(IngestJob.objects.filter(state__in=ACTIVE_STATES).count)}
