"""The artifact classifier: gradient-boosted trees (LightGBM) on the triage features, calibrated by isotonic
regression on held-out folds, with cross-validated metrics.

Artifact (ExpertClass 4) against real (1 or 2). Training, in `train_artifact_model`:
1. k stratified folds; a booster trained on the other folds scores each fold (out-of-fold raw scores);
2. the metrics come from out-of-fold probabilities that are calibrated by a calibrator fitted on the other
   folds' out-of-fold scores too, so neither the trees nor the calibration saw the items they are judged on;
3. the delivered model is a booster trained on every item with the calibrator fitted on every out-of-fold
   score.

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
    rounds: int = 200
    learning_rate: float = 0.05
    num_leaves: int = 15
    min_data_in_leaf: int = 20
    folds: int = 5
    seed: int = 0
    threads: int = 1

    def lightgbm_params(self) -> dict[str, object]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
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
        return np.asarray(self.booster.predict(_matrix(features), pred_contrib=True))


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
