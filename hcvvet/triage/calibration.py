"""Probability calibration and the metrics of a binary classifier's probabilities.

Pure numpy and scipy, no Django import.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import isotonic_regression
from scipy.stats import rankdata


@dataclass(frozen=True)
class IsotonicCalibrator:
    """A non-decreasing map from a classifier's raw score to a probability: the isotonic regression of the
    labels on the scores at `scores` (increasing, distinct), linear in between, flat beyond the ends."""

    scores: np.ndarray
    probabilities: np.ndarray

    def __call__(self, raw_scores: ArrayLike) -> np.ndarray:
        return np.interp(np.asarray(raw_scores, dtype=float), self.scores, self.probabilities)


def fit_isotonic(*, raw_scores: ArrayLike, labels: ArrayLike) -> IsotonicCalibrator:
    """The isotonic calibrator of 0/1 `labels` on `raw_scores` (ties pooled). Precondition: at least one
    score; the scores come from data the classifier was not trained on (held-out folds)."""
    scores = np.asarray(raw_scores, dtype=float)
    distinct, at = np.unique(scores, return_inverse=True)
    counts = np.bincount(at, minlength=distinct.size)
    mean_label = np.bincount(at, weights=np.asarray(labels, dtype=float), minlength=distinct.size) / counts
    fitted = isotonic_regression(mean_label, weights=counts, increasing=True).x
    return IsotonicCalibrator(scores=distinct, probabilities=np.clip(fitted, 0.0, 1.0))


def roc_auc(*, labels: ArrayLike, scores: ArrayLike) -> float:
    """Area under the ROC curve: the chance that a random positive scores above a random negative (ties
    count half), from the Mann-Whitney U statistic. NaN without both classes."""
    y = np.asarray(labels).astype(bool)
    n_positive, n_negative = int(y.sum()), int((~y).sum())
    if n_positive == 0 or n_negative == 0:
        return float("nan")
    ranks = rankdata(np.asarray(scores, dtype=float))
    return float((ranks[y].sum() - n_positive * (n_positive + 1) / 2.0) / (n_positive * n_negative))


def brier_score(*, labels: ArrayLike, probabilities: ArrayLike) -> float:
    """Mean squared difference between the probability and the 0/1 outcome (0 is perfect)."""
    return float(np.mean((np.asarray(probabilities, dtype=float) - np.asarray(labels, dtype=float)) ** 2))


def calibration_error(*, labels: ArrayLike, probabilities: ArrayLike, n_bins: int = 10) -> float:
    """Expected calibration error: over `n_bins` equal-width probability bins, the share of items in each bin
    times |mean probability - fraction of positives| there, summed."""
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(labels, dtype=float)
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    gap = np.abs(np.bincount(bins, weights=p - y, minlength=n_bins))  # n_b |mean p - mean y|
    return float(gap.sum() / max(count.sum(), 1))
