"""Prediction-powered inference (Angelopoulos et al. 2023, Science 382, 669) for a mean or a proportion,
beside the classical labels-only estimate with its Wilson interval.

Predictions f exist for N unlabelled items of the population; true labels Y exist for a uniform random audit
sample of n items, which also have predictions. The model's mean over the population is corrected by its mean
error on the audit sample,

    estimate = mean(f over the unlabelled items) + mean(Y - f over the audit sample),

with the central-limit interval from the two independent variances. Unbiased whatever the model's quality;
narrower than the labels-only interval when the predictions track the labels.

Pure numpy (and astropy for Wilson), no Django import.
"""

from dataclasses import dataclass

import numpy as np
from astropy.stats import binom_conf_interval
from numpy.typing import ArrayLike
from scipy.stats import norm


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its two-sided interval at `confidence_level`."""

    estimate: float
    lower: float
    upper: float
    confidence_level: float
    n_labelled: int
    n_unlabelled: int

    @property
    def half_width(self) -> float:
        return (self.upper - self.lower) / 2.0


def prediction_powered_mean(
    *,
    labels: ArrayLike,
    labelled_predictions: ArrayLike,
    unlabelled_predictions: ArrayLike,
    confidence_level: float = 0.95,
    power_tuned: bool = False,
) -> Estimate:
    """The prediction-powered estimate of the mean label (a proportion when labels are 0/1 and predictions
    probabilities) and its CLT interval.

    estimate = lambda * mean(f_unlabelled) + mean(Y - lambda * f_labelled), with variance
    lambda^2 var(f_unlabelled) / N + var(Y - lambda * f_labelled) / n. lambda is 1 (the original PPI) unless
    `power_tuned`, when it is PPI++'s variance-minimising cov(Y, f) / ((1 + n / N) var(f)), estimated from
    the data: never wider than the labels-only interval (asymptotically), whatever the predictions.

    Preconditions: the audit sample is a uniform random sample of the population the unlabelled predictions
    describe; n >= 2 and N >= 2. The interval is not clipped to [0, 1].
    """
    y = np.asarray(labels, dtype=float)
    f_labelled = np.asarray(labelled_predictions, dtype=float)
    f_unlabelled = np.asarray(unlabelled_predictions, dtype=float)
    if y.shape != f_labelled.shape:
        raise ValueError("labels and labelled_predictions must be of equal length")
    if y.size < 2 or f_unlabelled.size < 2:
        raise ValueError("prediction-powered inference needs at least two labelled and two unlabelled items")
    n, big_n = y.size, f_unlabelled.size
    weight = _power_tuning(y, f_labelled, f_unlabelled) if power_tuned else 1.0
    residual = y - weight * f_labelled
    estimate = weight * f_unlabelled.mean() + residual.mean()
    standard_error = np.sqrt(weight**2 * f_unlabelled.var(ddof=1) / big_n + residual.var(ddof=1) / n)
    z = norm.ppf(0.5 + confidence_level / 2.0)
    return Estimate(
        estimate=float(estimate),
        lower=float(estimate - z * standard_error),
        upper=float(estimate + z * standard_error),
        confidence_level=confidence_level,
        n_labelled=n,
        n_unlabelled=big_n,
    )


def labels_only_proportion(*, labels: ArrayLike, confidence_level: float = 0.95) -> Estimate:
    """The share of positive labels (0/1) in the audit sample and its Wilson score interval."""
    y = np.asarray(labels)
    if y.size == 0:
        raise ValueError("a proportion needs at least one label")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")
    k, n = int(y.sum()), int(y.size)
    lower, upper = binom_conf_interval(k, n, confidence_level=confidence_level, interval="wilson")
    # rounding can put a bound a hair past 0 or 1 (3e-17 at k = 0): the interval is exactly closed there
    return Estimate(
        estimate=k / n,
        lower=0.0 if k == 0 else float(np.clip(lower, 0.0, 1.0)),
        upper=1.0 if k == n else float(np.clip(upper, 0.0, 1.0)),
        confidence_level=confidence_level,
        n_labelled=n,
        n_unlabelled=0,
    )


def _power_tuning(y: np.ndarray, f_labelled: np.ndarray, f_unlabelled: np.ndarray) -> float:
    """PPI++'s lambda (Angelopoulos, Duchi and Zrnic 2023) for a mean; 0 when the predictions do not vary."""
    predictions = np.concatenate((f_labelled, f_unlabelled))
    variance = predictions.var(ddof=1)
    if variance == 0:
        return 0.0
    covariance = np.cov(y, f_labelled, ddof=1)[0, 1]
    return float(covariance / ((1.0 + y.size / f_unlabelled.size) * variance))
