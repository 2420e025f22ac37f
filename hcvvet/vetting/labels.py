"""Services that write experts' labels: label, change, skip, undo.

Each appends a LabelEvent in the same transaction.

Lock order everywhere: the CampaignCandidate row first, then the Label row.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import LABEL_CLASSES, Candidate
from hcvvet.catalog.versioning import LABELS, data_version_bump

from .consensus import consensus_update
from .errors import Conflict, InvalidInput, NotAllowed
from .models import (
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusState,
    EventKind,
    Label,
    LabelEvent,
    ReasonCode,
)
from .queues import item_for, item_has_room, lease_release, require_campaign_expert
from .visibility import visible_events

MAX_COMMENT_CHARS = 4000
UNDOABLE = (EventKind.LABEL, EventKind.CHANGE, EventKind.SKIP)


def label_state(label: Label | None) -> dict[str, Any] | None:
    """The part of a label an event records as `before` / `after`; None for no label at all."""
    if label is None:
        return None
    return {
        "expert_class": label.expert_class,
        "skipped": label.skipped,
        "reasons": list(label.reasons),
        "comment": label.comment,
    }


def _validate(expert_class: Any, reasons: Sequence[str], comment: str, seconds_spent: float) -> list[str]:
    if expert_class not in LABEL_CLASSES:
        raise InvalidInput(
            f"expert_class must be one of {[int(c) for c in LABEL_CLASSES]}, not {expert_class!r}",
            field="expert_class",
        )
    if isinstance(reasons, str):
        raise InvalidInput("reasons must be a list of reason codes", field="reasons")
    unknown = sorted(set(reasons) - set(ReasonCode.values))
    if unknown:
        raise InvalidInput(
            f"unknown reason codes {unknown}; known: {sorted(ReasonCode.values)}", field="reasons"
        )
    if len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"comment is longer than {MAX_COMMENT_CHARS} characters", field="comment")
    if "\x00" in comment:  # PostgreSQL cannot store it in text
        raise InvalidInput("comment may not contain NUL characters", field="comment")
    if not (math.isfinite(seconds_spent) and seconds_spent >= 0):
        raise InvalidInput("seconds_spent must be a non-negative number", field="seconds_spent")
    return sorted(set(reasons))


def _locked_item(campaign: Campaign, candidate: Candidate, expert: User) -> CampaignCandidate:
    """The item locked for update. Caller is inside a transaction."""
    require_campaign_expert(campaign, expert)
    if campaign.state != CampaignState.ACTIVE:
        raise Conflict(f"campaign {campaign.name!r} is {campaign.state}, not active", field="campaign")
    item = item_for(campaign=campaign, candidate_id=candidate.pk, lock=True)
    if item is None:
        raise InvalidInput(
            f"candidate {candidate.pk} is not in campaign {campaign.name!r}", field="candidate"
        )
    return item


def _locked_item_and_label(
    campaign: Campaign, candidate: Candidate, expert: User
) -> tuple[CampaignCandidate, Label | None]:
    """The item and `expert`'s label of it (None before their first vote or skip), both locked for update.
    Caller is inside a transaction."""
    item = _locked_item(campaign, candidate, expert)
    label = (
        Label.objects.select_for_update()
        .filter(campaign=campaign, candidate=candidate, expert=expert)
        .first()
    )
    return item, label


def _append_event(
    kind: str, *, item: CampaignCandidate, label: Label, actor: User, before, **extra
) -> LabelEvent:
    return LabelEvent.objects.create(
        kind=kind,
        actor=actor,
        campaign_id=item.campaign_id,
        candidate_id=item.candidate_id,
        label=label,
        before=before,
        after=label_state(label),
        **extra,
    )


@dataclass(frozen=True)
class Submitted:
    """What `label_vote` wrote: the label, and whether it was the expert's first vote on the candidate in
    the campaign (a label that was only a skip counts as none) rather than a change of their vote."""

    label: Label
    new_vote: bool


def label_submit(**vote: Any) -> Label:
    """Set an expert's class for a candidate in a campaign (a new vote or a change), as `label_vote` (which
    takes the same arguments) does, and return the label."""
    return label_vote(**vote).label


def label_vote(
    *,
    campaign: Campaign,
    candidate: Candidate,
    expert: User,
    expert_class: int,
    reasons: Sequence[str] = (),
    comment: str = "",
    seconds_spent: float = 0.0,
) -> Submitted:
    """Set `expert`'s class for `candidate` in `campaign` (a new vote or a change) and update the consensus.

    A new vote is refused (Conflict) when the candidate already has its votes or the remaining ones are leased
    to other experts; changing one's own vote is always allowed while the campaign is active. Whether it was
    a new vote is decided under the row locks, so of two concurrent first votes of one expert exactly one is
    new (the other changes it).
    """
    clean_reasons = _validate(expert_class, reasons, comment, seconds_spent)
    with transaction.atomic():
        item, label = _locked_item_and_label(campaign, candidate, expert)
        before = label_state(label)
        is_new_vote = label is None or label.expert_class is None
        now = timezone.now()
        if is_new_vote and item.consensus == ConsensusState.RETIRED:
            raise Conflict(f"candidate {candidate.pk} was retired by the model here", field="candidate")
        if is_new_vote and not item_has_room(item, expert=expert, now=now):
            raise Conflict(f"candidate {candidate.pk} already has the votes it needs", field="candidate")
        if label is None:
            label = Label(campaign=campaign, candidate=candidate, expert=expert)
        label.expert_class = int(expert_class)
        label.skipped = False
        label.reasons = clean_reasons
        label.comment = comment
        label.seconds_spent = float(label.seconds_spent or 0) + float(seconds_spent)
        label.save()
        _append_event(
            EventKind.LABEL if is_new_vote else EventKind.CHANGE,
            item=item,
            label=label,
            actor=expert,
            before=before,
        )
        if is_new_vote:
            item.vote_count += 1
            item.save(update_fields=["vote_count"])
        lease_release(item=item, expert=expert)
        consensus_update(item)
        data_version_bump(LABELS)
    return Submitted(label=label, new_vote=is_new_vote)


def label_import(
    *, campaign: Campaign, candidate: Candidate, curator: User, expert: User, **vote: Any
) -> Label:
    """Write a vote that a curator's import read from a file, in `expert`'s column, as `label_submit` does.

    Only the importing curator's own votes are written, as theirs (the event names them): a vote of another
    expert would change that expert's vote, or cast one they never cast, under their name. NotAllowed for
    it; the import then writes nothing.
    """
    if expert.pk != curator.pk:
        raise NotAllowed(
            f"the votes in column Vote_{expert.username} are {expert.username}'s own: an import writes only "
            f"the importing curator's votes (column Vote_{curator.username})",
            field="expert",
        )
    return label_submit(campaign=campaign, candidate=candidate, expert=curator, **vote)


def label_skip(
    *, campaign: Campaign, candidate: Candidate, expert: User, seconds_spent: float = 0.0
) -> Label:
    """Take `candidate` out of `expert`'s queue without a class. A candidate already labelled stays labelled
    (no event is written: skipping it is only moving on).
    """
    with transaction.atomic():
        item, label = _locked_item_and_label(campaign, candidate, expert)
        lease_release(item=item, expert=expert)
        if label is not None and (label.expert_class is not None or label.skipped):
            return label
        before = label_state(label)
        if label is None:
            label = Label(campaign=campaign, candidate=candidate, expert=expert)
        label.skipped = True
        label.seconds_spent = float(label.seconds_spent or 0) + max(float(seconds_spent), 0.0)
        label.save()
        _append_event(EventKind.SKIP, item=item, label=label, actor=expert, before=before)
    return label


def _last_undoable(campaign: Campaign, expert: User) -> LabelEvent | None:
    return (
        LabelEvent.objects.filter(campaign=campaign, actor=expert, kind__in=UNDOABLE)
        .exclude(Exists(LabelEvent.objects.filter(undoes=OuterRef("pk"))))
        .select_related("label", "candidate")
        .order_by("-created_at", "-pk")
        .first()
    )


def label_undo(*, campaign: Campaign, expert: User) -> Label | None:
    """Revert `expert`'s most recent label change in `campaign` that is not yet undone; None if there is none.

    Repeated undos walk back through the history. The label returns to its previous state (withdrawn if it was
    a first vote), an UNDO event records it, and the consensus is recomputed.
    """
    target = _last_undoable(campaign, expert)
    # Label, change and skip events always name their candidate and label; the checks narrow the types.
    if target is None or target.candidate is None:
        return None
    with transaction.atomic():
        item = _locked_item(campaign, target.candidate, expert)
        target = _last_undoable(campaign, expert)
        if target is None or target.candidate_id != item.candidate_id or target.label_id is None:
            raise Conflict("the label changed while undoing; try again")
        label = Label.objects.select_for_update().get(pk=target.label_id)
        before = label_state(label)
        previous = target.before or {}
        had_vote = label.expert_class is not None
        label.expert_class = previous.get("expert_class")
        label.skipped = previous.get("skipped", False)
        label.reasons = previous.get("reasons", [])
        label.comment = previous.get("comment", "")
        label.save()
        _append_event(EventKind.UNDO, item=item, label=label, actor=expert, before=before, undoes=target)
        if had_vote and label.expert_class is None:
            item.vote_count -= 1
            item.save(update_fields=["vote_count"])
        consensus_update(item)
        data_version_bump(LABELS)
    return label


def label_history(candidate: Candidate, viewer: User) -> list[LabelEvent]:
    """Every event of `candidate` that `viewer` may see.

    Blind campaigns hide other experts' events from `viewer` until `viewer` has voted.
    """
    return visible_events(candidate=candidate, viewer=viewer)
