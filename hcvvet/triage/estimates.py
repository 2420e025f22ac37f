"""Catalogue-wide estimates of the artifact fraction, from the model's predictions corrected by a random
sample of expert labels (prediction-powered inference, `ppi`), beside the labels-only estimate with its
Wilson interval (alone while no model has predicted the campaign), for all candidates, per MAD bin, per
AutoClass and per instrument.

One campaign at a time: its population is its frozen non-gold candidates (the whole catalogue when its
selection is the whole catalogue), since a random sample is random only within the campaign it was drawn
in. y = 1 when the decided class (consensus or adjudication, `training_set.decided_items`) is 4 (artifact).
Which labels are the random sample depends on the campaign's order (`DESIGNS`):
- random, stratified: its queue is served in random order, so its decided items are a random sample;
- uncertainty first, artifact first: only the decided items of its audit sample (`in_audit`, drawn at random
  within strata of MAD and magnitude in proportion); the model-ranked rest are predictions only;
- uncertainty first, sampled: every decided item, weighed by the probability it was drawn with,
  pi = `ppi.inclusion_probabilities` of w = priority x u (`vetting.campaigns.sampling_uniforms`) over every
  ranked non-gold item, with n the decided ones and the floor the share its starting order served before
  the ranking (`Campaign.sampling_uniform_served`, at most n); the predictions are the ones that ranked
  the queue (`CampaignCandidate.sampling_p_artifact`, pinned), and the population its ranked items (items
  the model did not predict have no known probability). A subgroup passes its own items with their pi
  from the whole. Its labels-only share is not an estimate of the population (the labels went mostly where
  the model was unsure): it is shown for the gain only, and says so (`labels_only_unbiased`).
- highest MAD first, disagreement first: not random at all: no estimate (`EstimateRefused`); nor for a
  campaign without an audit sample whose items the model retired (the labels never reach them).
Predictions other than the sampled order's are the current ones (`selectors.current_predictions`); the
population is then the items with one (`without_prediction` counts the others). A model predicts the
candidates whose class it trained on (the catalogue's, or an hcvvet decision) closer to that class than the
others, which would shrink the labels' correction and the interval: every candidate the model trained on is
predicted out of fold instead (`HeldOutPrediction`, the fold model that did not see its class; cross-fitted
prediction-powered inference, Zrnic and Candes 2024), labelled or not, so each candidate's prediction is one
fixed value whatever the sample.

Before any model has predicted a single non-gold item of a random, stratified or audit campaign, its labels
are still a random sample and their share with its Wilson interval still estimates the artifact fraction:
the population is then every non-gold item (`without_prediction` 0), each group has the labels-only
estimate alone, the prediction-powered estimate and the mean prediction are None (never 0 or NaN), each
row's note is "no prediction", `has_predictions` is False and `predictions` says in words that no model
has predicted the candidates, so only the labels-only estimate is given. The sampled design has no such
fallback: its labels' share is biased (the ranking draws them where the model is unsure) and the inclusion
probabilities that correct it come from the ranking, so until ranked it is refused.

MAD bins are the artifact-fraction report's (`catalog.mad_bins`), over each candidate's largest MAD
(`Candidate.max_mad`); candidates without one or outside the bins are in no MAD row. A candidate's
instrument is the prefix of its filter names (ACS_F814W: ACS); a candidate seen by two instruments counts
in a row of its own named by both (ACS+WFC3), so the instrument rows part the population as the others do.
A group whose labels are fewer than the estimator needs (`MIN_LABELS`) has no estimate ("too few labels").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace

import numpy as np
from django.db.models import Exists, OuterRef, QuerySet

from hcvvet.catalog.mad_bins import ARTIFACT_FRACTION_BINS, log_bins
from hcvvet.catalog.models import AutoClass, Candidate, ExpertClass, FilterStat
from hcvvet.vetting.campaigns import sampling_uniforms
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, ConsensusState, QueueOrder

from .models import HeldOutPrediction, TriageModel
from .ppi import (
    Estimate,
    inclusion_probabilities,
    labels_only_proportion,
    prediction_powered_mean,
    sampled_prediction_powered_mean,
)
from .selectors import current_predictions
from .training_set import decided_items

CONFIDENCE_LEVEL = 0.95
RANDOM, AUDIT, SAMPLED = "random", "audit", "sampled"
DESIGNS = {
    QueueOrder.RANDOM: RANDOM,
    QueueOrder.STRATIFIED: RANDOM,
    QueueOrder.UNCERTAINTY: AUDIT,
    QueueOrder.ARTIFACT_FIRST: AUDIT,
    QueueOrder.UNCERTAINTY_SAMPLED: SAMPLED,
}
DESIGN_NAMES = {
    RANDOM: "every decided candidate (the queue is served in random order)",
    AUDIT: "the decided candidates of the random audit sample only (the rest are ranked by the model)",
    SAMPLED: "every decided candidate, weighed by the inverse of the probability it was drawn with",
}
# the estimators' preconditions (`ppi`): labels in the group, and predictions of unlabelled items
MIN_LABELS = {RANDOM: 2, AUDIT: 2, SAMPLED: 3}
MIN_UNLABELLED = 2
TOO_FEW_LABELS = "too few labels"
TOO_FEW_UNLABELLED = "too few unlabelled candidates"
NO_PREDICTION = "no prediction"
NO_MODEL = (
    "none: no triage model has predicted the candidates of this campaign, so only the labels-only estimate "
    "(the artifact share of the random sample's labels, with its Wilson interval) is given, over all its "
    "non-gold candidates"
)


class EstimateRefused(ValueError):
    """A campaign whose labels estimate nothing about its population; the message says why, for users."""


@dataclass(frozen=True)
class EstimateRow:
    """One group of the population: its candidates, the labels used, both estimates (None, with `note`
    saying why, when the labels are too few or no model predicted the population) and the mean prediction
    (None when no model did)."""

    group: str  # "all", "mad", "auto_class" or "instrument"
    key: str
    name: str
    candidates: int
    labels: int
    artifacts: int
    mean_prediction: float | None
    ppi: Estimate | None
    labels_only: Estimate | None
    note: str = ""
    mad_lo: float | None = None
    mad_hi: float | None = None

    def as_json(self) -> dict:
        def interval(estimate: Estimate | None) -> dict | None:
            if estimate is None:
                return None
            return {"estimate": estimate.estimate, "interval_95": [estimate.lower, estimate.upper]}

        return {
            "group": self.group,
            "key": self.key,
            "name": self.name,
            "mad_lo": self.mad_lo,
            "mad_hi": self.mad_hi,
            "candidates": self.candidates,
            "labels": self.labels,
            "artifacts": self.artifacts,
            "mean_prediction": self.mean_prediction,
            "prediction_powered": interval(self.ppi),
            "labels_only": interval(self.labels_only),
            "note": self.note,
        }


@dataclass(frozen=True)
class CatalogueEstimates:
    campaign: str
    order: str
    design: str
    population: int
    without_prediction: int
    predictions: str  # which model's predictions, in words; that there are none, when none
    rows: list[EstimateRow]
    has_predictions: bool = True  # False: no model predicted the population, labels-only estimates alone
    confidence_level: float = CONFIDENCE_LEVEL

    @property
    def labels_only_unbiased(self) -> bool:
        return self.design != SAMPLED

    @property
    def labels_used(self) -> str:
        return DESIGN_NAMES[self.design]

    def as_json(self) -> dict:
        """Every field, the rows as `EstimateRow.as_json`, and the design in words."""
        summary = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "rows"}
        return {
            **summary,
            "labels_used": self.labels_used,
            "labels_only_unbiased": self.labels_only_unbiased,
            "rows": [row.as_json() for row in self.rows],
        }


@dataclass(frozen=True)
class _Population:
    """The items estimated over, in one order: predictions f (None when no model predicted any item),
    label y (0/1 where `used`), and for the sampled design each item's inclusion probability."""

    match_id: np.ndarray
    f: np.ndarray | None
    y: np.ndarray
    used: np.ndarray
    inclusion: np.ndarray | None


