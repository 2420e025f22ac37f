"""The artifact classifier: gradient-boosted trees (LightGBM) on the triage features, calibrated by isotonic
regression on held-out folds, with cross-validated metrics; and the ExpertClass model built from two of them.

Artifact (ExpertClass 4) against real (1 or 2). Training, in `train_artifact_model`:
1. k stratified folds; a booster trained on the other folds scores each fold (out-of-fold raw scores);
2. the metrics come from out-of-fold probabilities that are calibrated by a calibrator fitted on the other
   folds' out-of-fold scores too, so neither the trees nor the calibration saw the items they are judged on;
3. the delivered model is a booster trained on every item with the calibrator fitted on every out-of-fold
   score.

ExpertClass 1, 2, 4 (`train_expert_class_model`): P(4) from the artifact classifier, and P(1 | real) from a
second classifier of the same kind trained on the real items only (1 against 2);
P(1) = (1 - P(4)) P(1 | real), P(2) the rest.

Pure numpy and LightGBM (its native API: no scikit-learn), no Django import.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import lightgbm
import numpy as np
from numpy.typing import ArrayLike

from .calibration import IsotonicCalibrator, brier_score, calibration_error, fit_isotonic, roc_auc


@dataclass(frozen=True)
class TrainingParameters:
    # Few shallow trees: the per-prediction contributions (TreeSHAP) cost rounds x leaves x depth^2 per row,
    # and on the full sandbox universe 30 trees of 7 leaves rank as well as 150 of 15 (README "Triage").
    rounds: int = 30
    learning_rate: float = 0.2
    num_leaves: int = 7
    max_depth: int = 3
    min_data_in_leaf: int = 20
    folds: int = 5
    seed: int = 0
    threads: int = 1

    def lightgbm_params(self) -> dict[str, object]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "max_depth": self.max_depth,
            "min_data_in_leaf": self.min_data_in_leaf,
            "seed": self.seed,
            "deterministic": True,
            "num_threads": self.threads,
            "verbose": -1,
        }


DEFAULT_PARAMETERS = TrainingParameters()


@dataclass(frozen=True)
class Metrics:
    """Cross-validated figures of the calibrated probabilities of artifact."""

    roc_auc: float  # artifact against real, of the out-of-fold raw scores
    brier: float
    calibration_error: float  # expected calibration error over 10 equal-width bins
    n_items: int
    n_artifacts: int
    folds: int


@dataclass(frozen=True)
class ArtifactModel:
    """A trained booster and its calibrator over the named features (in this column order)."""

    booster: lightgbm.Booster
    calibrator: IsotonicCalibrator
    feature_names: tuple[str, ...]
    library_versions: dict[str, str] = field(default_factory=dict)

    def artifact_probability(self, features: ArrayLike) -> np.ndarray:
        """Calibrated probability that each row (features in `feature_names` order) is an artifact."""
        return self.calibrator(self.booster.predict(_matrix(features), raw_score=True))

    def contributions(self, features: ArrayLike) -> np.ndarray:
        """Each feature's contribution to each row's raw score (log-odds; SHAP values from the trees), one
        column per feature and a last column for the base score."""
        # every core (OpenMP's default, num_threads 0): this is the slow part of predicting every candidate
        return np.asarray(self.booster.predict(_matrix(features), pred_contrib=True, num_threads=0))


@dataclass(frozen=True)
class TrainedModel:
    model: ArtifactModel
    metrics: Metrics
    out_of_fold_probability: np.ndarray  # cross-fitted, as the metrics were computed


def train_artifact_model(
    *,
    features: ArrayLike,
    is_artifact: ArrayLike,
    feature_names: Sequence[str],
    weights: ArrayLike | None = None,
    parameters: TrainingParameters = DEFAULT_PARAMETERS,
) -> TrainedModel:
    """Train, calibrate and cross-validate on rows of `features` (NaN allowed: missing) labelled 0/1 by
    `is_artifact`; `weights` (default 1) weigh the items in training, not in the metrics. Raises ValueError
    unless each class has at least `parameters.folds` items."""
    x = _matrix(features)
    y = np.asarray(is_artifact).astype(int)
    w = np.ones(y.size) if weights is None else np.asarray(weights, dtype=float)
    if x.shape != (y.size, len(feature_names)) or w.shape != y.shape:
        raise ValueError("features must have one row per label and one column per feature name")
    if min(int(y.sum()), int((1 - y).sum())) < parameters.folds:
        raise ValueError(f"each class needs at least {parameters.folds} labelled items")
    fold = _stratified_folds(y, parameters.folds, parameters.seed)
    raw = np.empty(y.size)
    for k in range(parameters.folds):
        held_out = fold == k
        raw[held_out] = _fit(x[~held_out], y[~held_out], w[~held_out], parameters).predict(
            x[held_out], raw_score=True
        )
    probability = np.empty(y.size)
    for k in range(parameters.folds):
        held_out = fold == k
        probability[held_out] = fit_isotonic(raw_scores=raw[~held_out], labels=y[~held_out])(raw[held_out])
    metrics = Metrics(
        # from the raw scores: the calibration is monotone, but its plateaus would tie items the trees rank
        roc_auc=roc_auc(labels=y, scores=raw),
        brier=brier_score(labels=y, probabilities=probability),
        calibration_error=calibration_error(labels=y, probabilities=probability),
        n_items=int(y.size),
        n_artifacts=int(y.sum()),
        folds=parameters.folds,
    )
    model = ArtifactModel(
        booster=_fit(x, y, w, parameters),
        calibrator=fit_isotonic(raw_scores=raw, labels=y),
        feature_names=tuple(feature_names),
        library_versions={"lightgbm": lightgbm.__version__, "numpy": np.__version__},
    )
    return TrainedModel(model=model, metrics=metrics, out_of_fold_probability=probability)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, parameters: TrainingParameters) -> lightgbm.Booster:
    data = lightgbm.Dataset(x, label=y, weight=w, free_raw_data=True)
    return lightgbm.train(parameters.lightgbm_params(), data, num_boost_round=parameters.rounds)


def _stratified_folds(y: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """A fold number per item, each class dealt out evenly over the folds in a seeded random order."""
    rng = np.random.default_rng(seed)
    fold = np.empty(y.size, dtype=int)
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(y == label))
        fold[members] = np.arange(members.size) % folds
    return fold


def _matrix(features: ArrayLike) -> np.ndarray:
    return np.asarray(features, dtype=float)


EXPERT_CLASSES = (1, 2, 4)


@dataclass(frozen=True)
class ExpertClassModel:
    """P(artifact) and P(high confidence | real), each a calibrated booster over the same features."""

    artifact: ArtifactModel
    high_confidence: ArtifactModel

    @property
    def feature_names(self) -> tuple[str, ...]:
        return self.artifact.feature_names

    def class_probabilities(self, features: ArrayLike) -> np.ndarray:
        """One row per candidate, columns ExpertClass 1, 2, 4 (`EXPERT_CLASSES`); rows sum to 1."""
        x = _matrix(features)
        return _combine(self.artifact.artifact_probability(x), self.high_confidence.artifact_probability(x))


@dataclass(frozen=True)
class TrainedExpertClassModel:
    model: ExpertClassModel
    artifact_metrics: Metrics
    high_confidence_metrics: Metrics
    confusion: np.ndarray  # (true class, predicted class), both in EXPERT_CLASSES order, cross-validated
    out_of_fold_probabilities: np.ndarray  # (item, class) as the metrics were computed


def train_expert_class_model(
    *,
    features: ArrayLike,
    expert_class: ArrayLike,
    feature_names: Sequence[str],
    weights: ArrayLike | None = None,
    parameters: TrainingParameters = DEFAULT_PARAMETERS,
) -> TrainedExpertClassModel:
    """Train both classifiers on rows of `features` labelled with ExpertClass 1, 2 or 4.

    Out-of-fold class probabilities: P(4) out of fold from the artifact classifier; P(1 | real) out of fold
    for the real items, and for the artifacts from the delivered second classifier, which never saw them.
    Raises ValueError when a class has fewer than `parameters.folds` items (or a class is not 1, 2 or 4)."""
    x = _matrix(features)
    y = np.asarray(expert_class).astype(int)
    w = np.ones(y.size) if weights is None else np.asarray(weights, dtype=float)
    if not np.isin(y, EXPERT_CLASSES).all():
        raise ValueError("expert classes must be 1, 2 or 4")
    if w.shape != y.shape:
        raise ValueError("weights must have one entry per label")
    artifact = train_artifact_model(
        features=x, is_artifact=y == 4, feature_names=feature_names, weights=w, parameters=parameters
    )
    real = y != 4
    high = train_artifact_model(
        features=x[real],
        is_artifact=y[real] == 1,
        feature_names=feature_names,
        weights=w[real],
        parameters=parameters,
    )
    p_high = high.model.artifact_probability(x)
    p_high[real] = high.out_of_fold_probability
    out_of_fold = _combine(artifact.out_of_fold_probability, p_high)
    predicted = np.asarray(EXPERT_CLASSES)[np.argmax(out_of_fold, axis=1)]
    confusion = np.array(
        [[np.sum((y == t) & (predicted == p)) for p in EXPERT_CLASSES] for t in EXPERT_CLASSES]
    )
    return TrainedExpertClassModel(
        model=ExpertClassModel(artifact=artifact.model, high_confidence=high.model),
        artifact_metrics=artifact.metrics,
        high_confidence_metrics=high.metrics,
        confusion=confusion,
        out_of_fold_probabilities=out_of_fold,
    )


def _combine(p_artifact: np.ndarray, p_high_given_real: np.ndarray) -> np.ndarray:
    real = 1.0 - p_artifact
    return np.column_stack([real * p_high_given_real, real * (1.0 - p_high_given_real), p_artifact])
