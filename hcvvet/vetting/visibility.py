"""Blind-review rules: what a user may see of a candidate's labels, consensus and catalogue ExpertClass.

The rule (README, "Blind review"): until an expert has voted on a candidate in a blind campaign, nothing
reachable by that expert depends on other experts' labels, the consensus, or the catalogue's ExpertClass of
that candidate; a skip is not a vote. Such a candidate is *hidden* from them (`candidate_hidden`,
`hidden_candidates`) on every page, list, report and admin page, whatever campaign asks. Who a campaign binds:
`_takes_part`. Curators who do not vote in a campaign see everything of it; other users see the public
catalogue class, and the labels and consensus only once the campaign is closed (`Candidate.expert_class`
too: `_visible_consensus`). Open campaigns hide nothing. The review pages, the API, the admin and the reports
(`report_access`) ask this module.

Epoch rejections follow the same rule: on a hidden candidate a user sees only their own (and those made before
rejections had a campaign): `rejections_seen` for one candidate, `with_seen_rejections` for lists.

Lists of candidates go through `visible_candidates`, which decides per row and gives the classes as the viewer
may see them (`SEEN_CLASSES`); filters and orderings on the classes use those (`with_seen_classes`), so a list
cannot reveal what a serializer hides. Serializers take a `CandidateVisibility` in their context
(`ROW_VISIBILITY` for such rows, a `Visibility` for one candidate) and hide the classes without one.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, ExpertClass, Measurement, RejectionSource

from .models import (
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusState,
    EpochRejection,
    Label,
    LabelEvent,
)
from .queues import default_campaign, is_campaign_expert, is_live
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


def _roles_read(user: User) -> User:
    """`user` with their groups (roles) read once: `is_curator` and `is_expert` then ask no more queries."""
    if user.is_authenticated and "groups" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "groups")
    return user


def visibility_for(*, user: User, campaign: Campaign, candidate: Candidate) -> Visibility:
    """What `user` may see of `candidate` on `campaign`'s pages right now.

    A candidate hidden from `user` (`candidate_hidden`: a blind campaign they vote in waits for their vote)
    shows nothing, whatever campaign's page asks, and so does a candidate outside `campaign` (its pages are
    not a window on other candidates' classes). Otherwise the campaign's own rules decide.
    """
    if candidate_hidden(user=user, candidate=candidate):
        return NOTHING
    if not Candidate.objects.filter(_in_campaign(campaign), pk=candidate.pk).exists():
        return NOTHING
    if not campaign.blind:
        return EVERYTHING
    if is_campaign_expert(campaign, user):
        # Not hidden, so a blind campaign this user votes in has their vote (or does not hold the candidate).
        return EVERYTHING
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
    """`candidate`'s event history as `viewer` may see it: only their own while it is hidden from them
    (`candidate_hidden`), else others' campaign events hidden where that campaign's rules say."""
    history = LabelEvent.objects.filter(candidate=candidate)
    if candidate_hidden(user=viewer, candidate=candidate):
        # Waiting for the viewer's vote: only their own events (no other's epoch rejection or its reason).
        history = history.filter(actor=viewer)
    events = list(history.select_related("actor", "campaign").order_by("created_at", "pk"))
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


class RejectionsSeen:
    """The expert rejections of one candidate's epochs that a user sees, oldest first: everyone's
    (`everything`), or, while the candidate waits for their vote in a blind campaign (`candidate_hidden`),
    only their own and those made before rejections had a campaign (vetting 0006). Read on first use."""

    def __init__(self, *, viewer_id: int | None, everything: bool, rows: Iterable[EpochRejection]) -> None:
        self.viewer_id = viewer_id
        self.everything = everything
        self._rows = rows
        self._by_measurement: dict[int, list[EpochRejection]] | None = None

    def of(self, measurement_id: int) -> list[EpochRejection]:
        if self._by_measurement is None:
            self._by_measurement = {}
            for rejection in self._rows:
                self._by_measurement.setdefault(rejection.measurement_id, []).append(rejection)
        return self._by_measurement.get(measurement_id, [])


def rejections_seen(*, user: User, candidate: Candidate) -> RejectionsSeen:
    """The epoch rejections of `candidate` that `user` may see (`RejectionsSeen`). A candidate from
    `visible_candidates` carries whether it is hidden from `user`; another one is asked."""
    hidden = getattr(candidate, "classes_hidden", None)
    if not isinstance(hidden, bool):
        hidden = candidate_hidden(user=user, candidate=candidate)
    rows = EpochRejection.objects.filter(measurement__candidate=candidate).select_related(
        "campaign", "expert"
    )
    if hidden:
        rows = rows.filter(Q(campaign__isnull=True) | Q(expert_id=user.pk))
    return RejectionsSeen(viewer_id=user.pk, everything=not hidden, rows=rows.order_by("created_at", "pk"))


def with_seen_rejections(measurements: QuerySet[Measurement], user: User) -> QuerySet[Measurement]:
    """`measurements` annotated with `seen_rejected` and `seen_rejected_source`: each epoch's rejection as
    `user` sees it (`rejections_seen`), for lists over many candidates (the admin's). On a candidate hidden
    from them, only their own rejections, those without a campaign and flagged images count."""
    hidden = hidden_candidates(user)
    if hidden is None:
        return measurements.annotate(seen_rejected=F("rejected"), seen_rejected_source=F("rejected_source"))
    by_expert = Exists(
        EpochRejection.objects.filter(measurement=OuterRef("pk")).filter(
            Q(campaign__isnull=True) | Q(expert_id=user.pk)
        )
    )
    flagged = Q(rejected_source=RejectionSource.IMAGE_FLAG) | Q(image__flagged=True)
    on_hidden = Q(candidate__in=hidden)
    return measurements.annotate(
        seen_rejected=Case(
            When(on_hidden, then=ExpressionWrapper(Q(by_expert) | flagged, output_field=BooleanField())),
            default=F("rejected"),
            output_field=BooleanField(),
        ),
        seen_rejected_source=Case(
            When(on_hidden & Q(by_expert), then=Value(RejectionSource.EXPERT.value)),
            When(on_hidden & flagged, then=Value(RejectionSource.IMAGE_FLAG.value)),
            When(on_hidden, then=Value("")),
            default=F("rejected_source"),
            output_field=CharField(),
        ),
    )


def _takes_part(user: User, *, is_curator: bool) -> Q:
    """Campaigns whose blind rules bind `user`: those naming them among their experts, and for experts who
    are not curators also the default campaign. Curators label in the default queue too, but are not bound
    by it: it holds every candidate, and would keep them from adjudicating, curating and reporting on all
    of them."""
    takes_part = Q(experts=user)
    if not is_curator and user.is_expert:
        default_campaign()  # the rules hold before anyone opened the default queue
        takes_part |= Q(is_default=True)
    return takes_part


def open_blind_campaigns_of(user: User) -> list[Campaign]:
    """The blind, active campaigns whose rules bind `user` (`_takes_part`). The default campaign is created
    here if it does not exist yet: the blind rules never wait for its lazy creation."""
    if not user.is_authenticated:
        return []
    _roles_read(user)
    campaigns = Campaign.objects.filter(_takes_part(user, is_curator=user.is_curator))
    return list(campaigns.filter(blind=True, state=CampaignState.ACTIVE).distinct().order_by("name"))


def _in_campaign(campaign: Campaign) -> Q:
    """Candidates (rows of Candidate) of `campaign`: its items, or its live selection."""
    if is_live(campaign):
        return Q(Exists(Selection.of(campaign).candidates().filter(pk=OuterRef("pk"))))
    return Q(Exists(CampaignCandidate.objects.filter(campaign=campaign, candidate=OuterRef("pk"))))


def _voted(campaign: Campaign, user: User, candidate_ref: str = "pk") -> Exists:
    return Exists(
        Label.objects.filter(
            campaign=campaign, expert=user, candidate=OuterRef(candidate_ref), expert_class__isnull=False
        )
    )


def _classes_hidden(user: User, blind: list[Campaign] | None = None) -> Q | None:
    """Where a blind, active campaign `user` votes in still waits for their vote (a skip is not a vote);
    None when no such campaign."""
    blind = open_blind_campaigns_of(user) if blind is None else blind
    if not blind:
        return None
    hidden = Q(pk__in=[])
    for campaign in blind:
        hidden |= _in_campaign(campaign) & ~Q(_voted(campaign, user))
    return hidden


def candidate_hidden(*, user: User, candidate: Candidate) -> bool:
    """Whether a blind campaign `user` votes in still waits for their vote on `candidate`: until then they
    see nothing of its other experts' labels, consensus or catalogue ExpertClass, on any page."""
    hidden = _classes_hidden(user)
    return hidden is not None and Candidate.objects.filter(hidden, pk=candidate.pk).exists()


def campaigns_waiting_for_vote(*, user: User, candidate: Candidate) -> list[Campaign]:
    """The blind campaigns that hide `candidate` from `user` (`candidate_hidden`), by name: those they vote
    in that still wait for their vote on it. One query per blind campaign they vote in, for pages that say
    why they hide a candidate's classes."""
    return [
        campaign
        for campaign in open_blind_campaigns_of(user)
        if Candidate.objects.filter(_classes_hidden(user, [campaign]), pk=candidate.pk).exists()
    ]


def hidden_candidates(user: User) -> QuerySet | None:
    """The candidates hidden from `user` (`candidate_hidden`) as a subquery of MatchIDs; None when none."""
    hidden = _classes_hidden(user)
    return None if hidden is None else Candidate.objects.filter(hidden).values("pk")


def without_hidden(rows: QuerySet, user: User, *, candidate: str = "candidate", own: str = "") -> QuerySet:
    """`rows` (labels, events, campaign items, adjudications...) without those of candidates hidden from
    `user`, except their own (`own` names the field holding the user: a label's expert, an event's actor).
    For pages that list such rows whatever the candidate, the admin's above all."""
    hidden = hidden_candidates(user)
    if hidden is None:
        return rows
    of_hidden = Q(**{f"{candidate}__in": hidden})
    if own:
        of_hidden &= ~Q(**{own: user})
    return rows.exclude(of_hidden)


def _visible_consensus(user: User, blind: list[Campaign]) -> Case | F:
    """Candidate.expert_class as `user` may see it. It is the class of the latest decided item (as
    `consensus.candidate_outcome_refresh` keeps it) or a curator's edit; where a campaign whose consensus
    `user` may not see holds a decided item of the candidate, the class of the latest decided item among the
    campaigns they may see instead (None if none). A blind campaign that is not closed shows its consensus
    only to curators who do not vote in it and to its experts on the candidates they voted on."""
    _roles_read(user)
    is_curator = user.is_authenticated and user.is_curator
    if is_curator and not blind:
        return F("expert_class")
    seen = ~Q(campaign__blind=True) | Q(campaign__state=CampaignState.CLOSED)
    if is_curator:
        seen |= ~Q(campaign__in=[c.pk for c in blind])
    for campaign in blind:
        seen |= Q(campaign=campaign) & Q(_voted(campaign, user, "candidate_id"))
    decided = CampaignCandidate.objects.filter(
        candidate=OuterRef("pk"),
        is_gold=False,
        consensus__in=(ConsensusState.AGREED, ConsensusState.ADJUDICATED),
        consensus_class__isnull=False,
    )
    latest_seen = decided.filter(seen).order_by("-decided_at", "-pk").values("consensus_class")[:1]
    return Case(
        When(Exists(decided.exclude(seen)), then=Subquery(latest_seen)),
        default=F("expert_class"),
        output_field=IntegerField(),
    )


def visible_candidates(candidates: QuerySet[Candidate], user: User) -> QuerySet[Candidate]:
    """`candidates` as `user` may see them: each row annotated with `classes_hidden` (True while a blind
    campaign this user votes in waits for their vote) and with `SEEN_CLASSES`, the catalogue ExpertClass and
    the consensus where visible and NULL where hidden.

    Every filter, ordering or count over the classes must use `SEEN_CLASSES` (see `with_seen_classes`), never
    the columns: a hidden candidate then answers as if it had no class, whatever its class is.
    """
    blind = open_blind_campaigns_of(user)
    hidden = _classes_hidden(user, blind)
    shown = {"hcv_expert_class": F("hcv_expert_class"), "expert_class": _visible_consensus(user, blind)}
    if hidden is None:
        return candidates.annotate(
            classes_hidden=Value(False, output_field=BooleanField()),
            **{SEEN_CLASSES[column]: value for column, value in shown.items()},
        )
    return candidates.annotate(
        classes_hidden=ExpressionWrapper(hidden, output_field=BooleanField()),
        **{
            SEEN_CLASSES[column]: Case(
                When(hidden, then=Value(None)), default=value, output_field=IntegerField()
            )
            for column, value in shown.items()
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


GOLD_KEYS = ("gold_match_ids", "gold_count")


def gold_seen(campaign: Campaign, user: User) -> bool:
    """Whether `user` may know which of `campaign`'s candidates are gold, and how many: only curators who do
    not vote in it, or everyone once it is closed (an expert knowing them would vote differently on them)."""
    _roles_read(user)
    return campaign.state == CampaignState.CLOSED or (
        user.is_authenticated and user.is_curator and not is_campaign_expert(campaign, user)
    )


def without_gold(selection: dict) -> dict:
    """A selection (JSON, as stored) without its gold keys."""
    return {key: value for key, value in selection.items() if key not in GOLD_KEYS}


def selection_seen(campaign: Campaign, user: User) -> dict:
    """`campaign`'s selection as `user` may read it: its gold keys only where `gold_seen`."""
    selection = dict(campaign.selection)
    return selection if gold_seen(campaign, user) else without_gold(selection)


def report_access(
    user: User,
    campaign_name: str | None,
    *,
    uses_labels: bool,
    per_object: bool,
    shows_classes: bool = True,
    narrowed: str = "",
) -> str | None:
    """Why `user` may not have a report, or None if they may.

    `uses_labels`: the report is built from hcvvet's votes or consensus (source "labels", the agreement
    report, the labelled export); `per_object`: it shows each object's expert class (scatter reports coloured
    by expert class, the labelled export, which also carries the catalogue ExpertClass). Aggregate reports of
    the catalogue (neither) are the published HCV numbers, and AutoClass is public pipeline output:
    everyone's.

    1. Label data of a named blind campaign that is not closed: only curators who do not vote in it
       (`is_campaign_expert`; the default campaign binds no curator, as in rule 3). Once it is closed, or if
       it was never blind, everyone may have it.
    2. Label data of every campaign (none named) holds the blind campaigns still under way: curators only.
    3. Label data of every campaign, and any per-object report, are refused to whoever votes in a blind
       campaign that is not closed: they would show the classes of candidates not yet voted on. Curators are
       bound only by the campaigns that name them among their experts; the default campaign, which every
       expert and curator joins implicitly, would otherwise keep these reports from everyone who runs it.
    4. A report showing classes (anything but AutoClass) narrowed to a few objects (`narrowed` says how: a
       group, a campaign, a date range of votes) is refused to whoever votes in a blind campaign that is not
       closed: its bins or cells could hold single candidates, and so show their classes. Over the whole
       catalogue such a report counts the published catalogue classes of many objects, and stays allowed.

    A campaign name that matches no campaign is not refused here: building the report answers it (a 400).
    """
    if not user.is_authenticated:
        return "Sign in to see reports."
    _roles_read(user)
    campaign = None
    if campaign_name:
        campaign = Campaign.objects.filter(name=campaign_name).first()
        if campaign is None:
            return None
    is_curator = user.is_curator
    if uses_labels and campaign is not None:
        still_blind = campaign.blind and campaign.state != CampaignState.CLOSED
        # a curator is bound by the campaigns that name them, not by the default one ("Who is bound")
        named = not campaign.is_default and is_campaign_expert(campaign, user)
        if still_blind and (not is_curator or named):
            return (
                f"Campaign {campaign.name!r} is blind and not closed: its labels and consensus are shown "
                "only to curators who do not vote in it, until it is closed."
            )
    elif uses_labels and not is_curator:
        return (
            "Label reports over every campaign include blind campaigns that are not closed: only curators "
            "get them. Choose a campaign that is closed or not blind."
        )
    if per_object or (uses_labels and campaign is None) or (shows_classes and narrowed):
        bound = _open_blind_campaign_of(user, is_curator=is_curator)
        if bound is not None:
            if per_object:
                shown, instead = "each object's expert class", "Colour scatter plots by AutoClass instead."
            elif uses_labels and campaign is None:
                shown, instead = "hcvvet labels over every campaign", "Choose a campaign that is closed."
            else:
                shown = f"expert classes of objects narrowed to {narrowed} (a bin can hold one object)"
                instead = "Ask for it over the whole catalogue instead."
            return (
                f"You vote in the blind campaign {bound.name!r}, which is not closed: a report showing "
                f"{shown} would reveal classes of candidates you have not voted on yet. {instead}"
            )
    return None


def _open_blind_campaign_of(user: User, *, is_curator: bool) -> Campaign | None:
    """A blind campaign, not closed, whose rules bind `user` (`_takes_part`)."""
    return (
        Campaign.objects.filter(_takes_part(user, is_curator=is_curator), blind=True)
        .exclude(state=CampaignState.CLOSED)
        .distinct()
        .order_by("name")
        .first()
    )