def why_no_estimates(campaigns: QuerySet[Campaign]) -> list[tuple[Campaign, str | None]]:
    """Each of `campaigns` with why its labels give no estimate (`why_no_estimate`), None if they give one:
    in one query, whatever the number of campaigns."""
    retired = CampaignCandidate.objects.filter(campaign=OuterRef("pk"), consensus=ConsensusState.RETIRED)
    return [
        (campaign, why_no_estimate(campaign, has_retired=campaign.has_retired))
        for campaign in campaigns.annotate(has_retired=Exists(retired))
    ]


def why_no_estimate(campaign: Campaign, *, has_retired: bool | None = None) -> str | None:
    """Why `campaign`'s labels give no estimate, or None if they give one. `has_retired`: whether the model
    retired items of it, if the caller read it (`why_no_estimates`); else asked here when it matters."""
    if campaign.order not in DESIGNS:
        return (
            f"Campaign {campaign.name!r} serves its queue {campaign.get_order_display()}: its labels are "
            "not a random sample of its candidates (they are the ones its order put first), so they estimate "
            "nothing about the others. Campaigns served in random or stratified random order, model-ranked "
            "ones with an audit sample, and uncertainty first, sampled give an estimate."
        )
    if campaign.state == CampaignState.DRAFT:
        return f"Campaign {campaign.name!r} has not started: its candidates are not frozen yet."
    if DESIGNS[QueueOrder(campaign.order)] == AUDIT:
        return None
    if has_retired is None:
        has_retired = campaign.items.filter(consensus=ConsensusState.RETIRED).exists()
    if has_retired:
        return (
            f"The model retired candidates of campaign {campaign.name!r} before any expert saw them: its "
            "labels are a random sample of the others only, so they cannot correct the model where it was "
            "sure. A campaign that retires needs an audit sample (uncertainty first, artifact first) for an "
            "estimate."
        )
    return None


