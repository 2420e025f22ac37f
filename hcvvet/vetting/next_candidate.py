"""The "next candidate for me" of an expert: the leased candidate, its lease and their progress, in one value.

Clients that drive a queue (the API) call `next_candidate` once; it leases like the review page does and
returns the candidate as `visibility.visible_candidates` gives it, so a serializer shows only what the expert
may see.
"""

from dataclasses import dataclass
from datetime import datetime

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.catalog.selectors import candidate_list

from .models import Campaign
from .queues import next_lease, queue_progress
from .visibility import visible_candidates


@dataclass(frozen=True)
class NextCandidate:
    """An expert's next candidate in a campaign; `candidate` (annotated by `visible_candidates`) and
    `lease_expires_at` are None when the queue is empty."""

    campaign_id: int
    candidate: Candidate | None
    lease_expires_at: datetime | None
    labelled: int
    total: int


def next_candidate(*, expert: User, campaign: Campaign) -> NextCandidate:
    """Lease and return `expert`'s next candidate in `campaign` (the one already leased, if any), with
    progress."""
    lease = next_lease(expert=expert, campaign=campaign)
    candidate, expires_at = None, None
    if lease is not None:
        candidate = visible_candidates(candidate_list(), expert).get(pk=lease.item.candidate_id)
        expires_at = lease.expires_at
    labelled, total = queue_progress(expert=expert, campaign=campaign)
    return NextCandidate(
        campaign_id=campaign.pk,
        candidate=candidate,
        lease_expires_at=expires_at,
        labelled=labelled,
        total=total,
    )
