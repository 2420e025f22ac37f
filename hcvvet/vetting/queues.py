"""Selectors and services for experts' queues: which candidate an expert is served next, with a lease.

Each expert sees each candidate of a campaign once. A candidate is served only while it is still collecting
votes (consensus open) and its votes plus the live leases of other experts are fewer than the campaign needs,
so two experts working at once are never served the same last-needed vote; a lease expires when a page is
abandoned.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.catalog.versioning import CATALOG, data_version

from .errors import NotAllowed
from .models import Campaign, CampaignCandidate, CampaignState, ConsensusRule, ConsensusState, Label, Lease
from .selection import Selection

LEASE_DURATION = timedelta(minutes=10)
LIVE_ORDER_MAX_AGE_SECONDS = 600.0
DEFAULT_CAMPAIGN_NAME = "Default queue"
DEFAULT_SELECTION = {"auto_class": [1, 2], "live": True}


def default_campaign() -> Campaign:
    """Every expert's open queue: all AutoClass > 0 candidates, live, highest MAD first (those with a stored
    light curve before those still waiting for it), one vote each."""
    campaign, _ = Campaign.objects.get_or_create(
        is_default=True,
        defaults={
            "name": DEFAULT_CAMPAIGN_NAME,
            "description": (
                "Every AutoClass > 0 candidate, highest MAD first; new candidates join as ingested."
            ),
            "selection": DEFAULT_SELECTION,
            "votes_needed": 1,
            "blind": True,
            "rule": ConsensusRule.UNANIMOUS,
            "state": CampaignState.ACTIVE,
            "started_at": timezone.now(),
        },
    )
    return campaign


def is_campaign_expert(campaign: Campaign, user: User) -> bool:
    """Whether `user` labels in `campaign`: every expert takes part in the default campaign."""
    if not user.is_authenticated:
        return False
    if campaign.is_default:
        return user.is_expert
    prefetched = getattr(campaign, "_prefetched_objects_cache", {}).get("experts")
    if prefetched is not None:
        return any(expert.pk == user.pk for expert in prefetched)
    return campaign.experts.filter(pk=user.pk).exists()


def require_campaign_expert(campaign: Campaign, user: User) -> None:
    if not is_campaign_expert(campaign, user):
        raise NotAllowed(f"{user} is not an expert of campaign {campaign.name!r}", field="campaign")


def is_live(campaign: Campaign) -> bool:
    return Selection.of(campaign).is_live


def campaign_candidates(campaign: Campaign) -> QuerySet[Candidate]:
    """The campaign's candidates in queue order: frozen items by position, a live selection by MAD, those
    whose light curve is stored first (during an ingest the others would show empty plots; they are served
    once theirs is loaded, or last if it never comes)."""
    if is_live(campaign):
        return (
            Selection.of(campaign)
            .candidates()
            .order_by(F("has_light_curve").desc(), F("max_mad").desc(nulls_last=True), "match_id")
        )
    return Candidate.objects.filter(campaign_items__campaign=campaign).order_by(
        "campaign_items__position", "match_id"
    )


def done_by(*, campaign: Campaign, expert: User, candidate_ref: str = "pk") -> QuerySet[Label]:
    """Labels (as a correlated subquery on the candidate that `candidate_ref` names in the outer query) that
    take a candidate out of this expert's queue."""
    return Label.objects.filter(campaign=campaign, expert=expert, candidate=OuterRef(candidate_ref)).filter(
        Q(expert_class__isnull=False) | Q(skipped=True)
    )


def pending_candidates(
    *, campaign: Campaign, expert: User, now: datetime | None = None
) -> QuerySet[Candidate]:
    """Candidates still to serve this expert, in queue order (one query when evaluated)."""
    now = now or timezone.now()
    other_leases = (
        Lease.objects.filter(item=OuterRef("pk"), expires_at__gt=now)
        .exclude(expert=expert)
        .order_by()
        .values("item")
        .annotate(n=Count("pk"))
        .values("n")
    )
    closed = (
        CampaignCandidate.objects.filter(campaign=campaign, candidate=OuterRef("pk"))
        .annotate(leased=Coalesce(Subquery(other_leases), 0))
        .filter(~Q(consensus=ConsensusState.OPEN) | Q(vote_count__gte=campaign.votes_needed - F("leased")))
    )
    return (
        campaign_candidates(campaign)
        .exclude(Exists(done_by(campaign=campaign, expert=expert)))
        .exclude(Exists(closed))
    )