def campaign_estimates(campaign: Campaign) -> CatalogueEstimates:
    """The estimates of `campaign`, or EstimateRefused saying why it has none."""
    reason = why_no_estimate(campaign)
    if reason is not None:
        raise EstimateRefused(reason)
    design = DESIGNS[QueueOrder(campaign.order)]
    population, without = _population(campaign, design)
    if population.match_id.size == 0:
        raise EstimateRefused(
            f"Campaign {campaign.name!r} has no candidate with a prediction of the model that ranked its "
            "queue (it has not been ranked yet)."
            if design == SAMPLED
            else f"Campaign {campaign.name!r} has no non-gold candidate."
        )
    rows = [
        replace(_row(population, design, mine, group, key, name), mad_lo=lo, mad_hi=hi)
        for group, key, name, mine, lo, hi in _groups(campaign, population.match_id)
    ]
    return CatalogueEstimates(
        campaign=campaign.name,
        order=campaign.order,
        design=design,
        population=int(population.match_id.size),
        without_prediction=without,
        predictions=_predictions_name(campaign, design) if population.f is not None else NO_MODEL,
        rows=rows,
        has_predictions=population.f is not None,
    )


def _predictions_name(campaign: Campaign, design: str) -> str:
    if design == SAMPLED:
        return f"P(artifact) of triage model {campaign.sampling_model}, which ranked the queue"
    active = TriageModel.objects.filter(is_active=True).values_list("pk", flat=True).first()
    current = "none active" if active is None else f"active: {active}"
    return f"the current P(artifact) of each candidate (triage model {current})"


