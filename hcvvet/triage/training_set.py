"""What the triage model learns from: the catalogue's ExpertClass and hcvvet's decided classes, weighted by
source, with the gold candidates held out for evaluation.

One class per candidate: hcvvet's own outcome (`Candidate.expert_class`, the latest decided consensus,
adjudication or curator edit) where there is one, else the catalogue's ExpertClass. A candidate any campaign
holds as gold is never trained on: it judges the model (`gold_match_id`, `gold_class`).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from hcvvet.catalog.models import LABEL_CLASSES, Candidate
from hcvvet.vetting.models import CampaignCandidate, ConsensusState

from .model import Items, TrainedExpertClassModel, TrainingParameters, train_expert_class_model
from .table import FeatureTable

CATALOGUE, CONSENSUS, ADJUDICATED = "catalogue", "consensus", "adjudicated"
# Adjudicated classes were settled by a curator over disagreeing votes; a campaign's consensus rests on
# several experts; the catalogue's class on one look by the HCV team.
SOURCE_WEIGHTS = {CATALOGUE: 1.0, CONSENSUS: 2.0, ADJUDICATED: 4.0}
DECIDED = (ConsensusState.AGREED, ConsensusState.ADJUDICATED)


@dataclass(frozen=True)
class TrainingLabels:
    """Labels in increasing MatchID order, each with its source and weight; gold apart."""

    match_id: np.ndarray
    expert_class: np.ndarray
    source: np.ndarray
    gold_match_id: np.ndarray
    gold_class: np.ndarray
    through: datetime

    @property
    def weight(self) -> np.ndarray:
        return np.array([SOURCE_WEIGHTS[s] for s in self.source], dtype=float)


def decided_items() -> QuerySet[CampaignCandidate]:
    """Campaign items with a decided class that counts as a label (never gold)."""
    return CampaignCandidate.objects.filter(
        is_gold=False, consensus__in=DECIDED, consensus_class__isnull=False
    )


def decisions_since(moment: datetime | None) -> int:
    """hcvvet's decided labels made after `moment` (all of them for None)."""
    items = decided_items()
    return (items if moment is None else items.filter(decided_at__gt=moment)).count()


def training_labels(*, use_catalogue: bool = True, use_hcvvet: bool = True) -> TrainingLabels:
    """Every candidate's training class and its source, in four queries."""
    through = timezone.now()
    gold = dict(
        CampaignCandidate.objects.filter(is_gold=True, gold_class__in=LABEL_CLASSES)
        .order_by("candidate_id", "pk")
        .values_list("candidate_id", "gold_class")
    )
    classes: dict[int, tuple[int, str]] = {}
    if use_catalogue:
        catalogue = Candidate.objects.filter(hcv_expert_class__in=LABEL_CLASSES).values_list(
            "pk", "hcv_expert_class"
        )
        classes.update((pk, (cls, CATALOGUE)) for pk, cls in catalogue)
    if use_hcvvet:
        adjudicated = set(
            decided_items()
            .filter(consensus=ConsensusState.ADJUDICATED)
            .values_list("candidate_id", flat=True)
        )
        decided = Candidate.objects.filter(expert_class__in=LABEL_CLASSES).values_list("pk", "expert_class")
        classes.update(
            (pk, (int(cls or 0), ADJUDICATED if pk in adjudicated else CONSENSUS)) for pk, cls in decided
        )
    kept = sorted(pk for pk in classes if pk not in gold)
    gold_ids = sorted(gold)
    return TrainingLabels(
        match_id=np.array(kept, dtype=np.int64),
        expert_class=np.array([classes[pk][0] for pk in kept], dtype=int),
        source=np.array([classes[pk][1] for pk in kept], dtype=object),
        gold_match_id=np.array(gold_ids, dtype=np.int64),
        gold_class=np.array([gold[pk] for pk in gold_ids], dtype=int),
        through=through,
    )


@dataclass(frozen=True)
class TrainingSet:
    """The labelled rows of a feature table: features, classes, weights (in the table's MatchID order)."""

    match_id: np.ndarray
    features: np.ndarray
    expert_class: np.ndarray
    weight: np.ndarray
    source: np.ndarray

    def counts(self) -> dict[str, dict[str, int]]:
        """Items per source and ExpertClass, e.g. {"catalogue": {"1": 12, "2": 9, "4": 3}, ...}."""
        return {
            source: {
                str(c): int(np.sum((self.source == source) & (self.expert_class == c))) for c in (1, 2, 4)
            }
            for source in SOURCE_WEIGHTS
        }

    def fit(self, feature_names: tuple[str, ...], parameters: TrainingParameters) -> TrainedExpertClassModel:
        """The ExpertClass model of these items (deterministic: the same items give the same model). Only the
        catalogue's classes may be left out as label issues: hcvvet's decided ones are trusted."""
        items = Items.of(self.features, feature_names, self.weight, prunable=self.source == CATALOGUE)
        return train_expert_class_model(items, self.expert_class, parameters)

    def digest(self, feature_set_version: str) -> str:
        """SHA-256 of everything training reads: changes whenever an item, a class, a weight or a feature
        value does."""
        sha = hashlib.sha256(feature_set_version.encode())
        for array in (
            self.match_id.astype("<i8"),
            self.expert_class.astype("<i8"),
            self.weight.astype("<f8"),
        ):
            sha.update(array.tobytes())
        sha.update(np.ascontiguousarray(self.features, dtype="<f8").tobytes())
        return sha.hexdigest()


def rows_of(table: FeatureTable, match_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in `table` of those of `match_ids` it holds, and a mask of `match_ids` found."""
    if table.match_id.size == 0:
        return np.empty(0, dtype=int), np.zeros(len(match_ids), dtype=bool)
    position = np.minimum(np.searchsorted(table.match_id, match_ids), table.match_id.size - 1)
    found = table.match_id[position] == match_ids
    return position[found], found


def training_set(table: FeatureTable, labels: TrainingLabels, feature_names: tuple[str, ...]) -> TrainingSet:
    """The labelled candidates that have features (a light curve)."""
    at, found = rows_of(table, labels.match_id)
    return TrainingSet(
        match_id=labels.match_id[found],
        features=table.matrix(feature_names)[at],
        expert_class=labels.expert_class[found],
        weight=labels.weight[found],
        source=labels.source[found],
    )
