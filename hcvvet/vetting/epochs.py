"""Rejecting and restoring single epochs, and the vetted statistics recomputed without rejected epochs.

An expert rejects an epoch on a campaign's page: the rejection (`EpochRejection`) carries that campaign and
the expert, and only they or a curator restore it, on that campaign's pages. `Measurement.rejected` (with
its source, reason, who and when) is the union of an epoch's rejections and of its image's flag, and
`FilterStat.vetted_*` the statistics without those epochs: what everyone who sees every rejection sees.
A voter of a blind campaign who has not voted on the candidate sees only their own rejections
(`visibility.rejections_seen`), and the statistics recomputed without those alone (`epochs_seen`).
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from hcvvet.accounts.models import User
from hcvvet.catalog import stats
from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement, RejectionSource

from .errors import Conflict, InvalidInput, NotAllowed, require_storable
from .models import Campaign, EpochRejection, EventKind, ImageFlag, LabelEvent
from .queues import campaign_candidates, default_campaign, require_campaign_expert
from .visibility import RejectionsSeen, rejections_seen

CHUNK = 500
MAX_REASON_CHARS = 200
HIDDEN_REASON = "hidden until you vote"
# (mag, corr_mag, mag_err, rejected) of one epoch
Point = tuple[float | None, float | None, float | None, bool]


@dataclass(frozen=True)
class Vetted:
    """The statistics of a filter's epochs that are not rejected; all None when none is rejected (the
    catalogue's values stand); num_lc 0 and the others None when every one is."""

    mad: float | None = None
    chi2: float | None = None
    num_lc: int | None = None


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def vetted_of(points: Sequence[Point]) -> Vetted:
    """`Vetted` statistics of one filter's light curve."""
    kept = [p for p in points if not p[3] and None not in p[:3]]
    if len(kept) == len(points):
        return Vetted()
    if not kept:
        return Vetted(num_lc=0)
    mag, corr_mag, mag_err = zip(*((p[0], p[1], p[2]) for p in kept), strict=True)
    computed = stats.filter_statistics(mag, corr_mag, mag_err)
    return Vetted(_finite_or_none(computed.mad), _finite_or_none(computed.chi2), computed.num_lc)


def vetted_stats_refresh(pairs: Iterable[tuple[int, str]]) -> list[FilterStat]:
    """Recompute FilterStat.vetted_mad / vetted_chi2 / vetted_num_lc for (MatchID, filter) pairs.

    The vetted values are the statistics of the epochs not rejected; they are None when no epoch of that
    filter is rejected (the catalogue values stand), so restoring every epoch restores the row exactly.
    """
    wanted = set(pairs)
    candidate_ids = sorted({candidate_id for candidate_id, _ in wanted})
    updated: list[FilterStat] = []
    for start in range(0, len(candidate_ids), CHUNK):
        chunk = candidate_ids[start : start + CHUNK]
        points: dict[tuple[int, str], list[Point]] = defaultdict(list)
        for candidate_id, band, *point in Measurement.objects.filter(candidate_id__in=chunk).values_list(
            "candidate_id", "filter", "mag", "corr_mag", "mag_err", "rejected"
        ):
            if (candidate_id, band) in wanted:
                points[(candidate_id, band)].append(tuple(point))  # type: ignore[arg-type]
        rows = [
            r
            for r in FilterStat.objects.filter(candidate_id__in=chunk)
            if (r.candidate_id, r.filter) in wanted
        ]
        for row in rows:
            vetted = vetted_of(points.get((row.candidate_id, row.filter), []))
            row.vetted_mad, row.vetted_chi2, row.vetted_num_lc = vetted.mad, vetted.chi2, vetted.num_lc
        FilterStat.objects.bulk_update(rows, ["vetted_mad", "vetted_chi2", "vetted_num_lc"])
        updated += rows
    return updated


@dataclass(frozen=True)
class EpochSeen:
    """One epoch's rejection as a viewer sees it; `reason` is another person's judgement, shown only to
    who sees every rejection of the candidate, and always to who made it."""

    rejected: bool
    source: str
    reason: str
    own: bool = False