def _groups(
    campaign: Campaign, match_id: np.ndarray
) -> list[tuple[str, str, str, np.ndarray, float | None, float | None]]:
    """(group, key, name, mask over `match_id`, MAD bin edges) of every row: all candidates, each MAD bin,
    AutoClass and instrument that holds a candidate."""
    mad, auto_class = _candidate_fields(campaign, match_id)
    instruments = _instruments(campaign, match_id)
    groups: list[tuple[str, str, str, np.ndarray, float | None, float | None]] = [
        ("all", "", "all candidates", np.ones(match_id.size, dtype=bool), None, None)
    ]
    edges = log_bins(ARTIFACT_FRACTION_BINS)
    bins = _mad_bin(mad, edges)
    for b in np.unique(bins[bins >= 0]).tolist():
        lo, hi = float(edges[b]), float(edges[b + 1])
        groups.append(("mad", str(b), f"MAD {lo:.3g} to {hi:.3g} mag", bins == b, lo, hi))
    for value in np.unique(auto_class).tolist():
        name = f"AutoClass {value} ({AutoClass(value).label})"
        groups.append(("auto_class", str(value), name, auto_class == value, None, None))
    return groups + [
        ("instrument", instrument, instrument, instruments == instrument, None, None)
        for instrument in sorted(set(instruments.tolist()))
    ]


def _population(campaign: Campaign, design: str) -> tuple[_Population, int]:
    """The campaign's non-gold items with a prediction (sorted by MatchID), and how many have none; all of
    them, without predictions (f None), when none of a random or audit design's items has one."""
    items = CampaignCandidate.objects.filter(campaign=campaign, is_gold=False)
    decided = dict(decided_items().filter(campaign=campaign).values_list("candidate_id", "consensus_class"))
    rows: list[tuple[int, float | None, float | None, bool]]
    has_predictions = True
    if design == SAMPLED:
        ranking = int(campaign.sampling_model or 0)  # set by the ranking that set every item's prediction
        held_out = _held_out(items, [ranking])
        rows = [
            (match_id, held_out.get((ranking, match_id), float(p or 0.0)), priority, in_audit)
            for match_id, p, priority, in_audit in items.filter(
                priority__isnull=False, sampling_p_artifact__isnull=False
            )
            .order_by("candidate_id")
            .values_list("candidate_id", "sampling_p_artifact", "priority", "in_audit")
        ]
    else:
        predicted = list(
            current_predictions()
            .filter(candidate_id__in=items.values("candidate_id"))
            .values_list("candidate_id", "model_id", "p_artifact")
        )
        held_out = _held_out(items, {model_id for _, model_id, _ in predicted})
        p_artifact = {match_id: held_out.get((model_id, match_id), p) for match_id, model_id, p in predicted}
        # when no model has predicted any item, every item: its random labels alone estimate the share
        has_predictions = bool(p_artifact)
        rows = [
            (match_id, p_artifact.get(match_id), None, in_audit)
            for match_id, in_audit in items.order_by("candidate_id").values_list("candidate_id", "in_audit")
            if match_id in p_artifact or not has_predictions
        ]
    match_id = np.array([r[0] for r in rows], dtype=np.int64)
    labelled = np.array([m in decided for m in match_id.tolist()], dtype=bool)
    used = labelled & np.array([r[3] for r in rows], dtype=bool) if design == AUDIT else labelled
    y = np.array([decided.get(m) == ExpertClass.ARTIFACT for m in match_id.tolist()], dtype=float)
    inclusion = None
    if design == SAMPLED:
        weights = np.array([r[2] for r in rows], dtype=float) * sampling_uniforms(campaign, match_id.tolist())
        n = int(used.sum())
        # the starting order (ascending u, before the ranking) served a uniform random share of the items
        floor = min(campaign.sampling_uniform_served, n) / max(len(rows), 1)
        inclusion = inclusion_probabilities(weights, n, floor=floor)
        if np.any(inclusion[used] <= 0):
            raise EstimateRefused(
                f"Campaign {campaign.name!r} has a decided candidate that its sampling design could not draw "
                "(inclusion probability 0): its labels are not the designed sample."
            )
    f = np.array([r[1] for r in rows], dtype=float) if has_predictions else None
    population = _Population(match_id=match_id, f=f, y=y, used=used, inclusion=inclusion)
    return population, items.count() - len(rows)


