"""Anchoring: does seeing the model's prediction pull experts towards it? Agreement between each label and
the model's class, for labels saved with the prediction shown before the vote, shown after it, or not shown,
from the shown-prediction records (`ShownPrediction`), with Wilson intervals.

Agreement means the label's class equals the class the model gave the highest probability (the prediction
kept in the record: the one shown, or for labels saved without one shown the active model's at that moment).
Labels with no prediction at all (no model yet) are counted apart: they compare with nothing. A gap between
"before" and the others that the intervals do not cover is the anchoring effect; the groups also differ in
which candidates and experts they hold, so campaigns meant to measure it assign the setting at random.
"""

from dataclasses import dataclass

import numpy as np
from astropy.stats import binom_conf_interval
from django.db.models import Count, F, Q, QuerySet

from hcvvet.vetting.models import Campaign

from .display import EXPERT_CLASS_ORDER
from .models import Shown, ShownPrediction

GROUPS = (Shown.BEFORE, Shown.AFTER, Shown.NONE, Shown.UNKNOWN)


@dataclass(frozen=True)
class AnchoringRow:
    shown: str
    labels: int  # labels with a prediction to compare with
    agree: int
    share: float | None
    low: float | None
    high: float | None
    without_prediction: int

    def as_json(self) -> dict:
        return {
            "shown": self.shown,
            "shown_name": Shown(self.shown).label,
            "labels": self.labels,
            "agree": self.agree,
            "share": self.share,
            "interval_95": None if self.low is None else [self.low, self.high],
            "without_prediction": self.without_prediction,
        }


def wilson(agree: int, n: int) -> tuple[float | None, float | None]:
    """The 95 % Wilson interval of agree / n (None without labels)."""
    if n == 0:
        return None, None
    low, high = binom_conf_interval(agree, n, confidence_level=0.95, interval="wilson")
    return float(low), float(high)


def _records(campaign: Campaign | None) -> QuerySet[ShownPrediction]:
    records = ShownPrediction.objects.filter(label__expert_class__isnull=False)
    return records if campaign is None else records.filter(label__campaign=campaign)


def _agreeing() -> Q:
    """The label's current class is the model's class (ties go to the lower class number, as in
    `display.model_class`)."""
    p = {1: "p_high_confidence", 2: "p_probable", 4: "p_artifact"}
    agree = Q(pk__in=[])
    for cls in EXPERT_CLASS_ORDER:
        beats_others = Q()
        for other in EXPERT_CLASS_ORDER:
            if other == cls:
                continue
            # a lower class number wins a tie
            beats_others &= Q(**{f"{p[cls]}__gte" if cls < other else f"{p[cls]}__gt": F(p[other])})
        agree |= Q(label__expert_class=cls) & beats_others
    return agree


def anchoring_rows(campaign: Campaign | None = None) -> list[AnchoringRow]:
    """One row per kind of display (GROUPS), counted in one query."""
    counts = {
        row["shown"]: row
        for row in _records(campaign)
        .values("shown")
        .annotate(
            compared=Count("pk", filter=Q(model_version__isnull=False)),
            agree=Count("pk", filter=Q(model_version__isnull=False) & _agreeing()),
            without=Count("pk", filter=Q(model_version__isnull=True)),
        )
        .order_by()
    }
    rows = []
    for shown in GROUPS:
        found = counts.get(shown, {"compared": 0, "agree": 0, "without": 0})
        n, agree = int(found["compared"]), int(found["agree"])
        low, high = wilson(agree, n)
        rows.append(
            AnchoringRow(
                shown=shown,
                labels=n,
                agree=agree,
                share=None if n == 0 else float(np.float64(agree) / n),
                low=low,
                high=high,
                without_prediction=int(found["without"]),
            )
        )
    return rows
