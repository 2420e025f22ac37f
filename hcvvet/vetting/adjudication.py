"""The adjudication queue of disputed campaign candidates, and a curator's decision with its provenance."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import LABEL_CLASSES
from hcvvet.catalog.versioning import LABELS, data_version_bump

from .consensus import candidate_outcome_refresh
from .errors import Conflict, InvalidInput, NotAllowed
from .models import Adjudication, Campaign, CampaignCandidate, ConsensusState, EventKind, Label, LabelEvent
from .visibility import candidate_hidden, without_hidden


def _require_curator(user: User) -> None:
    if not (user.is_authenticated and user.is_curator):
        raise NotAllowed("only curators adjudicate")


def adjudication_queue(
    *, campaign: Campaign | None = None, viewer: User | None = None
) -> QuerySet[CampaignCandidate]:
    """Disputed items, oldest campaign position first, with their campaign, candidate and votes prefetched;
    with `viewer`, without the candidates hidden from them (a blind campaign they vote in waits for their
    vote: whether it is disputed is its consensus)."""
    items = CampaignCandidate.objects.filter(consensus=ConsensusState.DISPUTED, is_gold=False)
    if campaign is not None:
        items = items.filter(campaign=campaign)
    if viewer is not None:
        items = without_hidden(items, viewer)
    return items.select_related("campaign", "candidate__group").order_by("campaign_id", "position")


def item_votes(item: CampaignCandidate) -> list[Label]:
    """The votes of an item side by side: expert, class, reasons, comment, time spent."""
    return list(
        Label.objects.filter(
            campaign_id=item.campaign_id, candidate_id=item.candidate_id, expert_class__isnull=False
        )
        .select_related("expert")
        .order_by("updated_at", "pk")
    )


def _vote_record(label: Label) -> dict:
    return {
        "expert": label.expert.username,
        "expert_class": label.expert_class,
        "reasons": list(label.reasons),
        "comment": label.comment,
        "seconds_spent": label.seconds_spent,
    }


def adjudicate(
    *, item: CampaignCandidate, adjudicator: User, decided_class: int, note: str = ""
) -> Adjudication:
    """Settle a disputed item: store the decision with the rule and the votes it settled, set the candidate's
    class and append an ADJUDICATE event.
    """
    _require_curator(adjudicator)
    if decided_class not in LABEL_CLASSES:
        raise InvalidInput(
            f"decided_class must be one of {[int(c) for c in LABEL_CLASSES]}", field="decided_class"
        )
    with transaction.atomic():
        item = (
            CampaignCandidate.objects.select_for_update(of=("self",))
            .select_related("campaign")
            .get(pk=item.pk)
        )
        if candidate_hidden(user=adjudicator, candidate=item.candidate):
            raise NotAllowed(
                f"candidate {item.candidate_id} waits for your vote in a blind campaign: vote on it first",
                field="item",
            )
        if item.consensus != ConsensusState.DISPUTED:
            raise Conflict(f"candidate {item.candidate_id} is {item.consensus}, not disputed", field="item")
        campaign = item.campaign
        rule = campaign.rule
        if rule == "first_k":
            rule = f"first_k(K={campaign.rule_k})"
        elif rule == "posterior":
            rule = f"posterior(p={campaign.rule_posterior:.6g})"  # within Adjudication.rule's 32 characters
        votes = [_vote_record(label) for label in item_votes(item)]
        decision = Adjudication.objects.create(
            item=item,
            decided_class=int(decided_class),
            adjudicator=adjudicator,
            rule=f"{rule}, {campaign.votes_needed} votes",
            votes=votes,
            note=note,
        )
        before = {"consensus": item.consensus, "votes": votes}
        item.consensus = ConsensusState.ADJUDICATED
        item.consensus_class = int(decided_class)
        item.decided_at = timezone.now()
        item.save(update_fields=["consensus", "consensus_class", "decided_at"])
        candidate_outcome_refresh(item.candidate_id)
        LabelEvent.objects.create(
            kind=EventKind.ADJUDICATE,
            actor=adjudicator,
            campaign=campaign,
            candidate_id=item.candidate_id,
            before=before,
            after={"consensus": item.consensus, "expert_class": item.consensus_class, "note": note},
        )
        data_version_bump(LABELS)
    return decision


def queue_with_votes(
    *, campaign: Campaign | None = None, viewer: User | None = None, limit: int = 50
) -> list[tuple[CampaignCandidate, list[Label]]]:
    """The first `limit` disputed items `viewer` may see (`adjudication_queue`), each with its votes (two
    queries whatever the number of items)."""
    items = list(adjudication_queue(campaign=campaign, viewer=viewer)[:limit])
    votes: dict[tuple[int, int], list[Label]] = {(i.campaign_id, i.candidate_id): [] for i in items}
    labels = (
        Label.objects.filter(
            campaign_id__in={i.campaign_id for i in items},
            candidate_id__in={i.candidate_id for i in items},
            expert_class__isnull=False,
        )
        .select_related("expert")
        .order_by("updated_at", "pk")
    )
    for label in labels:
        key = (label.campaign_id, label.candidate_id)
        if key in votes:
            votes[key].append(label)
    return [(item, votes[(item.campaign_id, item.candidate_id)]) for item in items]