def _held_out(items, models) -> dict[tuple[int, int], float]:
    """(model, MatchID) -> the out-of-fold P(artifact) of `items`' candidates the `models` trained on."""
    rows = HeldOutPrediction.objects.filter(
        model_id__in=list(models), candidate_id__in=items.values("candidate_id")
    )
    return {
        (model_id, match_id): p
        for model_id, match_id, p in rows.values_list("model_id", "candidate_id", "p_artifact")
    }


def _candidate_fields(campaign: Campaign, match_id: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's largest MAD (NaN if none) and AutoClass, in `match_id`'s order."""
    found = {
        m: (mad, auto)
        for m, mad, auto in Candidate.objects.filter(campaign_items__campaign=campaign).values_list(
            "pk", "max_mad", "auto_class"
        )
    }
    mad = np.array([np.nan if found[m][0] is None else found[m][0] for m in match_id.tolist()], dtype=float)
    return mad, np.array([found[m][1] for m in match_id.tolist()], dtype=int)


def _instruments(campaign: Campaign, match_id: np.ndarray) -> np.ndarray:
    """Each candidate's instrument (the prefix of its filter names), "A+B" for two, in `match_id`'s order."""
    seen: dict[int, set[str]] = defaultdict(set)
    for candidate_id, name in FilterStat.objects.filter(
        candidate__campaign_items__campaign=campaign
    ).values_list("candidate_id", "filter"):
        seen[candidate_id].add(name.split("_", 1)[0])
    return np.array(["+".join(sorted(seen[m])) or "no filter rows" for m in match_id.tolist()], dtype=object)


def _mad_bin(mad: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Each MAD's bin of `edges` as `numpy.histogram` bins it (the last bin closed); -1 outside or NaN."""
    n_bins = edges.size - 1
    index = np.searchsorted(edges, mad, side="right") - 1
    index[mad == edges[-1]] = n_bins - 1
    index[(index >= n_bins) | ~np.isfinite(mad)] = -1
    return index


def _row(
    population: _Population, design: str, mine: np.ndarray, group: str, key: str, name: str
) -> EstimateRow:
    labelled = mine & population.used
    y = population.y[labelled]
    if population.f is None:
        ppi, note, mean_prediction = None, NO_PREDICTION, None
    else:
        ppi, note = _prediction_powered(population, population.f, design, mine)
        mean_prediction = float(population.f[mine].mean())
    return EstimateRow(
        group=group,
        key=key,
        name=name,
        candidates=int(mine.sum()),
        labels=int(labelled.sum()),
        artifacts=int(y.sum()),
        mean_prediction=mean_prediction,
        ppi=ppi,
        labels_only=labels_only_proportion(labels=y, confidence_level=CONFIDENCE_LEVEL) if y.size else None,
        note=note,
    )


def _prediction_powered(
    population: _Population, f: np.ndarray, design: str, mine: np.ndarray
) -> tuple[Estimate | None, str]:
    """The group's prediction-powered estimate from the population's predictions `f`, or None and why
    not."""
    labelled = mine & population.used
    n = int(labelled.sum())
    if n < MIN_LABELS[design]:
        return None, TOO_FEW_LABELS
    if design == SAMPLED:
        estimate = sampled_prediction_powered_mean(
            predictions=f[mine],
            labelled=np.flatnonzero(labelled[mine]),
            labels=population.y[labelled],
            inclusion=np.asarray(population.inclusion)[labelled],
            confidence_level=CONFIDENCE_LEVEL,
        )
        return estimate, ""
    unlabelled = mine & ~population.used
    if unlabelled.sum() < MIN_UNLABELLED:
        return None, TOO_FEW_UNLABELLED
    estimate = prediction_powered_mean(
        labels=population.y[labelled],
        labelled_predictions=f[labelled],
        unlabelled_predictions=f[unlabelled],
        confidence_level=CONFIDENCE_LEVEL,
        power_tuned=True,
    )
    return estimate, ""