class EpochsSeen:
    """A candidate's epochs and statistics as one viewer sees them (`visibility.rejections_seen`): with
    every rejection, the stored union (`Measurement.rejected`, `FilterStat.vetted_*`); with only their own,
    the epochs they rejected (and those of flagged images), and the statistics recomputed without those."""

    def __init__(self, candidate: Candidate, seen: RejectionsSeen) -> None:
        self.candidate = candidate
        self.seen = seen
        self._recomputed: dict[str, Vetted] | None = None
        self._flagged_images: set[str] | None = None

    @property
    def everything(self) -> bool:
        return self.seen.everything

    def _image_flagged(self, measurement: Measurement) -> bool:
        if self._flagged_images is None:
            self._flagged_images = set(
                Image.objects.filter(measurements__candidate=self.candidate, flagged=True).values_list(
                    "pk", flat=True
                )
            )
        return measurement.image_id in self._flagged_images

    def epoch(self, measurement: Measurement) -> EpochSeen:
        """One of the candidate's epochs as the viewer sees it. `Measurement.rejected_source` is "expert"
        whenever the epoch has an expert's rejection (`_union_save`): others are never looked up."""
        by_expert = measurement.rejected_source == RejectionSource.EXPERT
        rejections = self.seen.of(measurement.pk) if by_expert else []
        own = [r for r in rejections if r.expert_id == self.seen.viewer_id]
        # An image flagged after the epoch's rejection leaves the union's source "expert".
        flagged = measurement.rejected_source == RejectionSource.IMAGE_FLAG or (
            by_expert and not rejections and self._image_flagged(measurement)
        )
        if not (rejections or flagged):
            return EpochSeen(rejected=False, source="", reason="")
        source = RejectionSource.EXPERT if rejections else RejectionSource.IMAGE_FLAG
        if own:
            reason = own[0].reason
        elif not self.everything:
            reason = HIDDEN_REASON
        else:
            reason = rejections[0].reason if rejections else measurement.rejected_reason
        return EpochSeen(rejected=True, source=str(source), reason=reason, own=bool(own))

    def vetted(self, row: FilterStat) -> Vetted:
        """The statistics of `row`'s filter without the epochs the viewer sees rejected."""
        if self.everything:
            return Vetted(row.vetted_mad, row.vetted_chi2, row.vetted_num_lc)
        if self._recomputed is None:
            points: dict[str, list[Point]] = defaultdict(list)
            for measurement in self.candidate.measurements.all():
                rejected = self.epoch(measurement).rejected
                points[measurement.filter].append(
                    (measurement.mag, measurement.corr_mag, measurement.mag_err, rejected)
                )
            self._recomputed = {band: vetted_of(epochs) for band, epochs in points.items()}
        return self._recomputed.get(row.filter, Vetted())


def epochs_seen(*, user: User, candidate: Candidate) -> EpochsSeen:
    """`candidate`'s epochs and statistics as `user` may see them (README, "Blind review")."""
    return EpochsSeen(candidate, rejections_seen(user=user, candidate=candidate))


def _epoch_state(measurement: Measurement, seen: EpochsSeen, campaign: Campaign) -> dict:
    """An epoch and its filter's statistics as the actor of an event sees them."""
    epoch = seen.epoch(measurement)
    row = FilterStat.objects.filter(candidate_id=measurement.candidate_id, filter=measurement.filter).first()
    vetted = seen.vetted(row) if row is not None else Vetted()
    return {
        "measurement": measurement.pk,
        "filter": measurement.filter,
        "image": measurement.image_id,
        "mjd": measurement.mjd,
        "campaign": campaign.pk,
        "rejected": epoch.rejected,
        "reason": epoch.reason,
        "vetted_mad": vetted.mad,
        "vetted_chi2": vetted.chi2,
        "vetted_num_lc": vetted.num_lc,
    }


def _union_save(measurement: Measurement) -> None:
    """Set `measurement`'s union of rejections (its expert rejections, oldest first, else its image's active
    flag) and recompute its filter row. Caller holds the measurement's row lock."""
    first = measurement.expert_rejections.order_by("created_at", "pk").first()
    active_flags = ImageFlag.objects.filter(image_id=measurement.image_id, cleared_at__isnull=True)
    flag = None if first is not None else active_flags.first()
    if first is not None:
        measurement.rejected, measurement.rejected_source = True, RejectionSource.EXPERT
        measurement.rejected_reason, measurement.rejected_at = first.reason, first.created_at
        measurement.rejected_by_id = first.expert_id
    elif flag is not None:
        measurement.rejected, measurement.rejected_source = True, RejectionSource.IMAGE_FLAG
        measurement.rejected_reason = f"image flagged: {flag.reason}"[:MAX_REASON_CHARS]
        measurement.rejected_by_id, measurement.rejected_at = flag.flagged_by_id, flag.created_at
    else:
        measurement.rejected, measurement.rejected_source, measurement.rejected_reason = False, "", ""
        measurement.rejected_by, measurement.rejected_at = None, None
    measurement.save(
        update_fields=["rejected", "rejected_source", "rejected_reason", "rejected_by", "rejected_at"]
    )
    vetted_stats_refresh([(measurement.candidate_id, measurement.filter)])


