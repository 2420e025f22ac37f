"""The artifact classifier: gradient-boosted trees (LightGBM) on the triage features, calibrated by isotonic
regression on held-out folds, with cross-validated metrics; and the ExpertClass model built from two of them.

Artifact (ExpertClass 4) against real (1 or 2). Training, in `train_artifact_model`:
1. label issues (`label_issues`, confident learning): items whose out-of-fold probability says, with the
   confidence the other class's items get, that their label is the other class. They are left out of the
   training (never a label `Items.prunable` marks as trusted). The catalogue's classes are noisy (one look
   by the HCV team): trees fitted to its mistakes learn them, and a calibration fitted to them squeezes every
   probability towards the middle. This assumes the classes are separable by the features, with labels
   flipped by mistake: where they overlap (a truth that is itself a coin toss) it would leave out items
   that are merely unlikely and make the model overconfident (`TrainingParameters.prune_label_issues`);
2. k stratified folds; a booster trained on the other folds' items, less the label issues found among them
   alone, scores each fold (out-of-fold raw scores), and a calibrator fitted on the other folds' out-of-fold
   scores turns them into probabilities: neither the trees, nor the calibration, nor the choice of the
   labels left out saw the items they are judged on. The metrics compare these with every item's own label;
3. the delivered model is a booster trained on every item but the label issues (found over all the folds)
   with the calibrator fitted on their out-of-fold scores.

ExpertClass 1, 2, 4 (`train_expert_class_model`): P(4) from the artifact classifier, and P(1 | real) from a
second classifier of the same kind trained on the real items only (1 against 2, no label left out);
P(1) = (1 - P(4)) P(1 | real), P(2) the rest.

Pure numpy and LightGBM (its native API: no scikit-learn), no Django import.
"""

import dataclasses
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
    # Leave out the label issues confident learning finds (step 2 above). On the full sandbox universe it
    # lifts ROC AUC against the truth from 0.936 to 0.945 and cuts the calibration error from 0.099 to 0.023.
    prune_label_issues: bool = True

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
    n_label_issues: int = 0  # items left out of the delivered model's training (`label_issues`)


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


@dataclass(frozen=True)
class Items:
    """Labelled rows to train on: `features` (one column per name, NaN for missing), each row's weight in
    training (not in the metrics) and whether confident learning may leave its label out (`prunable`)."""

    features: np.ndarray
    feature_names: tuple[str, ...]
    weights: np.ndarray
    prunable: np.ndarray

    @classmethod
    def of(
        cls,
        features: ArrayLike,
        feature_names: Sequence[str],
        weights: ArrayLike | None = None,
        prunable: ArrayLike | None = None,
    ) -> "Items":
        """Weights 1 and every label prunable by default. Raises ValueError on mismatched shapes."""
        x = _matrix(features)
        n = x.shape[0] if x.ndim == 2 else -1
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
        may_prune = np.ones(n, dtype=bool) if prunable is None else np.asarray(prunable, dtype=bool)
        if x.shape != (n, len(feature_names)) or w.shape != (n,) or may_prune.shape != (n,):
            raise ValueError("features must have one row per label and one column per feature name")
        return cls(features=x, feature_names=tuple(feature_names), weights=w, prunable=may_prune)

    def __len__(self) -> int:
        return self.weights.size

    def subset(self, rows: np.ndarray) -> "Items":
        return Items(self.features[rows], self.feature_names, self.weights[rows], self.prunable[rows])


def train_artifact_model(
    items: Items, is_artifact: ArrayLike, parameters: TrainingParameters = DEFAULT_PARAMETERS
) -> TrainedModel:
    """Train, calibrate and cross-validate on `items` labelled 0/1 by `is_artifact`. Raises ValueError
    unless each class has at least `parameters.folds` items."""
    y = np.asarray(is_artifact).astype(int)
    if y.shape != (len(items),):
        raise ValueError("features must have one row per label and one column per feature name")
    if min(int(y.sum()), int((1 - y).sum())) < parameters.folds:
        raise ValueError(f"each class needs at least {parameters.folds} labelled items")
    fold = _stratified_folds(y, parameters.folds, parameters.seed)
    raw, probability = _cross_fitted(items, y, fold, parameters)
    kept = _without_label_issues(items, y, fold, parameters)
    metrics = Metrics(
        # from the raw scores: the calibration is monotone, but its plateaus would tie items the trees rank
        roc_auc=roc_auc(labels=y, scores=raw),
        brier=brier_score(labels=y, probabilities=probability),
        calibration_error=calibration_error(labels=y, probabilities=probability),
        n_items=int(y.size),
        n_artifacts=int(y.sum()),
        folds=parameters.folds,
        n_label_issues=int((~kept).sum()),
    )
    model = ArtifactModel(
        booster=_fit(items.subset(kept), y[kept], parameters),
        calibrator=fit_isotonic(raw_scores=raw[kept], labels=y[kept]),
        feature_names=items.feature_names,
        library_versions={"lightgbm": lightgbm.__version__, "numpy": np.__version__},
    )
    return TrainedModel(model=model, metrics=metrics, out_of_fold_probability=probability)


