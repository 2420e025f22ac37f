"""Queue position for the review page's header, served from a per-process snapshot of the queue order.

`queues.queue_position` counts the candidates ahead with SQL, which costs time in proportion to the rank (about
0.1-0.25 s per page at full HCV scale on SQLite). The header only needs an informative "position of total", so
this keeps the campaign's order (from `queues.campaign_candidates`, the one source of queue order) for
SNAPSHOT_SECONDS and looks ranks up in it. Interim until the queue selector answers in constant time
(/work/notes/review-needs.md).
"""

import time

from hcvvet.catalog.models import Candidate

from . import queues
from .models import Campaign

SNAPSHOT_SECONDS = 300.0
_snapshots: dict[int, tuple[float, dict[int, int]]] = {}


def queue_position(*, campaign: Campaign, candidate: Candidate) -> tuple[int, int] | None:
    """(1-based rank, queue size) of `candidate` in `campaign`'s order as of the last snapshot; None if absent.

    One query when the snapshot is missing or older than SNAPSHOT_SECONDS, none otherwise.
    """
    now = time.monotonic()
    taken = _snapshots.get(campaign.pk)
    if taken is None or now - taken[0] > SNAPSHOT_SECONDS:
        order = queues.campaign_candidates(campaign).values_list("pk", flat=True)
        taken = (now, {pk: rank for rank, pk in enumerate(order, start=1)})
        _snapshots[campaign.pk] = taken
    ranks = taken[1]
    rank = ranks.get(candidate.pk)
    return None if rank is None else (rank, len(ranks))


def forget(campaign_id: int | None = None) -> None:
    """Drop the snapshots (all, or one campaign's): the next page takes a fresh one."""
    if campaign_id is None:
        _snapshots.clear()
    else:
        _snapshots.pop(campaign_id, None)
