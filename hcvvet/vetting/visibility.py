"""Blind-review rules: what a user may see of a candidate's labels, consensus and catalogue ExpertClass.

In a blind campaign an expert taking part sees none of the other experts' labels, the consensus or the
catalogue's ExpertClass until they have voted on that candidate. Curators who do not vote in it see
everything; other users see the public catalogue class, and the labels and consensus only once the campaign
is closed. Open campaigns hide nothing. The review pages, the API and the reports (`report_access`) ask this
module.

Lists of candidates go through `visible_candidates`, which decides per row and gives the classes as the viewer
may see them (`SEEN_CLASSES`); filters and orderings on the classes use those (`with_seen_classes`), so a list
cannot reveal what a serializer hides. Serializers take a `CandidateVisibility` in their context
(`ROW_VISIBILITY` for such rows, a `Visibility` for one candidate) and hide the classes without one.
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, ExpertClass

from .models import Campaign, CampaignCandidate, CampaignState, ConsensusState, Label, LabelEvent
from .queues import is_campaign_expert, is_live
from .selection import Selection


@dataclass(frozen=True)
class Visibility:
    """What a user may see of one candidate: others' labels, the consensus, the catalogue's ExpertClass."""

    other_labels: bool
    consensus: bool
    catalogue_class: bool

    def of(self, candidate: Candidate) -> "Visibility":
        """This decision, whatever the candidate: a serializer's `visibility` for one known candidate."""
        return self


class CandidateVisibility(Protocol):
    """What serializers take as their `visibility` context: the decision for each candidate they show."""

    def of(self, candidate: Candidate) -> Visibility: ...


EVERYTHING = Visibility(other_labels=True, consensus=True, catalogue_class=True)
NOTHING = Visibility(other_labels=False, consensus=False, catalogue_class=False)
# The class columns of Candidate and the annotations `visible_candidates` gives them.
SEEN_CLASSES = {"hcv_expert_class": "seen_hcv_expert_class", "expert_class": "seen_expert_class"}


def has_voted(*, user: User, campaign: Campaign, candidate: Candidate) -> bool:
    return Label.objects.filter(
        campaign=campaign, candidate=candidate, expert=user, expert_class__isnull=False
    ).exists()


def visibility_for(*, user: User, campaign: Campaign, candidate: Candidate) -> Visibility:
    """What `user` may see of `candidate` in `campaign` right now."""
    if not campaign.blind:
        return EVERYTHING
    if is_campaign_expert(campaign, user):
        if has_voted(user=user, campaign=campaign, candidate=candidate):
            return EVERYTHING
        return NOTHING
    if user.is_authenticated and user.is_curator:
        return EVERYTHING
    closed = campaign.state == CampaignState.CLOSED
    return Visibility(other_labels=closed, consensus=closed, catalogue_class=True)


def visible_labels(*, user: User, campaign: Campaign, candidate: Candidate) -> list[Label]:
    """The labels of `candidate` in `campaign` that `user` may see (always their own)."""
    labels = Label.objects.filter(campaign=campaign, candidate=candidate).select_related("expert")
    if not visibility_for(user=user, campaign=campaign, candidate=candidate).other_labels:
        labels = labels.filter(expert=user)
    return list(labels.order_by("created_at", "pk"))


