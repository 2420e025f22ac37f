"""Restoring a backup document into a database emptied of vetting data (`vetting_clear`), with the backup's
ids and timestamps, in one transaction: a refused restore leaves the database as it was."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement, RejectionSource
from hcvvet.catalog.versioning import CATALOG, LABELS, data_version_bump

from ..epochs import vetted_stats_refresh
from ..errors import Conflict, InvalidInput
from ..models import (
    Adjudication,
    Campaign,
    CampaignCandidate,
    EpochRejection,
    ImageFlag,
    Label,
    LabelEvent,
    Lease,
)
from .format import (
    ADJUDICATION,
    CAMPAIGN,
    CAMPAIGN_ITEM,
    EVENT,
    IMAGE_FLAG,
    LABEL,
    Record,
    check_header,
    choice,
    datetime_value_or_none,
)

BATCH = 1000
# Restored with explicit ids; their sequences are moved past them afterwards (PostgreSQL).
RESTORED_MODELS = (Campaign, CampaignCandidate, Label, LabelEvent, Adjudication, ImageFlag)


@dataclass
class RestoreSummary:
    counts: dict[str, int]
    users_created: list[str] = field(default_factory=list)


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
    for model in (
        LabelEvent,
        Adjudication,
        Lease,
        Label,
        EpochRejection,
        CampaignCandidate,
        Campaign,
        ImageFlag,
    ):
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
    check_header(document)
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
        self._rows(LABEL, "labels")
        self._rows(EVENT, "events")
        self._rows(ADJUDICATION, "adjudications")
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
            campaigns.append(self._row(CAMPAIGN, c))
            experts += [
                Campaign.experts.through(campaign_id=c["id"], user_id=self._user_id(name))
                for name in c["experts"]
            ]
            items += [self._row(CAMPAIGN_ITEM, i, campaign_id=c["id"]) for i in c["items"]]
        _insert(Campaign, campaigns)
        Campaign.experts.through.objects.bulk_create(experts, batch_size=BATCH)
        CampaignCandidate.objects.bulk_create(items, batch_size=BATCH)

    def _rows(self, record: Record, key: str) -> list[Any]:
        """Insert the rows of the document's list `key`; returns them."""
        rows = [self._row(record, r) for r in self.doc[key]]
        _insert(record.model, rows)
        return rows

    def _row(self, record: Record, entry: dict[str, Any], **known: Any) -> Any:
        return record.read(entry, version=self.doc["version"], user_id=self._user_id, **known)

    def _user_id(self, name: str) -> int:
        return self._known(name).pk

    def _image_flags(self) -> None:
        flags = self._rows(IMAGE_FLAG, "image_flags")
        active = [f.image_id for f in flags if f.cleared_at is None]
        Image.objects.filter(pk__in=active).update(flagged=True)

    def _catalogue_marks(self) -> None:
        """Epoch rejections and the vetted statistics without them; hcvvet's outcomes; re-review marks."""
        pairs = set()
        rejections = []
        # The union on each measurement is its first rejection (`epochs._union_save`): written last.
        entries = sorted(self.doc["epoch_rejections"], key=lambda r: r["rejected_at"] or "", reverse=True)
        for r in entries:
            source = choice(r["source"], RejectionSource.values, "rejection source")
            measurement = Measurement.objects.filter(
                candidate_id=r["match_id"], filter=r["filter"], image_id=r["image"]
            ).first()
            if measurement is None:
                raise InvalidInput(
                    f"no measurement of {r['match_id']} in {r['filter']} on {r['image']} to reject: "
                    "ingest its light curve first"
                )
            rejected_at = datetime_value_or_none(r["rejected_at"])
            if source == RejectionSource.EXPERT:
                rejections.append(
                    EpochRejection(
                        measurement=measurement,
                        campaign_id=r.get("campaign"),  # version 1: none
                        expert=self._user(r["rejected_by"]),
                        reason=r["reason"],
                        created_at=rejected_at or timezone.now(),
                    )
                )
            Measurement.objects.filter(pk=measurement.pk).update(
                rejected=True,
                rejected_source=source,
                rejected_reason=r["reason"],
                rejected_by=self._user(r["rejected_by"]),
                rejected_at=rejected_at,
            )
            pairs.add((r["match_id"], r["filter"]))
        EpochRejection.objects.bulk_create(rejections, batch_size=BATCH)
        vetted_stats_refresh(pairs)
        by_class: dict[int, list[int]] = {}
        for o in self.doc["outcomes"]:
            by_class.setdefault(choice(o["expert_class"], (1, 2, 4), "outcome class"), []).append(
                o["match_id"]
            )
        for expert_class, match_ids in by_class.items():
            Candidate.objects.filter(pk__in=match_ids).update(
                expert_class=expert_class, updated_at=timezone.now()
            )
        Candidate.objects.filter(pk__in=self.doc["needs_review"]).update(
            needs_review=True, updated_at=timezone.now()
        )


def _insert(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert rows with their ids and the backed-up values of their auto_now(_add) fields (bulk_create stamps
    those with now; bulk_update writes the given values back)."""
    keep = [
        f.name
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    kept: list[dict[str, Any]] = [{name: getattr(row, name) for name in keep} for row in rows]
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    for row, values in zip(rows, kept, strict=True):
        for name, value in values.items():
            setattr(row, name, value)
    if rows and keep:
        model._default_manager.bulk_update(rows, keep, batch_size=BATCH)
