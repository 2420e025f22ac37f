"""How fast each expert labels in a campaign: labels, median seconds per label and labels per hour of active
time, for each expert and everyone, and the same for each class (the campaign's admin page and the agreement
report, which share `templates/includes/pace.html`).

A label's time is its `Label.seconds_spent`, summed over every visit to the candidate in that campaign (the
review page sends the time on the page with each label, skip and undo). An expert's active time is the sum
over all their labels in the campaign, skips and withdrawn labels included: the time they spent there. A
class's labels per hour are of the time spent on the labels of that class.

Blind review (README, "Blind review"; `visibility`): the table leaves out the other experts' labels of the
candidates waiting for the viewer's vote (`without_hidden`), so no count or time depends on them. The classes
of the others' labels are shown only to those who may have the campaign's label data (`report_access`): in a
blind campaign that is not closed, curators who do not vote in it. Anyone else sees the classes of their own
labels only.
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
EVERYONE = "all experts"

# (class, skipped, seconds spent, how many labels): one group of the aggregate query.
LabelGroup = tuple[int | None, bool, float, int]


@dataclass(frozen=True)
class ClassPace:
    """Labels of one class (by one expert or everyone), their median time, and labels per hour of the time
    spent on them."""

    expert_class: int
    name: str
    labels: int
    median_seconds: float | None  # None without labels
    labels_per_hour: float | None  # None without time spent


@dataclass(frozen=True)
class Pace:
    """One row of the tables: an expert's (or everyone's) labels, skips and times in a campaign."""

    who: str
    labels: int  # labels with a class (a skip or a withdrawn label is none)
    skips: int
    active_seconds: float
    median_seconds: float | None  # per label; None without labels
    labels_per_hour: float | None  # of active time; None without active time
    classes: tuple[ClassPace, ...]  # one per class of `LABEL_CLASSES`, in that order; () when hidden

    @property
    def active_hours(self) -> float:
        return self.active_seconds / SECONDS_PER_HOUR


@dataclass(frozen=True)
class CampaignPace:
    experts: list[Pace]  # by name
    total: Pace  # everyone's
    class_names: list[tuple[int, str]]  # (class, name) of `LABEL_CLASSES`: the class columns' headings
    classes_hidden: str  # why the others' classes are not shown to this viewer; "" when they are

    @property
    def rows(self) -> list[Pace]:
        """Each expert's row, then everyone's; none without labels."""
        return [*self.experts, self.total] if self.experts else []

    @property
    def class_rows(self) -> list[Pace]:
        """The rows whose classes this viewer may see: every expert's and everyone's, or only their own."""
        return [row for row in self.rows if row.classes]


def _median(seconds: list[float]) -> float | None:
    return statistics.median(seconds) if seconds else None


def _class_pace(cls: ExpertClass, groups: list[LabelGroup]) -> ClassPace:
    """The pace of class `cls` (one of `LABEL_CLASSES`) over `groups`."""
    seconds = [seconds for c, _, seconds, count in groups if c == cls for _ in range(count)]
    return ClassPace(
        expert_class=int(cls),
        name=cls.label,
        labels=len(seconds),
        median_seconds=_median(seconds),
        labels_per_hour=labels_per_hour(len(seconds), sum(seconds)),
    )


def _pace(who: str, groups: list[LabelGroup], *, classes_shown: bool) -> Pace:
    """A row of the tables from the groups of one expert's (or everyone's) labels."""
    voted = [seconds for cls, _, seconds, count in groups if cls is not None for _ in range(count)]
    active = sum(seconds * count for _, _, seconds, count in groups)
    return Pace(
        who=who,
        labels=len(voted),
        skips=sum(count for cls, skipped, _, count in groups if cls is None and skipped),
        active_seconds=active,
        median_seconds=_median(voted),
        labels_per_hour=labels_per_hour(len(voted), active),
        classes=tuple(_class_pace(cls, groups) for cls in LABEL_CLASSES) if classes_shown else (),
    )


def campaign_pace(*, campaign: Campaign, viewer: User) -> CampaignPace:
    """The pace of each expert of `campaign` who left a label there, and everyone's, overall and per class,
    as `viewer` may see it (module docstring), in one aggregate query."""
    groups = (
        without_hidden(Label.objects.filter(campaign=campaign), viewer, own="expert")
        .order_by()
        .values_list("expert__username", "expert_class", "skipped", "seconds_spent")
        .annotate(count=Count("pk"))
    )
    by_expert: dict[str, list[LabelGroup]] = defaultdict(list)
    for username, cls, skipped, seconds, count in groups:
        by_expert[username].append((cls, skipped, seconds, count))
    hidden = report_access(viewer, campaign.name, uses_labels=True, per_object=False, shows_classes=False)
    shown = hidden is None
    return CampaignPace(
        experts=[
            _pace(name, by_expert[name], classes_shown=shown or name == viewer.username)
            for name in sorted(by_expert)
        ],
        total=_pace(EVERYONE, [group for rows in by_expert.values() for group in rows], classes_shown=shown),
        class_names=[(int(cls), cls.label) for cls in LABEL_CLASSES],
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
