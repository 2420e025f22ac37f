"""Backing up and restoring what experts and curators decided, in a versioned JSON document that outlives the
database schema: campaigns (settings, selection, experts, frozen membership with gold and consensus),
labels, their append-only events, adjudications, image flags, epoch rejections and hcvvet's outcome per
candidate.

The catalogue is not in it: candidates are named by MatchID and images by ImageName, and restoring requires
them to be ingested already (the catalogue comes back from MAST, decisions do not). Users are named by
username; a restore creates the missing ones inactive, with no usable password and the roles the backup lists,
so history keeps its actors and an administrator decides who may log in again. Leases (open review pages) are
not kept.

A restore writes the rows with the ids, timestamps and order of the backup, so links, event order and "who did
what when" are exactly as before. It refuses a database that already holds vetting data unless asked to
replace it (`replace=True`), which first deletes every campaign, label, event, adjudication, flag and
rejection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement, RejectionSource
from hcvvet.catalog.versioning import CATALOG, LABELS, data_version_bump

from .epochs import vetted_stats_refresh
from .errors import Conflict, InvalidInput
from .models import (
    Adjudication,
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusRule,
    ConsensusState,
    EventKind,
    ImageFlag,
    Label,
    LabelEvent,
    Lease,
    QueueOrder,
)
from .selection import Selection

FORMAT = "hcvvet-vetting-backup"
VERSION = 1
BATCH = 1000
# Restored with explicit ids; their sequences are moved past them afterwards (PostgreSQL).
RESTORED_MODELS = (Campaign, CampaignCandidate, Label, LabelEvent, Adjudication, ImageFlag)


@dataclass
class RestoreSummary:
    counts: dict[str, int]
    users_created: list[str] = field(default_factory=list)


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


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
    """The whole vetting state as a backup document (format FORMAT, version VERSION)."""
    user = _Users()
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
                "decided_at": _when(item.decided_at),
            }
        )
    campaigns = [
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
            "state": c.state,
            "is_default": c.is_default,
            "created_by": user(c.created_by_id),
            "created_at": _when(c.created_at),
            "started_at": _when(c.started_at),
            "items": items_of.get(c.pk, []),
        }
        for c in Campaign.objects.prefetch_related("experts").order_by("pk")
    ]
    labels = [
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
            "created_at": _when(label.created_at),
            "updated_at": _when(label.updated_at),
        }
        for label in Label.objects.order_by("pk")
    ]
    events = [
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
            "created_at": _when(e.created_at),
        }
        for e in LabelEvent.objects.order_by("created_at", "pk")
    ]
    adjudications = [
        {
            "id": a.pk,
            "item": a.item_id,
            "decided_class": a.decided_class,
            "adjudicator": user(a.adjudicator_id),
            "rule": a.rule,
            "votes": a.votes,
            "note": a.note,
            "decided_at": _when(a.decided_at),
        }
        for a in Adjudication.objects.order_by("pk")
    ]
    image_flags = [
        {
            "id": f.pk,
            "image": f.image_id,
            "reason": f.reason,
            "flagged_by": user(f.flagged_by_id),
            "created_at": _when(f.created_at),
            "cleared_by": user(f.cleared_by_id),
            "cleared_at": _when(f.cleared_at),
            "marked_for_review": list(f.marked_for_review),
        }
        for f in ImageFlag.objects.order_by("pk")
    ]
    rejections = [
        {
            "match_id": m.candidate_id,
            "filter": m.filter,
            "image": m.image_id,
            "source": m.rejected_source,
            "reason": m.rejected_reason,
            "rejected_by": user(m.rejected_by_id),
            "rejected_at": _when(m.rejected_at),
        }
        for m in Measurement.objects.filter(rejected=True).order_by("candidate_id", "filter", "image_id")
    ]
    outcomes = Candidate.objects.filter(expert_class__isnull=False).order_by("pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "users": user.records(),
        "campaigns": campaigns,
        "labels": labels,
        "events": events,
        "adjudications": adjudications,
        "image_flags": image_flags,
        "epoch_rejections": rejections,
        "outcomes": [{"match_id": c.pk, "expert_class": c.expert_class} for c in outcomes],
        "needs_review": list(
            Candidate.objects.filter(needs_review=True).order_by("pk").values_list("pk", flat=True)
        ),
    }


def vetting_data_counts() -> dict[str, int]:
    """What vetting data the database holds; an untouched default campaign (made on first visit) is none."""
    default_untouched = not Label.objects.filter(campaign__is_default=True).exists()
    campaigns = Campaign.objects.exclude(is_default=True) if default_untouched else Campaign.objects.all()
    return {
        "campaigns": campaigns.count(),
        "labels": Label.objects.count(),
        "events": LabelEvent.objects.count(),
        "adjudications": Adjudication.objects.count(),
        "image flags": ImageFlag.objects.count(),
        "rejected epochs": Measurement.objects.filter(rejected=True).count(),
    }


def vetting_clear() -> None:
    """Delete every campaign, label, event, adjudication, flag and epoch rejection, and the catalogue fields
    they set. Caller is inside a transaction."""
    LabelEvent.objects.update(undoes=None, label=None)  # the history protects itself from deletion
    for model in (LabelEvent, Adjudication, Lease, Label, CampaignCandidate, Campaign, ImageFlag):
        model.objects.all().delete()
    Measurement.objects.filter(rejected=True).update(
        rejected=False, rejected_source="", rejected_reason="", rejected_by=None, rejected_at=None
    )
    FilterStat.objects.exclude(vetted_num_lc=None).update(
        vetted_mad=None, vetted_chi2=None, vetted_num_lc=None
    )
    Image.objects.filter(flagged=True).update(flagged=False)
    Candidate.objects.filter(models.Q(expert_class__isnull=False) | models.Q(needs_review=True)).update(
        expert_class=None, needs_review=False, updated_at=timezone.now()
    )


def vetting_import(document: Any, *, replace: bool = False) -> RestoreSummary:
    """Restore a backup document. Refuses (Conflict) when vetting data exists and `replace` is false; refuses
    (InvalidInput) a document of another format or version, malformed or naming unknown candidates or images.
    Everything happens in one transaction: a refused restore leaves the database as it was.
    """
    _check_header(document)
    try:
        with transaction.atomic():
            existing = {k: n for k, n in vetting_data_counts().items() if n}
            if existing and not replace:
                held = ", ".join(f"{n} {k}" for k, n in existing.items())
                raise Conflict(
                    f"the database already holds vetting data ({held}); backups are not merged: restore "
                    "into an empty database, or replace what is there (restore_vetting --replace)"
                )
            vetting_clear()
            summary = _Restore(document).run()
            data_version_bump(CATALOG)
            data_version_bump(LABELS)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidInput(f"malformed backup: {type(error).__name__}: {error}") from error
    except IntegrityError as error:
        raise InvalidInput(f"the backup contradicts itself or the database: {error}") from error
    return summary


def _check_header(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f"not an hcvvet vetting backup (its format must be {FORMAT!r})")
    if document.get("version") != VERSION:
        raise InvalidInput(
            f"backup version {document.get('version')!r} is not supported (this hcvvet reads {VERSION})"
        )


def _datetime_or_none(value: str | None) -> datetime | None:
    return None if value is None else _datetime(value)


def _datetime(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise ValueError(f"{value!r} is not an ISO 8601 date and time with a UTC offset")
    return parsed


def _choice(value: Any, allowed: Iterable[Any], what: str) -> Any:
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {allowed}")
    return value


class _Restore:
    """One restore: resolves names to rows, then writes each kind of row in the order of its references."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.doc = document
        self.users: dict[str, User] = {}
        self.created: list[str] = []

    def run(self) -> RestoreSummary:
        self._require_catalogue()
        self._users()
        self._campaigns()
        self._labels()
        self._events()
        self._adjudications()
        self._image_flags()
        self._catalogue_marks()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), RESTORED_MODELS):
                cursor.execute(statement)
        counts = {
            key: len(self.doc[key])
            for key in ("campaigns", "labels", "events", "adjudications", "image_flags", "epoch_rejections")
        }
        return RestoreSummary(counts=counts, users_created=self.created)

    def _require_catalogue(self) -> None:
        doc = self.doc
        match_ids = {i["match_id"] for c in doc["campaigns"] for i in c["items"]}
        match_ids |= {r["match_id"] for key in ("labels", "epoch_rejections", "outcomes") for r in doc[key]}
        match_ids |= {e["match_id"] for e in doc["events"] if e["match_id"] is not None}
        match_ids |= set(doc["needs_review"])
        missing = sorted(
            match_ids - set(Candidate.objects.filter(pk__in=match_ids).values_list("pk", flat=True))
        )
        if missing:
            raise InvalidInput(
                f"{len(missing)} candidates of the backup are not in the catalogue (ingest them first): "
                f"MatchIDs {missing[:10]}"
            )
        names = {f["image"] for f in doc["image_flags"]} | {r["image"] for r in doc["epoch_rejections"]}
        missing_images = sorted(names - set(Image.objects.filter(pk__in=names).values_list("pk", flat=True)))
        if missing_images:
            raise InvalidInput(
                f"{len(missing_images)} images of the backup are not in the catalogue: {missing_images[:10]}"
            )

    def _users(self) -> None:
        roles = {g.name: g for g in Group.objects.all()}
        existing = {
            u.username: u
            for u in User.objects.filter(username__in=[r["username"] for r in self.doc["users"]])
        }
        for record in self.doc["users"]:
            name = record["username"]
            if not isinstance(name, str) or not name:
                raise ValueError(f"username {name!r}")
            user = existing.get(name)
            if user is None:
                user = User(username=name, email=record.get("email", ""), is_active=False)
                user.set_unusable_password()
                user.save()
                user.groups.set([roles[r] for r in record.get("roles", []) if r in roles])
                self.created.append(name)
            self.users[name] = user

    def _user(self, name: str | None) -> User | None:
        return None if name is None else self._known(name)

    def _known(self, name: str) -> User:
        if name not in self.users:
            raise ValueError(f"user {name!r} is not listed in the backup's users")
        return self.users[name]

    def _campaigns(self) -> None:
        campaigns, items, experts = [], [], []
        for c in self.doc["campaigns"]:
            campaigns.append(
                Campaign(
                    pk=c["id"],
                    name=c["name"],
                    description=c["description"],
                    selection=Selection.parse(c["selection"]).to_json(),
                    votes_needed=c["votes_needed"],
                    blind=bool(c["blind"]),
                    rule=_choice(c["rule"], ConsensusRule.values, "rule"),
                    rule_k=c["rule_k"],
                    order=_choice(c["order"], QueueOrder.values, "order"),
                    seed=c["seed"],
                    state=_choice(c["state"], CampaignState.values, "state"),
                    is_default=bool(c["is_default"]),
                    created_by=self._user(c["created_by"]),
                    created_at=_datetime(c["created_at"]),
                    started_at=_datetime_or_none(c["started_at"]),
                )
            )
            experts += [
                Campaign.experts.through(campaign_id=c["id"], user_id=self._known(name).pk)
                for name in c["experts"]
            ]
            items += [
                CampaignCandidate(
                    pk=i["id"],
                    campaign_id=c["id"],
                    candidate_id=i["match_id"],
                    position=i["position"],
                    stratum=i["stratum"],
                    is_gold=bool(i["is_gold"]),
                    gold_class=i["gold_class"],
                    vote_count=i["vote_count"],
                    consensus=_choice(i["consensus"], ConsensusState.values, "consensus"),
                    consensus_class=i["consensus_class"],
                    decided_at=_datetime_or_none(i["decided_at"]),
                )
                for i in c["items"]
            ]
        _insert(Campaign, campaigns, keep=("created_at",))
        Campaign.experts.through.objects.bulk_create(experts, batch_size=BATCH)
        CampaignCandidate.objects.bulk_create(items, batch_size=BATCH)

    def _labels(self) -> None:
        labels = [
            Label(
                pk=r["id"],
                campaign_id=r["campaign"],
                candidate_id=r["match_id"],
                expert=self._known(r["expert"]),
                expert_class=r["expert_class"],
                skipped=bool(r["skipped"]),
                reasons=list(r["reasons"]),
                comment=r["comment"],
                seconds_spent=float(r["seconds_spent"]),
                created_at=_datetime(r["created_at"]),
                updated_at=_datetime(r["updated_at"]),
            )
            for r in self.doc["labels"]
        ]
        _insert(Label, labels, keep=("created_at", "updated_at"))

    def _events(self) -> None:
        events = [
            LabelEvent(
                pk=e["id"],
                kind=_choice(e["kind"], EventKind.values, "event kind"),
                actor=self._user(e["actor"]),
                campaign_id=e["campaign"],
                candidate_id=e["match_id"],
                label_id=e["label"],
                before=e["before"],
                after=e["after"],
                undoes_id=e["undoes"],
                created_at=_datetime(e["created_at"]),
            )
            for e in self.doc["events"]
        ]
        _insert(LabelEvent, events, keep=("created_at",))

    def _adjudications(self) -> None:
        decisions = [
            Adjudication(
                pk=a["id"],
                item_id=a["item"],
                decided_class=a["decided_class"],
                adjudicator=self._known(a["adjudicator"]),
                rule=a["rule"],
                votes=a["votes"],
                note=a["note"],
                decided_at=_datetime(a["decided_at"]),
            )
            for a in self.doc["adjudications"]
        ]
        _insert(Adjudication, decisions, keep=("decided_at",))

    def _image_flags(self) -> None:
        flags = [
            ImageFlag(
                pk=f["id"],
                image_id=f["image"],
                reason=f["reason"],
                flagged_by=self._known(f["flagged_by"]),
                created_at=_datetime(f["created_at"]),
                cleared_by=self._user(f["cleared_by"]),
                cleared_at=_datetime_or_none(f["cleared_at"]),
                marked_for_review=list(f["marked_for_review"]),
            )
            for f in self.doc["image_flags"]
        ]
        _insert(ImageFlag, flags, keep=("created_at",))
        active = [f.image_id for f in flags if f.cleared_at is None]
        Image.objects.filter(pk__in=active).update(flagged=True)

    def _catalogue_marks(self) -> None:
        """Epoch rejections and the vetted statistics without them; hcvvet's outcomes; re-review marks."""
        pairs = set()
        for r in self.doc["epoch_rejections"]:
            updated = Measurement.objects.filter(
                candidate_id=r["match_id"], filter=r["filter"], image_id=r["image"]
            ).update(
                rejected=True,
                rejected_source=_choice(r["source"], RejectionSource.values, "rejection source"),
                rejected_reason=r["reason"],
                rejected_by=self._user(r["rejected_by"]),
                rejected_at=_datetime_or_none(r["rejected_at"]),
            )
            if not updated:
                raise InvalidInput(
                    f"no measurement of {r['match_id']} in {r['filter']} on {r['image']} to reject: "
                    "ingest its light curve first"
                )
            pairs.add((r["match_id"], r["filter"]))
        vetted_stats_refresh(pairs)
        by_class: dict[int, list[int]] = {}
        for o in self.doc["outcomes"]:
            by_class.setdefault(_choice(o["expert_class"], (1, 2, 4), "outcome class"), []).append(
                o["match_id"]
            )
        for expert_class, match_ids in by_class.items():
            Candidate.objects.filter(pk__in=match_ids).update(
                expert_class=expert_class, updated_at=timezone.now()
            )
        Candidate.objects.filter(pk__in=self.doc["needs_review"]).update(
            needs_review=True, updated_at=timezone.now()
        )


def _insert(model: type[models.Model], rows: Sequence[models.Model], *, keep: tuple[str, ...]) -> None:
    """Insert rows with their ids; `keep` names auto_now(_add) fields whose backed-up values must survive the
    insert (bulk_create stamps them with now, bulk_update writes the given values back)."""
    kept: list[dict[str, Any]] = [{name: getattr(row, name) for name in keep} for row in rows]
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    for row, values in zip(rows, kept, strict=True):
        for name, value in values.items():
            setattr(row, name, value)
    if rows and keep:
        model._default_manager.bulk_update(rows, list(keep), batch_size=BATCH)
