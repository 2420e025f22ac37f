"""Database reads of the labelled candidate table beyond the filter rows: every vote with what the expert
entered, and a campaign's gold candidates and adjudications. One query each, whatever the number of
objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from hcvvet.vetting.models import Campaign, CampaignCandidate, Label

from . import selectors
from .selectors import ReportFilters, _vote_condition


@dataclass(frozen=True)
class Vote:
    """One expert's current vote on an object, as entered."""

    expert_class: int
    reasons: tuple[str, ...]
    comment: str
    seconds_spent: float
    voted_at: datetime  # the label's last change


@dataclass(frozen=True)
class ObjectOutcome:
    """A campaign object's gold flag and adjudication (None where there is none)."""

    is_gold: bool
    gold_class: int | None
    adjudicated_class: int | None
    adjudicated_by: str | None
    adjudication_note: str | None
    adjudicated_at: datetime | None


NO_OUTCOME = ObjectOutcome(False, None, None, None, None, None)


def vote_details(filters: ReportFilters, campaign: Campaign | None) -> dict[int, dict[str, Vote]]:
    """MatchID -> {username: vote} over the selection's objects and the votes `selectors.votes` counts (in
    `campaign` if set, within the date range); across campaigns an expert's latest vote wins. One query."""
    objects = selectors.candidates(filters, campaign).values("pk")
    labels = (
        Label.objects.filter(_vote_condition(filters, campaign), candidate__in=objects)
        .order_by("updated_at", "pk")
        .values_list(
            "candidate_id",
            "expert__username",
            "expert_class",
            "reasons",
            "comment",
            "seconds_spent",
            "updated_at",
        )
    )
    by_object: dict[int, dict[str, Vote]] = {}
    for match_id, username, expert_class, reasons, comment, seconds, updated_at in labels.iterator(
        chunk_size=10_000
    ):
        vote = Vote(expert_class, tuple(reasons or ()), comment, float(seconds), updated_at)
        by_object.setdefault(match_id, {})[username] = vote
    return by_object


def campaign_outcomes(campaign: Campaign) -> dict[int, ObjectOutcome]:
    """MatchID -> gold flag and adjudication of the campaign's gold or adjudicated objects (others have
    neither). One query."""
    items = CampaignCandidate.objects.filter(
        Q(is_gold=True) | Q(adjudication__isnull=False), campaign=campaign
    ).values_list(
        "candidate_id",
        "is_gold",
        "gold_class",
        "adjudication__decided_class",
        "adjudication__adjudicator__username",
        "adjudication__note",
        "adjudication__decided_at",
    )
    return {match_id: ObjectOutcome(*outcome) for match_id, *outcome in items}
