"""Writing the backup document: every kind of vetting row, in a stable order, with users named by username."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, Measurement, RejectionSource

from ..models import Adjudication, Campaign, CampaignCandidate, EpochRejection, ImageFlag, Label, LabelEvent
from .format import (
    ADJUDICATION,
    CAMPAIGN,
    CAMPAIGN_ITEM,
    EVENT,
    FORMAT,
    IMAGE_FLAG,
    LABEL,
    VERSION,
    Record,
    datetime_text,
)


class _Users:
    """Usernames by user id, collected while exporting: the backup lists exactly the users it mentions."""

    def __init__(self) -> None:
        self.names = dict(User.objects.values_list("pk", "username"))
        self.used: set[int] = set()

    def __call__(self, user_id: int | None) -> str | None:
        return None if user_id is None else self.name(user_id)

    def name(self, user_id: int) -> str:
        self.used.add(user_id)
        return self.names[user_id]

    def records(self) -> list[dict[str, Any]]:
        users = User.objects.filter(pk__in=self.used).prefetch_related("groups").order_by("username")
        return [
            {
                "username": u.username,
                "email": u.email,
                "is_active": u.is_active,
                "roles": sorted(g.name for g in u.groups.all()),
            }
            for u in users
        ]


def vetting_export() -> dict[str, Any]:
    """The whole vetting state as a backup document (format FORMAT, version VERSION).

    Caller wraps it in a transaction when the tables may change meanwhile (one consistent snapshot).
    """
    user = _Users()
    # Every section is built before `user.records()`, which lists the users the sections named.
    sections = {
        "campaigns": _campaigns(user),
        "labels": _records(LABEL, Label.objects.order_by("pk"), user),
        "events": _records(EVENT, LabelEvent.objects.order_by("created_at", "pk"), user),
        "adjudications": _records(ADJUDICATION, Adjudication.objects.order_by("pk"), user),
        "image_flags": _records(IMAGE_FLAG, ImageFlag.objects.order_by("pk"), user),
        "epoch_rejections": _epoch_rejections(user),
    }
    outcomes = Candidate.objects.filter(expert_class__isnull=False).order_by("pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "users": user.records(),
        **sections,
        "outcomes": [{"match_id": c.pk, "expert_class": c.expert_class} for c in outcomes],
        "needs_review": list(
            Candidate.objects.filter(needs_review=True).order_by("pk").values_list("pk", flat=True)
        ),
    }


def _campaigns(user: _Users) -> list[dict[str, Any]]:
    items_of: dict[int, list[dict[str, Any]]] = {}
    for item in CampaignCandidate.objects.order_by("campaign_id", "position", "pk"):
        items_of.setdefault(item.campaign_id, []).append(CAMPAIGN_ITEM.write(item, user.name))
    return [
        CAMPAIGN.write(c, user.name)
        | {"experts": sorted(user.name(e.pk) for e in c.experts.all()), "items": items_of.get(c.pk, [])}
        for c in Campaign.objects.prefetch_related("experts").order_by("pk")
    ]


def _records(record: Record, rows: QuerySet, user: _Users) -> list[dict[str, Any]]:
    return [record.write(row, user.name) for row in rows]


def _epoch_rejections(user: _Users) -> list[dict[str, Any]]:
    """Each expert's rejection (with its campaign) and each epoch rejected by its image's flag alone."""
    by_experts = [
        _rejection(
            r.measurement,
            source=RejectionSource.EXPERT,
            campaign=r.campaign_id,
            reason=r.reason,
            rejected_by=user(r.expert_id),
            rejected_at=r.created_at,
        )
        for r in EpochRejection.objects.select_related("measurement").order_by(
            "measurement__candidate_id", "measurement__filter", "measurement__image_id", "created_at", "pk"
        )
    ]
    by_flags = [
        _rejection(
            m,
            source=m.rejected_source,
            campaign=None,
            reason=m.rejected_reason,
            rejected_by=user(m.rejected_by_id),
            rejected_at=m.rejected_at,
        )
        for m in Measurement.objects.filter(rejected=True)
        .exclude(rejected_source=RejectionSource.EXPERT)
        .order_by("candidate_id", "filter", "image_id")
    ]
    return by_experts + by_flags


def _rejection(
    measurement: Measurement,
    *,
    source: str,
    campaign: int | None,
    reason: str,
    rejected_by: str | None,
    rejected_at: datetime | None,
) -> dict[str, Any]:
    """An entry of `epoch_rejections`: the epoch by its natural key (MatchID, filter, image), who rejected it
    why and when, and in which campaign (none for an image flag's rejection)."""
    return {
        "match_id": measurement.candidate_id,
        "filter": measurement.filter,
        "image": measurement.image_id,
        "source": source,
        "campaign": campaign,
        "reason": reason,
        "rejected_by": rejected_by,
        "rejected_at": datetime_text(rejected_at),
    }