def _locked(measurement: Measurement, user: User, campaign: Campaign) -> Measurement:
    """The measurement locked for update, once `user` may reject or restore its epochs on `campaign`'s
    pages. Caller is inside a transaction."""
    if not (user.is_authenticated and user.is_expert):
        raise NotAllowed("only experts and curators reject epochs")
    require_campaign_expert(campaign, user)
    if not campaign_candidates(campaign).filter(pk=measurement.candidate_id).exists():
        raise InvalidInput(
            f"candidate {measurement.candidate_id} is not in campaign {campaign.name!r}", field="campaign"
        )
    return Measurement.objects.select_for_update().select_related("image", "candidate").get(pk=measurement.pk)


def _change(
    measurement: Measurement, *, user: User, campaign: Campaign, kind: str, write: Callable[[], object]
) -> FilterStat | None:
    """Apply `write` (which adds or deletes rejections), update the union and append the event with the
    epoch before and after as `user` sees it. Caller holds the measurement's row lock."""
    before = _epoch_state(measurement, epochs_seen(user=user, candidate=measurement.candidate), campaign)
    write()
    _union_save(measurement)
    after = _epoch_state(measurement, epochs_seen(user=user, candidate=measurement.candidate), campaign)
    LabelEvent.objects.create(
        kind=kind,
        actor=user,
        campaign=campaign,
        candidate_id=measurement.candidate_id,
        before=before,
        after=after if kind == EventKind.REJECT_EPOCH else after | {"reason": before["reason"]},
    )
    return FilterStat.objects.filter(candidate_id=measurement.candidate_id, filter=measurement.filter).first()


def epoch_reject(
    *, measurement: Measurement, user: User, reason: str, campaign: Campaign | None = None
) -> FilterStat | None:
    """Reject one epoch of a light curve in `campaign` (an expert's call; the default campaign when none is
    named) and return its recomputed filter row. Another expert's rejection of the same epoch does not
    stop it: a blind voter may not even see that one."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"reason must be 1 to {MAX_REASON_CHARS} characters", field="reason")
    require_storable(reason, field="reason")
    campaign = campaign or default_campaign()
    with transaction.atomic():
        measurement = _locked(measurement, user, campaign)
        if measurement.image.flagged:
            raise Conflict(
                f"image {measurement.image_id} is flagged: every epoch on it is rejected", field="measurement"
            )
        mine = measurement.expert_rejections.filter(
            Q(campaign=campaign) | Q(campaign__isnull=True), expert=user
        )
        if mine.exists():
            raise Conflict("you already rejected this epoch", field="measurement")
        return _change(
            measurement,
            user=user,
            campaign=campaign,
            kind=EventKind.REJECT_EPOCH,
            write=lambda: EpochRejection.objects.create(
                measurement=measurement, campaign=campaign, expert=user, reason=reason
            ),
        )


def epoch_restore(
    *, measurement: Measurement, user: User, campaign: Campaign | None = None
) -> FilterStat | None:
    """Undo the rejections of one epoch made in `campaign` (the default campaign when none is named), or
    before rejections had a campaign, that `user` may undo: their own, and a curator's every one they see.

    Epochs rejected by an image flag come back only by unflagging the image; a rejection made in another
    campaign only there.
    """
    campaign = campaign or default_campaign()
    with transaction.atomic():
        measurement = _locked(measurement, user, campaign)
        seen = rejections_seen(user=user, candidate=measurement.candidate).of(measurement.pk)
        in_scope = [r for r in seen if r.campaign_id in (campaign.pk, None)]
        undone = [r.pk for r in in_scope if r.expert_id == user.pk or user.is_curator]
        if not undone:
            raise Conflict(_why_not_restored(measurement, in_scope, seen), field="measurement")
        return _change(
            measurement,
            user=user,
            campaign=campaign,
            kind=EventKind.RESTORE_EPOCH,
            write=lambda: EpochRejection.objects.filter(pk__in=undone).delete(),
        )


def _why_not_restored(measurement: Measurement, in_scope: list, seen: list) -> str:
    if in_scope:
        return "another expert rejected this epoch here: only they or a curator restore it"
    if seen:
        names = sorted({r.campaign.name for r in seen if r.campaign is not None})
        return f"this epoch was rejected in campaign {', '.join(map(repr, names))}: restore it there"
    if measurement.image.flagged:
        return f"image {measurement.image_id} is flagged: unflag the image instead"
    return "this epoch is not rejected"