def votes_seen(*, user: User, campaign: Campaign, candidate: Candidate, seen: Visibility) -> dict:
    """The other experts' votes (labels and skips) and the consensus of `candidate` in `campaign` for the
    review page; each is None where `seen` (from visibility_for) hides it. Gold classes are never shown."""
    others = None
    if seen.other_labels:
        others = [
            {
                "expert": label.expert.username,
                "expert_class": label.expert_class,
                "name": None if label.expert_class is None else ExpertClass(label.expert_class).label,
                "skipped": label.skipped,
                "reasons": label.reasons,
                "comment": label.comment,
            }
            for label in Label.objects.filter(campaign=campaign, candidate=candidate)
            .exclude(expert=user)
            .filter(Q(expert_class__isnull=False) | Q(skipped=True))
            .select_related("expert")
            .order_by("created_at", "pk")
        ]
    consensus = None
    if seen.consensus:
        item = (
            CampaignCandidate.objects.filter(campaign=campaign, candidate=candidate)
            .values("consensus", "consensus_class", "vote_count")
            .first()
        )
        if item is not None:
            consensus = {
                "state": item["consensus"],
                "state_name": ConsensusState(item["consensus"]).label,
                "expert_class": item["consensus_class"],
                "votes": item["vote_count"],
                "needed": campaign.votes_needed,
            }
    return {"others": others, "consensus": consensus}


def visible_events(*, candidate: Candidate, viewer: User) -> list[LabelEvent]:
    """`candidate`'s event history as `viewer` may see it: others' campaign events hidden where blind rules
    say."""
    events = list(
        LabelEvent.objects.filter(candidate=candidate)
        .select_related("actor", "campaign")
        .order_by("created_at", "pk")
    )
    others_visible: dict[int, bool] = {}
    for event in events:
        campaign = event.campaign
        if campaign is not None and campaign.pk not in others_visible:
            others_visible[campaign.pk] = visibility_for(
                user=viewer, campaign=campaign, candidate=candidate
            ).other_labels
    return [
        event
        for event in events
        if event.campaign_id is None or event.actor_id == viewer.pk or others_visible[event.campaign_id]
    ]


def _classes_hidden(user: User) -> Q | None:
    """Where a blind, active campaign `user` votes in still waits for their vote; None when no such
    campaign."""
    blind = [
        c
        for c in Campaign.objects.filter(blind=True, state=CampaignState.ACTIVE)
        if is_campaign_expert(c, user)
    ]
    if not blind:
        return None
    hidden = Q(pk__in=[])
    for campaign in blind:
        if is_live(campaign):
            in_campaign = Q(pk__in=Selection.of(campaign).candidates().values("pk"))
        else:
            in_campaign = Q(
                Exists(CampaignCandidate.objects.filter(campaign=campaign, candidate=OuterRef("pk")))
            )
        voted = Exists(
            Label.objects.filter(
                campaign=campaign, expert=user, candidate=OuterRef("pk"), expert_class__isnull=False
            )
        )
        hidden |= in_campaign & ~Q(voted)
    return hidden


def visible_candidates(candidates: QuerySet[Candidate], user: User) -> QuerySet[Candidate]:
    """`candidates` as `user` may see them: each row annotated with `classes_hidden` (True while a blind
    campaign this user votes in waits for their vote) and with `SEEN_CLASSES`, the catalogue ExpertClass and
    the consensus where visible and NULL where hidden.

    Every filter, ordering or count over the classes must use `SEEN_CLASSES` (see `with_seen_classes`), never
    the columns: a hidden candidate then answers as if it had no class, whatever its class is.
    """
    hidden = _classes_hidden(user)
    if hidden is None:
        return candidates.annotate(
            classes_hidden=Value(False, output_field=BooleanField()),
            **{seen: F(column) for column, seen in SEEN_CLASSES.items()},
        )
    return candidates.annotate(
        classes_hidden=ExpressionWrapper(hidden, output_field=BooleanField()),
        **{
            seen: Case(When(hidden, then=Value(None)), default=F(column), output_field=IntegerField())
            for column, seen in SEEN_CLASSES.items()
        },
    )