def item_has_room(item: CampaignCandidate, *, expert: User, now: datetime) -> bool:
    """Whether `expert` may add a vote to `item`. Caller holds the item's row lock."""
    if item.consensus != ConsensusState.OPEN:
        return False
    others = Lease.objects.filter(item=item, expires_at__gt=now).exclude(expert=expert).count()
    return item.vote_count + others < item.campaign.votes_needed


def item_for(*, campaign: Campaign, candidate_id: int, lock: bool = False) -> CampaignCandidate | None:
    """The campaign's item for a candidate (created on first use in a live campaign); None if not in it.

    With `lock`, the caller must be inside a transaction: the row is locked until it ends.
    """
    items = CampaignCandidate.objects.select_related("campaign", "candidate")
    if lock:
        items = items.select_for_update(of=("self",))
    item = items.filter(campaign=campaign, candidate_id=candidate_id).first()
    if item is None and is_live(campaign):
        if not Selection.of(campaign).candidates().filter(pk=candidate_id).exists():
            return None
        CampaignCandidate.objects.get_or_create(
            campaign=campaign, candidate_id=candidate_id, defaults={"position": 0}
        )
        item = items.get(campaign=campaign, candidate_id=candidate_id)
    return item


def next_item(*, expert: User, campaign: Campaign) -> CampaignCandidate | None:
    """The candidate to show `expert` now, leased to them; None if their queue is empty or the campaign shut.

    A lease the expert already holds is renewed and returned first, so a reload lands on the same candidate.
    """
    lease = next_lease(expert=expert, campaign=campaign)
    return None if lease is None else lease.item


def next_lease(*, expert: User, campaign: Campaign) -> Lease | None:
    """`next_item`'s lease (with its item, the item's campaign and candidate), for callers that show when it
    expires; None where `next_item` is None."""
    require_campaign_expert(campaign, expert)
    if campaign.state != CampaignState.ACTIVE:
        return None
    now = timezone.now()
    held = list(
        Lease.objects.filter(
            expert=expert, item__campaign=campaign, item__consensus=ConsensusState.OPEN, expires_at__gt=now
        )
        .exclude(
            Exists(
                Label.objects.filter(
                    campaign=campaign, expert=expert, candidate=OuterRef("item__candidate")
                ).filter(Q(expert_class__isnull=False) | Q(skipped=True))
            )
        )
        .select_related("item__campaign", "item__candidate")
    )
    if held:
        # Prefetched candidates are leased too: the first held one in queue order is the expert's open page.
        lease = min(held, key=lambda h: _queue_key(campaign, h.item))
        lease.expires_at = now + LEASE_DURATION
        lease.save(update_fields=["expires_at"])
        return lease
    # Another expert may take the first pending candidate between the read and the lock: try the next ones.
    for _ in range(8):
        candidate_id = (
            pending_candidates(campaign=campaign, expert=expert, now=now).values_list("pk", flat=True).first()
        )
        if candidate_id is None:
            return None
        with transaction.atomic():
            item = item_for(campaign=campaign, candidate_id=candidate_id, lock=True)
            if item is not None and item_has_room(item, expert=expert, now=now):
                # Any lease of this expert on the item has expired (a live one is served above): replace it.
                Lease.objects.filter(item=item, expert=expert).delete()
                return Lease.objects.create(item=item, expert=expert, expires_at=now + LEASE_DURATION)
    return None


def _queue_key(campaign: Campaign, item: CampaignCandidate) -> tuple:
    """Sort key of an item in its campaign's queue order (as `campaign_candidates` orders)."""
    if is_live(campaign):
        mad = item.candidate.max_mad
        return (not item.candidate.has_light_curve, mad is None, -(mad or 0.0), item.candidate_id)
    return (item.position, item.candidate_id)


