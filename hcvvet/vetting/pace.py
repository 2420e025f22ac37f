"""How fast each expert labels in a campaign: labels, median seconds per label, labels per hour of active
time, and labels per class (the campaign's admin page).

A label's time is its `Label.seconds_spent`, summed over every visit to the candidate in that campaign (the
review page sends the time on the page with each label, skip and undo). An expert's active time is the sum
over all their labels in the campaign, skips and withdrawn labels included: the time they spent there.

Blind review (README, "Blind review"; `visibility`): the table leaves out the other experts' labels of the
candidates waiting for the viewer's vote (`without_hidden`), so no count or time depends on them, and shows
the classes only to those who may have the campaign's label data (`report_access`): in a blind campaign that
is not closed, curators who do not vote in it.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, FloatField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from hcvvet.accounts.models import User
from hcvvet.catalog.models import LABEL_CLASSES, ExpertClass

from .models import Campaign, Label
from .visibility import report_access, without_hidden

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class Pace:
    """One row of the table: an expert's (or everyone's) labels, skips and times in a campaign."""

    who: str
    labels: int  # labels with a class (a skip or a withdrawn label is none)
    skips: int
    active_seconds: float
    median_seconds: float | None  # per label; None without labels
    labels_per_hour: float | None  # of active time; None without active time
    per_class: tuple[int, ...]  # labels per class of `LABEL_CLASSES`, in that order; () when hidden

    @property
    def active_hours(self) -> float:
        return self.active_seconds / SECONDS_PER_HOUR


@dataclass(frozen=True)
class ClassPace:
    """Labels of one class over every expert, their median time, and labels per hour of the time spent on
    them."""

    expert_class: int
    name: str
    labels: int
    median_seconds: float | None
    labels_per_hour: float | None


@dataclass(frozen=True)
class CampaignPace:
    experts: list[Pace]
    total: Pace
    classes: list[ClassPace]  # empty while `classes_hidden`
    classes_hidden: str  # why the classes are not shown to this viewer; "" when they are


def _median(seconds: list[float]) -> float | None:
    return statistics.median(seconds) if seconds else None


def _pace(who: str, rows: list[tuple[int | None, bool, float, int]], *, classes_shown: bool) -> Pace:
    """A row of the table from (class, skipped, seconds, count) groups of labels."""
    voted = [seconds for cls, _, seconds, count in rows if cls is not None for _ in range(count)]
    active = sum(seconds * count for _, _, seconds, count in rows)
    by_class = {int(cls): 0 for cls in LABEL_CLASSES}
    for cls, _, _, count in rows:
        if cls is not None:
            by_class[cls] += count
    return Pace(
        who=who,
        labels=len(voted),
        skips=sum(count for cls, skipped, _, count in rows if cls is None and skipped),
        active_seconds=active,
        median_seconds=_median(voted),
        labels_per_hour=labels_per_hour(len(voted), active),
        per_class=tuple(by_class.values()) if classes_shown else (),
    )


def _class_pace(cls: ExpertClass, rows: list[tuple[int | None, bool, float, int]]) -> ClassPace:
    """The pace of class `cls` (one of `LABEL_CLASSES`) from (class, skipped, seconds, count) groups."""
    seconds = [seconds for c, _, seconds, count in rows if c == cls for _ in range(count)]
    return ClassPace(
        expert_class=int(cls),
        name=cls.label,
        labels=len(seconds),
        median_seconds=_median(seconds),
        labels_per_hour=labels_per_hour(len(seconds), sum(seconds)),
    )


def campaign_pace(*, campaign: Campaign, viewer: User) -> CampaignPace:
    """The pace of each expert of `campaign` who left a label there, as `viewer` may see it (module
    docstring), in one aggregate query; experts by name, then everyone's row."""
    groups = (
        without_hidden(Label.objects.filter(campaign=campaign), viewer, own="expert")
        .order_by()
        .values_list("expert__username", "expert_class", "skipped", "seconds_spent")
        .annotate(count=Count("pk"))
    )
    by_expert: dict[str, list[tuple[int | None, bool, float, int]]] = defaultdict(list)
    for username, cls, skipped, seconds, count in groups:
        by_expert[username].append((cls, skipped, seconds, count))
    everyone = [row for rows in by_expert.values() for row in rows]
    hidden = report_access(viewer, campaign.name, uses_labels=True, per_object=False, shows_classes=False)
    classes = []
    if hidden is None:
        classes = [_class_pace(cls, everyone) for cls in LABEL_CLASSES]
    shown = hidden is None
    return CampaignPace(
        experts=[_pace(name, by_expert[name], classes_shown=shown) for name in sorted(by_expert)],
        total=_pace("all experts", everyone, classes_shown=shown),
        classes=classes,
        classes_hidden=hidden or "",
    )


def with_pace(campaigns: QuerySet[Campaign], viewer: User) -> QuerySet[Campaign]:
    """`campaigns` annotated with `label_count` (labels with a class) and `active_seconds` (time on their
    candidates), over the labels `viewer` may count (`campaign_pace`): for a list of campaigns."""
    labels = without_hidden(Label.objects.filter(campaign=OuterRef("pk")), viewer, own="expert")
    per_campaign = labels.order_by().values("campaign")
    voted = per_campaign.filter(expert_class__isnull=False).annotate(n=Count("pk")).values("n")
    seconds = per_campaign.annotate(total=Sum("seconds_spent")).values("total")
    return campaigns.annotate(
        label_count=Coalesce(Subquery(voted, output_field=IntegerField()), Value(0)),
        active_seconds=Coalesce(Subquery(seconds, output_field=FloatField()), Value(0.0)),
    )


def labels_per_hour(labels: int, active_seconds: float) -> float | None:
    """Labels per hour of active time; None without active time."""
    return labels / (active_seconds / SECONDS_PER_HOUR) if active_seconds > 0 else None
