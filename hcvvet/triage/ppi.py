"""Prediction-powered inference (Angelopoulos et al. 2023, Science 382, 669) for a mean or a proportion,
beside the classical labels-only estimate with its Wilson interval.

Predictions f exist for N unlabelled items of the population; true labels Y exist for a uniform random audit
sample of n items, which also have predictions. The model's mean over the population is corrected by its mean
error on the audit sample,

    estimate = mean(f over the unlabelled items) + mean(Y - f over the audit sample),

with the central-limit interval from the two independent variances. Unbiased whatever the model's quality;
narrower than the labels-only interval when the predictions track the labels.

When the labels are drawn with unequal, known inclusion probabilities (the "uncertainty first, sampled" queue
order: sequential Poisson sampling by `sampling_weights`), the correction weighs each label by the inverse of
its probability (`sampled_prediction_powered_mean`), which keeps the estimate unbiased while most labels go
where the model is least sure (active inference, Zrnic and Candes 2024).

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
    return _normal_interval(estimate, standard_error, confidence_level, n_labelled=n, n_unlabelled=big_n)


def sampling_weights(p_artifact: ArrayLike, audit_share: float) -> np.ndarray:
    """Each item's share of the labels under the "uncertainty first, sampled" order:

        w_i = (1 - a) sqrt(P_i (1 - P_i)) / sum_j sqrt(P_j (1 - P_j)) + a / N,

    P the model's P(artifact), a the audit share, N the items; the weights sum to 1. sqrt(P (1 - P)) is the
    standard deviation of a calibrated model's residual Y - P: drawing in proportion to it minimises the
    variance of the inverse-probability-weighted correction (Zrnic and Candes 2024), and the uniform share a
    keeps every item's probability positive, so the estimate stays unbiased where the model is wrongly sure.
    All weight uniform when the model is sure of every item.
    """
    p = np.asarray(p_artifact, dtype=float)
    spread = np.sqrt(np.clip(p * (1.0 - p), 0.0, None))
    uniform = np.full(p.size, 1.0 / max(p.size, 1))
    if spread.sum() == 0:
        return uniform
    return (1.0 - audit_share) * spread / spread.sum() + audit_share * uniform


def probability_strata(p_artifact: ArrayLike, weights: ArrayLike, count: int) -> np.ndarray:
    """Each item's stratum of P(artifact), 0 to count - 1 from the lowest P, cut so that each stratum holds
    the same share of the weights (sum 1): under `sampling_weights` each expects the same number of labels."""
    order = np.argsort(np.asarray(p_artifact, dtype=float), kind="stable")
    share = np.cumsum(np.asarray(weights, dtype=float)[order])
    strata = np.empty(order.size, dtype=int)
    strata[order] = np.minimum((share / share[-1] * count).astype(int), count - 1)
    return strata


def inclusion_probabilities(weights: ArrayLike, n: int, floor: float = 0.0) -> np.ndarray:
    """pi_i = min(1, max(floor, t w_i)), t such that the pi sum to n: the probability that item i is among
    the first n served when the queue serves in ascending u_i / w_i, u_i independent uniforms (sequential
    Poisson sampling, Ohlsson 1998: item i comes before the threshold t when u_i < t w_i; exact for Poisson
    sampling, a close approximation for the fixed n served).

    `floor` is the share of the items served before the weights existed, in ascending u_i (a uniform random
    order: u_i < floor). With the same u_i afterwards, item i is served by either rule when u_i is below
    the larger threshold, so the floor only raises the small probabilities.

    Preconditions: weights non-negative; 0 <= floor <= n / N; 0 <= n <= the number of positive weights.
    """
    w = np.asarray(weights, dtype=float)
    positive = w > 0
    pi = np.zeros(w.size)
    if n <= 0 or not positive.any():
        return pi

    def served(t: float) -> np.ndarray:
        return np.clip(t * w[positive], floor, 1.0)

    # the expected number served grows with t: bisect (in doubling, then halving steps) to n
    low, high = 0.0, n / w[positive].sum()
    while served(high).sum() < n and served(high).min() < 1.0:
        low, high = high, 2.0 * high
    for _ in range(200):
        middle = (low + high) / 2.0
        if served(middle).sum() < n:
            low = middle
        else:
            high = middle
        if high - low <= 1e-15 * high:
            break
    pi[positive] = served(high)
    return pi


def sampled_prediction_powered_mean(
    *,
    predictions: ArrayLike,
    labelled: ArrayLike,
    labels: ArrayLike,
    inclusion: ArrayLike,
    strata: ArrayLike | None = None,
    confidence_level: float = 0.95,
) -> Estimate:
    """The prediction-powered estimate of the mean label over all N items from labels drawn with known,
    unequal inclusion probabilities pi_i, and its CLT interval.

    In each stratum h (one stratum unless `strata` gives each item's), with U_h its items and S_h its
    labelled ones,

        estimate = (1 / N) sum_h [ sum_{U_h} (c_h + lambda_h f_i) + sum_{S_h} e_i / pi_i ],
        e_i = y_i - c_h - lambda_h f_i,

    the model's predictions over every item corrected by the Horvitz-Thompson estimate of their error. It is
    unbiased for any fixed (c_h, lambda_h); they are tuned as PPI++ tunes lambda, by minimising the estimated
    variance: weighted least squares of y on (1, f) over S_h with weights (1 - pi_i) / pi_i^2. The variance
    is the Horvitz-Thompson one of Poisson sampling,

        var = (1 / N^2) sum_h k_h / (k_h - 2) sum_{S_h} (1 - pi_i) / pi_i^2 e_i^2,

    k_h the labels of the stratum (k_h / (k_h - 2) for the two tuned parameters). The intercept c_h takes up
    the model's miscalibration and the variance of the random sample size, so the interval holds for the
    fixed number served by sequential Poisson sampling too. With a uniform pi = n / N and one stratum this is
    PPI++ for a finite population (a finite-population correction 1 - n / N, no variance from the mean of f).

    `predictions` holds f for all N items; `labelled` the indices of the labelled ones, `labels` their y and
    `inclusion` their pi (`inclusion_probabilities(sampling_weights(...), n)[labelled]`).
    Preconditions: every pi in (0, 1]; at least three labels in each stratum. The interval is not clipped.
    """
    f = np.asarray(predictions, dtype=float)
    at = np.asarray(labelled, dtype=int)
    y = np.asarray(labels, dtype=float)
    pi = np.asarray(inclusion, dtype=float)
    stratum = np.zeros(f.size, dtype=int) if strata is None else np.asarray(strata)
    if not (at.shape == y.shape == pi.shape) or stratum.shape != f.shape:
        raise ValueError("labelled, labels and inclusion must be of equal length, strata of all N")
    if np.any((pi <= 0) | (pi > 1)):
        raise ValueError("inclusion probabilities must be in (0, 1]")
    total = variance = 0.0
    for h in np.unique(stratum):
        mine = stratum[at] == h
        if mine.sum() < 3:
            raise ValueError(f"stratum {h!r} has fewer than three labels")
        x = np.column_stack((np.ones(mine.sum()), f[at[mine]]))
        spread = (1.0 - pi[mine]) / pi[mine] ** 2
        root = np.sqrt(spread)
        coefficients = np.linalg.lstsq(x * root[:, None], y[mine] * root, rcond=None)[0]
        residual = y[mine] - x @ coefficients
        everyone = stratum == h
        total += coefficients[0] * everyone.sum() + coefficients[1] * f[everyone].sum()
        total += float(np.sum(residual / pi[mine]))
        k = int(mine.sum())
        variance += float(np.sum(spread * residual**2)) * k / (k - 2)
    return _normal_interval(
        total / f.size,
        np.sqrt(variance) / f.size,
        confidence_level,
        n_labelled=int(at.size),
        n_unlabelled=int(f.size - at.size),
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


def _normal_interval(
    estimate: float, standard_error: float, confidence_level: float, *, n_labelled: int, n_unlabelled: int
) -> Estimate:
    """The estimate with its central-limit interval at `confidence_level`."""
    z = norm.ppf(0.5 + confidence_level / 2.0)
    return Estimate(
        estimate=float(estimate),
        lower=float(estimate - z * standard_error),
        upper=float(estimate + z * standard_error),
        confidence_level=confidence_level,
        n_labelled=n_labelled,
        n_unlabelled=n_unlabelled,
    )


def _power_tuning(y: np.ndarray, f_labelled: np.ndarray, f_unlabelled: np.ndarray) -> float:
    """PPI++'s lambda (Angelopoulos, Duchi and Zrnic 2023) for a mean; 0 when the predictions do not vary."""
    predictions = np.concatenate((f_labelled, f_unlabelled))
    variance = predictions.var(ddof=1)
    if variance == 0:
        return 0.0
    covariance = np.cov(y, f_labelled, ddof=1)[0, 1]
    return float(covariance / ((1.0 + y.size / f_unlabelled.size) * variance))