def lease_take(
    *, expert: User, campaign: Campaign, candidate: Candidate, now: datetime | None = None
) -> bool:
    """Lease (or renew) `expert`'s vote on `candidate` for LEASE_DURATION, as `next_item` does for the page
    it serves; the review page calls it for the candidates it prefetches. False, and no lease, when the
    candidate is not in the campaign, the expert has labelled or skipped it, or its remaining votes are leased
    to others.
    """
    require_campaign_expert(campaign, expert)
    if campaign.state != CampaignState.ACTIVE:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        item = item_for(campaign=campaign, candidate_id=candidate.pk, lock=True)
        if item is None or not item_has_room(item, expert=expert, now=now):
            return False
        if (
            Label.objects.filter(campaign=campaign, expert=expert, candidate=candidate)
            .filter(Q(expert_class__isnull=False) | Q(skipped=True))
            .exists()
        ):
            return False
        Lease.objects.update_or_create(
            item=item, expert=expert, defaults={"expires_at": now + LEASE_DURATION}
        )
    return True


def lease_release(*, item: CampaignCandidate, expert: User) -> None:
    Lease.objects.filter(item=item, expert=expert).delete()


@dataclass(frozen=True)
class Neighbours:
    previous: Candidate | None
    next: list[Candidate]


def skipped_waiting(*, expert: User, campaign: Campaign) -> QuerySet[Candidate]:
    """Candidates `expert` skipped in `campaign` that still wait for a vote: not decided, fewer votes than
    needed. A skip takes a candidate out of the expert's queue for good, so the queue never serves them
    again; the page that says the queue is done lists them, so that a campaign its experts skipped a
    candidate of can still finish. MatchID order."""
    full = CampaignCandidate.objects.filter(campaign=campaign, candidate=OuterRef("pk")).filter(
        ~Q(consensus=ConsensusState.OPEN) | Q(vote_count__gte=campaign.votes_needed)
    )
    skipped = Label.objects.filter(
        campaign=campaign, expert=expert, candidate=OuterRef("pk"), skipped=True, expert_class__isnull=True
    )
    return campaign_candidates(campaign).filter(Exists(skipped)).exclude(Exists(full)).order_by("pk")


def queue_neighbours(
    *, expert: User, campaign: Campaign, item: CampaignCandidate | Candidate, n: int = 3
) -> Neighbours:
    """The next `n` candidates after `item` to prefetch (not leased), and this expert's last one ("p")."""
    current_id = item.candidate_id if isinstance(item, CampaignCandidate) else item.pk
    upcoming = list(pending_candidates(campaign=campaign, expert=expert).exclude(pk=current_id)[:n])
    previous = (
        Label.objects.filter(campaign=campaign, expert=expert)
        .exclude(candidate_id=current_id)
        .select_related("candidate")
        .order_by("-updated_at", "-pk")
        .first()
    )
    return Neighbours(previous=previous.candidate if previous else None, next=upcoming)


def queue_progress(*, expert: User, campaign: Campaign) -> tuple[int, int]:
    """(labelled, total) of this expert's queue: total is what they labelled plus what is still pending."""
    labelled = Label.objects.filter(campaign=campaign, expert=expert, expert_class__isnull=False).count()
    if is_live(campaign):
        pending = pending_candidates(campaign=campaign, expert=expert).count()
    else:
        pending = _pending_item_count(campaign=campaign, expert=expert, now=timezone.now())
    return labelled, labelled + pending


def _pending_item_count(*, campaign: Campaign, expert: User, now: datetime) -> int:
    """How many candidates of a frozen campaign `pending_candidates` holds, counted on its items in one query.

    Pending: open, not done by `expert`, and fewer votes than needed once the live leases of other experts
    are added. That is the open items not done with fewer votes than needed (one pass over the items, no
    subquery per item), less those among them that other experts' leases fill (found from the few live
    leases). `pending_candidates(...).count()` joins every item to its candidate and asks a lease subquery
    per item: tens of milliseconds per call on a campaign of 3,000 candidates.
    """
    needed = campaign.votes_needed
    open_items = CampaignCandidate.objects.filter(
        campaign=campaign, consensus=ConsensusState.OPEN, vote_count__lt=needed
    ).exclude(Exists(done_by(campaign=campaign, expert=expert, candidate_ref="candidate_id")))
    others_live = Lease.objects.filter(expires_at__gt=now).exclude(expert=expert)
    leased = others_live.filter(item=OuterRef("pk")).order_by().values("item").annotate(n=Count("pk"))
    filled = open_items.filter(
        pk__in=others_live.filter(item__campaign=campaign).values("item"),
        vote_count__gte=needed - Subquery(leased.values("n")),
    )
    filled_count = filled.order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return open_items.aggregate(n=Count("pk") - Coalesce(Subquery(filled_count), 0))["n"]