def with_seen_classes(
    candidates: QuerySet[Candidate],
    *,
    hcv_expert_class: Collection[int] = (),
    expert_class: Collection[int] = (),
    decided: bool | None = None,
) -> QuerySet[Candidate]:
    """`candidates` (from `visible_candidates`) narrowed by the classes their viewer may see: a hidden
    candidate matches no class and counts as undecided."""
    # Lookups on the annotations named in SEEN_CLASSES (built from it, so the names live in one place).
    seen_hcv, seen_consensus = SEEN_CLASSES["hcv_expert_class"], SEEN_CLASSES["expert_class"]
    if hcv_expert_class:
        candidates = candidates.filter(**{f"{seen_hcv}__in": hcv_expert_class})
    if expert_class:
        candidates = candidates.filter(**{f"{seen_consensus}__in": expert_class})
    if decided is not None:
        candidates = candidates.filter(**{f"{seen_consensus}__isnull": not decided})
    return candidates


class RowVisibility:
    """The decision `visible_candidates` annotated on each row, for serializers; a row without the annotation
    shows nothing (fail closed)."""

    def of(self, candidate: Candidate) -> Visibility:
        return EVERYTHING if getattr(candidate, "classes_hidden", True) is False else NOTHING


ROW_VISIBILITY = RowVisibility()


def report_access(
    user: User, campaign_name: str | None, *, uses_labels: bool, per_object: bool
) -> str | None:
    """Why `user` may not have a report, or None if they may.

    `uses_labels`: the report is built from hcvvet's votes or consensus (source "labels", the agreement
    report, the labelled export); `per_object`: it shows each object's expert class (scatter reports coloured
    by expert class, the labelled export, which also carries the catalogue ExpertClass). Aggregate reports of
    the catalogue (neither) are the published HCV numbers, and AutoClass is public pipeline output:
    everyone's.

    1. Label data of a named blind campaign that is not closed: only curators who do not vote in it
       (`is_campaign_expert`). Once it is closed, or if it was never blind, everyone may have it.
    2. Label data of every campaign (none named) holds the blind campaigns still under way: curators only.
    3. Label data of every campaign, and any per-object report, are refused to whoever votes in a blind
       campaign that is not closed: they would show the classes of candidates not yet voted on. Curators are
       bound only by the campaigns that name them among their experts; the default campaign, which every
       expert and curator joins implicitly, would otherwise keep these reports from everyone who runs it.

    A campaign name that matches no campaign is not refused here: building the report answers it (a 400).
    """
    if not user.is_authenticated:
        return "Sign in to see reports."
    campaign = None
    if campaign_name:
        campaign = Campaign.objects.filter(name=campaign_name).first()
        if campaign is None:
            return None
    is_curator = user.is_curator
    if uses_labels and campaign is not None:
        still_blind = campaign.blind and campaign.state != CampaignState.CLOSED
        if still_blind and (not is_curator or is_campaign_expert(campaign, user)):
            return (
                f"Campaign {campaign.name!r} is blind and not closed: its labels and consensus are shown "
                "only to curators who do not vote in it, until it is closed."
            )
    elif uses_labels and not is_curator:
        return (
            "Label reports over every campaign include blind campaigns that are not closed: only curators "
            "get them. Choose a campaign that is closed or not blind."
        )
    if per_object or (uses_labels and campaign is None):
        bound = _open_blind_campaign_of(user, is_curator=is_curator)
        if bound is not None:
            if per_object:
                shown, instead = "each object's expert class", "Colour scatter plots by AutoClass instead."
            else:
                shown, instead = "hcvvet labels over every campaign", "Choose a campaign that is closed."
            return (
                f"You vote in the blind campaign {bound.name!r}, which is not closed: a report showing "
                f"{shown} would reveal classes of candidates you have not voted on yet. {instead}"
            )
    return None


def _open_blind_campaign_of(user: User, *, is_curator: bool) -> Campaign | None:
    """A blind campaign, not closed, in which `user` votes; curators only in those naming them (see
    report_access), other experts also in the default campaign (as `is_campaign_expert`)."""
    takes_part = Q(experts=user)
    if not is_curator and user.is_expert:
        takes_part |= Q(is_default=True)
    return (
        Campaign.objects.filter(takes_part, blind=True)
        .exclude(state=CampaignState.CLOSED)
        .order_by("name")
        .first()
    )
