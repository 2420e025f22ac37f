"""Flagging a bad HLA image: every measurement on it is rejected for every candidate, statistics recomputed,
candidates whose variability rests on it marked for re-review; unflagging restores all of it exactly.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement, RejectionSource
from hcvvet.catalog.versioning import CATALOG, data_version_bump

from .epochs import vetted_stats_refresh
from .errors import Conflict, InvalidInput, NotAllowed
from .models import EventKind, ImageFlag, LabelEvent

CHI2_DROP = 0.5
MAX_REASON_CHARS = 300


def _require_curator(user: User) -> None:
    if not (user.is_authenticated and user.is_curator):
        raise NotAllowed("only curators flag images")


def rests_on_rejected_epochs(row: FilterStat) -> bool:
    """Whether a filter row's variability goes away without its rejected epochs: its MAD falls from above the
    group's threshold to below it, or its Chi2 more than halves.
    """
    if row.vetted_num_lc is None:
        return False
    threshold = row.mad_threshold
    mad_falls_below = (
        threshold is not None
        and row.mad is not None
        and row.mad > threshold
        and (row.vetted_mad is None or row.vetted_mad <= threshold)
    )
    if mad_falls_below:
        return True
    return bool(row.chi2 and row.vetted_chi2 is not None and row.vetted_chi2 < CHI2_DROP * row.chi2)


def _stat_state(rows: list[FilterStat]) -> dict[int, dict]:
    state: dict[int, dict] = defaultdict(dict)
    for row in rows:
        state[row.candidate_id][row.filter] = {
            "vetted_mad": row.vetted_mad,
            "vetted_chi2": row.vetted_chi2,
            "vetted_num_lc": row.vetted_num_lc,
        }
    return state


def _affected(image: Image) -> tuple[list[tuple[int, str]], dict[int, dict]]:
    pairs = sorted(set(Measurement.objects.filter(image=image).values_list("candidate_id", "filter")))
    candidate_ids = {c for c, _ in pairs}
    rows = [
        r
        for r in FilterStat.objects.filter(candidate_id__in=candidate_ids)
        if (r.candidate_id, r.filter) in set(pairs)
    ]
    return pairs, _stat_state(rows)


def _events(
    kind: str, *, image: Image, user: User, reason: str, before: dict, after: dict, review: set[int]
) -> None:
    LabelEvent.objects.bulk_create(
        LabelEvent(
            kind=kind,
            actor=user,
            candidate_id=candidate_id,
            before={"image": image.name, "filters": before.get(candidate_id, {})},
            after={
                "image": image.name,
                "reason": reason,
                "filters": after.get(candidate_id, {}),
                "needs_review_changed": candidate_id in review,
            },
        )
        for candidate_id in sorted(before)
    )


def _refuse_if_flagged(image: Image) -> None:
    if ImageFlag.objects.filter(image=image, cleared_at__isnull=True).exists():
        raise Conflict(f"image {image.name} is already flagged", field="image")


def image_flag_validate(*, image: Image, reason: str) -> str:
    """Check a flag as image_flag does, without writing, so that a form shows the error on its field with the
    input kept. Returns the reason as it is stored; raises InvalidInput or Conflict naming the field.
    image_flag calls it too, and repeats the active-flag check under the image's row lock."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"reason must be 1 to {MAX_REASON_CHARS} characters", field="reason")
    _refuse_if_flagged(image)
    return reason


def image_flag(*, image: Image, user: User, reason: str) -> ImageFlag:
    """Flag `image` bad: reject every measurement on it (those not already rejected by an expert), recompute
    the vetted statistics and mark for re-review the AutoClass > 0 candidates whose variability rested on it.
    """
    _require_curator(user)
    reason = image_flag_validate(image=image, reason=reason)
    with transaction.atomic():
        image = Image.objects.select_for_update().get(pk=image.pk)
        _refuse_if_flagged(image)
        pairs, before = _affected(image)
        Measurement.objects.filter(image=image, rejected=False).update(
            rejected=True,
            rejected_source=RejectionSource.IMAGE_FLAG,
            rejected_reason=f"image flagged: {reason}"[:200],
            rejected_by=user,
            rejected_at=timezone.now(),
        )
        rows = vetted_stats_refresh(pairs)
        resting = {r.candidate_id for r in rows if rests_on_rejected_epochs(r)}
        newly = set(
            Candidate.objects.filter(pk__in=resting, auto_class__gt=0, needs_review=False).values_list(
                "pk", flat=True
            )
        )
        Candidate.objects.filter(pk__in=newly).update(needs_review=True, updated_at=timezone.now())
        image.flagged = True
        image.save(update_fields=["flagged"])
        flag = ImageFlag.objects.create(
            image=image, reason=reason, flagged_by=user, marked_for_review=sorted(newly)
        )
        _events(
            EventKind.FLAG_IMAGE,
            image=image,
            user=user,
            reason=reason,
            before=before,
            after=_stat_state(rows),
            review=newly,
        )
        data_version_bump(CATALOG)
    return flag


def image_unflag(*, image: Image, user: User) -> ImageFlag:
    """Clear `image`'s active flag: restore its measurements, statistics and the re-review marks it set."""
    _require_curator(user)
    with transaction.atomic():
        image = Image.objects.select_for_update().get(pk=image.pk)
        flag = ImageFlag.objects.filter(image=image, cleared_at__isnull=True).first()
        if flag is None:
            raise Conflict(f"image {image.name} is not flagged", field="image")
        pairs, before = _affected(image)
        Measurement.objects.filter(image=image, rejected_source=RejectionSource.IMAGE_FLAG).update(
            rejected=False, rejected_source="", rejected_reason="", rejected_by=None, rejected_at=None
        )
        rows = vetted_stats_refresh(pairs)
        review = set(flag.marked_for_review)
        Candidate.objects.filter(pk__in=review).update(needs_review=False, updated_at=timezone.now())
        image.flagged = False
        image.save(update_fields=["flagged"])
        flag.cleared_by = user
        flag.cleared_at = timezone.now()
        flag.save(update_fields=["cleared_by", "cleared_at"])
        _events(
            EventKind.UNFLAG_IMAGE,
            image=image,
            user=user,
            reason=flag.reason,
            before=before,
            after=_stat_state(rows),
            review=review,
        )
        data_version_bump(CATALOG)
    return flag