def campaign_size(campaign: Campaign) -> int:
    return campaign_candidates(campaign).count()


@dataclass(frozen=True)
class _LiveOrder:
    """A live campaign's queue order: sorted MatchIDs and 1-based ranks (numpy, ~16 bytes a candidate)."""

    key: tuple
    taken_at: float
    match_ids: np.ndarray
    ranks: np.ndarray

    def rank(self, match_id: int) -> int | None:
        i = int(np.searchsorted(self.match_ids, match_id))
        if i < len(self.match_ids) and self.match_ids[i] == match_id:
            return int(self.ranks[i])
        return None


_live_orders: dict[int, _LiveOrder] = {}


def _live_order(campaign: Campaign, *, fresh: bool = False) -> _LiveOrder:
    """This process's copy of a live campaign's order, re-read when the catalog data version moved
    (candidates' MAD or class may have changed) or when it is older than LIVE_ORDER_MAX_AGE (a backstop for
    rows written around the catalog services)."""
    key = (campaign.pk, campaign.started_at, data_version(CATALOG))
    now = time.monotonic()
    cached = _live_orders.get(campaign.pk)
    if fresh or cached is None or cached.key != key or now - cached.taken_at > LIVE_ORDER_MAX_AGE_SECONDS:
        ordered = np.fromiter(campaign_candidates(campaign).values_list("pk", flat=True), dtype=np.int64)
        by_id = np.argsort(ordered, kind="stable")
        cached = _LiveOrder(key=key, taken_at=now, match_ids=ordered[by_id], ranks=by_id + 1)
        _live_orders[campaign.pk] = cached
    return cached


def queue_position(*, campaign: Campaign, candidate: Candidate) -> tuple[int, int] | None:
    """(1-based rank of `candidate` in the campaign's queue order, campaign size); None if it is not in it.

    Constant time. A frozen campaign's items hold their rank (positions 0..n-1, as campaign_start writes
    them): two indexed lookups. A live campaign's order is kept per process and re-read when the catalog data
    version moves (hcvvet.catalog.versioning); a candidate missing from it re-reads it once if it belongs.
    """
    if not is_live(campaign):
        items = CampaignCandidate.objects.filter(campaign=campaign)
        position = items.filter(candidate=candidate).values_list("position", flat=True).first()
        if position is None:
            return None
        last = items.order_by("-position").values_list("position", flat=True)[0]  # exists: `position` does
        return position + 1, last + 1
    order = _live_order(campaign)
    rank = order.rank(candidate.pk)
    if rank is None:
        if not Selection.of(campaign).candidates().filter(pk=candidate.pk).exists():
            return None
        order = _live_order(campaign, fresh=True)
        rank = order.rank(candidate.pk)
        if rank is None:
            return None
    return rank, len(order.match_ids)


@dataclass(frozen=True)
class QueueSummary:
    campaign: Campaign
    labelled: int
    total: int
    skipped: int  # skipped candidates that still wait for a vote (`skipped_waiting`), outside `total`


def queues_for(user: User) -> list[QueueSummary]:
    """The active campaigns `user` labels in (the default one first), each with this user's progress."""
    if not (user.is_authenticated and user.is_expert):
        return []  # an expert who lost the role keeps their campaigns' names, but reviews in none
    campaigns: list[Campaign] = [default_campaign()]
    campaigns += list(
        Campaign.objects.filter(experts=user, state=CampaignState.ACTIVE, is_default=False).order_by("name")
    )
    return [
        QueueSummary(
            c,
            *queue_progress(expert=user, campaign=c),
            skipped=skipped_waiting(expert=user, campaign=c).count(),
        )
        for c in campaigns
    ]
