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
from .errors import Conflict, InvalidInput, NotAllowed, require_storable
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


def _resting(candidate_ids: set[int]) -> set[int]:
    """The AutoClass > 0 candidates among `candidate_ids` whose variability now rests on rejected epochs."""
    rows = FilterStat.objects.filter(candidate_id__in=candidate_ids, candidate__auto_class__gt=0)
    return {r.candidate_id for r in rows if rests_on_rejected_epochs(r)}


def _reconcile_marks(candidate_ids: set[int], *, released: set[int]) -> set[int]:
    """Make the re-review marks of image flags follow the flags active now, in whatever order flags and
    unflags came: a candidate among `candidate_ids` is marked while its variability rests on rejected epochs
    and unmarked when it no longer does. Each mark belongs to one active flag on one of the candidate's images
    (in its `marked_for_review`), so that clearing that flag looks at the candidate again; `released` are the
    marks of the flag just cleared. A candidate marked for another reason (not by a flag) is left alone.
    Returns the candidates whose mark changed. Caller holds the image's row lock inside a transaction.
    """
    active = list(ImageFlag.objects.select_for_update().filter(cleared_at__isnull=True).order_by("pk"))
    owner = {c: flag for flag in active for c in flag.marked_for_review}
    flag_marked = (set(owner) | released) & candidate_ids
    resting = _resting(candidate_ids)
    already = set(Candidate.objects.filter(pk__in=resting, needs_review=True).values_list("pk", flat=True))
    wanted = resting - (already - flag_marked)  # a mark set for another reason stays that reason's
    flag_of_image = {flag.image_id: flag for flag in active}
    needing = sorted(wanted - set(owner))
    for candidate_id, image_id in sorted(
        Measurement.objects.filter(candidate_id__in=needing, image_id__in=flag_of_image)
        .values_list("candidate_id", "image_id")
        .distinct()
    ):
        owner.setdefault(candidate_id, flag_of_image[image_id])
    wanted &= set(owner)  # resting on an expert's rejections alone: no flag marks it
    for candidate_id in flag_marked - wanted:
        owner.pop(candidate_id, None)
    for flag in active:
        marks = sorted(c for c, f in owner.items() if f.pk == flag.pk)
        if marks != sorted(flag.marked_for_review):
            flag.marked_for_review = marks
            flag.save(update_fields=["marked_for_review"])
    mark, unmark = wanted - already, flag_marked - wanted
    now = timezone.now()
    Candidate.objects.filter(pk__in=mark).update(needs_review=True, updated_at=now)
    Candidate.objects.filter(pk__in=unmark).update(needs_review=False, updated_at=now)
    return mark | unmark


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
    require_storable(reason, field="reason")
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
        image.flagged = True
        image.save(update_fields=["flagged"])
        flag = ImageFlag.objects.create(image=image, reason=reason, flagged_by=user, marked_for_review=[])
        review = _reconcile_marks({c for c, _ in pairs}, released=set())
        flag.refresh_from_db(fields=["marked_for_review"])
        _events(
            EventKind.FLAG_IMAGE,
            image=image,
            user=user,
            reason=reason,
            before=before,
            after=_stat_state(rows),
            review=review,
        )
        data_version_bump(CATALOG)
    return flag


def image_unflag(*, image: Image, user: User) -> ImageFlag:
    """Clear `image`'s active flag: restore its measurements and statistics, and lift the re-review marks of
    candidates whose variability no longer rests on rejected epochs (those still resting on another flagged
    image stay marked, under that image's flag)."""
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
        image.flagged = False
        image.save(update_fields=["flagged"])
        flag.cleared_by = user
        flag.cleared_at = timezone.now()
        flag.save(update_fields=["cleared_by", "cleared_at"])
        review = _reconcile_marks({c for c, _ in pairs}, released=set(flag.marked_for_review))
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
