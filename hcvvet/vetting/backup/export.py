"""Writing the backup document: every kind of vetting row, in a stable order, with users named by username."""

from typing import Any

from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, Measurement, RejectionSource

from ..models import Adjudication, Campaign, CampaignCandidate, EpochRejection, ImageFlag, Label, LabelEvent
from ..selection import Selection
from .format import FORMAT, VERSION, datetime_text


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
        "labels": _labels(user),
        "events": _events(user),
        "adjudications": _adjudications(user),
        "image_flags": _image_flags(user),
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
        items_of.setdefault(item.campaign_id, []).append(
            {
                "id": item.pk,
                "match_id": item.candidate_id,
                "position": item.position,
                "stratum": item.stratum,
                "is_gold": item.is_gold,
                "gold_class": item.gold_class,
                "vote_count": item.vote_count,
                "consensus": item.consensus,
                "consensus_class": item.consensus_class,
                "decided_at": datetime_text(item.decided_at),
                "in_audit": item.in_audit,
                "priority": item.priority,
                "retired_at": datetime_text(item.retired_at),
                "retired_model": item.retired_model,
                "retired_class": item.retired_class,
                "retired_probability": item.retired_probability,
            }
        )
    return [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "selection": Selection.of(c).to_json(),
            "experts": sorted(user.name(e.pk) for e in c.experts.all()),
            "votes_needed": c.votes_needed,
            "blind": c.blind,
            "rule": c.rule,
            "rule_k": c.rule_k,
            "order": c.order,
            "seed": c.seed,
            "audit_share": c.audit_share,
            "model_display": c.model_display,
            "retire_confidence": c.retire_confidence,
            "retrain_after": c.retrain_after,
            "state": c.state,
            "is_default": c.is_default,
            "created_by": user(c.created_by_id),
            "created_at": datetime_text(c.created_at),
            "started_at": datetime_text(c.started_at),
            "items": items_of.get(c.pk, []),
        }
        for c in Campaign.objects.prefetch_related("experts").order_by("pk")
    ]


def _labels(user: _Users) -> list[dict[str, Any]]:
    return [
        {
            "id": label.pk,
            "campaign": label.campaign_id,
            "match_id": label.candidate_id,
            "expert": user(label.expert_id),
            "expert_class": label.expert_class,
            "skipped": label.skipped,
            "reasons": list(label.reasons),
            "comment": label.comment,
            "seconds_spent": label.seconds_spent,
            "created_at": datetime_text(label.created_at),
            "updated_at": datetime_text(label.updated_at),
        }
        for label in Label.objects.order_by("pk")
    ]


def _events(user: _Users) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "actor": user(e.actor_id),
            "campaign": e.campaign_id,
            "match_id": e.candidate_id,
            "label": e.label_id,
            "before": e.before,
            "after": e.after,
            "undoes": e.undoes_id,
            "created_at": datetime_text(e.created_at),
        }
        for e in LabelEvent.objects.order_by("created_at", "pk")
    ]


def _adjudications(user: _Users) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "item": a.item_id,
            "decided_class": a.decided_class,
            "adjudicator": user(a.adjudicator_id),
            "rule": a.rule,
            "votes": a.votes,
            "note": a.note,
            "decided_at": datetime_text(a.decided_at),
        }
        for a in Adjudication.objects.order_by("pk")
    ]


def _image_flags(user: _Users) -> list[dict[str, Any]]:
    return [
        {
            "id": f.pk,
            "image": f.image_id,
            "reason": f.reason,
            "flagged_by": user(f.flagged_by_id),
            "created_at": datetime_text(f.created_at),
            "cleared_by": user(f.cleared_by_id),
            "cleared_at": datetime_text(f.cleared_at),
            "marked_for_review": list(f.marked_for_review),
        }
        for f in ImageFlag.objects.order_by("pk")
    ]


def _epoch_rejections(user: _Users) -> list[dict[str, Any]]:
    """Each expert's rejection (with its campaign) and each epoch rejected by its image's flag alone."""
    by_experts = [
        {
            "match_id": r.measurement.candidate_id,
            "filter": r.measurement.filter,
            "image": r.measurement.image_id,
            "source": RejectionSource.EXPERT,
            "campaign": r.campaign_id,
            "reason": r.reason,
            "rejected_by": user(r.expert_id),
            "rejected_at": datetime_text(r.created_at),
        }
        for r in EpochRejection.objects.select_related("measurement").order_by(
            "measurement__candidate_id", "measurement__filter", "measurement__image_id", "created_at", "pk"
        )
    ]
    by_flags = [
        {
            "match_id": m.candidate_id,
            "filter": m.filter,
            "image": m.image_id,
            "source": m.rejected_source,
            "campaign": None,
            "reason": m.rejected_reason,
            "rejected_by": user(m.rejected_by_id),
            "rejected_at": datetime_text(m.rejected_at),
        }
        for m in Measurement.objects.filter(rejected=True)
        .exclude(rejected_source=RejectionSource.EXPERT)
        .order_by("candidate_id", "filter", "image_id")
    ]
    return by_experts + by_flags