def label_issues(*, labels: ArrayLike, probabilities: ArrayLike) -> np.ndarray:
    """Which 0/1 labels confident learning (Northcutt, Jiang and Chuang 2021, J. Artif. Intell. Res. 70,
    1373) calls issues, from out-of-fold probabilities of class 1: each class's threshold is the mean
    probability of that class over the items labelled with it, and an item is an issue when it reaches the
    other class's threshold but not its own label's (the off-diagonal of the confident joint)."""
    y = np.asarray(labels).astype(bool)
    p = np.asarray(probabilities, dtype=float)
    sure_one = p >= p[y].mean()
    sure_zero = 1.0 - p >= (1.0 - p[~y]).mean()
    return np.where(y, sure_zero & ~sure_one, sure_one & ~sure_zero)


def _cross_fitted(
    items: Items, y: np.ndarray, fold: np.ndarray, parameters: TrainingParameters
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold raw scores and calibrated probabilities of every item: each fold scored by a booster
    trained on the other folds' items (less the label issues found among them alone, so the held-out
    labels never choose what is kept), and calibrated by isotonic regression on those items' out-of-fold
    scores."""
    raw = np.empty(y.size)
    kept_without = {}
    for k in np.unique(fold):
        held_out = fold == k
        others = items.subset(~held_out)
        kept = _without_label_issues(others, y[~held_out], fold[~held_out], parameters)
        kept_without[k] = kept
        raw[held_out] = _fit(others.subset(kept), y[~held_out][kept], parameters).predict(
            items.features[held_out], raw_score=True
        )
    probability = np.empty(y.size)
    for k, kept in kept_without.items():
        held_out = fold == k
        calibrator = fit_isotonic(raw_scores=raw[~held_out][kept], labels=y[~held_out][kept])
        probability[held_out] = calibrator(raw[held_out])
    return raw, probability


def _without_label_issues(
    items: Items, y: np.ndarray, fold: np.ndarray, parameters: TrainingParameters
) -> np.ndarray:
    """Which items to train on: all but the prunable ones whose label `label_issues` calls an issue, from
    out-of-fold probabilities over `fold` (every item when pruning is off, or when it would leave a class
    fewer items than there are folds)."""
    every = np.ones(y.size, dtype=bool)
    if not parameters.prune_label_issues:
        return every
    _, noisy = _cross_fitted(items, y, fold, dataclasses.replace(parameters, prune_label_issues=False))
    kept = ~label_issues(labels=y, probabilities=noisy) | ~items.prunable
    if min(int(y[kept].sum()), int((1 - y[kept]).sum())) < parameters.folds:
        return every
    return kept


def _fit(items: Items, y: np.ndarray, parameters: TrainingParameters) -> lightgbm.Booster:
    data = lightgbm.Dataset(items.features, label=y, weight=items.weights, free_raw_data=True)
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
    items: Items, expert_class: ArrayLike, parameters: TrainingParameters = DEFAULT_PARAMETERS
) -> TrainedExpertClassModel:
    """Train both classifiers on `items` labelled with ExpertClass 1, 2 or 4.

    Out-of-fold class probabilities: P(4) out of fold from the artifact classifier; P(1 | real) out of fold
    for the real items, and for the artifacts from the delivered second classifier, which never saw them.
    Raises ValueError when a class has fewer than `parameters.folds` items (or a class is not 1, 2 or 4)."""
    y = np.asarray(expert_class).astype(int)
    if not np.isin(y, EXPERT_CLASSES).all():
        raise ValueError("expert classes must be 1, 2 or 4")
    artifact = train_artifact_model(items, y == 4, parameters)
    real = y != 4
    # High confidence against probable is a matter of degree, not of mistakes: no label of it is an issue.
    degree = dataclasses.replace(parameters, prune_label_issues=False)
    high = train_artifact_model(items.subset(real), y[real] == 1, degree)
    x = items.features
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
